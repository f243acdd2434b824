/**
 * docs/operations.md keeps up with the code: every domain error code is in its table with the
 * status the one exhaustive switch gives it, every admin error code is there, and the commands it
 * tells an operator to run exist as package scripts.
 */
import { readFileSync } from "node:fs";
import { type DomainError, ERROR_CODES } from "@voxanne/domain";
import { describe, expect, it } from "vitest";
import { ADMIN_ERROR_CODES } from "../src/admin/admin-errors.ts";
import { errorReply } from "../src/errors/error-reply.ts";

const REPO = new URL("../../../", import.meta.url);
const doc = readFileSync(new URL("docs/operations.md", REPO), "utf8");

/** `code` → the status column of its first table row. */
const rows = new Map(
  [...doc.matchAll(/^\| `([A-Z_]+)` +\|[^|]*\| (\d{3}) +\|/gm)]
    .map((m) => [m[1] ?? "", Number(m[2])] as const)
    .reverse(),
);

/** A value of each code, enough for the switch to pick its status. */
const sample = (code: DomainError["code"]) =>
  ({ code, message: "", retryable: false, field: "f", alternatives: [], today: "", lastDate: "" }) as DomainError;

describe("docs/operations.md", () => {
  it("lists every domain error code with the HTTP status errorReply gives it", () => {
    const documented = ERROR_CODES.map((code) => [code, rows.get(code)]);
    expect(documented).toEqual(ERROR_CODES.map((code) => [code, errorReply(sample(code)).status]));
  });

  it("lists every admin error code", () => {
    expect(ADMIN_ERROR_CODES.filter((code) => !rows.has(code))).toEqual([]);
  });

  it("names only package scripts that exist", () => {
    const scripts = Object.keys(
      (JSON.parse(readFileSync(new URL("package.json", REPO), "utf8")) as { scripts: Record<string, string> }).scripts,
    );
    const named = [...new Set([...doc.matchAll(/`pnpm ([a-z:]+)/g)].map((m) => m[1] ?? ""))];
    expect(named.filter((s) => !["install", "deploy"].includes(s) && !scripts.includes(s))).toEqual([]);
    expect(named).toEqual(expect.arrayContaining(["verify", "tokens:rotate", "db:migrate"]));
  });
});
