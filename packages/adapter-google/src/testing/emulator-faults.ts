/**
 * @module testing/emulator-faults
 * Failures the Google emulator can inject: queued for the next requests of some kinds, or at a
 * seeded random rate. A fault either answers instead of Google (a status with Google's error
 * body), does the work and then answers 500 (the insert landed but the client never heard),
 * answers late, or refuses a refresh with `invalid_grant`.
 */
import { mulberry32 } from "@voxanne/domain/testing";

/** What a request to the emulator is, for counting and for aiming faults. */
export type RequestKind = "refresh" | "exchange" | "consent" | "insert" | "get" | "patch" | "delete" | "freeBusy";

export const CALENDAR_KINDS: readonly RequestKind[] = ["insert", "get", "patch", "delete", "freeBusy"];

export type Fault =
  | { readonly type: "status"; readonly status: number; readonly reason?: string }
  | { readonly type: "landThen500" }
  | { readonly type: "delay"; readonly ms: number }
  | { readonly type: "invalidGrant" };

/** The faults tests use, by name. */
export const Faults = {
  unauthorized: { type: "status", status: 401, reason: "authError" },
  rateLimit: { type: "status", status: 403, reason: "rateLimitExceeded" },
  userRateLimit: { type: "status", status: 403, reason: "userRateLimitExceeded" },
  forbidden: { type: "status", status: 403, reason: "forbidden" },
  tooManyRequests: { type: "status", status: 429, reason: "rateLimitExceeded" },
  serverError: { type: "status", status: 500, reason: "backendError" },
  badRequest: { type: "status", status: 400, reason: "invalid" },
  landThen500: { type: "landThen500" },
  invalidGrant: { type: "invalidGrant" },
  slow: (ms: number): Fault => ({ type: "delay", ms }),
} as const satisfies Record<string, Fault | ((ms: number) => Fault)>;

export interface RandomFailures {
  /** Share of matching requests that fail, 0..1. */
  readonly rate: number;
  readonly seed: number;
  /** Picked uniformly for each failing request. */
  readonly faults: readonly Fault[];
  /** Which requests may fail (default: every Calendar API request). */
  readonly kinds?: readonly RequestKind[];
}

interface Queued {
  readonly kinds: readonly RequestKind[];
  readonly fault: Fault;
}

export class FaultPlan {
  private queue: Queued[] = [];
  private random: { readonly next: () => number; readonly spec: RandomFailures } | null = null;
  /** How many faults were injected, by fault type. */
  readonly injected = new Map<string, number>();

  /** The next `times` requests of these kinds get `fault`. */
  failNext(kinds: readonly RequestKind[], fault: Fault, times: number): void {
    for (let i = 0; i < times; i++) this.queue.push({ kinds, fault });
  }

  failRandomly(spec: RandomFailures): void {
    this.random = { next: mulberry32(spec.seed), spec };
  }

  clear(): void {
    this.queue = [];
    this.random = null;
    this.injected.clear();
  }

  /** The fault for this request, if any (consumes a queued one). */
  take(kind: RequestKind): Fault | null {
    const index = this.queue.findIndex((q) => q.kinds.includes(kind));
    const queued = index === -1 ? null : (this.queue.splice(index, 1)[0]?.fault ?? null);
    const fault = queued ?? this.randomFault(kind);
    if (fault !== null) this.injected.set(label(fault), (this.injected.get(label(fault)) ?? 0) + 1);
    return fault;
  }

  private randomFault(kind: RequestKind): Fault | null {
    if (this.random === null) return null;
    const { next, spec } = this.random;
    if (!(spec.kinds ?? CALENDAR_KINDS).includes(kind) || next() >= spec.rate) return null;
    return spec.faults[Math.floor(next() * spec.faults.length)] ?? null;
  }
}

function label(fault: Fault): string {
  return fault.type === "status" ? `${fault.status}${fault.reason ? ` ${fault.reason}` : ""}` : fault.type;
}
