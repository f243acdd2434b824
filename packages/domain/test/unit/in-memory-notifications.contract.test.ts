/** The notification outbox and settings contract over the in-memory twins (the trigger is `MemoryDatabase`'s hook). */
import { describe, it } from "vitest";
import type { ClinicSettings } from "../../src/index.ts";
import {
  InMemoryBookingStore,
  InMemoryClinicDirectory,
  InMemoryNotificationOutbox,
  InMemoryNotificationSettings,
  MemoryDatabase,
  notificationOutboxContract,
} from "../../src/testing/index.ts";

describe("NotificationOutbox contract over the in-memory twins", () => {
  const fixture = {
    async setup(clinics: readonly ClinicSettings[]) {
      const db = new MemoryDatabase();
      const directory = new InMemoryClinicDirectory(db);
      for (const c of clinics) directory.add(c);
      return {
        outbox: new InMemoryNotificationOutbox(db),
        settings: new InMemoryNotificationSettings(db),
        store: new InMemoryBookingStore({ db }),
      };
    },
  };
  for (const c of notificationOutboxContract) it(c.name, () => c.run(fixture));
});
