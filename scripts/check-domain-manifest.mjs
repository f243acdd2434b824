// The domain's runtime dependencies are fixed by docs/architecture.md (the dependency rule): neverthrow, luxon and
// libphonenumber-js (zod only if a schema truly belongs there). Fails when another is added.
import { readFileSync } from "node:fs";

const allowed = new Set(["neverthrow", "luxon", "libphonenumber-js", "zod"]);
const manifest = JSON.parse(readFileSync(new URL("../packages/domain/package.json", import.meta.url), "utf8"));
const runtime = Object.keys({
  ...manifest.dependencies,
  ...manifest.peerDependencies,
  ...manifest.optionalDependencies,
});
const extra = runtime.filter((name) => !allowed.has(name));
if (extra.length > 0) {
  console.error(
    `@voxanne/domain may depend at run time only on ${[...allowed].join(", ")}; found: ${extra.join(", ")}`,
  );
  process.exit(1);
}
console.log(`domain manifest ok: ${runtime.join(", ")}`);
