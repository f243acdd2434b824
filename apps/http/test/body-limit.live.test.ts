/**
 * On a live port (`@hono/node-server`, as `pnpm start` serves): a 20 MB body is answered 413
 * without the server reading it, whether its size is declared (Content-Length) or streamed
 * (chunked), and the server answers the next request as usual. A body under the limit is read
 * whole either way.
 */
import { request } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHUNK_BYTES, type LivePort, postLarge as postLargeTo, serveOnPort, TWENTY_MB } from "../drills/live-port.ts";
import { VAPI_BODY_LIMIT_BYTES } from "../src/routes/vapi-routes.ts";
import { type Harness, startHarness } from "./support/harness.ts";
import { ToolCallsAnswer } from "./support/vapi-answers.ts";

let h: Harness;
let live: LivePort;

beforeAll(async () => {
  h = await startHarness();
  live = await serveOnPort(h.composed.app.fetch);
});
afterAll(async () => {
  await live.close();
  await h.close();
});

const postLarge = (declareLength: boolean) => postLargeTo(live.port, "/api/vapi/tools", declareLength);

describe("a 20 MB body on a live port", () => {
  it("declared with Content-Length: 413 with only 64 KB of it sent, in Vapi's shape", async () => {
    const sent = await postLarge(true);
    expect(sent.status).toBe(413);
    expect(ToolCallsAnswer.parse(JSON.parse(sent.body))).toMatchObject({ results: [], error: expect.any(String) });
    expect(sent.writtenAtAnswer).toBe(CHUNK_BYTES);
  });

  it("streamed (chunked): 413 once it passes the limit, long before 20 MB", async () => {
    const sent = await postLarge(false);
    expect(sent.status).toBe(413);
    expect(sent.writtenAtAnswer).toBeLessThan(TWENTY_MB / 2);
    expect(sent.writtenAtAnswer).toBeGreaterThan(VAPI_BODY_LIMIT_BYTES);
  });

  it("the server answers the next request as usual", async () => {
    const res = await fetch(`${live.url}/api/health`);
    expect(res.status).toBe(200);
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
  });
});

/** POSTs `body` to the live port, its length declared or sent chunked (no Content-Length). */
function post(path: string, body: string, declareLength: boolean): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const bytes = Buffer.from(body, "utf8");
    const headers: Record<string, string> = { "content-type": "application/json" };
    if (declareLength) headers["content-length"] = String(bytes.length);
    const req = request({ host: "127.0.0.1", port: live.port, path, method: "POST", headers }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (d: string) => {
        text += d;
      });
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on("error", reject);
    // Two writes: a chunked body arrives in pieces.
    req.write(bytes.subarray(0, 10));
    req.end(bytes.subarray(10));
  });
}

describe("a body under the limit on a live port", () => {
  const message = JSON.stringify({
    message: { type: "status-update", status: "in-progress", pad: "x".repeat(50_000) },
  });

  it.each([true, false])("is read whole (Content-Length declared: %s)", async (declareLength) => {
    const sent = await post("/api/vapi/tools", message, declareLength);
    expect(sent.status).toBe(200);
    expect(JSON.parse(sent.body)).toEqual({ received: "status-update" });
  });
});
