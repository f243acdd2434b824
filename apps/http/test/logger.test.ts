/** Phone numbers of any length are masked in logs, and masking never throws. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createLogger, maskPhoneNumber } from "../src/observability/logger.ts";

describe("maskPhoneNumber", () => {
  it.each([
    ["+447700900123", "+44*******123"],
    ["+12345", "+****5"],
    ["+1234", "+***4"],
    ["123", "***"],
    ["", ""],
  ])("%s → %s", (phone, masked) => {
    expect(maskPhoneNumber(phone)).toBe(masked);
  });

  it("hides at least half of any string, keeps its length, and never shows more than three characters at each end", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme-composite", maxLength: 40 }), (phone) => {
        const masked = Array.from(maskPhoneNumber(phone));
        const chars = Array.from(phone);
        expect(masked).toHaveLength(chars.length);
        expect(masked.filter((c) => c !== "*").length).toBeLessThanOrEqual(Math.floor(chars.length / 2));
        expect(masked.slice(3, -3).every((c) => c === "*")).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});

describe("the logger", () => {
  it("masks a caller number of every length from 0 to 20 digits, at any depth it redacts", () => {
    const lines: Record<string, unknown>[] = [];
    const log = createLogger("info", { write: (line: string) => void lines.push(JSON.parse(line)) });
    for (let n = 0; n <= 20; n++) {
      const phone = `+${"9".repeat(n)}`;
      log.info({ callerNumber: phone, nested: { patientPhone: phone, deeper: { phone } } }, "call");
    }
    expect(lines).toHaveLength(21);
    const text = JSON.stringify(lines);
    for (let n = 2; n <= 20; n++) expect(text).not.toContain(`"+${"9".repeat(n)}"`);
  });

  it("a value it cannot mask is redacted, never a thrown error", () => {
    const lines: Record<string, unknown>[] = [];
    const log = createLogger("info", { write: (line: string) => void lines.push(JSON.parse(line)) });
    expect(() => log.info({ callerNumber: { number: "+447700900123" }, email: 42 }, "odd")).not.toThrow();
    expect(lines[0]).toMatchObject({ callerNumber: "[redacted]", email: "[redacted]" });
  });

  it("masks child bindings, keys inside arrays, and headers two levels down, without changing the logged objects", () => {
    const lines: Record<string, unknown>[] = [];
    const log = createLogger("info", { write: (line: string) => void lines.push(JSON.parse(line)) });
    const fields = {
      contacts: [{ phone: "+447700900123" }, { email: "ada@example.com" }],
      req: { headers: { authorization: "Bearer secret-token-123", host: "clinic.example" } },
      err: Object.assign(new Error("store unavailable"), { phone: "+447700900789" }),
      tooDeep: { a: { b: { phone: "+447700900999" } } },
    };
    log.child({ reqId: "r1", customerNumber: "+447700900456" }).info(fields, "line");
    const text = JSON.stringify(lines[0]);
    expect(text).not.toContain("+447700900123");
    expect(text).not.toContain("ada@example.com");
    expect(text).not.toContain("secret-token-123");
    expect(text).not.toContain("+447700900456");
    expect(text).not.toContain("+447700900789");
    expect(lines[0]).toMatchObject({ reqId: "r1", req: { headers: { host: "clinic.example" } } });
    expect(lines[0]).toMatchObject({ err: { type: "Error", message: "store unavailable", phone: "+44*******789" } });
    // Three levels down is past what is searched (as pino's `*.*.k` paths were).
    expect(text).toContain("+447700900999");
    expect(fields.contacts[0]).toEqual({ phone: "+447700900123" });
    expect(fields.req.headers.authorization).toBe("Bearer secret-token-123");
    expect(fields.err.phone).toBe("+447700900789");
  });
});
