/**
 * On a live port (`@hono/node-server`, as `pnpm start` serves): a 20 MB body is answered 413
 * without the server reading it, whether its size is declared (Content-Length) or streamed
 * (chunked), and the server answers the next request as usual.
 */
import { request } from "node:http";
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { VAPI_BODY_LIMIT_BYTES } from "../src/routes/vapi-routes.ts";
import { type Harness, startHarness } from "./support/harness.ts";
import { ToolCallsAnswer } from "./support/vapi-answers.ts";

const TWENTY_MB = 20 * 1024 * 1024;
const CHUNK = Buffer.alloc(64 * 1024, "x");

let h: Harness;
let server: ReturnType<typeof serve>;
let port = 0;

beforeAll(async () => {
  h = await startHarness();
  server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: h.composed.app.fetch, port: 0, hostname: "127.0.0.1" }, () => resolve(s));
  });
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await h.close();
});

interface Sent {
  readonly status: number;
  readonly body: string;
  /** Bytes of the body written when the answer's status line arrived. */
  readonly writtenAtAnswer: number;
}

/**
 * POSTs a 20 MB body a chunk at a time, yielding between chunks, and stops writing as soon as the
 * answer arrives. Declared: only the first chunk is ever sent, so an answer proves the server did
 * not wait for (let alone buffer) the body.
 */
function postLarge(declareLength: boolean): Promise<Sent> {
  return new Promise((resolve, reject) => {
    let written = 0;
    let answered = false;
    const headers: Record<string, string | number> = { "content-type": "application/json" };
    if (declareLength) headers["content-length"] = TWENTY_MB;
    const req = request({ host: "127.0.0.1", port, method: "POST", path: "/api/vapi/tools", headers }, (res) => {
      answered = true;
      const writtenAtAnswer = written;
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8"), writtenAtAnswer });
        req.destroy();
      });
    });
    req.on("error", (e) => {
      if (!answered) reject(e);
    });
    const pump = () => {
      if (answered || written >= TWENTY_MB || (declareLength && written > 0)) return;
      written += CHUNK.length;
      const more = req.write(CHUNK);
      if (more) setImmediate(pump);
      else req.once("drain", pump);
    };
    pump();
  });
}

describe("a 20 MB body on a live port", () => {
  it("declared with Content-Length: 413 with only 64 KB of it sent, in Vapi's shape", async () => {
    const sent = await postLarge(true);
    expect(sent.status).toBe(413);
    expect(ToolCallsAnswer.parse(JSON.parse(sent.body))).toMatchObject({ results: [], error: expect.any(String) });
    expect(sent.writtenAtAnswer).toBe(CHUNK.length);
  });

  it("streamed (chunked): 413 once it passes the limit, long before 20 MB", async () => {
    const sent = await postLarge(false);
    expect(sent.status).toBe(413);
    expect(sent.writtenAtAnswer).toBeLessThan(TWENTY_MB / 2);
    expect(sent.writtenAtAnswer).toBeGreaterThan(VAPI_BODY_LIMIT_BYTES);
  });

  it("the server answers the next request as usual", async () => {
    const res = await fetch(`http://127.0.0.1:${port}/api/health`);
    expect(res.status).toBe(200);
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
  });
});
