/** @module @voxanne/adapter-smtp/testing  A local SMTP sink (tests and local trials only). */
export { type ReceivedMail, SmtpSink } from "./smtp-sink.ts";
