/**
 * @module testing/google-emulator
 * A stand-in for the few Google endpoints we use, for tests and local trials (never production):
 * served over real HTTP on 127.0.0.1 so the real `@googleapis/calendar` and `google-auth-library`
 * clients talk to it (pass `emulator.baseUrl` as `googleBaseUrl`). It serves `/token`
 * (refresh_token and authorization_code grants, an ID token with `openid`), `/o/oauth2/v2/auth`
 * (consents at once as the signed-in account and redirects with a code), events insert/get/patch/delete and freeBusy under `/calendar/v3/`,
 * checks the Bearer tokens it issued (401 otherwise), counts requests by kind, injects faults on
 * demand, and can go down and come back on the same port.
 */
import { once } from "node:events";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { EmulatorAccounts } from "./emulator-accounts.ts";
import { type Answer, EmulatorCalendars, googleError } from "./emulator-calendars.ts";
import { CALENDAR_KINDS, type Fault, FaultPlan, type RandomFailures, type RequestKind } from "./emulator-faults.ts";

export interface EmulatorOptions {
  readonly clientId?: string;
  readonly clientSecret?: string;
  /** The emulator's clock for token expiry (default `Date.now`). */
  readonly now?: () => number;
  /** Calendar ids every account has besides `primary` (e.g. one per practitioner). */
  readonly calendars?: readonly string[];
  /** The port on 127.0.0.1 (default 0: a free port, see `baseUrl`). */
  readonly port?: number;
  /** Told of every routed request as it arrives (the command prints them). */
  readonly onRequest?: (request: EmulatorRequest) => void;
}

/** A request the emulator routed: what it is, and its method and path. */
export interface EmulatorRequest {
  readonly kind: RequestKind;
  readonly method: string;
  readonly path: string;
}

export const EMULATOR_CLIENT = { clientId: "voxanne-test.apps.googleusercontent.com", clientSecret: "test-secret" };

export class GoogleEmulator {
  readonly accounts: EmulatorAccounts;
  readonly calendars: EmulatorCalendars;
  readonly faults = new FaultPlan();
  private readonly counts = new Map<RequestKind, number>();
  private readonly last = new Map<RequestKind, { readonly query: URLSearchParams; readonly body: string }>();
  private readonly client: { clientId: string; clientSecret: string };
  private readonly onRequest: (request: EmulatorRequest) => void;
  private server: Server;
  private port: number;

  private constructor(options: EmulatorOptions) {
    this.accounts = new EmulatorAccounts(options.now ?? Date.now);
    this.calendars = new EmulatorCalendars(options.calendars);
    this.client = {
      clientId: options.clientId ?? EMULATOR_CLIENT.clientId,
      clientSecret: options.clientSecret ?? EMULATOR_CLIENT.clientSecret,
    };
    this.port = options.port ?? 0;
    this.onRequest = options.onRequest ?? (() => {});
    this.server = this.newServer();
  }

  /** A running emulator on `options.port` (default: a free port); rejects when the port is taken. */
  static async start(options: EmulatorOptions = {}): Promise<GoogleEmulator> {
    const emulator = new GoogleEmulator(options);
    await emulator.listen();
    return emulator;
  }

  /** Pass as `googleBaseUrl`. */
  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Requests received of one kind (every kind when omitted), faults and refusals included. */
  requests(kind?: RequestKind): number {
    if (kind !== undefined) return this.counts.get(kind) ?? 0;
    return [...this.counts.values()].reduce((a, b) => a + b, 0);
  }

  resetCounts(): void {
    this.counts.clear();
  }

  /** The query and body of the last request of this kind. */
  lastRequest(kind: RequestKind): { readonly query: URLSearchParams; readonly body: string } | undefined {
    return this.last.get(kind);
  }

  /** The next `times` requests of `kinds` (one kind, a list, or every Calendar API request) get `fault`. */
  failNext(kinds: RequestKind | readonly RequestKind[] | "calendar", fault: Fault, times = 1): void {
    const list = kinds === "calendar" ? CALENDAR_KINDS : typeof kinds === "string" ? [kinds] : kinds;
    this.faults.failNext(list, fault, times);
  }

  /** Fails a seeded random share of requests from now on. */
  failRandomly(spec: RandomFailures): void {
    this.faults.failRandomly(spec);
  }

  /** Back to healthy: drops queued and random faults (freeBusy errors set on a calendar stay). */
  heal(): void {
    this.faults.clear();
  }

  /** Goes down: closes every connection and refuses new ones (ECONNREFUSED). */
  async stop(): Promise<void> {
    if (!this.server.listening) return;
    const closed = once(this.server, "close");
    this.server.close();
    this.server.closeAllConnections();
    await closed;
  }

  /** Comes back on the same port, with its state (tokens, events) intact. */
  async restart(): Promise<void> {
    await this.stop();
    this.server = this.newServer();
    await this.listen();
  }

