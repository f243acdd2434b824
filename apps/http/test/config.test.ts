import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../src/config.ts";

const REPO_ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const SECRET = "s".repeat(32);
/** What production needs, with secrets long enough. */
const PRODUCTION = { NODE_ENV: "production", VAPI_SECRET: SECRET, ADMIN_TOKEN: SECRET, HOST: "0.0.0.0" };

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

  it.each([
    [{ ...PRODUCTION, VAPI_SECRET: "x" }, /VAPI_SECRET is too short for production/],
    [{ ...PRODUCTION, ADMIN_TOKEN: "s".repeat(31) }, /ADMIN_TOKEN is too short for production/],
    [{ ...PRODUCTION, TOKEN_ENCRYPTION_KEY: "short" }, /TOKEN_ENCRYPTION_KEY is too short for production/],
    [{ ...PRODUCTION, DATA_DIR: ":memory:" }, /DATA_DIR=:memory: loses every booking/],
    [{ DATABASE_URL: "localhost:5432/postgres" }, /DATABASE_URL: a connection string such as postgres:/],
  ])("refuses %j", (env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
  });

  it("a refusal never echoes the secret", () => {
    expect(() => loadConfig({ ...PRODUCTION, VAPI_SECRET: "hunter2-secret" })).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining("hunter2") }),
    );
  });

  it("production with 32-character secrets, a data directory and a public HOST starts, without warnings", () => {
    const config = loadConfig({ ...PRODUCTION, PUBLIC_URL: "https://book.example.org", DATA_DIR: "/var/lib/voxanne" });
    expect(config).toMatchObject({ production: true, host: "0.0.0.0", allowMetadataTenant: false, warnings: [] });
    expect(loadConfig({ DATABASE_URL: "postgresql://u:p@db:5432/postgres" }).store.kind).toBe("postgres");
  });

  it("production warns about a loopback HOST, a missing PUBLIC_URL and ALLOW_METADATA_TENANT", () => {
    const { warnings } = loadConfig({ ...PRODUCTION, HOST: "127.0.0.1", ALLOW_METADATA_TENANT: "true" });
    expect(warnings).toEqual([
      expect.stringMatching(/^HOST is 127\.0\.0\.1 \(loopback\)/),
      expect.stringMatching(/^PUBLIC_URL is not set/),
      expect.stringMatching(/^ALLOW_METADATA_TENANT is on in production/),
    ]);
    expect(loadConfig({ ...PRODUCTION, HOST: undefined }).warnings[0]).toMatch(/^HOST is 127\.0\.0\.1/);
    expect(loadConfig({ HOST: "127.0.0.1", ALLOW_METADATA_TENANT: "true" }).warnings).toEqual([]);
  });

  it("reads a relative DATA_DIR from where the command was run (INIT_CWD, else the working directory)", () => {
    const dataDir = (env: Record<string, string>) => {
      const { store } = loadConfig(env);
      return store.kind === "pglite" ? store.dataDir : undefined;
    };
    expect(dataDir({ DATA_DIR: "clinic-data", INIT_CWD: "/home/op/voxanne" })).toBe("/home/op/voxanne/clinic-data");
    expect(dataDir({ DATA_DIR: "../data", INIT_CWD: "/home/op/voxanne" })).toBe("/home/op/data");
    expect(dataDir({ DATA_DIR: "clinic-data" })).toBe(join(process.cwd(), "clinic-data"));
    expect(dataDir({ DATA_DIR: "/srv/voxanne", INIT_CWD: "/home/op" })).toBe("/srv/voxanne");
    expect(dataDir({ INIT_CWD: "/home/op" })).toBe(join(REPO_ROOT, ".data"));
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
