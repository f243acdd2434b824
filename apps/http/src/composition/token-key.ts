/**
 * @module composition/token-key
 * `TOKEN_ENCRYPTION_KEY` checked by the adapter's own rule (`createTokenCipher`) before anything
 * else happens: a malformed key stops start-up at once, before the database is opened or migrated
 * or the demo clinic created, with a message naming the variable (never echoing it).
 */
import { createTokenCipher, type TokenCipher } from "@voxanne/adapter-supabase";
import { type Config, ConfigError } from "../config.ts";

/**
 * The cipher for stored tokens (`null` when no key is set and Google does not need one); throws
 * `ConfigError` when the adapter would refuse the key.
 */
export function checkTokenKey(config: Pick<Config, "tokenEncryptionKey" | "google">): TokenCipher | null {
  if (config.tokenEncryptionKey === null && config.google === null) return null;
  const cipher = createTokenCipher(config.tokenEncryptionKey ?? undefined);
  if (cipher.isErr()) throw new ConfigError(`Invalid configuration: ${cipher.error.message}`);
  return cipher.value;
}
