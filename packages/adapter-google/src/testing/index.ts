/**
 * @module @voxanne/adapter-google/testing
 * A stand-in for Google's OAuth and Calendar endpoints, for tests and local trials, never for
 * production: `GoogleEmulator` serves the paths the real clients call over HTTP on 127.0.0.1
 * (give its `baseUrl` as `googleBaseUrl`, or to the service as `GOOGLE_API_BASE_URL`), with the
 * OAuth client it accepts (`EMULATOR_CLIENT`), its accounts and calendars to inspect, and faults to
 * inject. `pnpm emulator:google` runs one by hand (`emulator-main.ts`).
 */
export {
  type CodeOptions,
  EMULATOR_ACCOUNT,
  EmulatorAccounts,
  FULL_SCOPE,
  type Grant,
  type TokenResponse,
} from "./emulator-accounts.ts";
export { EmulatorCalendars, type EventResource } from "./emulator-calendars.ts";
export { type Fault, Faults, type RandomFailures, type RequestKind } from "./emulator-faults.ts";
export {
  EMULATOR_CLIENT,
  type EmulatorOptions,
  type EmulatorRequest,
  GoogleEmulator,
} from "./google-emulator.ts";
