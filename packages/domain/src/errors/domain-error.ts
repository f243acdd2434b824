/**
 * @module errors/domain-error
 * Every expected failure of the booking core is a plain object with a stable `code`, a
 * speakable `message` (the assistant reads it to the caller in its own words) and a
 * `retryable` flag. Turning a code into HTTP or speech happens once, at the edge.
 */
import type { Voice } from "../speech/locale.ts";
import { offerSentence } from "../speech/offers.ts";
import { REFUSALS } from "../speech/refusals.ts";

/** A free slot offered instead of the one asked for. */
export interface SlotSuggestion {
  /** ISO 8601 instant with the clinic's offset, e.g. `2026-12-03T14:30:00.000+00:00`. */
  readonly startsAt: string;
  readonly endsAt: string;
  /** "Thursday 3 December at 2:30pm" in the clinic's zone; "… with Dr Patel or Sam" when the clinic has several practitioners. */
  readonly spoken: string;
  /** The practitioners free then (names as a caller says them); absent where nobody was asked about. */
  readonly practitioners?: readonly string[];
}

interface Base<C extends string> {
  readonly code: C;
  readonly message: string;
  readonly retryable: boolean;
}

export type MissingContactInfo = Base<"MISSING_CONTACT_INFO">;
export type InvalidPhone = Base<"INVALID_PHONE"> & { readonly input: string };
export type InvalidEmail = Base<"INVALID_EMAIL"> & { readonly input: string };
export type InvalidInput = Base<"INVALID_INPUT"> & { readonly field: string };
export type SlotUnavailable = Base<"SLOT_UNAVAILABLE"> & {
  readonly alternatives: readonly SlotSuggestion[];
};
export type SlotInPast = Base<"SLOT_IN_PAST"> & {
  readonly today: string;
  readonly alternatives: readonly SlotSuggestion[];
};
export type NonexistentLocalTime = Base<"NONEXISTENT_LOCAL_TIME"> & {
  readonly alternatives: readonly SlotSuggestion[];
};
export type OutsideOpeningHours = Base<"OUTSIDE_OPENING_HOURS"> & {
  readonly alternatives: readonly SlotSuggestion[];
};
export type TooShortNotice = Base<"TOO_SHORT_NOTICE"> & {
  readonly alternatives: readonly SlotSuggestion[];
};
export type BeyondBookingHorizon = Base<"BEYOND_BOOKING_HORIZON"> & { readonly lastDate: string };
export type UnknownOrg = Base<"UNKNOWN_ORG">;
export type AppointmentNotFound = Base<"APPOINTMENT_NOT_FOUND">;
export type AppointmentInPast = Base<"APPOINTMENT_IN_PAST">;
export type AppointmentCancelled = Base<"APPOINTMENT_CANCELLED">;
/** The caller is not the appointment's contact (M1), or there is no such appointment: one answer for both. */
export type CallerNotVerified = Base<"CALLER_NOT_VERIFIED">;
export type CalendarNotLinked = Base<"CALENDAR_NOT_LINKED">;
export type CalendarReauthRequired = Base<"CALENDAR_REAUTH_REQUIRED">;
export type CalendarUnavailable = Base<"CALENDAR_UNAVAILABLE">;
/** The caller named a service the clinic does not offer: `offered` are the ones it does. */
export type UnknownService = Base<"UNKNOWN_SERVICE"> & { readonly asked: string; readonly offered: readonly string[] };
/** Nobody of that name offers the service: `offered` are those who do. */
export type UnknownPractitioner = Base<"UNKNOWN_PRACTITIONER"> & {
  readonly asked: string;
  readonly offered: readonly string[];
};
/**
 * The practitioner asked for is busy (or not working) then: `alternatives` are their nearest free
 * times, `othersFree` who else offering the service is free at the time asked.
 */
export type PractitionerUnavailable = Base<"PRACTITIONER_UNAVAILABLE"> & {
  readonly practitioner: string;
  readonly alternatives: readonly SlotSuggestion[];
  readonly othersFree: readonly string[];
};
/** An admin change named a practitioner or service id the clinic does not have. */
export type NotInCatalog = Base<"NOT_IN_CATALOG"> & {
  readonly entity: "practitioner" | "service";
  readonly id: string;
};
export type StoreUnavailable = Base<"STORE_UNAVAILABLE"> & { readonly cause?: string };
/**
 * The clinic's settings changed (through another instance, say) since the version a booking was
 * judged with: nothing was done. The caller reloads the clinic and retries once
 * (`withCurrentSettings`); only a clinic changing again meanwhile lets it reach a caller.
 */
export type SettingsStale = Base<"SETTINGS_STALE"> & {
  /** The version the refused booking was judged with (`null`: not known here). */
  readonly judgedWith: number | null;
};

