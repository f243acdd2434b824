// Sums the vitest JSON reports every package wrote (test-results.json) into one closing line,
// "Tests: N passed, N failed", and fails when no test ran at all.
import { existsSync, readdirSync, readFileSync } from "node:fs";

// Every workspace package (pnpm-workspace.yaml: packages/*, apps/*), so a new package is counted.
const places = ["packages", "apps"].flatMap((dir) =>
  readdirSync(new URL(`../${dir}/`, import.meta.url), { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => `${dir}/${d.name}`),
);
let passed = 0;
let failed = 0;
let skipped = 0;
for (const place of places) {
  const file = new URL(`../${place}/test-results.json`, import.meta.url);
  if (!existsSync(file)) continue;
  const report = JSON.parse(readFileSync(file, "utf8"));
  passed += report.numPassedTests;
  failed += report.numFailedTests;
  skipped += report.numPendingTests + (report.numTodoTests ?? 0);
}
console.log(`Tests: ${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ""}`);
if (passed === 0 || failed > 0) process.exit(1);
