/** @module values/email  An email address trimmed and lower-cased, so `Amira.Khan@Example.com ` is `amira.khan@example.com`. */
import { err, ok, type Result } from "neverthrow";
import { DomainErrors, type InvalidEmail } from "../errors/domain-error.ts";
import type { Brand } from "./brand.ts";

export type Email = Brand<string, "Email">;

const SHAPE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function parseEmail(raw: string): Result<Email, InvalidEmail> {
  const email = raw.trim().toLowerCase();
  return SHAPE.test(email) && email.length <= 254 ? ok(email as Email) : err(DomainErrors.invalidEmail(raw));
}

/** Keeps the first letter and the domain, for logs. */
export function maskEmail(email: string): string {
  const at = email.indexOf("@");
  return at <= 0 ? "***" : `${email[0]}***${email.slice(at)}`;
}
