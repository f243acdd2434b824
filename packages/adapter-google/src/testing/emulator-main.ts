/**
 * @module testing/emulator-main
 * `pnpm emulator:google`: the Google emulator as a process, a stand-in for Google's endpoints so
 * a newcomer can link a clinic and watch bookings reach a calendar without a Google account or an
 * OAuth client (local trials only, never production). Listens on 127.0.0.1:`EMULATOR_PORT`
 * (default 4010; 0 picks a free port), prints the environment to give the service and how a
 * consent completes, then one line per request; stops cleanly on Ctrl-C or SIGTERM.
 * `EMULATOR_CALENDARS` (comma-separated ids) gives the account calendars besides `primary`, for
 * practitioners with their own calendar (`pnpm practitioner:add --calendar <id>`).
 */
import { randomBytes } from "node:crypto";
import { err, ok, type Result, ResultAsync } from "neverthrow";
import { EMULATOR_ACCOUNT } from "./emulator-accounts.ts";
import { EMULATOR_CLIENT, type EmulatorRequest, GoogleEmulator } from "./google-emulator.ts";

const DEFAULT_EMULATOR_PORT = 4010;
/** The service's own default (`PORT` 3000): its redirect URI is `PUBLIC_URL/api/google/callback`. */
const PUBLIC_URL = "http://localhost:3000";
const ADMIN_TOKEN = "dev-admin-token";
/** The demo clinic `pnpm start` seeds (PGlite, `DEMO_CLINIC` on). */
const DEMO_CLINIC = "46cf2995-2bee-44e3-838b-24151486fe4e";

/** `EMULATOR_PORT` as a port number, or why it is not one. */
function portFrom(raw: string | undefined): Result<number, string> {
  if (raw === undefined || raw.trim() === "") return ok(DEFAULT_EMULATOR_PORT);
  const port = Number(raw);
  return Number.isInteger(port) && port >= 0 && port <= 65_535
    ? ok(port)
    : err(`EMULATOR_PORT must be a port number from 0 to 65535 (0: a free port), not "${raw}"`);
}

/** The variables that point the service at this emulator, one `export NAME=value` per line. */
function serviceEnvironment(baseUrl: string): string[] {
  return [
    `export GOOGLE_API_BASE_URL=${baseUrl}`,
    `export GOOGLE_CLIENT_ID=${EMULATOR_CLIENT.clientId}`,
    `export GOOGLE_CLIENT_SECRET=${EMULATOR_CLIENT.clientSecret}`,
    `export TOKEN_ENCRYPTION_KEY=${randomBytes(32).toString("base64")}`,
    `export PUBLIC_URL=${PUBLIC_URL}`,
    `export ADMIN_TOKEN=${ADMIN_TOKEN}`,
  ];
}

function instructions(baseUrl: string): string[] {
  return [
    `Google emulator: a stand-in for Google's OAuth and Calendar endpoints, on ${baseUrl}`,
    "",
    "Give the service this environment (paste it in the shell that runs `pnpm start`):",
    ...serviceEnvironment(baseUrl).map((line) => `  ${line}`),
    "  (TOKEN_ENCRYPTION_KEY is an example: any 32 random bytes, base64 or hex; keep the one you use,",
    "  tokens stored under it are unreadable with another.)",
    "",
    `Link a clinic (the demo clinic of \`pnpm start\` is ${DEMO_CLINIC}):`,
    "  1. pnpm start",
    `  2. curl -s -X POST -H 'authorization: Bearer ${ADMIN_TOKEN}' \\`,
    `       ${PUBLIC_URL}/api/admin/clinics/<orgId>/google/connect`,
    `     answers {"url":"${baseUrl}/o/oauth2/v2/auth?..."}`,
    "  3. open that url in a browser, or: curl -sL '<url>'",
    "     The emulator consents at once (no login page): it answers 302 to the redirect URI,",
    `     ${PUBLIC_URL}/api/google/callback?code=...&state=..., and following it lets the service`,
    '     exchange the code at /token: "The clinic\'s Google Calendar is linked."',
    `  Every consent is given as one Google account (${EMULATOR_ACCOUNT}, with its own \`primary\` calendar`,
    "  and those named in EMULATOR_CALENDARS=id,id: a practitioner's --calendar),",
    "  and each consent link works once. State lives in memory: after the emulator restarts, link the",
    "  clinic again (the service marks the old link reauth_required; the account is the same one).",
    "",
    "Ready. Requests are printed below; Ctrl-C stops.",
  ];
}

function logRequest(request: EmulatorRequest): void {
  console.log(`${new Date().toISOString()} ${request.kind} ${request.method} ${request.path}`);
}

/** `EMULATOR_CALENDARS`: "patel,sam" → ["patel", "sam"]. */
const calendarsFrom = (raw: string | undefined): string[] =>
  (raw ?? "")
    .split(",")
    .map((id) => id.trim())
    .filter((id) => id !== "");

function startEmulator(port: number): ResultAsync<GoogleEmulator, string> {
  const calendars = calendarsFrom(process.env.EMULATOR_CALENDARS);
  return ResultAsync.fromPromise(GoogleEmulator.start({ port, calendars, onRequest: logRequest }), (error) =>
    error instanceof Error && "code" in error && error.code === "EADDRINUSE"
      ? `port ${port} on 127.0.0.1 is taken: set EMULATOR_PORT to another (0 picks a free one)`
      : `the Google emulator could not start: ${String(error)}`,
  );
}

/**
 * Ctrl-C or SIGTERM: close the server and exit 0. Later signals are ignored while it stops: under
 * `pnpm`, Ctrl-C reaches the process from the terminal and again from each pnpm above it.
 */
function stopOnSignals(emulator: GoogleEmulator): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: stopping the Google emulator`);
    void emulator.stop().then(() => process.stdout.write("stopped\n", () => process.exit(0)));
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

async function main(): Promise<void> {
  const started = await portFrom(process.env.EMULATOR_PORT).asyncAndThen(startEmulator);
  if (started.isErr()) {
    console.error(started.error);
    process.exitCode = 1;
    return;
  }
  stopOnSignals(started.value);
  console.log(instructions(started.value.baseUrl).join("\n"));
}

await main();
