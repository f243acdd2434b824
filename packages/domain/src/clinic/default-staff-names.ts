/**
 * @module clinic/default-staff-names
 * The names of the staff every clinic starts with, on their own (no imports), so that what a
 * caller hears (speech/) can tell a clinic that never named its staff without depending on the
 * clinic model.
 */

/** The name of the practitioner every clinic starts with (on the clinic's calendar). */
export const DEFAULT_PRACTITIONER_NAME = "the clinic";
/** The name of the service every clinic starts with (of its slot length). */
export const DEFAULT_SERVICE_NAME = "appointment";
