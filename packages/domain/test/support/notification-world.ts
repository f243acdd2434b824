/** A clinic with the notification twins on a manual clock: store, outbox, settings, SMS and email notifiers, a worker pass. */
import { defaultClinicSettings, type OrgId, type SendOutcome, sendNotification } from "../../src/index.ts";
import {
  InMemoryBookingStore,
  InMemoryClinicDirectory,
  InMemoryNotificationOutbox,
  InMemoryNotificationSettings,
  InMemoryNotifier,
  ManualClock,
  MemoryDatabase,
} from "../../src/testing/index.ts";

export const CLINIC = "46cf2995-2bee-44e3-838b-24151486fe4e" as OrgId;

export function notificationWorld(now = "2027-01-11T03:00:00Z") {
  const clock = new ManualClock(now);
  const db = new MemoryDatabase({ now: () => clock.nowSync() });
  new InMemoryClinicDirectory(db).add(defaultClinicSettings(CLINIC, "Harbour Street Clinic"));
  const store = new InMemoryBookingStore({ db });
  const outbox = new InMemoryNotificationOutbox(db, { random: () => 0.5 });
  const settings = new InMemoryNotificationSettings(db);
  const sms = new InMemoryNotifier("sms", () => clock.nowSync());
  const email = new InMemoryNotifier("email", () => clock.nowSync());
  const deps = { outbox, settings, notifiers: { sms, email }, clock };
  /** One worker pass: claim what is due and send each; the outcomes. */
  async function pass(limit = 50): Promise<SendOutcome[]> {
    const jobs = (await outbox.claim(limit, 60))._unsafeUnwrap();
    const outcomes: SendOutcome[] = [];
    for (const job of jobs) outcomes.push((await sendNotification(deps, job))._unsafeUnwrap());
    return outcomes;
  }
  return { clock, db, store, outbox, settings, sms, email, deps, pass };
}
