/**
 * @module testing/twilio-emulator
 * A stand-in for Twilio's Messages API, for tests and local trials (never production): served over
 * real HTTP on 127.0.0.1 so the real `twilio` client talks to it (pass `emulator.url` as
 * `TWILIO_API_BASE_URL`). It checks the account's Basic credentials, serves Messages create /
 * fetch / list, posts status callbacks signed with the auth token (`deliver()`), posts inbound
 * replies signed the same way (`reply()`; STOP blocks later sends with 21610, START lifts it), and
 * injects faults on create: 429, 500 (nothing sent), "landed then 500" (sent, answered 500), and
 * slow answers (sent, answered late), queued or at a seeded random rate.
 */
import { once } from "node:events";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { mulberry32 } from "@voxanne/domain/testing";
import twilio from "twilio";
import { type CreateParams, type EmulatedMessage, EmulatorMessages } from "./emulator-messages.ts";

export type TwilioFault =
  | { readonly type: "status"; readonly status: 429 | 500 | 503 }
  | { readonly type: "landThen500" }
  | { readonly type: "slow"; readonly ms: number };

export const TwilioFaults = {
  tooManyRequests: { type: "status", status: 429 },
  serverError: { type: "status", status: 500 },
  landThen500: { type: "landThen500" },
  slow: (ms: number): TwilioFault => ({ type: "slow", ms }),
} as const;

export interface TwilioRandomFaults {
  readonly rate: number;
  readonly seed: number;
  readonly faults: readonly TwilioFault[];
}

export const EMULATOR_ACCOUNT = { accountSid: `AC${"0".repeat(31)}1`, authToken: "emulator-auth-token" };

async function formOf(req: IncomingMessage): Promise<Record<string, string>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString("utf8")));
}

function answer(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}

const twilioError = (status: number, code: number, message: string) => ({
  status,
  code,
  message,
  more_info: `https://www.twilio.com/docs/errors/${code}`,
});

export class TwilioEmulator {
  readonly accountSid = EMULATOR_ACCOUNT.accountSid;
  readonly authToken = EMULATOR_ACCOUNT.authToken;
  readonly messages = new EmulatorMessages(EMULATOR_ACCOUNT.accountSid);
  /** Create requests received, faulted ones included. */
  createRequests = 0;
  private readonly queued: TwilioFault[] = [];
  private random: { readonly next: () => number; readonly plan: TwilioRandomFaults } | null = null;
  private readonly server: Server;
  private readonly now: () => Date;

  private constructor(now: () => Date) {
    this.now = now;
    this.server = createServer((req, res) => {
      this.route(req, res).catch((e: unknown) => answer(res, 500, twilioError(500, 20500, String(e))));
    });
  }