export type DomainError =
  | MissingContactInfo
  | InvalidPhone
  | InvalidEmail
  | InvalidInput
  | SlotUnavailable
  | SlotInPast
  | NonexistentLocalTime
  | OutsideOpeningHours
  | TooShortNotice
  | BeyondBookingHorizon
  | UnknownOrg
  | AppointmentNotFound
  | AppointmentInPast
  | AppointmentCancelled
  | CallerNotVerified
  | CalendarNotLinked
  | CalendarReauthRequired
  | CalendarUnavailable
  | UnknownService
  | UnknownPractitioner
  | PractitionerUnavailable
  | NotInCatalog
  | SettingsStale
  | StoreUnavailable;

export type ErrorCode = DomainError["code"];

/** The errors a calendar gateway may return. */
export type CalendarError = CalendarNotLinked | CalendarReauthRequired | CalendarUnavailable;

/** Every code, for exhaustive tables at the edge and for tests. */
export const ERROR_CODES = [
  "MISSING_CONTACT_INFO",
  "INVALID_PHONE",
  "INVALID_EMAIL",
  "INVALID_INPUT",
  "SLOT_UNAVAILABLE",
  "SLOT_IN_PAST",
  "NONEXISTENT_LOCAL_TIME",
  "OUTSIDE_OPENING_HOURS",
  "TOO_SHORT_NOTICE",
  "BEYOND_BOOKING_HORIZON",
  "UNKNOWN_ORG",
  "APPOINTMENT_NOT_FOUND",
  "APPOINTMENT_IN_PAST",
  "APPOINTMENT_CANCELLED",
  "CALLER_NOT_VERIFIED",
  "CALENDAR_NOT_LINKED",
  "CALENDAR_REAUTH_REQUIRED",
  "CALENDAR_UNAVAILABLE",
  "UNKNOWN_SERVICE",
  "UNKNOWN_PRACTITIONER",
  "PRACTITIONER_UNAVAILABLE",
  "NOT_IN_CATALOG",
  "SETTINGS_STALE",
  "STORE_UNAVAILABLE",
] as const satisfies readonly ErrorCode[];

const offer = (alternatives: readonly SlotSuggestion[], voice: Voice | undefined): string =>
  offerSentence(alternatives, voice);

const withoutNames = ({ practitioners: _, ...slot }: SlotSuggestion): SlotSuggestion => slot;

