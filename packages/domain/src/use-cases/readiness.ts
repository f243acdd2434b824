/**
 * @module use-cases/readiness
 * Whether this instance can serve, and (verbose) whether the deployment is sound: one report
 * for `/api/ready`, `/api/ready?verbose=1` and `pnpm verify`. Quick: the database answers and
 * runs the schema this code expects. Verbose adds a pass / warn / fail line, with its fix, for
 * the configuration, the Vapi secret, every schema invariant the catalog shows, the token keys,
 * and each clinic's zone, calendar link and outbox backlog. Ready means no line fails. A part
 * that cannot be read is a failing line, never a throw.
 */
import { okAsync, type ResultAsync } from "neverthrow";
import type { StoreUnavailable } from "../errors/domain-error.ts";
import type { CalendarIntegration, IntegrationStore, TokenKeyUsage } from "../ports/integration-store.port.ts";
import type { ClinicSyncState, SchemaCheck, SchemaStatus, SchemaVersion } from "../ports/schema-status.port.ts";
import type { OutboxSummary, SyncOutbox } from "../ports/sync-outbox.port.ts";
import { isValidZone } from "../values/clinic-time.ts";

/** What the configuration says, as far as readiness judges it (no secret values). */
export interface DeploymentFacts {
  readonly production: boolean;
  readonly database: "embedded" | "postgres" | "supabase";
  readonly publicUrl: string;
  /** The address the service listens on. */
  readonly host: string;
  readonly vapiSecretSet: boolean;
  readonly adminTokenSet: boolean;
  /** Whether this instance runs the outbox worker. */
  readonly workerEnabled: boolean;
}

export interface ReadinessDeps {
  readonly schema: SchemaStatus;
  readonly outbox: Pick<SyncOutbox, "summary">;
  /** The calendar provider's name and links; `null` when none is configured. */
  readonly calendar: {
    readonly provider: string;
    readonly integrations: Pick<IntegrationStore, "list" | "keyUsage">;
  } | null;
  /** The configuration's facts, for the verbose configuration lines; absent: not judged here. */
  readonly deployment?: DeploymentFacts;
}

export interface ReadinessOptions {
  /** Every check, not only database and migrations. */
  readonly verbose?: boolean;
  /** Now, to judge how long the oldest due calendar job has waited; absent: not judged. */
  readonly now?: Date;
}

export type CheckStatus = "pass" | "warn" | "fail";

export interface ReadinessCheck {
  readonly name: string;
  readonly status: CheckStatus;
  /** What was found. */
  readonly detail: string;
  /** What to do about it; `null` on a pass. */
  readonly fix: string | null;
}

export interface ReadinessReport {
  readonly database: "ok" | "unreachable";
  /** `null` when the database could not be asked. */
  readonly migrations: SchemaVersion | null;
  readonly integrations: readonly Pick<CalendarIntegration, "orgId" | "status" | "statusReason">[];
  readonly outbox: OutboxSummary | null;
  /** The calendar provider (`google`), or `none`. */
  readonly calendar: string;
  /** Database and migrations; verbose: every check. */
  readonly checks: readonly ReadinessCheck[];
  /** No check fails (quick: the database is reachable and its schema current). */
  readonly ready: boolean;
}

/** A due calendar job older than this means nothing is working the outbox. */
export const STALE_DUE_MINUTES = 15;

const pass = (name: string, detail: string): ReadinessCheck => ({ name, status: "pass", detail, fix: null });
const warn = (name: string, detail: string, fix: string): ReadinessCheck => ({ name, status: "warn", detail, fix });
const fail = (name: string, detail: string, fix: string): ReadinessCheck => ({ name, status: "fail", detail, fix });
const noList = okAsync<never[], never>([]);

