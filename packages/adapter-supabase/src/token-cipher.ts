/**
 * @module token-cipher
 * Encryption at rest for OAuth tokens: AES-256-GCM (node:crypto), a random 12-byte IV per
 * encryption, stored as `v2.<key id>.<iv>.<tag>.<ciphertext>` (base64url parts). The caller names
 * a context (e.g. the org and the column), bound in as additional authenticated data, so a
 * ciphertext copied into another clinic's row does not decrypt. A wrong key or a tampered value
 * is a non-retryable `STORE_UNAVAILABLE` whose cause never carries the token or the key.
 *
 * The keys come from configuration (`TOKEN_ENCRYPTION_KEY`): 32 bytes each, as base64 (44
 * characters) or hex (64 characters), `openssl rand -base64 32`. For key rotation it holds the
 * new key and the previous ones, comma-separated, new first: encryption uses the first, and a
 * ciphertext names its key by id (the first 6 bytes of HMAC-SHA256(key, "voxanne token key id"),
 * which tells nothing about the key), so decryption picks the right one without trying each and
 * `isCurrent` tells a ciphertext still on a previous key without decrypting it. Ciphertexts of the
 * first format, `v1.<iv>.<tag>.<ciphertext>` (no key id), are read by trying each key, and count
 * as previous: rotation re-encrypts them.
 */
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from "node:crypto";
import { DomainErrors, type StoreUnavailable } from "@voxanne/domain";
import { err, ok, type Result } from "neverthrow";

export interface TokenCipher {
  /** Ciphertext for `plaintext` under the current key, readable only with that key and the same `context`. */
  encrypt(plaintext: string, context: string): string;
  /** The plaintext back, under whichever configured key sealed it; else a store failure. */
  decrypt(stored: string, context: string): Result<string, StoreUnavailable>;
  /** Whether `stored` names the current key (read from its key id; nothing is decrypted). */
  isCurrent(stored: string): boolean;
}

/** `TOKEN_ENCRYPTION_KEY` is missing or one of its keys is not 32 bytes in base64 or hex. */
export interface TokenKeyInvalid {
  readonly code: "TOKEN_ENCRYPTION_KEY_INVALID";
  readonly message: string;
}

interface Key {
  readonly id: string;
  readonly secret: Buffer;
}

const VERSION = "v2";
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_HELP =
  "it must be 32 random bytes as base64 (44 characters) or hex (64 characters), or during a key rotation " +
  "the new key and the previous one, comma-separated, new first; generate a key with `openssl rand -base64 32`";

/** 64 hex digits, or 43 base64 / base64url characters (and the padding `=`) that decode to 32 bytes. */
function parseKey(key: string): Buffer | null {
  const k = key.trim();
  if (/^[0-9a-fA-F]{64}$/.test(k)) return Buffer.from(k, "hex");
  if (!/^[A-Za-z0-9+/_-]{43}=?$/.test(k)) return null;
  const bytes = Buffer.from(k, "base64"); // Node's base64 decoder also reads the URL-safe alphabet
  return bytes.length === 32 ? bytes : null;
}

const b64 = (b: Buffer) => b.toString("base64url");
const keyId = (secret: Buffer) =>
  b64(createHmac("sha256", secret).update("voxanne token key id").digest().subarray(0, 6));

const unreadable = (why: string): StoreUnavailable => ({
  ...DomainErrors.storeUnavailable(`stored token unreadable: ${why}`),
  retryable: false,
});

/** The keys of `TOKEN_ENCRYPTION_KEY`, current first; an error naming the entry at fault (never its value). */
function parseKeys(value: string | undefined): Result<readonly [Key, ...Key[]], TokenKeyInvalid> {
  const entries = (value ?? "").split(",").map((e) => e.trim());
  const invalid = (why: string) =>
    err<never, TokenKeyInvalid>({
      code: "TOKEN_ENCRYPTION_KEY_INVALID",
      message: `TOKEN_ENCRYPTION_KEY ${why}: ${KEY_HELP}`,
    });
  if (entries.every((e) => e === "")) return invalid("is missing");
  const keys: Key[] = [];
  for (const [i, entry] of entries.entries()) {
    const secret = parseKey(entry);
    if (secret === null)
      return invalid(entries.length === 1 ? "is malformed" : `key ${i + 1} of ${entries.length} is malformed`);
    keys.push({ id: keyId(secret), secret });
  }
  const [current, ...previous] = keys;
  return current === undefined ? invalid("is missing") : ok([current, ...previous]);
}

function seal(key: Key, plaintext: string, context: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key.secret, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(context, "utf8"));
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return `${VERSION}.${key.id}.${b64(iv)}.${b64(cipher.getAuthTag())}.${b64(body)}`;
}

interface Sealed {
  /** `null` for the first format, which names no key. */
  readonly keyId: string | null;
  readonly iv: Buffer;
  readonly tag: Buffer;
  readonly body: Buffer;
}

function parseSealed(stored: string): Sealed | null {
  const parts = stored.split(".");
  const [version, ...rest] = parts;
  const named = version === VERSION && rest.length === 4;
  if (!named && !(version === "v1" && rest.length === 3)) return null;
  const [iv, tag, body] = (named ? rest.slice(1) : rest).map((p) => Buffer.from(p, "base64url"));
  if (iv?.length !== IV_BYTES || tag?.length !== TAG_BYTES || body === undefined) return null;
  return { keyId: named ? (rest[0] ?? null) : null, iv, tag, body };
}

function open(key: Key, sealed: Sealed, context: string): string | null {
  try {
    const decipher = createDecipheriv("aes-256-gcm", key.secret, sealed.iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.from(context, "utf8"));
    decipher.setAuthTag(sealed.tag);
    return Buffer.concat([decipher.update(sealed.body), decipher.final()]).toString("utf8");
  } catch {
    return null;
  }
}

/**
 * A cipher over the keys of `TOKEN_ENCRYPTION_KEY`. A missing or malformed key is an error value
 * naming the variable (for the composition root to report at start-up); a key is never echoed.
 */
export function createTokenCipher(value: string | undefined): Result<TokenCipher, TokenKeyInvalid> {
  return parseKeys(value).map(([current, ...previous]) => {
    const keys = [current, ...previous];
    return {
      encrypt: (plaintext, context) => seal(current, plaintext, context),
      decrypt(stored, context) {
        const sealed = parseSealed(stored);
        if (sealed === null) return err(unreadable(`not a ${VERSION} (or v1) ciphertext, or malformed`));
        const candidates = sealed.keyId === null ? keys : keys.filter((k) => k.id === sealed.keyId);
        for (const key of candidates) {
          const plaintext = open(key, sealed, context);
          if (plaintext !== null) return ok(plaintext);
        }
        const why =
          candidates.length === 0
            ? `sealed with key ${sealed.keyId}, which is not in TOKEN_ENCRYPTION_KEY (another key, or the value was altered)`
            : "authentication failed (another TOKEN_ENCRYPTION_KEY, or the value was altered)";
        return err(unreadable(why));
      },
      isCurrent: (stored) => stored.startsWith(`${VERSION}.${current.id}.`),
    };
  });
}
