/**
 * @module config
 * The service's configuration, read once from the environment and validated with zod. This is
 * the only module that looks at environment variables; a bad value fails start-up with a message
 * naming the variable.
 */
import { isAbsolute, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { DeploymentFacts } from "@voxanne/domain";
import { z } from "zod";

/** `.data` at the repository root, wherever the command was run from. */
const DEFAULT_DATA_DIR = fileURLToPath(new URL("../../../.data", import.meta.url));
/** Production secrets shorter than this are refused: guessable, or a placeholder left in. */
const MIN_SECRET_LENGTH = 32;

const blankToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);
const optionalText = z.preprocess(blankToUndefined, z.string().trim().optional());
const optionalUrl = z.preprocess(blankToUndefined, z.url().optional());
const integer = (fallback: number, min: number, max: number) =>
  z.preprocess(blankToUndefined, z.coerce.number().int().min(min).max(max).default(fallback));
const flag = (fallback: boolean) =>
  z.preprocess(
    blankToUndefined,
    z
      .enum(["true", "false", "1", "0", "yes", "no"])
      .default(fallback ? "true" : "false")
      .transform((v) => v === "true" || v === "1" || v === "yes"),
  );

const EnvSchema = z.object({
  NODE_ENV: z.preprocess(blankToUndefined, z.enum(["development", "test", "production"]).default("development")),
  PORT: integer(3000, 0, 65_535),
  HOST: optionalText,
  LOG_LEVEL: z.preprocess(
    blankToUndefined,
    z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  ),
  PUBLIC_URL: optionalUrl,
  DATABASE_URL: z.preprocess(
    blankToUndefined,
    z
      .string()
      .trim()
      .regex(/^postgres(ql)?:\/\/\S+$/, "a connection string such as postgres://user:password@host:5432/postgres")
      .optional(),
  ),
  SUPABASE_URL: optionalUrl,
  SUPABASE_SERVICE_ROLE_KEY: optionalText,
  DATA_DIR: optionalText,
  DEMO_CLINIC: flag(true),
  VAPI_SECRET: optionalText,
  VAPI_SIGNATURE_MAX_AGE_SECONDS: integer(300, 1, 86_400),
  ADMIN_TOKEN: optionalText,
  GOOGLE_CLIENT_ID: optionalText,
  GOOGLE_CLIENT_SECRET: optionalText,
  GOOGLE_REDIRECT_URI: optionalUrl,
  GOOGLE_API_BASE_URL: optionalUrl,
  TOKEN_ENCRYPTION_KEY: optionalText,
  CALENDAR_INLINE_BUDGET_MS: integer(1500, 100, 20_000),
  WORKER_ENABLED: flag(true),
  WORKER_INTERVAL_MS: integer(5000, 50, 3_600_000),
  WORKER_BUDGET_MS: integer(10_000, 100, 120_000),
  SHUTDOWN_TIMEOUT_MS: integer(10_000, 0, 120_000),
  ALLOW_METADATA_TENANT: z.preprocess(blankToUndefined, z.enum(["true", "false", "1", "0", "yes", "no"]).optional()),
  DATABASE_TIMEOUT_MS: integer(2000, 100, 60_000),
  TWILIO_ACCOUNT_SID: optionalText,
  TWILIO_AUTH_TOKEN: optionalText,
  TWILIO_FROM_NUMBER: z.preprocess(
    blankToUndefined,
    z
      .string()
      .trim()
      .regex(/^\+[1-9]\d{6,14}$/, "an E.164 number such as +447700900123")
      .optional(),
  ),
  TWILIO_MESSAGING_SERVICE_SID: optionalText,
  TWILIO_API_BASE_URL: optionalUrl,
  SMTP_URL: z.preprocess(
    blankToUndefined,
    z
      .string()
      .trim()
      .regex(/^smtps?:\/\/\S+$/, "an SMTP URL such as smtps://user:password@smtp.example.com:465")
      .optional(),
  ),
  EMAIL_FROM: optionalText,
  /** Set by pnpm / npm to the directory the user ran the command in: a relative DATA_DIR is read from there. */
  INIT_CWD: optionalText,
});

