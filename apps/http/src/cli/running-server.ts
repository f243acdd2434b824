/**
 * @module cli/running-server
 * A CLI that finds the embedded data directory held by a running server does not open it (one
 * writer per directory): it creates the clinic (or a practitioner, a service) through that server's
 * admin API, at the URL the server wrote in its lock, with the operator's ADMIN_TOKEN; or it
 * refuses, naming the server's PID and what to do.
 */
import type { z } from "@hono/zod-openapi";
import { errAsync, okAsync, ResultAsync } from "neverthrow";
import { AdminErrorBody } from "../admin/admin-errors.ts";
import { Clinic, type ClinicCreateInput, type ClinicView } from "../admin/clinic-input.ts";
import { DataDirBusy, type LockHolder } from "../system/data-dir-lock.ts";
import { flagOf } from "./org-create-args.ts";

const TIMEOUT_MS = 10_000;

export interface ViaServer {
  readonly clinic: ClinicView;
  readonly url: string;
}

/** Creates the clinic through the server holding `dataDir`; the error is the message to print. */
export function createThroughServer(
  dataDir: string,
  holder: LockHolder,
  adminToken: string | null,
  input: ClinicCreateInput,
): ResultAsync<ViaServer, string> {
  const server = { dataDir, holder, adminToken };
  return postThroughServer(server, "/api/admin/clinics", input, Clinic).map(({ created, url }) => ({
    clinic: created,
    url,
  }));
}

/** The running server and the operator's token. */
export interface HeldBy {
  readonly dataDir: string;
  readonly holder: LockHolder;
  readonly adminToken: string | null;
}

/**
 * POSTs `input` to the admin API of the server holding the directory; its 201 answer read with
 * `answer`. The error is the message to print (flags named with `flags`).
 */
export function postThroughServer<S extends z.ZodType>(
  { dataDir, holder, adminToken }: HeldBy,
  path: string,
  input: unknown,
  answer: S,
  flags: (field: string) => string = flagOf,
): ResultAsync<{ created: z.infer<S>; url: string }, string> {
  const { url } = holder;
  if (url === null) return errAsync(new DataDirBusy(dataDir, holder).message);
  if (adminToken === null) return errAsync(noToken(dataDir, holder, url));
  return ResultAsync.fromPromise(
    fetch(`${url}${path}`, {
      method: "POST",
      headers: { authorization: `Bearer ${adminToken}`, "content-type": "application/json" },
      body: JSON.stringify(input),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    }),
    (e) => `Could not reach the server (PID ${holder.pid}) at ${url}: ${e instanceof Error ? e.message : String(e)}.`,
  ).andThen((res) =>
    ResultAsync.fromPromise(
      res.json() as Promise<unknown>,
      () => `The server at ${url} answered ${res.status}, not JSON.`,
    ).andThen((body) => {
      const created = answer.safeParse(body);
      return res.status === 201 && created.success
        ? okAsync({ created: created.data as z.infer<S>, url })
        : errAsync(refusal(res.status, body, holder, flags));
    }),
  );
}

function noToken(dataDir: string, holder: LockHolder, url: string): string {
  return (
    `The embedded database in ${dataDir} is in use by the server, PID ${holder.pid} (${holder.command}, ` +
    `listening on ${url}), so this command does not open it. Run it again with ADMIN_TOKEN set to that ` +
    `server's admin token to create the clinic through its admin API, or stop the server (Ctrl-C, or ` +
    `\`kill ${holder.pid}\`) and run it again.`
  );
}

function refusal(status: number, body: unknown, holder: LockHolder, flags: (field: string) => string): string {
  const parsed = AdminErrorBody.safeParse(body);
  if (!parsed.success) return `The server (PID ${holder.pid}) answered ${status}: ${JSON.stringify(body)}`;
  const e = parsed.data;
  if (e.code === "UNAUTHORIZED") {
    return (
      `The server (PID ${holder.pid}) at ${holder.url} refused ADMIN_TOKEN: ${e.message} ` +
      "Use that server's ADMIN_TOKEN (a server started without one has its admin API off: restart it with one)."
    );
  }
  return e.field === undefined ? e.message : `${flags(e.field)}: ${e.message.replace(`${e.field}: `, "")}`;
}
