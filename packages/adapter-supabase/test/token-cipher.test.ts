/**
 * TokenCipher: AES-256-GCM with a fresh IV each time, the key named by id; key formats; several
 * keys for a rotation (write with the first, read with any, v1 ciphertexts by trial); wrong key,
 * context or bytes refused cleanly.
 */
import { createCipheriv, randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createTokenCipher } from "../src/index.ts";

const key = randomBytes(32);
const cipher = createTokenCipher(key.toString("base64"))._unsafeUnwrap();
const TOKEN = "1//0gSecretRefreshToken-abc";

/** A ciphertext of the first format, `v1.<iv>.<tag>.<ciphertext>`, as the previous release wrote it. */
function v1(secret: Buffer, plaintext: string, context: string): string {
  const iv = randomBytes(12);
  const c = createCipheriv("aes-256-gcm", secret, iv, { authTagLength: 16 });
  c.setAAD(Buffer.from(context, "utf8"));
  const body = Buffer.concat([c.update(plaintext, "utf8"), c.final()]);
  return ["v1", iv, c.getAuthTag(), body].map((p) => (typeof p === "string" ? p : p.toString("base64url"))).join(".");
}

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
      " , ",
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
      if (k !== undefined && k.trim().length > 1) expect(error.message).not.toContain(k.trim());
    }
  });

  it("a rotation list names the malformed entry by position, never by value", () => {
    const good = randomBytes(32).toString("base64");
    const error = createTokenCipher(`${good},not-a-key`)._unsafeUnwrapErr();
    expect(error.message).toContain("key 2 of 2 is malformed");
    expect(error.message).not.toContain(good);
    expect(error.message).not.toContain("not-a-key");
    expect(createTokenCipher(`${good},`)._unsafeUnwrapErr().message).toContain("key 2 of 2");
  });
});

describe("TokenCipher", () => {
  it("round-trips, as v2.<key id>.<iv>.<tag>.<ciphertext> with a 12-byte IV that differs every time", () => {
    const a = cipher.encrypt(TOKEN, "org-1:refresh_token");
    const b = cipher.encrypt(TOKEN, "org-1:refresh_token");
    expect(a).not.toBe(b);
    for (const stored of [a, b]) {
      const [version, id, iv, tag, body, ...rest] = stored.split(".");
      expect([version, rest]).toEqual(["v2", []]);
      expect(id).toMatch(/^[\w-]{8}$/);
      expect(Buffer.from(iv ?? "", "base64url")).toHaveLength(12);
      expect(Buffer.from(tag ?? "", "base64url")).toHaveLength(16);
      expect(Buffer.from(body ?? "", "base64url")).toHaveLength(Buffer.byteLength(TOKEN));
      expect(stored).not.toContain(TOKEN);
      expect(cipher.decrypt(stored, "org-1:refresh_token")._unsafeUnwrap()).toBe(TOKEN);
    }
    expect(a.split(".")[1]).toBe(b.split(".")[1]);
    expect(cipher.decrypt(cipher.encrypt("", "c"), "c")._unsafeUnwrap()).toBe("");
  });

  it("another key, another context, altered bytes or garbage: STORE_UNAVAILABLE, not retryable, no plaintext", () => {
    const stored = cipher.encrypt(TOKEN, "org-1");
    const other = createTokenCipher(randomBytes(32).toString("hex"))._unsafeUnwrap();
    const [v, id, iv, tag, body] = stored.split(".");
    const flipped = Buffer.from(body ?? "", "base64url");
    flipped[0] = (flipped[0] ?? 0) ^ 1;
    const failures = [
      other.decrypt(stored, "org-1"),
      cipher.decrypt(stored, "org-2"),
      cipher.decrypt([v, id, iv, tag, flipped.toString("base64url")].join("."), "org-1"),
      cipher.decrypt(TOKEN, "org-1"),
      cipher.decrypt(`v3.${id}.${iv}.${tag}.${body}`, "org-1"),
      cipher.decrypt(`v2.${iv}.${tag}.${body}`, "org-1"),
      cipher.decrypt(`v1.${iv}.${tag}`, "org-1"),
    ].map((r) => r._unsafeUnwrapErr());
    for (const e of failures) {
      expect(e).toMatchObject({ code: "STORE_UNAVAILABLE", retryable: false });
      expect(e.cause).toMatch(/^stored token unreadable: /);
      expect(JSON.stringify(e)).not.toContain(TOKEN);
    }
    expect(failures[0]?.cause).toContain(`sealed with key ${id}, which is not in TOKEN_ENCRYPTION_KEY`);
    expect(failures[1]?.cause).toContain("another TOKEN_ENCRYPTION_KEY");
  });
});

describe("TokenCipher: key rotation (TOKEN_ENCRYPTION_KEY=new,old)", () => {
  const oldKey = randomBytes(32);
  const newKey = randomBytes(32);
  const before = createTokenCipher(oldKey.toString("base64"))._unsafeUnwrap();
  const during = createTokenCipher(`${newKey.toString("base64")}, ${oldKey.toString("hex")}`)._unsafeUnwrap();
  const after = createTokenCipher(newKey.toString("base64"))._unsafeUnwrap();

  it("writes with the first key, reads what either key wrote, and tells which is current without decrypting", () => {
    const sealedOld = before.encrypt(TOKEN, "ctx");
    const sealedNew = during.encrypt(TOKEN, "ctx");
    expect(during.decrypt(sealedOld, "ctx")._unsafeUnwrap()).toBe(TOKEN);
    expect(during.decrypt(sealedNew, "ctx")._unsafeUnwrap()).toBe(TOKEN);
    expect(after.decrypt(sealedNew, "ctx")._unsafeUnwrap()).toBe(TOKEN);
    expect([during.isCurrent(sealedOld), during.isCurrent(sealedNew)]).toEqual([false, true]);
    expect([before.isCurrent(sealedOld), after.isCurrent(sealedNew)]).toEqual([true, true]);
    expect(after.decrypt(sealedOld, "ctx")._unsafeUnwrapErr().cause).toContain("which is not in TOKEN_ENCRYPTION_KEY");
  });

  it("reads v1 ciphertexts (no key id) with whichever key opens them; they are never current", () => {
    const legacy = v1(oldKey, TOKEN, "ctx");
    expect(during.decrypt(legacy, "ctx")._unsafeUnwrap()).toBe(TOKEN);
    expect(before.decrypt(legacy, "ctx")._unsafeUnwrap()).toBe(TOKEN);
    expect([before.isCurrent(legacy), during.isCurrent(legacy)]).toEqual([false, false]);
    expect(after.decrypt(legacy, "ctx")._unsafeUnwrapErr()).toMatchObject({
      code: "STORE_UNAVAILABLE",
      retryable: false,
    });
  });
});