type Env = z.infer<typeof EnvSchema>;

export type StoreConfig =
  | { readonly kind: "supabase"; readonly url: string; readonly serviceRoleKey: string }
  | { readonly kind: "postgres"; readonly url: string }
  | { readonly kind: "pglite"; readonly dataDir: string | null; readonly demoClinic: boolean };

export interface GoogleConfig {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly redirectUri: string;
  /** A local Google emulator (tests, demos); absent means Google itself. */
  readonly apiBaseUrl: string | null;
}

/** Twilio for SMS (`TWILIO_*`); absent: no SMS. */
export interface SmsConfig {
  readonly accountSid: string;
  readonly authToken: string;
  readonly fromNumber: string | null;
  readonly messagingServiceSid: string | null;
  /** A local Twilio emulator (tests, demos); absent means Twilio itself. */
  readonly apiBaseUrl: string | null;
  /** Where Twilio reports delivery and posts replies: `PUBLIC_URL/api/twilio/status`, `…/inbound`. */
  readonly statusCallbackUrl: string;
}

/** SMTP for email (`SMTP_URL`, `EMAIL_FROM`); absent: no email. */
export interface EmailConfig {
  readonly url: string;
  readonly from: string;
}

export interface Config {
  readonly production: boolean;
  readonly port: number;
  readonly host: string;
  readonly logLevel: Env["LOG_LEVEL"];
  readonly publicUrl: string;
  readonly store: StoreConfig;
  readonly vapi: { readonly secret: string | null; readonly signatureMaxAgeSeconds: number };
  readonly adminToken: string | null;
  readonly google: GoogleConfig | null;
  readonly sms: SmsConfig | null;
  readonly email: EmailConfig | null;
  readonly tokenEncryptionKey: string | null;
  readonly calendarInlineBudgetMs: number;
  readonly worker: { readonly enabled: boolean; readonly intervalMs: number; readonly budgetMs: number };
  readonly shutdownTimeoutMs: number;
  /**
   * Whether a call may name its clinic through `assistant.metadata.org_id` / the legacy
   * `customer.metadata.org_id` when no assistant / number mapping matches. Default: on in
   * development, off in production (`ALLOW_METADATA_TENANT=true` opts in).
   */
  readonly allowMetadataTenant: boolean;
  /** Connect and statement timeout for every database client: a hung database answers within a voice turn. */
  readonly databaseTimeoutMs: number;
  /** Why the service listens on loopback only, when it does (said at start-up). */
  readonly loopbackReason: string | null;
  /** What an operator should know before serving (said at start-up): nothing here stops the service. */
  readonly warnings: readonly string[];
}

export class ConfigError extends Error {
  override readonly name = "ConfigError";
}

const LOOPBACK = "127.0.0.1";

