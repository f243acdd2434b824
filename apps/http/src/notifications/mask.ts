/**
 * @module notifications/mask
 * Phone numbers and email addresses as logs show them: enough to tell two apart, not enough to
 * reach anyone. `+447700900123` → `+44•••••••123`; `amira.khan@example.com` → `a•••@example.com`.
 */

export function maskPhone(phone: string): string {
  if (phone.length <= 6) return "•".repeat(phone.length);
  return `${phone.slice(0, 3)}${"•".repeat(phone.length - 6)}${phone.slice(-3)}`;
}

export function maskEmail(email: string): string {
  const at = email.lastIndexOf("@");
  if (at <= 0) return "•••";
  return `${email.slice(0, 1)}•••${email.slice(at)}`;
}

/** A recipient of either kind, masked. */
export const maskRecipient = (to: string): string => (to.includes("@") ? maskEmail(to) : maskPhone(to));
