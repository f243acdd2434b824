/**
 * `GET /api/ready?verbose=1`: the report `pnpm verify` prints, for an operator holding the admin
 * token. A broken invariant fails it (503, naming the constraint and its fix) while the quick
 * `/api/ready` a load balancer polls still judges only the database and its migrations.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_ORG, type Harness, startHarness } from "./support/harness.ts";

const ADMIN_TOKEN = "ops-verbose-admin-token-0123456789abcdef";
const auth = { authorization: `Bearer ${ADMIN_TOKEN}` };

interface Check {
  readonly name: string;
  readonly status: "pass" | "warn" | "fail";
  readonly detail: string;
  readonly fix: string | null;
}

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ ADMIN_TOKEN });
});
afterAll(() => h.close());

async function verbose(headers: Record<string, string> = auth) {
  const res = await h.composed.app.request("/api/ready?verbose=1", { headers });
  return { res, body: (await res.json()) as { status: string; checks?: Check[]; code?: string; message?: string } };
}

describe("GET /api/ready?verbose=1", () => {
  it("needs the admin token: 401 without it or with another, in the admin error shape", async () => {
    for (const headers of [{}, { authorization: "Bearer wrong" }]) {
      const { res, body } = await verbose(headers);
      expect(res.status).toBe(401);
      expect(res.headers.get("www-authenticate")).toBe("Bearer");
      expect(body).toMatchObject({ success: false, code: "UNAUTHORIZED", retryable: false });
      expect(body.checks).toBeUndefined();
    }
  });

  it("with it: every check, the demo clinic's included, ready; never cached", async () => {
    const { res, body } = await verbose();
    expect(res.status, JSON.stringify(body.checks?.filter((c) => c.status === "fail"))).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(body.status).toBe("ready");
    const names = body.checks?.map((c) => c.name) ?? [];
    expect(names).toEqual(
      expect.arrayContaining([
        "database reachable",
        "migrations current",
        "extension btree_gist",
        "constraint uq_contacts_org_phone",
        "constraint ex_appointments_practitioner_no_overlap",
        "column appointments.contact_id nullable",
        "row level security on every table",
        "functions closed to client roles",
        `clinic "Demo Clinic" (${DEMO_ORG}): zone`,
        `clinic "Demo Clinic" (${DEMO_ORG}): outbox`,
      ]),
    );
  });

  it("the exclusion constraint dropped: 503, the failing line names it and carries the SQL fix; quick /api/ready stays 200", async () => {
    await h.sql("alter table appointments drop constraint ex_appointments_practitioner_no_overlap");
    try {
      const { res, body } = await verbose();
      expect(res.status).toBe(503);
      expect(body.status).toBe("not_ready");
      const line = body.checks?.find((c) => c.name === "constraint ex_appointments_practitioner_no_overlap");
      expect(line).toMatchObject({ status: "fail", detail: expect.stringContaining("missing") });
      expect(line?.fix).toContain(
        "alter table appointments add constraint ex_appointments_practitioner_no_overlap exclude using gist",
      );
      expect((await h.composed.app.request("/api/ready")).status).toBe(200);
      await h.sql(line?.fix ?? "");
      expect((await verbose()).res.status).toBe(200);
    } finally {
      await h.sql(
        "do $$ begin if not exists (select 1 from pg_constraint where conname = 'ex_appointments_practitioner_no_overlap') then " +
          "alter table appointments add constraint ex_appointments_practitioner_no_overlap exclude using gist " +
          "(practitioner_id with =, tstzrange(blocks_from, blocks_until) with &&) where (status = 'booked'); end if; end $$",
      );
    }
  });
});

describe("GET /api/ready?verbose=1 without ADMIN_TOKEN on the server", () => {
  it("is off: 401 saying how to turn it on", async () => {
    const off = await startHarness();
    try {
      const res = await off.composed.app.request("/api/ready?verbose=1", { headers: auth });
      expect(res.status).toBe(401);
      expect(((await res.json()) as { message: string }).message).toContain("set ADMIN_TOKEN");
    } finally {
      await off.close();
    }
  });
});
