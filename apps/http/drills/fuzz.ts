/**
 * @module drills/fuzz
 * The fuzz drill: `bodies` generated requests (drills/fuzz-cases.ts) at every Vapi route
 * (`/api/vapi/tools`, `/api/vapi/server`, `/api/vapi/tools/:tool`) through `app.request()` for
 * volume, each judged (drills/fuzz-judge.ts: no 5xx, a body Vapi can read, 413 exactly for a body
 * over the limit, nothing written for a refused call); then on a live port: 20 MB bodies
 * (declared and streamed) refused early, bodies of 1 MB either side of the limit, and bodies with
 * invalid UTF-8; and the server still answers afterwards. A failing case is reported with the
 * fast-check seed that replays it.
 */
import fc from "fast-check";
import { VAPI_BODY_LIMIT_BYTES } from "../src/routes/vapi-routes.ts";
import { type Harness, startHarness, toolCalls } from "../test/support/harness.ts";
import { COUNT_ROWS } from "../test/support/vapi-answers.ts";
import {
  atEitherRoute,
  brokenCase,
  type Case,
  contentType,
  fixtureMutationCase,
  flatCase,
  functionCallCase,
  invalidUtf8Body,
  MESSAGE_ROUTES,
  otherMessageCase,
  toolCallsCase,
} from "./fuzz-cases.ts";
import { judge } from "./fuzz-judge.ts";
import { type LivePort, postBody, postLarge, serveOnPort, TWENTY_MB } from "./live-port.ts";
import { type Check, type Verdict, verdict } from "./verdict.ts";

export interface FuzzSizes {
  /** Generated requests through `app.request()` (the live-port bodies come on top). */
  readonly bodies: number;
  /** Invalid UTF-8 bodies sent over the live port. */
  readonly liveBodies: number;
  /** fast-check's seed (a failure names the one that replays it). */
  readonly seed: number;
}

type Send = (path: string, body: string | Uint8Array, type: string | null) => Promise<{ status: number; text: string }>;

interface Tally {
  sent: number;
  byStatus: Record<string, number>;
  /** The row counts after the last request: the next one's "before" (nothing else writes). */
  counts: unknown;
}

/** Judges `c` sent with `type` through `send`; the problem, also tallied, or null. */
async function trial(h: Harness, send: Send, tally: Tally, c: Case, type: string | null): Promise<string | null> {
  tally.counts ??= await h.sql(COUNT_ROWS);
  const before = tally.counts;
  const { status, text } = await send(c.path, c.body, type);
  tally.sent++;
  tally.byStatus[status] = (tally.byStatus[status] ?? 0) + 1;
  tally.counts = await h.sql(COUNT_ROWS);
  return judge(c, status, text, before, tally.counts);
}

const CATEGORIES: readonly [string, number, fc.Arbitrary<[Case, string | null]>][] = [
  ["tool-calls messages", 0.35, fc.tuple(atEitherRoute(toolCallsCase), fc.constant("application/json"))],
  [
    "legacy, flat and other messages",
    0.2,
    fc.tuple(atEitherRoute(fc.oneof(functionCallCase, flatCase, otherMessageCase)), contentType),
  ],
  ["broken bodies", 0.15, fc.tuple(brokenCase, contentType)],
  ["fixture mutations", 0.3, fc.tuple(fixtureMutationCase, fc.constant("application/json"))],
];

/** Runs one category as a fast-check property; its failure (with the seed and the case), or null. */
async function category(
  h: Harness,
  send: Send,
  tally: Tally,
  name: string,
  runs: number,
  arb: fc.Arbitrary<[Case, string | null]>,
  seed: number,
) {
  let last: string | null = null;
  const details = await fc.check(
    fc.asyncProperty(arb, async ([c, type]) => {
      last = await trial(h, send, tally, c, type);
      return last === null;
    }),
    { numRuns: runs, seed },
  );
  if (!details.failed) return null;
  const example = JSON.stringify(details.counterexample)?.slice(0, 300);
  return `${name}: ${last ?? String(details.errorInstance)} (DRILL_SEED=${details.seed} replays it: ${example})`;
}

