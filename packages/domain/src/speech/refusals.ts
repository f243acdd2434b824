/**
 * @module speech/refusals
 * What a caller hears for each refusal: one template per code, each ending with where to go next
 * (another time, another day, what to say, or whom to call). `DomainErrors` builds every error's
 * message with these; the README's table and the spoken-answer snapshot review them together.
 */
import { DEFAULT_PRACTITIONER_NAME, DEFAULT_SERVICE_NAME } from "../clinic/default-staff-names.ts";
import { speakList } from "../values/spoken-list.ts";
import { durationWords } from "./lists.ts";

export const REFUSALS = {
  MISSING_CONTACT_INFO: () =>
    "I need a phone number or an email address to make the booking. What's the best number to reach you on?",
  INVALID_PHONE: () => "That phone number doesn't look complete. Could you say it again, digit by digit?",
  INVALID_EMAIL: () => "That email address doesn't look right. Could you spell it for me?",
  /** The field's own question ("I didn't catch the time. What time would suit you?"). */
  INVALID_INPUT: (question: string) => question,
  SLOT_UNAVAILABLE: (offer: string) =>
    `Sorry, that time is already taken.${offer === "" ? " Would another day suit you?" : offer}`,
  SLOT_IN_PAST: (today: string, offer: string) =>
    `That time has already passed: today is ${today}.${offer === "" ? " Which day would you like?" : offer}`,
  NONEXISTENT_LOCAL_TIME: (day: string, offer: string) =>
    `The clocks go forward that night, so that time doesn't exist on ${day}.${offer === "" ? " Would a later time suit you?" : offer}`,
  OUTSIDE_OPENING_HOURS: (hours: string, offer: string) =>
    `The clinic isn't open then. ${hours}${offer === "" ? " Would another time suit you?" : offer}`,
  TOO_SHORT_NOTICE: (minutes: number, offer: string) =>
    `Appointments need booking at least ${durationWords(minutes)} ahead.${offer === "" ? " Would a later time suit you?" : offer}`,
  BEYOND_BOOKING_HORIZON: (lastDate: string) =>
    `We can only book as far ahead as ${lastDate}. Would a day before then suit you?`,
  UNKNOWN_ORG: () =>
    "I'm sorry, I can't reach this clinic's booking system right now. Please call the clinic directly.",
  APPOINTMENT_NOT_FOUND: () =>
    "I couldn't find that appointment. Could you give me the phone number or email it was booked with?",
  APPOINTMENT_IN_PAST: () =>
    "That appointment has already started or passed, so I can't change it. Would you like to book a new one?",
  APPOINTMENT_CANCELLED: () => "That appointment was cancelled, so I can't move it. Shall I book a new one?",
  /** A replayed booking whose appointment was cancelled since. */
  CANCELLED_SINCE: (when: string) =>
    `That appointment was cancelled since, so nothing is booked for ${when}. Shall I book a new one?`,
  CALLER_NOT_VERIFIED: (action: "change" | "find") =>
    `I can only ${action} appointments for the number you're calling from. Could you give me the phone number and email the appointment was booked with?`,
  CALENDAR_NOT_LINKED: () =>
    "The clinic's calendar isn't connected, so I can't check it. Please call the clinic directly.",
  CALENDAR_REAUTH_REQUIRED: () =>
    "The clinic's calendar needs reconnecting, so I can't check it. Please call the clinic directly.",
  CALENDAR_UNAVAILABLE: () => "The clinic's calendar isn't answering right now. Please try again in a moment.",
  UNKNOWN_SERVICE: (asked: string, offered: readonly string[]) =>
    offered.length === 0
      ? "I'm sorry, this clinic has no appointments set up for booking yet. Please call the clinic directly."
      : offered.length === 1 && offered[0] === DEFAULT_SERVICE_NAME
        ? `Sorry, I can't book ${asked === "" ? "that" : asked} here, only a general appointment. Shall I book one?`
        : `Sorry, we don't offer ${asked === "" ? "that" : asked}. We offer ${speakList(offered)}. Which would you like?`,
  UNKNOWN_PRACTITIONER: (asked: string, offered: readonly string[]) =>
    offered.length === 0
      ? `Sorry, nobody of the name ${asked} can see you for that. Shall I book whoever is free?`
      : offered.length === 1 && offered[0] === DEFAULT_PRACTITIONER_NAME
        ? `Sorry, I can't book with ${asked} by name here. Shall I book an appointment with the clinic?`
        : `Sorry, ${asked} doesn't do that here. It's done by ${speakList(offered, "or")}. Who would you like?`,
  /** `offer`: the practitioner's nearest free times; `othersFree`: who else is free at the time asked. */
  PRACTITIONER_UNAVAILABLE: (practitioner: string, offer: string, othersFree: readonly string[]) =>
    `Sorry, ${practitioner} isn't free then.${offer === "" ? " Would another day suit you?" : offer}${
      othersFree.length === 0
        ? ""
        : ` ${speakList(othersFree, "or")} ${othersFree.length === 1 ? "is" : "are"} free at the time you asked.`
    }`,
  /** Admin only: never spoken to a caller. */
  NOT_IN_CATALOG: (entity: "practitioner" | "service", id: string) => `This clinic has no ${entity} with id ${id}.`,
  SETTINGS_STALE: () => "I'm sorry, the clinic's booking rules were just changed. Please try again in a moment.",
  STORE_UNAVAILABLE: () => "I'm sorry, the booking system isn't answering right now. Please try again in a moment.",
} as const;
