/**
 * @module @voxanne/adapter-smtp
 * Email for the booking core: the domain's `Notifier` over SMTP (`nodemailer`), with the
 * appointment as an ICS attachment (`ics`).
 */
export { appointmentIcs } from "./appointment-ics.ts";
export { classifySmtpError, SmtpNotifier, type SmtpNotifierOptions } from "./smtp-notifier.ts";
