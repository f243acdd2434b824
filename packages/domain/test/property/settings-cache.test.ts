/**
 * Property: whatever the order of loads (begun and finished in any interleaving), changes told to
 * the cache, changes made elsewhere and stale refusals, the settings cache never serves a clinic
 * older than the last change it was told of or was refused for.
 */
import { fc, test } from "@fast-check/vitest";
import { describe, expect } from "vitest";
import { type Clinic, defaultClinic, parseOrgId, SettingsCache } from "../../src/index.ts";

const ORG = parseOrgId("00000000-0000-4000-8000-0000000000c1")._unsafeUnwrap();
const atVersion = (v: number): Clinic => ({ ...defaultClinic(ORG), settingsVersion: v });

type Step =
  | { readonly kind: "begin" }
  | { readonly kind: "finish"; readonly pick: number }
  | { readonly kind: "toldChange" }
  | { readonly kind: "elsewhereChange" }
  | { readonly kind: "book" };

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.constant({ kind: "begin" } as const),
  fc.nat(20).map((pick) => ({ kind: "finish", pick }) as const),
  fc.constant({ kind: "toldChange" } as const),
  fc.constant({ kind: "elsewhereChange" } as const),
  fc.constant({ kind: "book" } as const),
);

describe("SettingsCache", () => {
  test.prop([fc.array(step, { maxLength: 60 })], { numRuns: 500 })(
    "never serves a clinic older than the last change it was told of or refused for",
    (steps) => {
      const cache = new SettingsCache();
      let database = 1;
      let floor = 1; // the oldest version the cache may serve
      const loads: { readonly ticket: number; readonly version: number }[] = [];
      for (const s of steps) {
        if (s.kind === "begin") loads.push({ ticket: cache.ticket(), version: database });
        if (s.kind === "finish" && loads.length > 0) {
          const [load] = loads.splice(s.pick % loads.length, 1);
          if (load !== undefined) cache.keepClinic(atVersion(load.version), load.ticket);
        }
        if (s.kind === "toldChange") {
          database += 1;
          cache.forgetClinic(ORG);
          floor = database;
        }
        if (s.kind === "elsewhereChange") database += 1;
        if (s.kind === "book") {
          // A booking with the cached clinic: the store refuses a version that is not current.
          const judged = cache.clinic(ORG)?.settingsVersion;
          if (judged !== undefined && judged !== database) {
            cache.forgetClinic(ORG, judged);
            floor = Math.max(floor, judged + 1);
          }
        }
        const served = cache.clinic(ORG);
        if (served !== undefined) expect(served.settingsVersion ?? 0).toBeGreaterThanOrEqual(floor);
      }
    },
  );
});