  private newServer(): Server {
    return createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => answer(res, { status: 500, body: { error: String(error) } }));
    });
  }

  private async listen(): Promise<void> {
    this.server.listen(this.port, "127.0.0.1");
    await once(this.server, "listening");
    this.port = (this.server.address() as AddressInfo).port;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", this.baseUrl);
    const route = routeOf(req.method ?? "GET", url.pathname);
    const body = await readBody(req);
    if (route === null) return answer(res, googleError(404, "notFound", `no route ${req.method} ${url.pathname}`));
    const kind = route.kind === "token" ? tokenKind(body) : route.kind;
    this.counts.set(kind, (this.counts.get(kind) ?? 0) + 1);
    this.last.set(kind, { query: url.searchParams, body });
    this.onRequest({ kind, method: req.method ?? "GET", path: url.pathname });
    const fault = this.faults.take(kind);
    if (fault?.type === "delay") await sleep(fault.ms);
    if (fault?.type === "status") return answer(res, faultAnswer(kind, fault.status, fault.reason));
    if (fault?.type === "invalidGrant") return answer(res, invalidGrant());
    const result = this.serve(kind, route.params, url, req, body);
    answer(res, fault?.type === "landThen500" ? faultAnswer(kind, 500, "backendError") : result);
  }

  private serve(kind: RequestKind, params: string[], url: URL, req: IncomingMessage, body: string): Answer {
    if (kind === "refresh" || kind === "exchange") return this.token(kind, new URLSearchParams(body));
    if (kind === "consent") return this.consent(url);
    const account = this.accounts.accountOf(bearer(req) ?? "");
    if (account === null) return googleError(401, "authError", "Request had invalid authentication credentials.");
    const [calendarId = "", eventId = ""] = params;
    const json = body === "" ? {} : JSON.parse(body);
    switch (kind) {
      case "insert":
        return this.calendars.insert(account, calendarId, json);
      case "get":
        return this.calendars.get(account, calendarId, eventId);
      case "patch":
        return this.calendars.patch(account, calendarId, eventId, json);
      case "delete":
        return this.calendars.delete(account, calendarId, eventId);
      case "freeBusy":
        return this.calendars.freeBusy(account, json);
    }
  }

  private token(kind: "refresh" | "exchange", form: URLSearchParams): Answer {
    if (form.get("client_id") !== this.client.clientId || form.get("client_secret") !== this.client.clientSecret) {
      return { status: 401, body: { error: "invalid_client", error_description: "The OAuth client was not found." } };
    }
    const issued =
      kind === "refresh"
        ? this.accounts.refresh(form.get("refresh_token") ?? "")
        : this.accounts.exchange(form.get("code") ?? "", form.get("redirect_uri"), this.client.clientId);
    return issued === null ? invalidGrant() : { status: 200, body: issued };
  }

  /**
   * Google's consent screen, consenting at once as the signed-in account (a `login_hint` is only a
   * hint, as with Google): redirects back with a code and the state.
   */
  private consent(url: URL): Answer {
    const redirectUri = url.searchParams.get("redirect_uri") ?? "";
    const code = this.accounts.authorizationCode({
      account: this.accounts.signedInAccount,
      redirectUri,
      withRefreshToken: (url.searchParams.get("prompt") ?? "").split(" ").includes("consent"),
      ...(url.searchParams.get("scope") ? { scope: url.searchParams.get("scope") ?? "" } : {}),
    });
    const back = new URL(redirectUri);
    back.searchParams.set("code", code);
    back.searchParams.set("state", url.searchParams.get("state") ?? "");
    return { status: 302, body: { location: back.href } };
  }
}

interface Route {
  readonly kind: RequestKind | "token";
  readonly params: string[];
}

const ROUTES: readonly { method: string; path: RegExp; kind: Route["kind"] }[] = [
  { method: "POST", path: /^\/token$/, kind: "token" },
  { method: "GET", path: /^\/o\/oauth2\/v2\/auth$/, kind: "consent" },
  { method: "POST", path: /^\/calendar\/v3\/calendars\/([^/]+)\/events$/, kind: "insert" },
  { method: "GET", path: /^\/calendar\/v3\/calendars\/([^/]+)\/events\/([^/]+)$/, kind: "get" },
  { method: "PATCH", path: /^\/calendar\/v3\/calendars\/([^/]+)\/events\/([^/]+)$/, kind: "patch" },
  { method: "DELETE", path: /^\/calendar\/v3\/calendars\/([^/]+)\/events\/([^/]+)$/, kind: "delete" },
  { method: "POST", path: /^\/calendar\/v3\/freeBusy$/, kind: "freeBusy" },
];

function routeOf(method: string, path: string): Route | null {
  for (const r of ROUTES) {
    const match = method === r.method ? r.path.exec(path) : null;
    if (match) return { kind: r.kind, params: match.slice(1).map((p) => decodeURIComponent(p)) };
  }
  return null;
}

function tokenKind(body: string): RequestKind {
  return new URLSearchParams(body).get("grant_type") === "authorization_code" ? "exchange" : "refresh";
}

function faultAnswer(kind: RequestKind, status: number, reason = "backendError"): Answer {
  if (kind === "refresh" || kind === "exchange") return { status, body: { error: reason } };
  return googleError(status, reason);
}

function invalidGrant(): Answer {
  return { status: 400, body: { error: "invalid_grant", error_description: "Token has been expired or revoked." } };
}

function bearer(req: IncomingMessage): string | null {
  const header = req.headers.authorization ?? "";
  return header.startsWith("Bearer ") ? header.slice("Bearer ".length) : null;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

function answer(res: ServerResponse, { status, body }: Answer): void {
  if (res.destroyed || res.headersSent) return;
  if (status === 302) {
    res.writeHead(302, { location: (body as { location: string }).location }).end();
    return;
  }
  if (body === undefined) {
    res.writeHead(status).end();
    return;
  }
  res.writeHead(status, { "content-type": "application/json; charset=utf-8" }).end(JSON.stringify(body));
}
