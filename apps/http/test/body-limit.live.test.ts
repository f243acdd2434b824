/**
 * On a live port (`@hono/node-server`, as `pnpm start` serves): a 20 MB body is answered 413
 * without the server reading it, whether its size is declared (Content-Length) or streamed
 * (chunked), and the server answers the next request as usual.
 */
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
