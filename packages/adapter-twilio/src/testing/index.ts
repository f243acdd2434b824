/**
 * @module @voxanne/adapter-twilio/testing
 * The local Twilio emulator (tests and local trials only).
 */
export { type CreateParams, type EmulatedMessage, EmulatorMessages } from "./emulator-messages.ts";
export {
  EMULATOR_ACCOUNT,
  TwilioEmulator,
  type TwilioFault,
  TwilioFaults,
  type TwilioRandomFaults,
} from "./twilio-emulator.ts";
