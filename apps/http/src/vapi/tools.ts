/**
 * @module vapi/tools
 * The five tools the assistant can call, each a validated schema plus a call of one domain use
 * case. A tool's answer is a JSON payload with `success`, the ids, `calendarSynced` where the
 * calendar is involved, and a speakable `message`; `facts` go to logs and metrics only. Who may
 * see or change an appointment (the caller ID, or the phone and email given) and what a retry
 * gets (its retry key) are the use cases' decisions: the tools only pass them on.
 */
import {
  type Appointment,
  type BookingDeps,
  bookAppointment,
  type CalendarOutcome,
  cancelAppointment,
  checkAvailability,
  type DomainError,
  findAppointments,
  type OrgId,
  type RawCaller,
  type RetryKey,
  rescheduleAppointment,
} from "@voxanne/domain";
import type { ResultAsync } from "neverthrow";
import type { z } from "zod";
import {
  bookClinicAppointmentArgs,
  cancelAppointmentArgs,
  checkAvailabilityArgs,
  findAppointmentsArgs,
  rescheduleAppointmentArgs,
} from "./tool-arguments.ts";

export interface ToolContext {
  readonly orgId: OrgId;
  /** The number the caller rang from (`customer.number`): the default phone. */
  readonly callerNumber: string | null;
  /** Vapi's tool-call id within its call (or a key derived from the call): a retried call changes nothing twice. */
  readonly idempotencyKey: RetryKey | null;
}

export interface ToolFacts {
  readonly contactPath?: string;
  readonly replayed?: boolean;
  readonly calendarSynced?: boolean;
  readonly calendarError?: string | null;
}

export interface ToolSuccess {
  readonly payload: { readonly success: true; readonly message: string; readonly [field: string]: unknown };
  readonly facts: ToolFacts;
}

export interface Tool<S extends z.ZodObject = z.ZodObject> {
  readonly name: string;
  readonly description: string;
  readonly schema: S;
  run(deps: BookingDeps, context: ToolContext, args: z.output<S>): ResultAsync<ToolSuccess, DomainError>;
}

const calendarFields = (c: CalendarOutcome) => ({
  calendarSynced: c.calendarSynced,
  calendarEventId: c.calendarEventId,
});
const calendarFacts = (c: CalendarOutcome): ToolFacts => ({
  calendarSynced: c.calendarSynced,
  calendarError: c.calendarError,
});
const times = (a: Appointment) => ({ startsAt: a.startsAt.toISOString(), endsAt: a.endsAt.toISOString() });

/** The caller as the use cases check them (M1): the caller ID, and the phone and email they gave. */
const callerOf = (
  context: ToolContext,
  args: { readonly patientPhone?: string | undefined; readonly patientEmail?: string | undefined },
): RawCaller => ({
  callerNumber: context.callerNumber,
  phone: args.patientPhone,
  email: args.patientEmail,
});

const tool = <S extends z.ZodObject>(t: Tool<S>): Tool<S> => t;

export const bookClinicAppointment = tool({
  name: "bookClinicAppointment",
  description:
    "Book an appointment at the clinic. Needs the day and time, and the patient's phone number or email (the caller's number is used when no phone is given). Give the treatment (service) and who they want to see (practitioner) when they say; with no preference anyone free is booked.",
  schema: bookClinicAppointmentArgs,
  run: (deps, context, args) =>
    bookAppointment(deps, {
      orgId: context.orgId,
      date: args.appointmentDate,
      time: args.appointmentTime,
      durationMinutes: args.duration,
      patient: { name: args.patientName, email: args.patientEmail, phone: args.patientPhone ?? context.callerNumber },
      service: args.service,
      practitioner: args.practitioner,
      serviceType: args.serviceType,
      idempotencyKey: context.idempotencyKey,
    }).map((c) => ({
      payload: {
        success: true,
        appointmentId: c.appointment.id,
        contactId: c.contact.id,
        ...times(c.appointment),
        spokenTime: c.spokenTime,
        practitioner: c.practitioner.name,
        service: c.service.name,
        ...calendarFields(c),
        message: c.message,
      },
      facts: { contactPath: c.contactPath, replayed: c.replayed, ...calendarFacts(c) },
    })),
});