/** Validates the environment; throws `ConfigError` naming the variable at fault. */
export function loadConfig(source: Record<string, string | undefined>): Config {
  const parsed = EnvSchema.safeParse(source);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
    throw new ConfigError(`Invalid configuration: ${problems.join("; ")}`);
  }
  const env = parsed.data;
  const production = env.NODE_ENV === "production";
  const store = storeConfig(env);
  const publicUrl = env.PUBLIC_URL ?? `http://localhost:${env.PORT}`;
  const google = googleConfig(env, publicUrl);
  requireFor(production, "VAPI_SECRET", env.VAPI_SECRET, "in production (NODE_ENV=production)");
  requireFor(production, "ADMIN_TOKEN", env.ADMIN_TOKEN, "in production (NODE_ENV=production)");
  requireFor(google !== null, "TOKEN_ENCRYPTION_KEY", env.TOKEN_ENCRYPTION_KEY, "when Google is configured");
  if (production) refuseWeakProduction(env, store);
  const noSecret = env.VAPI_SECRET === undefined;
  const wantedHost = env.HOST ?? LOOPBACK;
  const loopbackReason =
    noSecret && !isLoopback(wantedHost)
      ? `VAPI_SECRET is not set, so the service listens on ${LOOPBACK} only (HOST=${wantedHost} ignored)`
      : noSecret
        ? "VAPI_SECRET is not set: tool calls are not authenticated, so the service listens on loopback only"
        : null;
  const host = noSecret ? LOOPBACK : wantedHost;
  const allowMetadataTenant =
    env.ALLOW_METADATA_TENANT === undefined ? !production : ["true", "1", "yes"].includes(env.ALLOW_METADATA_TENANT);
  return {
    production,
    port: env.PORT,
    host,
    logLevel: env.LOG_LEVEL,
    publicUrl,
    store,
    vapi: { secret: env.VAPI_SECRET ?? null, signatureMaxAgeSeconds: env.VAPI_SIGNATURE_MAX_AGE_SECONDS },
    adminToken: env.ADMIN_TOKEN ?? null,
    google,
    sms: smsConfig(env, publicUrl),
    email: emailConfig(env),
    tokenEncryptionKey: env.TOKEN_ENCRYPTION_KEY ?? null,
    calendarInlineBudgetMs: env.CALENDAR_INLINE_BUDGET_MS,
    worker: { enabled: env.WORKER_ENABLED, intervalMs: env.WORKER_INTERVAL_MS, budgetMs: env.WORKER_BUDGET_MS },
    shutdownTimeoutMs: env.SHUTDOWN_TIMEOUT_MS,
    allowMetadataTenant,
    databaseTimeoutMs: env.DATABASE_TIMEOUT_MS,
    loopbackReason,
    warnings: production ? productionWarnings(env, host, allowMetadataTenant) : [],
  };
}

/** Production refuses what only makes sense on a laptop: short secrets, a database that vanishes on exit. */
function refuseWeakProduction(env: Env, store: StoreConfig) {
  for (const name of ["VAPI_SECRET", "ADMIN_TOKEN", "TOKEN_ENCRYPTION_KEY"] as const) {
    const value = env[name];
    if (value !== undefined && value.length < MIN_SECRET_LENGTH) {
      throw new ConfigError(
        `Invalid configuration: ${name} is too short for production (NODE_ENV=production): ` +
          `use at least ${MIN_SECRET_LENGTH} random characters, e.g. \`openssl rand -base64 32\``,
      );
    }
  }
  if (store.kind === "pglite" && store.dataDir === null) {
    throw new ConfigError(
      "Invalid configuration: DATA_DIR=:memory: loses every booking when the process stops, so production " +
        "(NODE_ENV=production) refuses it: set DATABASE_URL or SUPABASE_URL, or a DATA_DIR on disk",
    );
  }
}

function productionWarnings(env: Env, host: string, allowMetadataTenant: boolean): string[] {
  const warnings: string[] = [];
  if (isLoopback(host)) {
    warnings.push(
      `HOST is ${host} (loopback): only a proxy on this machine can reach the service; ` +
        "set HOST=0.0.0.0 (or the interface your load balancer reaches) to serve others",
    );
  }
  if (env.PUBLIC_URL === undefined) {
    warnings.push(
      `PUBLIC_URL is not set: tool definitions and the OAuth redirect say http://localhost:${env.PORT}, ` +
        "which Vapi and Google cannot reach; set it to the service's public https address",
    );
  }
  if (allowMetadataTenant) {
    warnings.push(
      "ALLOW_METADATA_TENANT is on in production: a call whose assistant and number map to no clinic may " +
        "name its clinic through assistant.metadata.org_id / customer.metadata.org_id",
    );
  }
  return warnings;
}

function storeConfig(env: Env): StoreConfig {
  if (env.SUPABASE_URL !== undefined || env.SUPABASE_SERVICE_ROLE_KEY !== undefined) {
    if (env.SUPABASE_URL === undefined) throw missing("SUPABASE_URL", "when SUPABASE_SERVICE_ROLE_KEY is set");
    if (env.SUPABASE_SERVICE_ROLE_KEY === undefined) {
      throw missing("SUPABASE_SERVICE_ROLE_KEY", "when SUPABASE_URL is set");
    }
    return { kind: "supabase", url: env.SUPABASE_URL, serviceRoleKey: env.SUPABASE_SERVICE_ROLE_KEY };
  }
  if (env.DATABASE_URL !== undefined) return { kind: "postgres", url: env.DATABASE_URL };
  const dataDir = env.DATA_DIR === ":memory:" ? null : dataDirOf(env);
  return { kind: "pglite", dataDir, demoClinic: env.DEMO_CLINIC };
}

