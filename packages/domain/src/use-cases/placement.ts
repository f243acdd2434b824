/**
 * @module use-cases/placement
 * From an accepted slot to the store's `Placement`: the candidates (of the scope's practitioners,
 * those who work the whole slot), the local day for "least booked that day", the service's length
 * (a caller's duration only where the clinic allows it). And the refusal when nobody could take
 * the slot: `SLOT_UNAVAILABLE` with the nearest free slots, or for a named practitioner
 * `PRACTITIONER_UNAVAILABLE` with their nearest free times and who else is free at the time asked.
 */
import { errAsync, type Result, type ResultAsync } from "neverthrow";
import type { Slot } from "../availability/slots.ts";
import { freePractitioners, worksThrough } from "../availability/staffed-slots.ts";
import { calendarOf } from "../clinic/practitioner.ts";
import { type DomainError, DomainErrors } from "../errors/domain-error.ts";
import type { BusyWindow, Placement } from "../ports/booking-store.port.ts";
import { voiceOf } from "../speech/locale.ts";
import { type LocalDate, localDayOf } from "../values/clinic-time.ts";
import { alternativesNear, loadBusy, type OwnInterval, refuseWithAlternatives, staffedQuery } from "./busy.ts";
import type { BookingDeps } from "./deps.ts";
import { alternativesWindow } from "./known-busy.ts";
import { parseDuration, slotTaken } from "./requested-slot.ts";
import { type ServiceScope, scopeOf } from "./service-scope.ts";

/** The service's length, or the caller's when the clinic allows it (validated like any duration). */
export function durationFor(scope: ServiceScope, requested: number | undefined): Result<number, DomainError> {
  const override = scope.clinic.staff.policy.allowDurationOverride && requested !== undefined;
  return parseDuration(scope.rules, override ? requested : scope.service.durationMinutes);
}

/** Where the slot may be booked: the scope's practitioners who work all of it (maybe none). */
export function placementFor(scope: ServiceScope, date: LocalDate, slot: Slot): Placement {
  const day = localDayOf(slot.start, scope.clinic.zone);
  return {
    candidates: scope.pool
      .filter((p) => worksThrough(scope.clinic, p, date, slot))
      .map((p) => ({ practitionerId: p.id, calendarId: calendarOf(scope.clinic, p) })),
    serviceId: scope.service.id,
    startsAt: slot.start,
    endsAt: slot.end,
    blocksFrom: slot.blocksFrom,
    blocksUntil: slot.blocksUntil,
    dayStart: new Date(day.start),
    dayEnd: new Date(day.end),
  };
}

/**
 * What `refuseTaken` would read for `slot`: everyone offering the service (who else is free) and
 * the scope's practitioners, around the slot. A booking asks the store for it with the booking,
 * so that a refusal needs no second read.
 */
export function refusalBusyWindow(scope: ServiceScope, slot: Slot): BusyWindow {
  const everyone = scopeOf(scope.clinic, scope.service, null).pool.map((p) => p.id);
  const practitionerIds = [...new Set([...everyone, ...scope.pool.map((p) => p.id)])];
  return { practitionerIds, window: alternativesWindow(slot.start) };
}

/** Nobody in the scope could take `slot`: the refusal, with the nearest free slots (and, for a named practitioner, who else is free). */
export function refuseTaken(
  deps: BookingDeps,
  scope: ServiceScope,
  now: Date,
  taken: { readonly slot: Slot; readonly date: LocalDate; readonly durationMinutes: number },
  exclude: OwnInterval | null = null,
): ResultAsync<never, DomainError> {
  const { slot, date, durationMinutes } = taken;
  const named = scope.named;
  // With one practitioner for the service, "they are busy" and "it is taken" are one answer.
  if (named === null || !scope.sayWho)
    return refuseWithAlternatives(deps, scope, now, slotTaken(slot, durationMinutes), exclude);
  const everyone = scopeOf(scope.clinic, scope.service, null);
  const window = { start: slot.blocksFrom, end: slot.blocksUntil };
  const others = loadBusy(deps, everyone, window, exclude).map(({ busy }) =>
    freePractitioners(staffedQuery(everyone, now, durationMinutes, busy), date, slot)
      .filter((p) => p.id !== named.id)
      .map((p) => p.name),
  );
  const mine = alternativesNear(deps, scope, now, slot.start, durationMinutes, exclude).map((a) => a.alternatives);
  const voice = voiceOf(scope.rules, now);
  return others
    .andThen((othersFree) => mine.map((alternatives) => ({ othersFree, alternatives })))
    .orElse((e) =>
      e.code === "SETTINGS_STALE"
        ? errAsync(e)
        : errAsync(DomainErrors.practitionerUnavailable(named.name, [], [], voice)),
    )
    .andThen(({ othersFree, alternatives }) =>
      errAsync(DomainErrors.practitionerUnavailable(named.name, alternatives, othersFree, voice)),
    );
}