export const checkAvailabilityTool = tool({
  name: "checkAvailability",
  description:
    "Check free appointment times for a treatment (service), with anyone or one practitioner: for a day, a range of days, or whether one specific time is free (with the nearest free times when it is not). Each free time names who is free then.",
  schema: checkAvailabilityArgs,
  run: (deps, context, args) =>
    checkAvailability(deps, {
      orgId: context.orgId,
      date: args.date,
      endDate: args.endDate,
      time: args.time,
      durationMinutes: args.duration,
      service: args.service,
      practitioner: args.practitioner,
    }).map((a) => ({
      payload: {
        success: true,
        service: a.service.name,
        durationMinutes: a.durationMinutes,
        requestedAvailable: a.requestedAvailable,
        slots: a.offered,
        calendarChecked: a.calendarChecked,
        message: a.message,
      },
      facts: {},
    })),
});

export const cancelAppointmentTool = tool({
  name: "cancelAppointment",
  description:
    "Cancel one of the caller's upcoming appointments, by the id found with findAppointments. Calling from another number than the one it was booked with, give that phone number and the email on file too.",
  schema: cancelAppointmentArgs,
  run: (deps, context, args) =>
    cancelAppointment(deps, {
      orgId: context.orgId,
      appointmentId: args.appointmentId,
      caller: callerOf(context, args),
      idempotencyKey: context.idempotencyKey,
    }).map((c) => ({
      payload: {
        success: true,
        appointmentId: c.appointment.id,
        alreadyCancelled: c.alreadyCancelled,
        ...calendarFields(c),
        message: c.message,
      },
      facts: { replayed: c.replayed, ...calendarFacts(c) },
    })),
});

export const rescheduleAppointmentTool = tool({
  name: "rescheduleAppointment",
  description:
    "Move one of the caller's upcoming appointments to a new day and time (with the same practitioner unless the caller asks for another, or anyone). Calling from another number than the one it was booked with, give that phone number and the email on file too.",
  schema: rescheduleAppointmentArgs,
  run: (deps, context, args) =>
    rescheduleAppointment(deps, {
      orgId: context.orgId,
      appointmentId: args.appointmentId,
      date: args.newDate,
      time: args.newTime,
      durationMinutes: args.duration,
      practitioner: args.practitioner,
      caller: callerOf(context, args),
      idempotencyKey: context.idempotencyKey,
    }).map((r) => ({
      payload: {
        success: true,
        appointmentId: r.appointment.id,
        ...times(r.appointment),
        spokenTime: r.spokenTime,
        practitioner: r.practitioner.name,
        service: r.service.name,
        ...calendarFields(r),
        message: r.message,
      },
      facts: { replayed: r.replayed, ...calendarFacts(r) },
    })),
});

export const findAppointmentsTool = tool({
  name: "findAppointments",
  description:
    "Find the caller's upcoming appointments (when, with whom, for what): by the number they are calling from, or, calling from another number or with the number withheld, by the phone number AND the email the appointments were booked with.",
  schema: findAppointmentsArgs,
  run: (deps, context, args) =>
    findAppointments(deps, { orgId: context.orgId, caller: callerOf(context, args) }).map((f) => ({
      payload: {
        success: true,
        appointments: f.appointments.map(({ appointment, spokenTime, practitioner, service }) => ({
          appointmentId: appointment.id,
          ...times(appointment),
          spokenTime,
          practitioner,
          service,
          serviceType: appointment.serviceType,
        })),
        message: f.message,
      },
      facts: {},
    })),
});

export const TOOLS: readonly Tool[] = [
  bookClinicAppointment,
  checkAvailabilityTool,
  cancelAppointmentTool,
  rescheduleAppointmentTool,
  findAppointmentsTool,
];

export function findTool(name: string): Tool | undefined {
  return TOOLS.find((t) => t.name === name);
}
