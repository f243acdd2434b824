/**
 * @module clinic/practitioner
 * A person patients are booked with: their name as a caller says it, their calendar and their
 * working hours (each `null` when they are the clinic's). FHIR: a Practitioner with one
 * PractitionerRole at the clinic (its availableTime is `openingHours`).
 */
import type { OrgId } from "../values/org-id.ts";
import type { ClinicSettings, OpeningHours } from "./clinic-settings.ts";

export interface Practitioner {
  readonly id: string;
  readonly orgId: OrgId;
  /** As a caller would say it: "Dr Patel", "Sam". */
  readonly name: string;
  /** Inactive practitioners keep their history but are never offered or booked. */
  readonly active: boolean;
  /** Their calendar on the clinic's linked account; `null`: the clinic's calendar. */
  readonly calendarId: string | null;
  /** Their working hours; `null`: the clinic's opening hours. */
  readonly openingHours: OpeningHours | null;
}

/** The calendar a practitioner's appointments go to. */
export const calendarOf = (settings: ClinicSettings, p: Practitioner): string => p.calendarId ?? settings.calendarId;

/** The hours a practitioner works. */
export const hoursOf = (settings: ClinicSettings, p: Practitioner): OpeningHours =>
  p.openingHours ?? settings.openingHours;
