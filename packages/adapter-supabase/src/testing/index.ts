/**
 * @module @voxanne/adapter-supabase/testing
 * Test support other packages use too: a real embedded Postgres on a free port.
 */
export { type EmbeddedPostgresServer, freePort, startEmbeddedPostgres } from "./embedded-postgres.ts";
