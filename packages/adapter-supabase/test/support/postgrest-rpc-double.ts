/**
 * A test double of PostgREST's RPC route, and only that route: it stands in for PostgREST
 * (which cannot run here, see reference/supabase.md) so supabase-js can be tested end to end.
 * As a `fetch`, it answers `POST {url}/rest/v1/rpc/{fn}` by calling `public.fn` on a real
 * Postgres with the JSON body's keys as named arguments, in one statement (one transaction),
 * and turns failures into PostgREST's error body `{ code, message, details, hint }` with the
 * HTTP status PostgREST gives each SQLSTATE. Anything else is a 404.
 */
import type pg from "pg";

/** PostgREST's SQLSTATE → HTTP table (reference/supabase.md). */
export function httpStatusOf(sqlstate: string): number {
  const custom = /^PT(\d{3})$/.exec(sqlstate);
  if (custom?.[1] !== undefined) return Number(custom[1]);
  if (sqlstate === "23505" || sqlstate === "23503") return 409;
  if (sqlstate === "23P01" || sqlstate === "P0001") return 400;
  if (sqlstate.startsWith("P0")) return 500;
  if (sqlstate === "42501") return 403;
  if (sqlstate === "42883" || sqlstate === "42P01") return 404;
  if (sqlstate.startsWith("40")) return 500;
  if (sqlstate.startsWith("08") || sqlstate.startsWith("53") || sqlstate === "57P01") return 503;
  return 400;
}

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json; charset=utf-8" } });

const IDENT = /^[a-z_][a-z0-9_]*$/;

export interface RpcDouble {
  readonly fetch: typeof fetch;
  /** Requests answered so far, as `fn` names (one per supabase-js `rpc` call). */
  readonly calls: string[];
}

export function postgrestRpcDouble(pool: pg.Pool): RpcDouble {
  const calls: string[] = [];
  const handle = async (input: Parameters<typeof fetch>[0], init?: Parameters<typeof fetch>[1]): Promise<Response> => {
    const request = new Request(input, init);
    const route = /\/rest\/v1\/rpc\/([^/?]+)$/.exec(new URL(request.url).pathname);
    const fn = route?.[1];
    if (request.method !== "POST" || fn === undefined) return json(404, { code: "PGRST125", message: "Invalid path" });
    const body = (await request.json()) as Record<string, unknown>;
    const names = Object.keys(body);
    if (!IDENT.test(fn) || !names.every((n) => IDENT.test(n))) {
      return json(404, {
        code: "PGRST202",
        message: `Could not find the function public.${fn}`,
        details: null,
        hint: null,
      });
    }
    calls.push(fn);
    const sql = `select public.${fn}(${names.map((n, i) => `${n} => $${i + 1}`).join(", ")}) as result`;
    const params = names.map((n) => {
      const v = body[n];
      return typeof v === "object" && v !== null ? JSON.stringify(v) : v;
    });
    try {
      const { rows } = await pool.query(sql, params);
      return json(200, rows[0]?.result ?? null);
    } catch (e) {
      const err = e as { code?: string; message?: string; detail?: string; hint?: string };
      const code = err.code ?? "XX000";
      if (code === "42883") {
        return json(404, {
          code: "PGRST202",
          message: `Could not find the function public.${fn}`,
          details: null,
          hint: null,
        });
      }
      return json(httpStatusOf(code), {
        code,
        message: err.message ?? "",
        details: err.detail ?? null,
        hint: err.hint ?? null,
      });
    }
  };
  return { fetch: handle as typeof fetch, calls };
}