export async function checkReadiness(deps: ReadinessDeps, options: ReadinessOptions = {}): Promise<ReadinessReport> {
  const verbose = options.verbose === true;
  const links = deps.calendar?.integrations;
  const [schema, outbox, integrations, inspected, clinics, keys] = await Promise.all([
    deps.schema.check(),
    deps.outbox.summary(),
    links === undefined ? noList : links.list(),
    verbose ? deps.schema.inspect() : noList,
    verbose ? deps.schema.clinicStates() : noList,
    verbose && links?.keyUsage !== undefined ? links.keyUsage() : null,
  ]);
  const migrations = schema.isOk() ? schema.value : null;
  const checks = [
    ...(verbose && deps.deployment !== undefined ? configurationChecks(deps.deployment) : []),
    ...databaseChecks(schema, deps.deployment),
    ...(verbose && schema.isOk() ? schemaChecks(inspected) : []),
    ...(verbose && keys !== null ? [tokenKeyCheck(keys)] : []),
    ...(verbose && schema.isOk() ? clinicChecks(clinics, deps, options.now) : []),
  ];
  return {
    database: schema.isOk() ? "ok" : "unreachable",
    migrations,
    integrations: integrations.isOk()
      ? integrations.value.map(({ orgId, status, statusReason }) => ({ orgId, status, statusReason }))
      : [],
    outbox: outbox.isOk() ? outbox.value : null,
    calendar: deps.calendar?.provider ?? "none",
    checks,
    ready: checks.every((c) => c.status !== "fail"),
  };
}

type Answer<T> = Awaited<ResultAsync<T, StoreUnavailable>>;

const MIGRATE_FIX: Record<DeploymentFacts["database"] | "unknown", string> = {
  embedded: "restart the service: the embedded database is migrated when it opens",
  postgres: "apply the migrations: DATABASE_URL=<url> pnpm db:migrate (once per release, before new instances start)",
  supabase:
    "apply the migrations: `supabase db push`, or DATABASE_URL=<the project's connection string> pnpm db:migrate",
  unknown: "apply the migrations: DATABASE_URL=<url> pnpm db:migrate, or `supabase db push`",
};

const REACH_FIX: Record<DeploymentFacts["database"] | "unknown", string> = {
  embedded: "check that DATA_DIR exists and is writable by this user, and that no other process holds it",
  postgres: "check DATABASE_URL (host, port, user, password, database) and that Postgres accepts connections from here",
  supabase: "check SUPABASE_URL and SUPABASE_SERVICE_ROLE_KEY, and that the project is not paused",
  unknown:
    "check the database settings (DATABASE_URL, SUPABASE_URL, DATA_DIR) and that the database accepts connections",
};

function databaseChecks(schema: Answer<SchemaVersion>, facts: DeploymentFacts | undefined): ReadinessCheck[] {
  const kind = facts?.database ?? "unknown";
  if (schema.isErr()) {
    return [fail("database reachable", `no answer: ${schema.error.cause ?? schema.error.message}`, REACH_FIX[kind])];
  }
  const { expected, actual, current } = schema.value;
  const reached = pass("database reachable", facts === undefined ? "answers" : `${kind} database answers`);
  if (current) return [reached, pass("migrations current", `schema ${actual}`)];
  if (actual === null) return [reached, fail("migrations current", "never migrated", MIGRATE_FIX[kind])];
  if (actual > expected) {
    const detail = `the database runs ${actual}, newer than this code's ${expected}`;
    return [reached, fail("migrations current", detail, "deploy the release that shipped that migration")];
  }
  return [reached, fail("migrations current", `schema ${actual}, this code expects ${expected}`, MIGRATE_FIX[kind])];
}

function schemaChecks(inspected: Answer<SchemaCheck[]>): ReadinessCheck[] {
  if (inspected.isErr()) {
    const cause = inspected.error.cause ?? inspected.error.message;
    return [fail("schema checks", `could not read the catalog: ${cause}`, MIGRATE_FIX.unknown)];
  }
  return inspected.value.map((c) =>
    c.ok ? pass(c.name, c.detail) : fail(c.name, c.detail, c.fix ?? MIGRATE_FIX.unknown),
  );
}

function configurationChecks(facts: DeploymentFacts): ReadinessCheck[] {
  const problems = [...publicUrlProblems(facts), ...hostProblems(facts), ...databaseProblems(facts)];
  if (!facts.adminTokenSet) {
    problems.push(
      warn(
        "configuration: ADMIN_TOKEN",
        "not set: the admin API and /api/ready?verbose=1 are off",
        "set ADMIN_TOKEN to a random secret of 32 characters or more (openssl rand -hex 32)",
      ),
    );
  }
  const mode = facts.production ? "production" : "development";
  const complete = pass("configuration", `${mode}, ${facts.database} database, PUBLIC_URL ${facts.publicUrl}`);
  return [...(problems.some((p) => p.status === "fail") ? [] : [complete]), ...problems, vapiSecretCheck(facts)];
}

