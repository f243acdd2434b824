/**
 * @module main
 * `pnpm start`'s entry. It turns on Node's on-disk compile cache (the module graph's compiled
 * code, type-stripped sources included, kept under the system's temporary directory and keyed by
 * each file's content) before the graph loads, then runs the service (`service-main`). A second
 * start then loads its code in about half the time. `NODE_COMPILE_CACHE=<dir>` chooses the
 * directory and `NODE_DISABLE_COMPILE_CACHE=1` turns it off, as Node documents.
 */
import { enableCompileCache } from "node:module";

enableCompileCache();
await import("./service-main.ts");
