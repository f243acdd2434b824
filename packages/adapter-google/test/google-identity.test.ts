import { describe, expect, it } from "vitest";
import { accountOf } from "../src/google-identity.ts";

const CLIENT = "voxanne-test.apps.googleusercontent.com";
const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
const jwt = (claims: unknown) => `${part({ alg: "RS256", typ: "JWT" })}.${part(claims)}.c2lnbmF0dXJl`;
const claims = { iss: "https://accounts.google.com", aud: CLIENT, sub: "110169484474386276334" };

describe("accountOf: the Google account an ID token from the token endpoint names", () => {
  it("is the token's sub when Google issued it to our client (either issuer spelling, aud as a list)", () => {
    expect(accountOf(jwt(claims), CLIENT)).toBe("110169484474386276334");
    expect(accountOf(jwt({ ...claims, iss: "accounts.google.com" }), CLIENT)).toBe("110169484474386276334");
    expect(accountOf(jwt({ ...claims, aud: ["other", CLIENT] }), CLIENT)).toBe("110169484474386276334");
  });

  it("is nothing for a token issued to another client, by another issuer, or without a sub", () => {
    expect(accountOf(jwt({ ...claims, aud: "another-client" }), CLIENT)).toBeNull();
    expect(accountOf(jwt({ ...claims, iss: "https://evil.example" }), CLIENT)).toBeNull();
    expect(accountOf(jwt({ ...claims, sub: "" }), CLIENT)).toBeNull();
    expect(accountOf(jwt({ ...claims, sub: 42 }), CLIENT)).toBeNull();
  });

  it("is nothing for no token, or one that does not read", () => {
    expect(accountOf(undefined, CLIENT)).toBeNull();
    expect(accountOf(null, CLIENT)).toBeNull();
    expect(accountOf("", CLIENT)).toBeNull();
    expect(accountOf("a.b", CLIENT)).toBeNull();
    expect(accountOf(`${part({})}.not-base64-json.sig`, CLIENT)).toBeNull();
    expect(accountOf(`${part({})}.${part([claims])}.sig`, CLIENT)).toBeNull();
    expect(accountOf(`${jwt(claims)}.extra`, CLIENT)).toBeNull();
  });
});
