/**
 * @module composition/token-key
 * `TOKEN_ENCRYPTION_KEY` checked by the adapter's own rule (`createTokenCipher`) before anything
 * else happens: a malformed key stops start-up at once, before the database is opened or migrated
 * or the demo clinic created, with a message naming the variable (never echoing it).
 */
import { createTokenCipher } from "@voxanne/adapter-supabase";
import { type Config, ConfigError } from "../config.ts";

/** Throws `ConfigError` when a key is set (or Google needs one) and the adapter would refuse it. */
export function checkTokenKey(config: Pick<Config, "tokenEncryptionKey" | "google">): void {
  if (config.tokenEncryptionKey === null && config.google === null) return;
  const cipher = createTokenCipher(config.tokenEncryptionKey ?? undefined);
  if (cipher.isErr()) throw new ConfigError(`Invalid configuration: ${cipher.error.message}`);
}
