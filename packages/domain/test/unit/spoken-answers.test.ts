/**
 * The spoken-answer review: every answer and refusal a caller can hear, rendered for three clinics
 * (London, New York, Sydney) around their clock changes, into one readable file. A change to what
 * callers hear shows up in review as a diff of `__snapshots__/spoken-answers.md`.
 */
import type { ResultAsync } from "neverthrow";
import { describe, expect, it } from "vitest";
import {
  type BookingDeps,
  bookAppointment,
  type ClinicSettings,
  cancelAppointment,
  checkAvailability,
  type DomainError,
  DomainErrors,
  describeClinicForCall,
  ERROR_CODES,
  findAppointments,
  inZone,
  type OrgId,
  rescheduleAppointment,
  voiceOf,
} from "../../src/index.ts";
import {
  InMemoryBookingStore,
  InMemoryClinicDirectory,
  ManualClock,
  MemoryDatabase,
  SequentialIds,
} from "../../src/testing/index.ts";

const ORG = "46cf2995-2bee-44e3-838b-24151486fe4e" as OrgId;
const NOWHERE = "0b7c9a52-3d7e-4e0a-9c55-6a1f1b2f3c4d" as OrgId;
const weekday = [{ open: "09:00", close: "17:30" }];

interface Clinic {
  readonly title: string;
  readonly settings: ClinicSettings;
  readonly phone: string;
  /** A Thursday morning before the autumn clock change, and that change's Sunday. */
  readonly before: string;
  readonly fallBack: string;
  /** A morning before the spring clock change, and that change's Sunday. */
  readonly beforeSpring: string;
  readonly springForward: string;
  /** A wall time inside the spring-forward gap, and one that happens twice when the clocks go back. */
  readonly gap: string;
  readonly twice: string;
}

const clinic = (name: string, zone: string, region: ClinicSettings["region"]): ClinicSettings => ({
  orgId: ORG,
  name,
  zone,
  region,
  // Weekdays, and a Sunday night clinic so the hours the clocks change in can be booked.
  openingHours: {
    1: weekday,
    2: weekday,
    3: weekday,
    4: weekday,
    5: weekday,
    6: [],
    7: [{ open: "00:00", close: "06:00" }],
  },
  slotMinutes: 30,
  bufferMinutes: 0,
  minNoticeMinutes: 60,
  horizonDays: 90,
  calendarId: "primary",
});

const CLINICS: Clinic[] = [
  {
    title: "London (GB, Europe/London)",
    settings: clinic("Harbour Street Clinic", "Europe/London", "GB"),
    phone: "07700 900123",
    before: "2026-10-22T09:00:00Z",
    fallBack: "2026-10-25",
    beforeSpring: "2027-03-25T10:00:00Z",
    springForward: "2027-03-28",
    gap: "1:30am",
    twice: "1:30am",
  },
  {
    title: "New York (US, America/New_York)",
    settings: clinic("Riverside Physio", "America/New_York", "US"),
    phone: "(212) 555-0123",
    before: "2026-10-29T14:00:00Z",
    fallBack: "2026-11-01",
    beforeSpring: "2027-03-11T15:00:00Z",
    springForward: "2027-03-14",
    gap: "2:30am",
    twice: "1:30am",
  },
  {
    title: "Sydney (AU, Australia/Sydney)",
    settings: clinic("Bondi Dental", "Australia/Sydney", "AU"),
    phone: "0412 345 678",
    before: "2027-04-01T00:00:00Z",
    fallBack: "2027-04-04",
    beforeSpring: "2026-10-01T00:00:00Z",
    springForward: "2026-10-04",
    gap: "2:30am",
    twice: "2:30am",
  },
];

function world(c: Clinic, now: string) {
  const clock = new ManualClock(now);
  const db = new MemoryDatabase();
  const deps: BookingDeps = {
    store: new InMemoryBookingStore({ db }),
    clinics: new InMemoryClinicDirectory(db).add(c.settings),
    clock,
    ids: new SequentialIds(),
  };
  return { deps, clock };
}

