/**
 * @module errors/domain-error
 * Every expected failure of the booking core is a plain object with a stable `code`, a
 * speakable `message` (the assistant reads it to the caller in its own words) and a
 * `retryable` flag. Turning a code into HTTP or speech happens once, at the edge.
 */
import { speakList } from "../values/spoken-list.ts";

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
export type SlotInPast = Base<"SLOT_IN_PAST"> & { readonly today: string };
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
  "STORE_UNAVAILABLE",
] as const satisfies readonly ErrorCode[];

const offer = (alternatives: readonly SlotSuggestion[]): string => {
  const spoken = alternatives.map((a) => a.spoken);
  if (spoken.length === 0) return "";
  if (spoken.length === 1) return ` The nearest free time is ${spoken[0]}.`;
  return ` The nearest free times are ${spoken.slice(0, -1).join(", ")} and ${spoken.at(-1)}.`;
};

/** Constructors: the only place the speakable wording lives. */
export const DomainErrors = {
  missingContactInfo: (): MissingContactInfo => ({
    code: "MISSING_CONTACT_INFO",
    message: "I need your phone number or email to book that.",
    retryable: false,
  }),
  invalidPhone: (input: string): InvalidPhone => ({
    code: "INVALID_PHONE",
    message: "That phone number doesn't look complete. Could you say it again, digit by digit?",
    retryable: false,
    input,
  }),
  invalidEmail: (input: string): InvalidEmail => ({
    code: "INVALID_EMAIL",
    message: "That email address doesn't look right. Could you spell it for me?",
    retryable: false,
    input,
  }),
  invalidInput: (field: string, message: string): InvalidInput => ({
    code: "INVALID_INPUT",
    message,
    retryable: false,
    field,
  }),
  slotUnavailable: (alternatives: readonly SlotSuggestion[] = []): SlotUnavailable => ({
    code: "SLOT_UNAVAILABLE",
    message: `Sorry, that time is already taken.${offer(alternatives)}`,
    retryable: false,
    alternatives,
  }),
  slotInPast: (today: string): SlotInPast => ({
    code: "SLOT_IN_PAST",
    message: `That time has already passed. Today is ${today}. Which day would you like?`,
    retryable: false,
    today,
  }),
  nonexistentLocalTime: (spokenDay: string, alternatives: readonly SlotSuggestion[]): NonexistentLocalTime => ({
    code: "NONEXISTENT_LOCAL_TIME",
    message: `The clocks change that night, so that time doesn't exist on ${spokenDay}.${offer(alternatives)}`,
    retryable: false,
    alternatives,
  }),
  outsideOpeningHours: (hours: string, alternatives: readonly SlotSuggestion[]): OutsideOpeningHours => ({
    code: "OUTSIDE_OPENING_HOURS",
    message: `The clinic isn't open then. ${hours}${offer(alternatives)}`,
    retryable: false,
    alternatives,
  }),
  tooShortNotice: (minutes: number, alternatives: readonly SlotSuggestion[]): TooShortNotice => ({
    code: "TOO_SHORT_NOTICE",
    message: `Appointments need booking at least ${noticeWords(minutes)} ahead.${offer(alternatives)}`,
    retryable: false,
    alternatives,
  }),
  beyondBookingHorizon: (lastDate: string): BeyondBookingHorizon => ({
    code: "BEYOND_BOOKING_HORIZON",
    message: `We can only book up to ${lastDate}. Would an earlier day suit you?`,
    retryable: false,
    lastDate,
  }),
  unknownOrg: (): UnknownOrg => ({
    code: "UNKNOWN_ORG",
    message: "I'm sorry, I can't reach this clinic's booking system right now. Please call the clinic directly.",
    retryable: false,
  }),
  appointmentNotFound: (): AppointmentNotFound => ({
    code: "APPOINTMENT_NOT_FOUND",
    message: "I couldn't find that appointment. Could you give me the phone number or email it was booked with?",
    retryable: false,
  }),
  appointmentInPast: (): AppointmentInPast => ({
    code: "APPOINTMENT_IN_PAST",
    message: "That appointment has already started or passed, so I can't change it.",
    retryable: false,
  }),
  appointmentCancelled: (): AppointmentCancelled => ({
    code: "APPOINTMENT_CANCELLED",
    message: "That appointment was cancelled, so I can't move it. Shall I book a new one?",
    retryable: false,
  }),
  /** A replayed answer whose appointment was cancelled after the first answer (A2). */
  cancelledSince: (spoken: string): AppointmentCancelled => ({
    code: "APPOINTMENT_CANCELLED",
    message: `That appointment was cancelled since, so nothing is booked for ${spoken}. Shall I book a new one?`,
    retryable: false,
  }),
  /**
   * Said whether or not the appointment or the person exists (M1): `change` for cancelling and
   * moving, `find` for looking appointments up.
   */
  callerNotVerified: (action: "change" | "find"): CallerNotVerified => ({
    code: "CALLER_NOT_VERIFIED",
    message: `I can only ${action} appointments for the number you're calling from. Could you give me the phone number and email the appointment was booked with?`,
    retryable: false,
  }),
  calendarNotLinked: (): CalendarNotLinked => ({
    code: "CALENDAR_NOT_LINKED",
    message: "The clinic's calendar isn't connected.",
    retryable: false,
  }),
  calendarReauthRequired: (): CalendarReauthRequired => ({
    code: "CALENDAR_REAUTH_REQUIRED",
    message: "The clinic's calendar needs reconnecting.",
    retryable: false,
  }),
  calendarUnavailable: (): CalendarUnavailable => ({
    code: "CALENDAR_UNAVAILABLE",
    message: "The clinic's calendar isn't answering right now.",
    retryable: true,
  }),
  unknownService: (asked: string, offered: readonly string[]): UnknownService => ({
    code: "UNKNOWN_SERVICE",
    message:
      offered.length === 0
        ? "I'm sorry, this clinic has no appointments set up for booking yet. Please call the clinic directly."
        : `Sorry, we don't offer ${asked === "" ? "that" : asked}. We offer ${speakList(offered)}. Which would you like?`,
    retryable: false,
    asked,
    offered,
  }),
  unknownPractitioner: (asked: string, offered: readonly string[]): UnknownPractitioner => ({
    code: "UNKNOWN_PRACTITIONER",
    message:
      offered.length === 0
        ? `Sorry, nobody of the name ${asked} can see you for that.`
        : `Sorry, ${asked} doesn't do that here. It's done by ${speakList(offered, "or")}. Who would you like?`,
    retryable: false,
    asked,
    offered,
  }),
  practitionerUnavailable: (
    practitioner: string,
    alternatives: readonly SlotSuggestion[],
    othersFree: readonly string[],
  ): PractitionerUnavailable => ({
    code: "PRACTITIONER_UNAVAILABLE",
    message: `Sorry, ${practitioner} isn't free then.${offer(alternatives)}${
      othersFree.length === 0
        ? ""
        : ` ${speakList(othersFree, "or")} ${othersFree.length === 1 ? "is" : "are"} free at the time you asked.`
    }`,
    retryable: false,
    practitioner,
    alternatives,
    othersFree,
  }),
  notInCatalog: (entity: "practitioner" | "service", id: string): NotInCatalog => ({
    code: "NOT_IN_CATALOG",
    message: `This clinic has no ${entity} with id ${id}.`,
    retryable: false,
    entity,
    id,
  }),
  storeUnavailable: (cause?: string): StoreUnavailable => ({
    code: "STORE_UNAVAILABLE",
    message: "I'm sorry, the booking system isn't answering right now. Please try again in a moment.",
    retryable: true,
    ...(cause === undefined ? {} : { cause }),
  }),
} as const;

function noticeWords(minutes: number): string {
  if (minutes % 1440 === 0) return plural(minutes / 1440, "day");
  if (minutes % 60 === 0) return plural(minutes / 60, "hour");
  return plural(minutes, "minute");
}

function plural(n: number, unit: string): string {
  return `${n} ${unit}${n === 1 ? "" : "s"}`;
}
