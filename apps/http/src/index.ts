/**
 * @module @voxanne/http
 * The Hono app: Vapi tool calls, REST administration, the OAuth callback, health and metrics,
 * and the one composition root that builds the adapters. Built in issue 5; until then this
 * package exports nothing.
 */
export {};
