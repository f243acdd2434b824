import { describe, expect, it } from "vitest";
import { authenticateVapi, signBody } from "../src/vapi/vapi-auth.ts";

const settings = { secret: "s3cret-value", signatureMaxAgeSeconds: 300 };
const now = Date.UTC(2026, 10, 21, 10, 0, 0);
const headers = (h: Record<string, string>) => (name: string) => h[name.toLowerCase()];
const body = '{"message":{"type":"tool-calls"}}';

describe("Vapi request authentication", () => {
  it("accepts the secret as a Bearer token or in X-Vapi-Secret", () => {
    expect(authenticateVapi(settings, headers({ authorization: "Bearer s3cret-value" }), body, now)).toEqual({
      ok: true,
      method: "bearer",
    });
    expect(authenticateVapi(settings, headers({ "x-vapi-secret": "s3cret-value" }), body, now)).toEqual({
      ok: true,
      method: "x-vapi-secret",
    });
  });

  it.each([
    [{ authorization: "Bearer wrong" }, "wrong-secret"],
    [{ authorization: "Bearer s3cret-valu" }, "wrong-secret"],
    [{ "x-vapi-secret": "" }, "wrong-secret"],
    [{}, "missing-credentials"],
  ])("refuses %j (%s)", (h, failure) => {
    expect(authenticateVapi(settings, headers(h), body, now)).toEqual({ ok: false, failure });
  });

  it("accepts a fresh HMAC signature over timestamp.body, with or without the sha256= prefix", () => {
    const ts = String(Math.floor(now / 1000));
    const sig = signBody(settings.secret, ts, body);
    for (const signature of [sig, `sha256=${sig}`]) {
      expect(authenticateVapi(settings, headers({ "x-signature": signature, "x-timestamp": ts }), body, now)).toEqual({
        ok: true,
        method: "hmac",
      });
    }
    const inMs = String(now);
    expect(
      authenticateVapi(
        settings,
        headers({ "x-signature": signBody(settings.secret, inMs, body), "x-timestamp": inMs }),
        body,
        now,
      ),
    ).toEqual({ ok: true, method: "hmac" });
  });

  it("refuses a stale timestamp, a tampered body and a missing timestamp", () => {
    const stale = String(Math.floor(now / 1000) - 301);
    expect(
      authenticateVapi(
        settings,
        headers({ "x-signature": signBody(settings.secret, stale, body), "x-timestamp": stale }),
        body,
        now,
      ),
    ).toEqual({ ok: false, failure: "stale-timestamp" });
    const ts = String(Math.floor(now / 1000));
    const sig = signBody(settings.secret, ts, body);
    expect(authenticateVapi(settings, headers({ "x-signature": sig, "x-timestamp": ts }), `${body} `, now)).toEqual({
      ok: false,
      failure: "bad-signature",
    });
    expect(authenticateVapi(settings, headers({ "x-signature": sig }), body, now)).toEqual({
      ok: false,
      failure: "stale-timestamp",
    });
  });

  it("checks nothing when no secret is configured (local development on loopback)", () => {
    expect(authenticateVapi({ ...settings, secret: null }, headers({}), body, now)).toEqual({
      ok: true,
      method: "none-configured",
    });
  });
});
