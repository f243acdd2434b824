/**
 * @module @voxanne/http
 * The Hono app: Vapi tool calls, REST administration, the OAuth callback, health and metrics,
 * the one composition root that builds the adapters, and the calendar outbox worker.
 * `pnpm start` runs `src/main.ts`; other code may compose the app itself.
 */
export { newApp } from "./app.ts";
export type { AppServices } from "./app-services.ts";
export { type Composed, compose, type Overrides } from "./composition.ts";
export { type Config, ConfigError, loadConfig } from "./config.ts";
export { toolDefinitions } from "./vapi/tool-definitions.ts";
export { CalendarSyncWorker } from "./worker/calendar-sync-worker.ts";