/** A valid booking message padded with an extra field to `bytes` bytes. */
function paddedTo(bytes: number): string {
  const message = toolCalls([{ id: "pad", name: "checkAvailability", arguments: { date: "2026-12-03" } }]);
  const bare = JSON.stringify({ ...message, padding: "" });
  return JSON.stringify({ ...message, padding: "p".repeat(bytes - Buffer.byteLength(bare)) });
}

async function liveChecks(h: Harness, live: LivePort, sizes: FuzzSizes, tally: Tally): Promise<Check[]> {
  const checks: Check[] = [];
  for (const route of MESSAGE_ROUTES) {
    const declared = await postLarge(live.port, route, true);
    const streamed = await postLarge(live.port, route, false);
    checks.push(
      [
        `${route}: a declared 20 MB body is refused 413 before it is sent (${declared.status})`,
        declared.status === 413 && declared.writtenAtAnswer <= 64 * 1024,
      ],
      [
        `${route}: a streamed 20 MB body is refused 413 soon past the limit (${streamed.status})`,
        streamed.status === 413 && streamed.writtenAtAnswer < TWENTY_MB / 2,
      ],
    );
  }
  const send: Send = (path, body, type) => postBody(live.port, path, body, type);
  for (const [bytes, status] of [
    [VAPI_BODY_LIMIT_BYTES, 200],
    [VAPI_BODY_LIMIT_BYTES + 1, 413],
  ] as const) {
    const c: Case = {
      path: "/api/vapi/tools",
      body: paddedTo(bytes),
      contentType: "application/json",
      ids: ["pad"],
      kind: "tool-calls",
    };
    const problem = await trial(h, send, tally, c, "application/json");
    checks.push([`a ${bytes}-byte message is answered ${status} (${problem ?? "well"})`, problem === null]);
  }
  const bodies = fc.sample(fc.tuple(invalidUtf8Body, fc.constantFrom(...MESSAGE_ROUTES)), {
    numRuns: sizes.liveBodies,
    seed: sizes.seed,
  });
  const problems: string[] = [];
  for (const [body, path] of bodies) {
    const problem = await trial(
      h,
      send,
      tally,
      { path, body, contentType: "application/json", ids: null, kind: "other" },
      "application/json",
    );
    if (problem !== null) problems.push(problem);
  }
  checks.push([
    `invalid UTF-8 on the live port is answered well (${problems[0] ?? `${bodies.length} bodies`})`,
    problems.length === 0,
  ]);
  const health = await fetch(`${live.url}/api/health`);
  checks.push([`the server still answers afterwards (${health.status})`, health.status === 200]);
  return checks;
}

export async function fuzzDrill(sizes: FuzzSizes): Promise<Verdict> {
  const started = performance.now();
  const h = await startHarness();
  const live = await serveOnPort(h.composed.app.fetch);
  const tally: Tally = { sent: 0, byStatus: {}, counts: null };
  const send: Send = async (path, body, type) => {
    const res = await h.composed.app.request(path, {
      method: "POST",
      body,
      headers: type === null ? {} : { "content-type": type },
    });
    return { status: res.status, text: await res.text() };
  };
  try {
    const failures: string[] = [];
    for (const [name, share, arb] of CATEGORIES) {
      const failed = await category(h, send, tally, name, Math.ceil(sizes.bodies * share), arb, sizes.seed);
      if (failed !== null) failures.push(failed);
    }
    const inProcess = tally.sent;
    const onPort = await liveChecks(h, live, sizes, tally);
    return verdict(
      "fuzz (every Vapi route)",
      started,
      {
        bodies: tally.sent,
        inProcess,
        http200: tally.byStatus[200] ?? 0,
        http413: tally.byStatus[413] ?? 0,
        seed: sizes.seed,
      },
      [
        ...failures.map((f): Check => [f, false]),
        [`at least ${sizes.bodies} generated bodies (${inProcess})`, inProcess >= sizes.bodies],
        [
          `no 5xx (${Object.entries(tally.byStatus).filter(([s]) => Number(s) >= 500).length} statuses)`,
          Object.keys(tally.byStatus).every((s) => Number(s) < 500),
        ],
        ...onPort,
      ],
    );
  } finally {
    await live.close();
    await h.close();
  }
}