async function render(c: Clinic): Promise<{ lines: string[]; codes: Set<string> }> {
  const lines: string[] = [];
  const codes = new Set<string>();
  const say = async <T extends { readonly message: string }>(what: string, answer: ResultAsync<T, DomainError>) => {
    const r = await answer;
    if (r.isOk()) lines.push(`- ${what}: "${r.value.message}"`);
    else {
      codes.add(r.error.code);
      lines.push(`- ${what} → \`${r.error.code}\`: "${r.error.message}"`);
    }
  };
  const patient = { name: "Sam Lee", phone: c.phone };
  const { deps, clock } = world(c, c.before);
  const book = (date: string, time: string, p: Record<string, string> = patient) =>
    bookAppointment(deps, { orgId: ORG, date, time, patient: p });
  const check = (q: { date?: string; endDate?: string; time?: string }) =>
    checkAvailability(deps, { orgId: ORG, ...q });

  const vars = (await describeClinicForCall(deps, ORG))._unsafeUnwrap().variables;
  lines.push(`- assistant-request variables: \`${JSON.stringify(vars)}\``);
  await say("free times on the clock-change Sunday", check({ date: c.fallBack }));
  await say("free times over five days", check({ date: "Friday", endDate: "Wednesday" }));
  await say("a closed day (Saturday)", check({ date: "Saturday" }));
  await say("a day in the past", check({ date: "2026-01-01" }));
  await say("a day past the horizon", check({ date: "2028-01-03" }));
  await say("one free time", check({ date: "tomorrow", time: "2.30pm" }));
  await say("book the time that happens twice when the clocks go back", book(c.fallBack, c.twice));
  await say("book later that night", book(c.fallBack, "4am"));
  await say("book the same time again", book(c.fallBack, c.twice));
  for (const time of [
    "00:00",
    "00:30",
    "01:00",
    "01:30",
    "02:00",
    "02:30",
    "03:00",
    "03:30",
    "04:30",
    "05:00",
    "05:30",
  ]) {
    await book(c.fallBack, time);
  }
  await say("free times on a full day", check({ date: c.fallBack }));
  await say("book tomorrow at noon", book("tomorrow", "noon"));
  await say("book in the past", book("2026-01-01", "10:00"));
  await say("book past the horizon", book("2028-01-04", "10:00"));
  await say("book after closing", book("next Tuesday", "8pm"));
  await say("book on a closed day", book("Saturday", "10am"));
  await say(
    "book within the notice",
    book("today", inZone(clock.nowSync(), c.settings.zone).plus({ minutes: 30 }).toFormat("HH:mm")),
  );
  await say("book at a time never said", book("tomorrow", "half two"));
  await say("book with no phone or email", book("tomorrow", "11am", { name: "Sam Lee" }));
  await say("book with a short phone number", book("tomorrow", "11am", { phone: "0123" }));
  await say("book with a broken email", book("tomorrow", "11am", { email: "sam@" }));
  await say(
    "book at an unknown clinic",
    bookAppointment(deps, { orgId: NOWHERE, date: "tomorrow", time: "11am", patient }),
  );
  await say("find my appointments", findAppointments(deps, { orgId: ORG, caller: { callerNumber: c.phone } }));
  await say("find them from a withheld number", findAppointments(deps, { orgId: ORG, caller: {} }));
  const moved = (await book("next Wednesday", "10am"))._unsafeUnwrap().appointment.id;
  const caller = { callerNumber: c.phone };
  await say(
    "move it",
    rescheduleAppointment(deps, { orgId: ORG, appointmentId: moved, date: "next Thursday", time: "2:30 p.m.", caller }),
  );
  await say("cancel it", cancelAppointment(deps, { orgId: ORG, appointmentId: moved, caller }));
  await say(
    "move it once cancelled",
    rescheduleAppointment(deps, { orgId: ORG, appointmentId: moved, date: "next Friday", time: "10am", caller }),
  );
  const spring = world(c, c.beforeSpring);
  await say(
    "book inside the spring-forward gap",
    bookAppointment(spring.deps, { orgId: ORG, date: c.springForward, time: c.gap, patient }),
  );
  await say(
    "book a service the clinic does not offer",
    bookAppointment(deps, { orgId: ORG, date: "tomorrow", time: "11am", patient, service: "massage" }),
  );
  await say(
    "book with someone who does not work here",
    bookAppointment(deps, { orgId: ORG, date: "tomorrow", time: "11am", patient, practitioner: "Dr Who" }),
  );
  const near = (await check({ date: "next Tuesday", time: "10am" }))._unsafeUnwrap().slots.slice(0, 3);
  for (const e of [
    DomainErrors.practitionerUnavailable("Dr Patel", near, ["Sam"], voiceOf(c.settings, clock.nowSync())),
    DomainErrors.notInCatalog("practitioner", "3f9c…"),
    DomainErrors.appointmentNotFound(),
    DomainErrors.appointmentInPast(),
    DomainErrors.callerNotVerified("change"),
    DomainErrors.calendarNotLinked(),
    DomainErrors.calendarReauthRequired(),
    DomainErrors.calendarUnavailable(),
    DomainErrors.settingsStale(),
    DomainErrors.storeUnavailable(),
  ]) {
    codes.add(e.code);
    lines.push(`- \`${e.code}\`: "${e.message}"`);
  }
  return { lines, codes };
}

describe("what callers hear", () => {
  it("every answer and every refusal code, for London, New York and Sydney around their clock changes", async () => {
    const sections: string[] = [
      "# What callers hear",
      "",
      "Generated by `test/unit/spoken-answers.test.ts`: review every change.",
      "",
    ];
    const missing: string[] = [];
    for (const c of CLINICS) {
      const { lines, codes } = await render(c);
      missing.push(...ERROR_CODES.filter((code) => !codes.has(code)).map((code) => `${c.title}: ${code}`));
      sections.push(`## ${c.title}`, "", ...lines, "");
    }
    await expect(sections.join("\n")).toMatchFileSnapshot("__snapshots__/spoken-answers.md");
    expect(missing).toEqual([]);
  });
});
