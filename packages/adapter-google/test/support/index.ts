/**
 * @module test/support
 * Test support for Google: the emulator (for this package's tests and, by relative import, the
 * app's: `packages/adapter-google/test/support/index.ts`) and ways to link an org to it.
 */
export { EmulatorAccounts, FULL_SCOPE, type Grant, type TokenResponse } from "./emulator-accounts.ts";
export { EmulatorCalendars, type EventResource } from "./emulator-calendars.ts";
export { type Fault, Faults, type RandomFailures, type RequestKind } from "./emulator-faults.ts";
export { EMULATOR_CLIENT, type EmulatorOptions, GoogleEmulator } from "./google-emulator.ts";