  /** `now` stamps messages' creation (default: the wall clock), so a test's clock and Twilio's agree. */
  static async start(options: { readonly now?: () => Date } = {}): Promise<TwilioEmulator> {
    const emulator = new TwilioEmulator(options.now ?? (() => new Date()));
    emulator.server.listen(0, "127.0.0.1");
    await once(emulator.server, "listening");
    return emulator;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** The next create requests meet these faults, in order. */
  failNext(...faults: TwilioFault[]): void {
    this.queued.push(...faults);
  }

  /** From now on, `rate` of create requests meet one of `faults` (seeded); `null` stops it. */
  failRandomly(plan: TwilioRandomFaults | null): void {
    this.random = plan === null ? null : { next: mulberry32(plan.seed), plan };
  }

  /** Messages sent (landed) to `to`, oldest first. */
  sentTo(to: string): EmulatedMessage[] {
    return this.messages.sent.filter((m) => m.to === to);
  }

  /** Marks every queued message `delivered` and posts its signed status callback; how many callbacks answered 2xx. */
  async deliver(status = "delivered"): Promise<number> {
    let ok = 0;
    for (const m of this.messages.sent.filter((x) => x.status === "queued")) {
      m.status = status;
      if (m.statusCallback === null) continue;
      const fields = {
        AccountSid: this.accountSid,
        MessageSid: m.sid,
        SmsSid: m.sid,
        MessageStatus: status,
        SmsStatus: status,
        To: m.to,
        From: m.from ?? "",
        ApiVersion: "2010-04-01",
      };
      if ((await this.post(m.statusCallback, fields)).ok) ok += 1;
    }
    return ok;
  }

  /** A patient's reply, posted (signed) to `webhookUrl` as Twilio would; STOP / START also change Twilio's own blocking. */
  async reply(from: string, to: string, body: string, webhookUrl: string): Promise<Response> {
    const word = body.trim().toUpperCase();
    if (["STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT"].includes(word)) this.messages.optedOut.add(from);
    if (["START", "YES", "UNSTOP"].includes(word)) this.messages.optedOut.delete(from);
    const fields = {
      AccountSid: this.accountSid,
      MessageSid: `SM${Date.now()}`,
      From: from,
      To: to,
      Body: body,
      NumMedia: "0",
    };
    return this.post(webhookUrl, fields);
  }

  /** The `X-Twilio-Signature` Twilio would send with these form fields to this URL. */
  sign(url: string, fields: Record<string, string>): string {
    return twilio.getExpectedTwilioSignature(this.authToken, url, fields);
  }

  /** Posts form `fields` to `url` with a correct `X-Twilio-Signature` (or the one given). */
  post(url: string, fields: Record<string, string>, signature?: string): Promise<Response> {
    const sig = signature ?? this.sign(url, fields);
    return fetch(url, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", "x-twilio-signature": sig },
      body: new URLSearchParams(fields).toString(),
    });
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private authorised(req: IncomingMessage): boolean {
    const expected = `Basic ${Buffer.from(`${this.accountSid}:${this.authToken}`).toString("base64")}`;
    return req.headers.authorization === expected;
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://emulator");
    const base = `/2010-04-01/Accounts/${this.accountSid}/Messages`;
    if (!this.authorised(req)) return answer(res, 401, twilioError(401, 20003, "Authenticate"));
    if (req.method === "POST" && url.pathname === `${base}.json`) return this.create(await formOf(req), res);
    if (req.method === "GET" && url.pathname === `${base}.json`) {
      const q = url.searchParams;
      const pageSize = Number(q.get("PageSize") ?? 50);
      return answer(
        res,
        200,
        this.messages.page(this.messages.list(q.get("To"), q.get("From")), `${base}.json`, pageSize),
      );
    }
    const one = new RegExp(`^${base}/(SM[0-9a-f]+)\\.json$`).exec(url.pathname);
    const found = one?.[1] === undefined ? undefined : this.messages.find(one[1]);
    if (req.method === "GET" && found !== undefined) return answer(res, 200, this.messages.json(found));
    return answer(res, 404, twilioError(404, 20404, "The requested resource was not found"));
  }

  private nextFault(): TwilioFault | null {
    const queued = this.queued.shift();
    if (queued !== undefined) return queued;
    if (this.random === null || this.random.next() >= this.random.plan.rate) return null;
    const { faults } = this.random.plan;
    return faults[Math.floor(this.random.next() * faults.length)] ?? null;
  }

  private async create(params: CreateParams, res: ServerResponse): Promise<void> {
    this.createRequests += 1;
    const fault = this.nextFault();
    if (fault?.type === "status") {
      return answer(res, fault.status, twilioError(fault.status, fault.status === 429 ? 20429 : 20500, "injected"));
    }
    const made = this.messages.create(params, this.now());
    if ("code" in made) return answer(res, made.status, twilioError(made.status, made.code, made.message));
    if (fault?.type === "landThen500") return answer(res, 500, twilioError(500, 20500, "injected after landing"));
    if (fault?.type === "slow") await sleep(fault.ms);
    answer(res, 201, this.messages.json(made));
  }
}
