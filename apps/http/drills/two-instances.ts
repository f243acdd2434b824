/**
 * @module drills/two-instances
 * Two instances of the service (two processes, workers on) on one Postgres, Vapi's calls spread
 * over both: a storm of callers on one slot books it once (the rest are refused, speakably); a
 * storm of bookings from one new phone number makes one contact; and the outbox is claimed once:
 * when the clinic links Google, both instances' calendar workers race for the queued jobs and
 * Google sees exactly one insert per appointment, and every SMS the notification workers sent is
 * one sent job (Twilio emulator).
 */
import { setTimeout as sleep } from "node:timers/promises";
import { GoogleEmulator } from "@voxanne/adapter-google/testing";
import type { SqlClient } from "@voxanne/adapter-supabase";
import { TwilioEmulator } from "@voxanne/adapter-twilio/testing";
import { type Booking, bookingSequence } from "../bench/bookings.ts";
import type { Running } from "../test/support/live-server.ts";
import { googleEnv, linkClinic } from "./google-link.ts";
import { integrityChecks, readIntegrity } from "./integrity.ts";
import { drillClinic, serviceEnv, startService, stopService } from "./service.ts";
import { postgresStore } from "./stores.ts";
import { bookedIds, sendBooking, serverErrors, type ToolAnswer } from "./tool-answers.ts";
import { type Check, type Verdict, verdict } from "./verdict.ts";

export interface TwoInstanceSizes {
  /** Callers in each storm. */
  readonly callers: number;
}

const STORM_PHONE = "+447700900777";

/** `bookings` sent all at once, alternately to each instance. */
function storm(instances: readonly Running[], bookings: readonly Booking[], tag: string): Promise<ToolAnswer[]> {
  return Promise.all(
    bookings.map((b, i) => sendBooking((instances[i % instances.length] as Running).url, b, `${tag}-${i}`)),
  );
}

const OUTBOX_STATE = `select
  (select count(*)::int from appointments where calendar_sync = 'synced') as synced,
  (select count(*)::int from calendar_sync_jobs) as calendar_jobs,
  (select count(*)::int from notification_jobs where state = 'pending' and due_at <= now()) as notifications_due,
  (select count(*)::int from notification_jobs where state = 'sent' and channel = 'sms') as sms_sent`;

interface OutboxState {
  synced: number;
  calendar_jobs: number;
  notifications_due: number;
  sms_sent: number;
}

async function drained(sql: SqlClient, appointments: number, deadlineMs: number): Promise<OutboxState> {
  const until = performance.now() + deadlineMs;
  for (;;) {
    const [s] = await sql.query<OutboxState>(OUTBOX_STATE);
    const state = s ?? { synced: -1, calendar_jobs: -1, notifications_due: -1, sms_sent: -1 };
    const done = state.synced === appointments && state.calendar_jobs === 0 && state.notifications_due === 0;
    if (done || performance.now() > until) return state;
    await sleep(200);
  }
}

const countOf = (sql: SqlClient, query: string, params: (string | number)[]) =>
  sql.query<{ n: number }>(query, params).then((r) => r[0]?.n ?? -1);

function stormChecks(
  slot: readonly ToolAnswer[],
  phone: readonly ToolAnswer[],
  slotRows: number,
  contacts: number,
): Check[] {
  const refusals = slot.filter((a) => !a.booked);
  return [
    [
      `a storm on one slot books it once (${slot.filter((a) => a.booked).length} booked)`,
      slot.filter((a) => a.booked).length === 1,
    ],
    [`…and the slot holds one appointment (${slotRows})`, slotRows === 1],
    [
      `…every other caller is refused with a code and a message (${refusals.filter((a) => a.code === null).length} without)`,
      refusals.every((a) => a.status === 200 && a.code !== null && (a.message ?? "") !== ""),
    ],
    [
      `a storm from one new phone books every slot (${phone.filter((a) => a.booked).length} of ${phone.length})`,
      phone.every((a) => a.booked),
    ],
    [`…and makes one contact (${contacts})`, contacts === 1],
  ];
}

export async function twoInstancesDrill(sizes: TwoInstanceSizes): Promise<Verdict> {
  const started = performance.now();
  const google = await GoogleEmulator.start();
  const twilio = await TwilioEmulator.start();
  const store = await postgresStore();
  const env = serviceEnv(store.env, {
    ...googleEnv(google),
    TWILIO_ACCOUNT_SID: twilio.accountSid,
    TWILIO_AUTH_TOKEN: twilio.authToken,
    TWILIO_FROM_NUMBER: "+447700900000",
    TWILIO_API_BASE_URL: twilio.url,
    WORKER_ENABLED: "true",
    WORKER_INTERVAL_MS: "100",
  });
  const instances: Running[] = [];
  try {
    instances.push(await startService(env), await startService(env));
    const [a] = instances as [Running, Running];
    const clinic = await drillClinic(a, "asst_drill_two");
    const next = bookingSequence([clinic], "two");
    const one = next();
    const onOneSlot = Array.from({ length: sizes.callers }, () => ({
      ...next(),
      date: one.date,
      time: one.time,
      startsAt: one.startsAt,
    }));
    const slot = await storm(instances, onOneSlot, "slot");
    const fromOnePhone = Array.from({ length: sizes.callers }, () => ({ ...next(), phone: STORM_PHONE }));
    const phone = await storm(instances, fromOnePhone, "phone");
    const answers = [...slot, ...phone];
    const acknowledged = bookedIds(answers);
    google.resetCounts();
    await linkClinic(a, clinic.orgId);
    const state = await store.read((sql) => drained(sql, acknowledged.length, 30_000));
    const [slotRows, contacts] = await store.read((sql) =>
      Promise.all([
        countOf(sql, "select count(*)::int as n from appointments where starts_at = $1 and status = 'booked'", [
          one.startsAt.toISOString(),
        ]),
        countOf(sql, "select count(*)::int as n from contacts where phone = $1", [STORM_PHONE]),
      ]),
    );
    const inserts = google.requests("insert");
    const smsSent = twilio.messages.sent.length;
    const integrity = await store.read((sql) => readIntegrity(sql, acknowledged));
    return verdict(
      "two instances on one Postgres",
      started,
      {
        callersPerStorm: sizes.callers,
        acknowledged: acknowledged.length,
        googleInserts: inserts,
        smsSent,
        smsJobsSent: state.sms_sent,
      },
      [
        [`no 5xx (${serverErrors(answers)})`, serverErrors(answers) === 0],
        ...stormChecks(slot, phone, slotRows, contacts),
        [
          `both calendar workers together synced every appointment (${state.synced} of ${acknowledged.length})`,
          state.synced === acknowledged.length && state.calendar_jobs === 0,
        ],
        [
          `each calendar job was claimed once: one Google insert per appointment (${inserts})`,
          inserts === acknowledged.length,
        ],
        [`every due notification was handled (${state.notifications_due} left)`, state.notifications_due === 0],
        [
          `each SMS job was claimed once: one message per sent job (${smsSent} for ${state.sms_sent})`,
          smsSent === state.sms_sent && smsSent >= acknowledged.length,
        ],
        ...integrityChecks(integrity, acknowledged.length),
      ],
    );
  } finally {
    for (const i of instances) await stopService(i);
    await store.close();
    await twilio.close();
    await google.stop();
  }
}
