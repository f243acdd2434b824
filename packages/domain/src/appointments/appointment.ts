/** @module appointments/appointment  A booked (or cancelled) appointment and what a booking returns. */
import type { Contact, ContactPath } from "../contacts/contact.ts";
import type { OrgId } from "../values/org-id.ts";

export type AppointmentStatus = "booked" | "cancelled";
/** `pending` until the calendar reflects the appointment's current version. */
export type CalendarSyncState = "pending" | "synced";

export interface Appointment {
  readonly id: string;
  readonly orgId: OrgId;
  readonly contactId: string | null;
  /** Who sees the patient (every appointment has one: migrated ones, the clinic's default practitioner). */
  readonly practitionerId: string;
  /** What for. */
  readonly serviceId: string;
  /** The practitioner's calendar at booking (the calendar its event belongs in). */
  readonly calendarId: string;
  readonly startsAt: Date;
  readonly endsAt: Date;
  /** `startsAt` minus the service's buffer before. */
  readonly blocksFrom: Date;
  /**
   * `endsAt` plus the buffer after: `[blocksFrom, blocksUntil)` is the interval no other live
   * appointment of the same practitioner may overlap.
   */
  readonly blocksUntil: Date;
  readonly status: AppointmentStatus;
  readonly serviceType: string | null;
  readonly patientName: string | null;
  /** Bumped by every change, so a calendar sync only marks the version it wrote. */
  readonly version: number;
  readonly calendarSync: CalendarSyncState;
  readonly calendarEventId: string | null;
  /** The calendar the event was last written to: differs from `calendarId` after a move to another practitioner's calendar. */
  readonly calendarEventCalendarId: string | null;
}

/** The first answer to a booking, returned again (identical) for a retry with the same key. */
export interface BookingReceipt {
  readonly appointment: Appointment;
  readonly contact: Contact;
  readonly contactPath: ContactPath;
}

export const isLive = (a: Appointment): boolean => a.status === "booked";
