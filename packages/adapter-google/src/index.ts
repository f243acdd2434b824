/**
 * @module @voxanne/adapter-google
 * Google Calendar adapter: implements the domain's `CalendarGateway` and the OAuth token
 * lifecycle on `@googleapis/calendar` and `google-auth-library`. Built in issue 4; until then this
 * package exports nothing.
 */
export {};
