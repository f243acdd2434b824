import { describe, expect, it } from "vitest";
import { loadConfig } from "../src/config.ts";

describe("configuration", () => {
  it("defaults to the embedded database with a demo clinic, on loopback, saying why", () => {
    const config = loadConfig({});
    expect(config.store).toMatchObject({ kind: "pglite", demoClinic: true });
    expect(config.port).toBe(3000);
    expect(config.host).toBe("127.0.0.1");
    expect(config.loopbackReason).toMatch(/VAPI_SECRET/);
    expect(config.google).toBeNull();
  });

  it("without a secret, a public HOST is ignored and the reason names it", () => {
    const config = loadConfig({ HOST: "0.0.0.0" });
    expect(config.host).toBe("127.0.0.1");
    expect(config.loopbackReason).toContain("HOST=0.0.0.0 ignored");
  });

  it("with a secret, HOST is honoured", () => {
    expect(loadConfig({ HOST: "0.0.0.0", VAPI_SECRET: "x" })).toMatchObject({ host: "0.0.0.0", loopbackReason: null });
  });

  it("picks Supabase over DATABASE_URL, and DATABASE_URL over PGlite", () => {
    expect(
      loadConfig({
        SUPABASE_URL: "https://p.supabase.co",
        SUPABASE_SERVICE_ROLE_KEY: "k",
        DATABASE_URL: "postgres://x",
      }).store,
    ).toEqual({ kind: "supabase", url: "https://p.supabase.co", serviceRoleKey: "k" });
    expect(loadConfig({ DATABASE_URL: "postgres://x" }).store).toEqual({ kind: "postgres", url: "postgres://x" });
    expect(loadConfig({ DATA_DIR: ":memory:" }).store).toEqual({ kind: "pglite", dataDir: null, demoClinic: true });
  });

  it.each([
    [{ PORT: "http" }, /PORT/],
    [{ SUPABASE_URL: "https://p.supabase.co" }, /SUPABASE_SERVICE_ROLE_KEY is required/],
    [{ SUPABASE_SERVICE_ROLE_KEY: "k" }, /SUPABASE_URL is required/],
    [{ SUPABASE_URL: "not a url", SUPABASE_SERVICE_ROLE_KEY: "k" }, /SUPABASE_URL/],
    [{ NODE_ENV: "production", ADMIN_TOKEN: "a" }, /VAPI_SECRET is required in production/],
    [{ NODE_ENV: "production", VAPI_SECRET: "v" }, /ADMIN_TOKEN is required in production/],
    [{ GOOGLE_CLIENT_ID: "id" }, /GOOGLE_CLIENT_SECRET is required/],
    [{ GOOGLE_CLIENT_ID: "id", GOOGLE_CLIENT_SECRET: "s" }, /TOKEN_ENCRYPTION_KEY is required when Google/],
    [{ LOG_LEVEL: "loud" }, /LOG_LEVEL/],
    [{ WORKER_ENABLED: "maybe" }, /WORKER_ENABLED/],
  ])("refuses %j naming the variable", (env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
  });

  it("builds the Google redirect from PUBLIC_URL unless given", () => {
    const config = loadConfig({
      GOOGLE_CLIENT_ID: "id",
      GOOGLE_CLIENT_SECRET: "s",
      TOKEN_ENCRYPTION_KEY: "k",
      PUBLIC_URL: "https://book.example.org",
    });
    expect(config.google?.redirectUri).toBe("https://book.example.org/api/google/callback");
  });
});
