/**
 * @module drills/live-port
 * An in-process app served on a live loopback port (`@hono/node-server`, as `pnpm start` serves),
 * and a 20 MB body sent to it a chunk at a time that stops as soon as the answer arrives, so an
 * early answer proves the server neither waited for nor buffered the body.
 */
import { request } from "node:http";
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";

export const TWENTY_MB = 20 * 1024 * 1024;
const CHUNK = Buffer.alloc(64 * 1024, "x");
export const CHUNK_BYTES = CHUNK.length;

export interface LivePort {
  readonly port: number;
  readonly url: string;
  close(): Promise<void>;
}

export async function serveOnPort(fetch: (request: Request) => Response | Promise<Response>): Promise<LivePort> {
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch, port: 0, hostname: "127.0.0.1" }, () => resolve(s));
  });
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export interface Sent {
  readonly status: number;
  readonly body: string;
  /** Bytes of the body written when the answer's status line arrived. */
  readonly writtenAtAnswer: number;
}

/**
 * POSTs a 20 MB body to `path` a chunk at a time, yielding between chunks, and stops writing as
 * soon as the answer arrives. Declared: only the first chunk is ever sent.
 */
export function postLarge(port: number, path: string, declareLength: boolean): Promise<Sent> {
  return new Promise((resolve, reject) => {
    let written = 0;
    let answered = false;
    const headers: Record<string, string | number> = { "content-type": "application/json" };
    if (declareLength) headers["content-length"] = TWENTY_MB;
    const req = request({ host: "127.0.0.1", port, method: "POST", path, headers }, (res) => {
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

/**
 * POSTs `body` with its Content-Length a chunk at a time, as a client on a network sends it, and
 * stops writing once an answer arrives: the answer even when the server answers (413) and closes
 * before the body is all written, which `fetch` reports as a failed request.
 */
export function postBody(
  port: number,
  path: string,
  body: string | Uint8Array,
  type: string | null,
): Promise<{ status: number; text: string }> {
  const bytes = typeof body === "string" ? Buffer.from(body, "utf8") : Buffer.from(body);
  return new Promise((resolve, reject) => {
    let answered = false;
    let written = 0;
    const headers: Record<string, string | number> = { "content-length": bytes.length };
    if (type !== null) headers["content-type"] = type;
    // A connection of its own: a socket the server closed after a 413 is never reused.
    const req = request({ host: "127.0.0.1", port, method: "POST", path, headers, agent: false }, (res) => {
      answered = true;
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString("utf8") }));
    });
    req.on("error", (e) => {
      if (!answered) reject(e);
    });
    const pump = () => {
      if (answered) return;
      if (written >= bytes.length) return void req.end();
      const chunk = bytes.subarray(written, written + CHUNK_BYTES);
      written += chunk.length;
      if (req.write(chunk)) setImmediate(pump);
      else req.once("drain", pump);
    };
    pump();
  });
}
