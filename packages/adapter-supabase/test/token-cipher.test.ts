/** TokenCipher: AES-256-GCM with a fresh IV each time; key formats; wrong key, context or bytes refused cleanly. */
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createTokenCipher } from "../src/index.ts";

const key = randomBytes(32);
const cipher = createTokenCipher(key.toString("base64"))._unsafeUnwrap();
const TOKEN = "1//0gSecretRefreshToken-abc";

describe("createTokenCipher", () => {
  it("takes 32 bytes as base64 (44 characters), base64url or hex (64 characters), surrounding blanks trimmed", () => {
    const stored = cipher.encrypt(TOKEN, "ctx");
    for (const form of [
      key.toString("hex"),
      key.toString("hex").toUpperCase(),
      key.toString("base64url"),
      ` ${key.toString("base64")}\n`,
    ]) {
      expect(createTokenCipher(form)._unsafeUnwrap().decrypt(stored, "ctx")._unsafeUnwrap()).toBe(TOKEN);
    }
  });

  it("refuses a missing or malformed key with a message naming TOKEN_ENCRYPTION_KEY, never echoing the key", () => {
    const bad = [
      undefined,
      "",
      "short",
      randomBytes(16).toString("base64"),
      randomBytes(31).toString("hex"),
      `${"z".repeat(63)}`,
    ];
    for (const k of bad) {
      const error = createTokenCipher(k)._unsafeUnwrapErr();
      expect(error.code).toBe("TOKEN_ENCRYPTION_KEY_INVALID");
      expect(error.message).toContain("TOKEN_ENCRYPTION_KEY");
      expect(error.message).toContain("openssl rand -base64 32");
      if (k !== undefined && k !== "") expect(error.message).not.toContain(k);
    }
  });
});

describe("TokenCipher", () => {
  it("round-trips, as v1.<iv>.<tag>.<ciphertext> with a 12-byte IV that differs every time", () => {
    const a = cipher.encrypt(TOKEN, "org-1:refresh_token");
    const b = cipher.encrypt(TOKEN, "org-1:refresh_token");
    expect(a).not.toBe(b);
    for (const stored of [a, b]) {
      const [version, iv, tag, body, ...rest] = stored.split(".");
      expect([version, rest]).toEqual(["v1", []]);
      expect(Buffer.from(iv ?? "", "base64url")).toHaveLength(12);
      expect(Buffer.from(tag ?? "", "base64url")).toHaveLength(16);
      expect(Buffer.from(body ?? "", "base64url")).toHaveLength(Buffer.byteLength(TOKEN));
      expect(stored).not.toContain(TOKEN);
      expect(cipher.decrypt(stored, "org-1:refresh_token")._unsafeUnwrap()).toBe(TOKEN);
    }
    expect(cipher.decrypt(cipher.encrypt("", "c"), "c")._unsafeUnwrap()).toBe("");
  });

  it("another key, another context, altered bytes or garbage: STORE_UNAVAILABLE, not retryable, no plaintext", () => {
    const stored = cipher.encrypt(TOKEN, "org-1");
    const other = createTokenCipher(randomBytes(32).toString("hex"))._unsafeUnwrap();
    const [v, iv, tag, body] = stored.split(".");
    const flipped = Buffer.from(body ?? "", "base64url");
    flipped[0] = (flipped[0] ?? 0) ^ 1;
    const failures = [
      other.decrypt(stored, "org-1"),
      cipher.decrypt(stored, "org-2"),
      cipher.decrypt([v, iv, tag, flipped.toString("base64url")].join("."), "org-1"),
      cipher.decrypt(TOKEN, "org-1"),
      cipher.decrypt(`v2.${iv}.${tag}.${body}`, "org-1"),
      cipher.decrypt(`v1.${iv}.${tag}`, "org-1"),
    ].map((r) => r._unsafeUnwrapErr());
    for (const e of failures) {
      expect(e).toMatchObject({ code: "STORE_UNAVAILABLE", retryable: false });
      expect(e.cause).toMatch(/^stored token unreadable: /);
      expect(JSON.stringify(e)).not.toContain(TOKEN);
    }
    expect(failures[0]?.cause).toContain("another TOKEN_ENCRYPTION_KEY");
  });
});
