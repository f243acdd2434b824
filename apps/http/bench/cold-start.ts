/**
 * @module bench/cold-start
 * The embedded default from `pnpm start` to its first answered tool call: with a fresh data
 * directory (created, migrated, demo clinic seeded) and again on the same directory (warm).
 * Spawns the real entry in its own process group on a free port and stops it with SIGTERM.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startWithPnpm, stopServer } from "../test/support/live-server.ts";
import { median } from "./stats.ts";
import { succeeded, TOOLS_PATH, toolCall } from "./vapi-bodies.ts";

export interface ColdStartRow {
  readonly starts: number;
  readonly freshMs: number;
  readonly warmMs: number;
}

const firstCall = JSON.stringify(toolCall("asst_demo_clinic", "+447700900002", "cold", "checkAvailability", {}));

/** Milliseconds from spawning `pnpm start` on `dataDir` to its first answered tool call. */
async function startOnce(dataDir: string): Promise<number> {
  const started = performance.now();
  const running = await startWithPnpm({ DATA_DIR: dataDir });
  try {
    const res = await fetch(`${running.url}${TOOLS_PATH}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: firstCall,
    });
    const text = await res.text();
    if (!succeeded(text)) throw new Error(`first call failed: ${text}`);
    return performance.now() - started;
  } finally {
    await stopServer(running, "SIGTERM", true);
  }
}

export async function measureColdStart(starts: number): Promise<ColdStartRow | null> {
  if (starts === 0) return null;
  const fresh: number[] = [];
  const warm: number[] = [];
  for (let i = 0; i < starts; i++) {
    const dir = mkdtempSync(join(tmpdir(), "voxanne-cold-"));
    try {
      fresh.push(await startOnce(join(dir, "data")));
      warm.push(await startOnce(join(dir, "data")));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return { starts, freshMs: median(fresh), warmMs: median(warm) };
}
