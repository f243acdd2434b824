/**
 * @module drills/crash
 * The crash drill: the service (the real `node src/main.ts` entry, its clinic linked to the Google
 * emulator so every booking also writes a calendar job or an event) is SIGKILLed in the middle of
 * a booking load, restarted on the same data, and killed again, `crashes` times; then, on the data
 * it left: every booking answered `success: true` is there (by id), nothing is half-written (no
 * appointment without its receipt, calendar job or notification jobs; no receipt without its
 * appointment; one contact per phone), the restarted service books again, and no answer was a 5xx.
 */
import { GoogleEmulator } from "@voxanne/adapter-google/testing";
import { bookingSequence } from "../bench/bookings.ts";
import type { Running } from "../test/support/live-server.ts";
import { googleEnv, linkClinic } from "./google-link.ts";
import { integrityChecks, readIntegrity } from "./integrity.ts";
import { drillClinic, killService, serviceEnv, startService, stopService } from "./service.ts";
import { type DrillBackend, openStore } from "./stores.ts";
import { bookedIds, bookUntil, sendBooking, serverErrors, type ToolAnswer } from "./tool-answers.ts";
import { type Verdict, verdict } from "./verdict.ts";

export interface CrashSizes {
  readonly backend: DrillBackend;
  /** Callers booking at once. */
  readonly lanes: number;
  /** Kills (each followed by a restart on the same data). */
  readonly crashes: number;
  /** Bookings acknowledged in a round before the kill. */
  readonly bookingsPerCrash: number;
}

/** Books with `lanes` callers until `bookings` succeeded, then SIGKILLs the service mid-load. */
async function loadThenKill(running: Running, next: Parameters<typeof bookUntil>[1], sizes: CrashSizes) {
  let booked = 0;
  let killing: Promise<void> | null = null;
  const answers = await bookUntil(
    () => running.url,
    next,
    sizes.lanes,
    () => killing !== null,
    (a) => {
      if (a.booked) booked++;
      if (booked >= sizes.bookingsPerCrash && killing === null) killing = killService(running);
    },
  );
  await killing;
  return answers;
}

export async function crashDrill(sizes: CrashSizes): Promise<Verdict> {
  const started = performance.now();
  const google = await GoogleEmulator.start();
  const store = await openStore(sizes.backend);
  const env = serviceEnv(store.env, googleEnv(google));
  let running = await startService(env);
  const answers: ToolAnswer[] = [];
  const restartMs: number[] = [];
  try {
    const clinic = await drillClinic(running, "asst_drill_crash");
    await linkClinic(running, clinic.orgId);
    const next = bookingSequence([clinic], "crash");
    for (let i = 0; i < sizes.crashes; i++) {
      answers.push(...(await loadThenKill(running, next, sizes)));
      const t = performance.now();
      running = await startService(env);
      restartMs.push(performance.now() - t);
    }
    const after = await sendBooking(running.url, next());
    answers.push(after);
    await stopService(running);
    const acknowledged = bookedIds(answers);
    const integrity = await store.read((sql) => readIntegrity(sql, acknowledged));
    const unanswered = answers.filter((a) => a.status === 0).length;
    return verdict(
      `crash (${sizes.backend})`,
      started,
      {
        crashes: sizes.crashes,
        requests: answers.length,
        acknowledged: acknowledged.length,
        found: integrity.acknowledgedFound,
        unansweredAtKill: unanswered,
        appointments: integrity.appointments,
        calendarEvents: google.calendars.allEvents().length,
        maxRestartMs: Math.round(Math.max(...restartMs)),
      },
      [
        ...integrityChecks(integrity, acknowledged.length),
        [`no 5xx (${serverErrors(answers)})`, serverErrors(answers) === 0],
        [`the restarted service books (${after.code ?? after.failure ?? "booked"})`, after.booked],
        [
          "every answered request was a readable tool answer",
          answers.every((a) => a.status === 0 || (a.status === 200 && a.failure === null)),
        ],
      ],
    );
  } finally {
    await killService(running);
    await store.close();
    await google.stop();
  }
}