function hostnameOf(url: string): string | null {
  const m = /^[a-z]+:\/\/(\[[^\]]*\]|[^/:?#]*)/i.exec(url);
  return m?.[1]?.toLowerCase() ?? null;
}

const isLoopback = (host: string | null) =>
  host === null || host === "localhost" || host === "[::1]" || host === "::1" || host.startsWith("127.");

function publicUrlProblems(facts: DeploymentFacts): ReadinessCheck[] {
  const name = "configuration: PUBLIC_URL";
  if (facts.production && !facts.publicUrl.startsWith("https://")) {
    return [
      fail(
        name,
        `${facts.publicUrl} is not HTTPS: Vapi and Google call this address`,
        "terminate TLS at the load balancer and set PUBLIC_URL=https://<the public host>",
      ),
    ];
  }
  if ((facts.production || facts.vapiSecretSet) && isLoopback(hostnameOf(facts.publicUrl))) {
    const found = `${facts.publicUrl} is this machine only: Vapi's tool calls and Google's OAuth redirect cannot reach it`;
    const fix = "set PUBLIC_URL to the HTTPS address the load balancer answers on";
    return [facts.production ? fail(name, found, fix) : warn(name, found, fix)];
  }
  return [];
}

function hostProblems(facts: DeploymentFacts): ReadinessCheck[] {
  if (!facts.production || !isLoopback(facts.host)) return [];
  return [
    warn(
      "configuration: HOST",
      `listening on ${facts.host}: a load balancer on another machine or outside the container cannot connect`,
      "set HOST=0.0.0.0 (in a container) or the address the load balancer reaches",
    ),
  ];
}

function databaseProblems(facts: DeploymentFacts): ReadinessCheck[] {
  if (!facts.production || facts.database !== "embedded") return [];
  return [
    warn(
      "configuration: database",
      "the embedded database serves one process: one instance, no standby",
      "for several instances set DATABASE_URL (Postgres) or SUPABASE_URL and SUPABASE_SERVICE_ROLE_KEY",
    ),
  ];
}

function vapiSecretCheck(facts: DeploymentFacts): ReadinessCheck {
  if (facts.vapiSecretSet) return pass("Vapi secret", "set: tool calls must authenticate");
  const found = "not set: tool calls are not authenticated, so the service listens on loopback only";
  const fix =
    "set VAPI_SECRET to a random secret of 32 characters or more (openssl rand -hex 32) and give Vapi's tool server the same secret as its Bearer credential";
  return facts.production ? fail("Vapi secret", found, fix) : warn("Vapi secret", found, fix);
}

function tokenKeyCheck(keys: Answer<TokenKeyUsage[]>): ReadinessCheck {
  const name = "calendar tokens on the current key";
  if (keys.isErr()) return fail(name, `could not read: ${keys.error.cause ?? keys.error.message}`, REACH_FIX.unknown);
  const on = (state: TokenKeyUsage["key"]) => keys.value.filter((k) => k.key === state).map((k) => k.orgId);
  const unreadable = on("unreadable");
  const previous = on("previous");
  if (unreadable.length > 0) {
    return fail(
      name,
      `no configured key opens the tokens of ${unreadable.join(", ")}`,
      "put the key they were written with back into TOKEN_ENCRYPTION_KEY after the current one (new,old), or reconnect those clinics",
    );
  }
  if (previous.length > 0) {
    return warn(
      name,
      `${previous.length} link(s) still on a previous key: ${previous.join(", ")}`,
      "run `pnpm tokens:rotate`, then `pnpm verify`, then remove the previous key from TOKEN_ENCRYPTION_KEY",
    );
  }
  return pass(name, `${keys.value.length} link(s), all on the current key`);
}

function clinicChecks(
  clinics: Answer<ClinicSyncState[]>,
  deps: ReadinessDeps,
  now: Date | undefined,
): ReadinessCheck[] {
  if (clinics.isErr()) {
    const cause = clinics.error.cause ?? clinics.error.message;
    return [
      fail("clinics", `could not read the clinics: ${cause}`, MIGRATE_FIX[deps.deployment?.database ?? "unknown"]),
    ];
  }
  const calendarLine =
    deps.calendar === null
      ? [pass("calendar", "none configured (GOOGLE_CLIENT_ID and GOOGLE_CLIENT_SECRET turn Google Calendar on)")]
      : [];
  return [
    ...calendarLine,
    ...clinics.value.flatMap((clinic) => {
      const link = linkCheck(clinic, deps.calendar !== null);
      return [zoneCheck(clinic), ...(link === null ? [] : [link]), outboxCheck(clinic, deps, now)];
    }),
  ];
}

const clinicName = (c: ClinicSyncState) => `clinic "${c.name}" (${c.orgId})`;
const when = (d: Date | null) => (d === null ? "never" : d.toISOString());
const connectFix = (c: ClinicSyncState) =>
  `POST /api/admin/clinics/${c.orgId}/google/connect (Authorization: Bearer $ADMIN_TOKEN) and open the URL it answers signed in as the clinic's Google account`;

function zoneCheck(clinic: ClinicSyncState): ReadinessCheck {
  const name = `${clinicName(clinic)}: zone`;
  if (isValidZone(clinic.zone)) return pass(name, clinic.zone);
  return fail(
    name,
    `${clinic.zone} is not an IANA region zone: times would be said in the wrong offset`,
    `PATCH /api/admin/clinics/${clinic.orgId} with {"zone": "<Region/City>"}, e.g. "Europe/London"`,
  );
}

function linkCheck(clinic: ClinicSyncState, configured: boolean): ReadinessCheck | null {
  const name = `${clinicName(clinic)}: calendar`;
  const { link } = clinic;
  if (!configured) {
    if (link === null) return null;
    return warn(
      name,
      "linked, but no calendar is configured on this server",
      "set GOOGLE_CLIENT_ID and GOOGLE_CLIENT_SECRET",
    );
  }
  if (link === null) return warn(name, "not linked: bookings are not written to a calendar", connectFix(clinic));
  if (link.status === "reauth_required") {
    const why = link.statusReason === null ? "" : `: ${link.statusReason}`;
    return fail(
      name,
      `needs reconnecting since ${link.updatedAt.toISOString()}${why}; its syncs are parked`,
      `${connectFix(clinic)}; parked syncs resume after it`,
    );
  }
  return pass(name, `active; last confirmed sync ${when(clinic.lastSyncedAt)}`);
}

function outboxCheck(clinic: ClinicSyncState, deps: ReadinessDeps, now: Date | undefined): ReadinessCheck {
  const name = `${clinicName(clinic)}: outbox`;
  const { due, scheduled, parked, oldestDueAt } = clinic.outbox;
  const waited = now === undefined || oldestDueAt === null ? 0 : (now.getTime() - oldestDueAt.getTime()) / 60_000;
  const detail =
    due + scheduled + parked === 0
      ? "empty"
      : `${due} due (oldest since ${when(oldestDueAt)}), ${scheduled} backing off, ${parked} parked`;
  if (due + scheduled + parked === 0) return pass(name, detail);
  if (deps.calendar === null) {
    return warn(
      name,
      `${detail}: no calendar is configured, nothing will sync them`,
      "configure Google Calendar, or ignore them",
    );
  }
  if (waited > STALE_DUE_MINUTES) {
    const here = deps.deployment?.workerEnabled === false ? " (WORKER_ENABLED=false here)" : "";
    return fail(
      name,
      `${detail}: waiting ${Math.round(waited)} minutes, nothing is working the outbox${here}`,
      "run the worker: WORKER_ENABLED=true on at least one instance, or `pnpm worker` beside the service (Postgres / Supabase)",
    );
  }
  if (parked > 0 && clinic.link?.status === "active") {
    return warn(
      name,
      `${detail} although the link is active`,
      `${connectFix(clinic)}: linking again requeues parked jobs`,
    );
  }
  return pass(name, detail);
}
