/**
 * @module token-cipher
 * Encryption at rest for OAuth tokens: AES-256-GCM (node:crypto), a random 12-byte IV per
 * encryption, stored as `v1.<iv>.<tag>.<ciphertext>` (base64url parts). The caller names a
 * context (e.g. the org and the column), bound in as additional authenticated data, so a
 * ciphertext copied into another clinic's row does not decrypt. A wrong key or a tampered value
 * is a non-retryable `STORE_UNAVAILABLE` whose cause never carries the token or the key.
 *
 * The key is 32 bytes from configuration (`TOKEN_ENCRYPTION_KEY`), as base64 (44 characters)
 * or hex (64 characters): `openssl rand -base64 32`.
 */
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { DomainErrors, type StoreUnavailable } from "@voxanne/domain";
import { err, ok, type Result } from "neverthrow";

export interface TokenCipher {
  /** Ciphertext for `plaintext`, readable only with the same key and the same `context`. */
  encrypt(plaintext: string, context: string): string;
  /** The plaintext back; a wrong key, another context or a tampered value is a store failure. */
  decrypt(stored: string, context: string): Result<string, StoreUnavailable>;
}

/** `TOKEN_ENCRYPTION_KEY` is missing or is not 32 bytes in base64 or hex. */
export interface TokenKeyInvalid {
  readonly code: "TOKEN_ENCRYPTION_KEY_INVALID";
  readonly message: string;
}

const VERSION = "v1";
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_HELP =
  "TOKEN_ENCRYPTION_KEY is missing or malformed: it must be 32 random bytes as base64 (44 characters) " +
  "or hex (64 characters); generate one with `openssl rand -base64 32`";

/** 64 hex digits, or 43 base64 / base64url characters (and the padding `=`) that decode to 32 bytes. */
function parseKey(key: string): Buffer | null {
  const k = key.trim();
  if (/^[0-9a-fA-F]{64}$/.test(k)) return Buffer.from(k, "hex");
  if (!/^[A-Za-z0-9+/_-]{43}=?$/.test(k)) return null;
  const bytes = Buffer.from(k, "base64"); // Node's base64 decoder also reads the URL-safe alphabet
  return bytes.length === 32 ? bytes : null;
}

const b64 = (b: Buffer) => b.toString("base64url");

const unreadable = (why: string): StoreUnavailable => ({
  ...DomainErrors.storeUnavailable(`stored token unreadable: ${why}`),
  retryable: false,
});

/**
 * A cipher over the key from `TOKEN_ENCRYPTION_KEY`. A missing or malformed key is an error value
 * naming the variable (for the composition root to report at start-up); the key is never echoed.
 */
export function createTokenCipher(key: string | undefined): Result<TokenCipher, TokenKeyInvalid> {
  const secret = key === undefined ? null : parseKey(key);
  if (secret === null) return err({ code: "TOKEN_ENCRYPTION_KEY_INVALID", message: KEY_HELP });
  return ok({
    encrypt(plaintext, context) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv("aes-256-gcm", secret, iv, { authTagLength: TAG_BYTES });
      cipher.setAAD(Buffer.from(context, "utf8"));
      const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
      return `${VERSION}.${b64(iv)}.${b64(cipher.getAuthTag())}.${b64(body)}`;
    },
    decrypt(stored, context) {
      const [version, iv, tag, body, ...rest] = stored.split(".");
      if (version !== VERSION || iv === undefined || tag === undefined || body === undefined || rest.length > 0) {
        return err(unreadable(`not a ${VERSION} ciphertext`));
      }
      const ivBytes = Buffer.from(iv, "base64url");
      const tagBytes = Buffer.from(tag, "base64url");
      if (ivBytes.length !== IV_BYTES || tagBytes.length !== TAG_BYTES) return err(unreadable("malformed"));
      try {
        const decipher = createDecipheriv("aes-256-gcm", secret, ivBytes, { authTagLength: TAG_BYTES });
        decipher.setAAD(Buffer.from(context, "utf8"));
        decipher.setAuthTag(tagBytes);
        const plain = Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]);
        return ok(plain.toString("utf8"));
      } catch {
        return err(unreadable("authentication failed (another TOKEN_ENCRYPTION_KEY, or the value was altered)"));
      }
    },
  });
}