/** Constructors: every message is one of `speech/refusals`' templates. */
export const DomainErrors = {
  missingContactInfo: (): MissingContactInfo => ({
    code: "MISSING_CONTACT_INFO",
    message: REFUSALS.MISSING_CONTACT_INFO(),
    retryable: false,
  }),
  invalidPhone: (input: string): InvalidPhone => ({
    code: "INVALID_PHONE",
    message: REFUSALS.INVALID_PHONE(),
    retryable: false,
    input,
  }),
  invalidEmail: (input: string): InvalidEmail => ({
    code: "INVALID_EMAIL",
    message: REFUSALS.INVALID_EMAIL(),
    retryable: false,
    input,
  }),
  invalidInput: (field: string, message: string): InvalidInput => ({
    code: "INVALID_INPUT",
    message: REFUSALS.INVALID_INPUT(message),
    retryable: false,
    field,
  }),
  slotUnavailable: (alternatives: readonly SlotSuggestion[] = [], voice?: Voice): SlotUnavailable => ({
    code: "SLOT_UNAVAILABLE",
    message: REFUSALS.SLOT_UNAVAILABLE(offer(alternatives, voice)),
    retryable: false,
    alternatives,
  }),
  /** `alternatives`: the next free times from now (today or tomorrow). */
  slotInPast: (today: string, alternatives: readonly SlotSuggestion[] = [], voice?: Voice): SlotInPast => ({
    code: "SLOT_IN_PAST",
    message: REFUSALS.SLOT_IN_PAST(today, nextFree(alternatives, voice)),
    retryable: false,
    today,
    alternatives,
  }),
  nonexistentLocalTime: (
    spokenDay: string,
    alternatives: readonly SlotSuggestion[],
    voice?: Voice,
  ): NonexistentLocalTime => ({
    code: "NONEXISTENT_LOCAL_TIME",
    message: REFUSALS.NONEXISTENT_LOCAL_TIME(spokenDay, offer(alternatives, voice)),
    retryable: false,
    alternatives,
  }),
  outsideOpeningHours: (
    hours: string,
    alternatives: readonly SlotSuggestion[],
    voice?: Voice,
  ): OutsideOpeningHours => ({
    code: "OUTSIDE_OPENING_HOURS",
    message: REFUSALS.OUTSIDE_OPENING_HOURS(hours, offer(alternatives, voice)),
    retryable: false,
    alternatives,
  }),
  tooShortNotice: (minutes: number, alternatives: readonly SlotSuggestion[], voice?: Voice): TooShortNotice => ({
    code: "TOO_SHORT_NOTICE",
    message: REFUSALS.TOO_SHORT_NOTICE(minutes, offer(alternatives, voice)),
    retryable: false,
    alternatives,
  }),
  beyondBookingHorizon: (lastDate: string): BeyondBookingHorizon => ({
    code: "BEYOND_BOOKING_HORIZON",
    message: REFUSALS.BEYOND_BOOKING_HORIZON(lastDate),
    retryable: false,
    lastDate,
  }),
  unknownOrg: (): UnknownOrg => ({
    code: "UNKNOWN_ORG",
    message: REFUSALS.UNKNOWN_ORG(),
    retryable: false,
  }),
  appointmentNotFound: (): AppointmentNotFound => ({
    code: "APPOINTMENT_NOT_FOUND",
    message: REFUSALS.APPOINTMENT_NOT_FOUND(),
    retryable: false,
  }),
  appointmentInPast: (): AppointmentInPast => ({
    code: "APPOINTMENT_IN_PAST",
    message: REFUSALS.APPOINTMENT_IN_PAST(),
    retryable: false,
  }),
  appointmentCancelled: (): AppointmentCancelled => ({
    code: "APPOINTMENT_CANCELLED",
    message: REFUSALS.APPOINTMENT_CANCELLED(),
    retryable: false,
  }),
  /** A replayed answer whose appointment was cancelled after the first answer (A2). */
  cancelledSince: (spoken: string): AppointmentCancelled => ({
    code: "APPOINTMENT_CANCELLED",
    message: REFUSALS.CANCELLED_SINCE(spoken),
    retryable: false,
  }),
  /**
   * Said whether or not the appointment or the person exists (M1): `change` for cancelling and
   * moving, `find` for looking appointments up.
   */
  callerNotVerified: (action: "change" | "find"): CallerNotVerified => ({
    code: "CALLER_NOT_VERIFIED",
    message: REFUSALS.CALLER_NOT_VERIFIED(action),
    retryable: false,
  }),
  calendarNotLinked: (): CalendarNotLinked => ({
    code: "CALENDAR_NOT_LINKED",
    message: REFUSALS.CALENDAR_NOT_LINKED(),
    retryable: false,
  }),
  calendarReauthRequired: (): CalendarReauthRequired => ({
    code: "CALENDAR_REAUTH_REQUIRED",
    message: REFUSALS.CALENDAR_REAUTH_REQUIRED(),
    retryable: false,
  }),
  calendarUnavailable: (): CalendarUnavailable => ({
    code: "CALENDAR_UNAVAILABLE",
    message: REFUSALS.CALENDAR_UNAVAILABLE(),
    retryable: true,
  }),
  unknownService: (asked: string, offered: readonly string[]): UnknownService => ({
    code: "UNKNOWN_SERVICE",
    message: REFUSALS.UNKNOWN_SERVICE(asked, offered),
    retryable: false,
    asked,
    offered,
  }),
  unknownPractitioner: (asked: string, offered: readonly string[]): UnknownPractitioner => ({
    code: "UNKNOWN_PRACTITIONER",
    message: REFUSALS.UNKNOWN_PRACTITIONER(asked, offered),
    retryable: false,
    asked,
    offered,
  }),
  practitionerUnavailable: (
    practitioner: string,
    alternatives: readonly SlotSuggestion[],
    othersFree: readonly string[],
    voice?: Voice,
  ): PractitionerUnavailable => ({
    code: "PRACTITIONER_UNAVAILABLE",
    // Their own free times: "with Dr Patel" is already said.
    message: REFUSALS.PRACTITIONER_UNAVAILABLE(practitioner, offer(alternatives.map(withoutNames), voice), othersFree),
    retryable: false,
    practitioner,
    alternatives,
    othersFree,
  }),
  notInCatalog: (entity: "practitioner" | "service", id: string): NotInCatalog => ({
    code: "NOT_IN_CATALOG",
    message: REFUSALS.NOT_IN_CATALOG(entity, id),
    retryable: false,
    entity,
    id,
  }),
  settingsStale: (judgedWith: number | null = null): SettingsStale => ({
    code: "SETTINGS_STALE",
    message: REFUSALS.SETTINGS_STALE(),
    retryable: true,
    judgedWith,
  }),
  storeUnavailable: (cause?: string): StoreUnavailable => ({
    code: "STORE_UNAVAILABLE",
    message: REFUSALS.STORE_UNAVAILABLE(),
    retryable: true,
    ...(cause === undefined ? {} : { cause }),
  }),
} as const;

/** " The next free time is today at 3pm." for a time in the past. */
function nextFree(alternatives: readonly SlotSuggestion[], voice: Voice | undefined): string {
  return offer(alternatives, voice).replace(" The nearest free", " The next free");
}