/** An absolute DATA_DIR as given; a relative one from where the user ran the command (not `apps/http/`). */
function dataDirOf(env: Env): string {
  if (env.DATA_DIR === undefined) return DEFAULT_DATA_DIR;
  return isAbsolute(env.DATA_DIR) ? env.DATA_DIR : resolve(env.INIT_CWD ?? process.cwd(), env.DATA_DIR);
}

function googleConfig(env: Env, publicUrl: string): GoogleConfig | null {
  const { GOOGLE_CLIENT_ID: clientId, GOOGLE_CLIENT_SECRET: clientSecret } = env;
  if (clientId === undefined && clientSecret === undefined) return null;
  if (clientId === undefined) throw missing("GOOGLE_CLIENT_ID", "when GOOGLE_CLIENT_SECRET is set");
  if (clientSecret === undefined) throw missing("GOOGLE_CLIENT_SECRET", "when GOOGLE_CLIENT_ID is set");
  const redirectUri = env.GOOGLE_REDIRECT_URI ?? `${publicUrl}/api/google/callback`;
  return { clientId, clientSecret, redirectUri, apiBaseUrl: env.GOOGLE_API_BASE_URL ?? null };
}

function smsConfig(env: Env, publicUrl: string): SmsConfig | null {
  const { TWILIO_ACCOUNT_SID: accountSid, TWILIO_AUTH_TOKEN: authToken } = env;
  const from = env.TWILIO_FROM_NUMBER ?? null;
  const service = env.TWILIO_MESSAGING_SERVICE_SID ?? null;
  if (accountSid === undefined && authToken === undefined && from === null && service === null) return null;
  if (accountSid === undefined) throw missing("TWILIO_ACCOUNT_SID", "when another TWILIO_* variable is set");
  if (authToken === undefined) throw missing("TWILIO_AUTH_TOKEN", "when TWILIO_ACCOUNT_SID is set");
  if (from === null && service === null) {
    throw missing("TWILIO_FROM_NUMBER or TWILIO_MESSAGING_SERVICE_SID", "when TWILIO_ACCOUNT_SID is set");
  }
  return {
    accountSid,
    authToken,
    fromNumber: from,
    messagingServiceSid: service,
    apiBaseUrl: env.TWILIO_API_BASE_URL ?? null,
    statusCallbackUrl: `${publicUrl}/api/twilio/status`,
  };
}

function emailConfig(env: Env): EmailConfig | null {
  if (env.SMTP_URL === undefined && env.EMAIL_FROM === undefined) return null;
  if (env.SMTP_URL === undefined) throw missing("SMTP_URL", "when EMAIL_FROM is set");
  if (env.EMAIL_FROM === undefined) throw missing("EMAIL_FROM", "when SMTP_URL is set");
  return { url: env.SMTP_URL, from: env.EMAIL_FROM };
}

function requireFor(when: boolean, name: string, value: string | undefined, why: string) {
  if (when && value === undefined) throw missing(name, why);
}

const missing = (name: string, why: string) => new ConfigError(`Invalid configuration: ${name} is required ${why}`);

function isLoopback(host: string): boolean {
  return host === "localhost" || host === "::1" || host.startsWith("127.");
}

/** What readiness judges of the configuration (no secret values). */
export function deploymentFacts(config: Config): DeploymentFacts {
  return {
    production: config.production,
    database: config.store.kind === "pglite" ? "embedded" : config.store.kind,
    publicUrl: config.publicUrl,
    host: config.host,
    vapiSecretSet: config.vapi.secret !== null,
    adminTokenSet: config.adminToken !== null,
    workerEnabled: config.worker.enabled,
  };
}
