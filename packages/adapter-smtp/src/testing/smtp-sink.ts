/**
 * @module testing/smtp-sink
 * A local SMTP server that keeps every message it receives (`smtp-server`), for tests and local
 * trials: point `SMTP_URL` at `sink.url`. It can refuse the next messages with a reply code.
 */
import { once } from "node:events";
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";

export interface ReceivedMail {
  readonly from: string;
  readonly to: readonly string[];
  /** The whole message as sent (headers, body, attachments). */
  readonly raw: string;
}

export class SmtpSink {
  readonly received: ReceivedMail[] = [];
  /** Reply codes for the next messages (e.g. 451: try later; 550: refused). */
  readonly refuseNext: number[] = [];
  private readonly server: SMTPServer;

  private constructor() {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ["STARTTLS"],
      logger: false,
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on("data", (c: Buffer) => chunks.push(c));
        stream.on("end", () => {
          const code = this.refuseNext.shift();
          if (code !== undefined) {
            callback(Object.assign(new Error(`refused with ${code}`), { responseCode: code }));
            return;
          }
          const from = session.envelope.mailFrom === false ? "" : session.envelope.mailFrom.address;
          const to = session.envelope.rcptTo.map((r) => r.address);
          this.received.push({ from, to, raw: Buffer.concat(chunks).toString("utf8") });
          callback();
        });
      },
    });
  }

  static async start(): Promise<SmtpSink> {
    const sink = new SmtpSink();
    sink.server.listen(0, "127.0.0.1");
    await once(sink.server.server, "listening");
    return sink;
  }

  get url(): string {
    return `smtp://127.0.0.1:${(this.server.server.address() as AddressInfo).port}`;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
