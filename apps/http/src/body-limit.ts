/**
 * @module body-limit
 * A request body's size limit, enforced before anything reads the body: a declared
 * `Content-Length` over the limit is refused unread; a body without one (chunked) is read here,
 * counted, refused as soon as it passes the limit, and handed on as the bytes read.
 *
 * Hono's `bodyLimit` does the same, but it asks for `c.req.raw.body` first, and under
 * `@hono/node-server` that turns the server's light request into a full WHATWG `Request` with a
 * web stream over Node's request: then every body is read through that stream. Checking the
 * headers first leaves a body with a declared length to the server's direct read (`c.req.text()`
 * straight from Node's request), which is most of what a tool call costs in HTTP.
 */
import type { Context, MiddlewareHandler } from "hono";
import type { AppEnv } from "./app-env.ts";

export function limitBody(
  maxBytes: number,
  onTooLarge: (c: Context<AppEnv>) => Response | Promise<Response>,
): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const declared = c.req.header("content-length");
    const chunked = c.req.header("transfer-encoding") !== undefined;
    if (declared !== undefined && !chunked) {
      return Number.parseInt(declared, 10) > maxBytes ? onTooLarge(c) : next();
    }
    const body = c.req.raw.body;
    if (body === null) return next();
    const read = await readWithin(body, maxBytes);
    if (read === null) return onTooLarge(c);
    c.req.raw = new Request(c.req.raw, { body: read });
    return next();
  };
}

/** The stream's bytes, or null as soon as there are more than `maxBytes` (the rest is not read). */
async function readWithin(body: ReadableStream<Uint8Array>, maxBytes: number): Promise<Uint8Array | null> {
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      return null;
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}
