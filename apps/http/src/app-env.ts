/** @module app-env  What every request carries through the middleware: its id, its logger and, on Vapi routes, its raw body. */
import type { Logger } from "./observability/logger.ts";

export interface AppEnv {
  Variables: {
    requestId: string;
    log: Logger;
    /** The exact bytes Vapi signed (read once by the authentication middleware). */
    rawBody: string;
  };
}
