/**
 * The Dockerfile, parsed (dockerfile-ast) since no image can be built here: multi-stage; pinned
 * Node 24 base images; the pnpm the repository pins; the runtime stage runs as a non-root user,
 * listens for containers (HOST 0.0.0.0, PORT), checks its health on /api/health and starts the
 * service; no secret is baked into ENV or ARG; only sources and migrations are copied (no tests).
 */
import { readFileSync } from "node:fs";
import { Env, Healthcheck } from "dockerfile-ast";
import { describe, expect, it } from "vitest";
import { copyFrom, dockerfileStages, REPO_DIR, type Stage, words } from "./support/dockerfile-stages.ts";
import { APP_DIR, serviceNodeFlags } from "./support/live-server.ts";

const stages = dockerfileStages();
const final = stages.at(-1) as Stage;
const of = (stage: Stage, keyword: string) => stage.instructions.filter((i) => i.getKeyword() === keyword);
const envOf = (stage: Stage) =>
  Object.fromEntries(
    stage.instructions
      .filter((i): i is Env => i instanceof Env)
      .flatMap((e) => e.getProperties().map((p) => [p.getName(), p.getValue()])),
  );

describe("Dockerfile", () => {
  it("is multi-stage: dependencies built in one stage, the runtime copies them from it", () => {
    expect(stages.map((s) => s.name)).toEqual(["deps", "runtime"]);
    expect(final.instructions.map(copyFrom)).toContain("deps");
  });

  it("every base image is Node 24, pinned to a full version (or a digest), never latest", () => {
    for (const { from } of stages) {
      expect(from.getImageName()).toBe("node");
      const tag = from.getImageTag() ?? "";
      expect(tag === "" && from.getImageDigest() === null, "a base image without tag or digest").toBe(false);
      expect(tag).toMatch(/^24\.\d+\.\d+(-[a-z0-9-]+)?$/);
    }
  });

  it("installs the pnpm the repository pins (packageManager)", () => {
    const { packageManager } = JSON.parse(readFileSync(new URL("package.json", REPO_DIR), "utf8")) as {
      packageManager: string;
    };
    const runs = stages.flatMap((s) => of(s, "RUN")).map((r) => r.getArgumentsContent() ?? "");
    expect(runs).toContain(`npm install --global ${packageManager}`);
  });

  it("builds with the lockfile, production dependencies only", () => {
    const runs = of(stages[0] as Stage, "RUN").map((r) => r.getArgumentsContent() ?? "");
    expect(runs).toContain("pnpm fetch --prod");
    expect(runs.find((r) => r.startsWith("pnpm install"))).toMatch(
      /--frozen-lockfile.*--prod.*--filter "@voxanne\/http\.\.\."/,
    );
  });

  it("the runtime stage runs as a non-root user", () => {
    const users = of(final, "USER").map((u) => words(u)[0]);
    expect(users.length).toBeGreaterThan(0);
    expect(["root", "0", "0:0", undefined]).not.toContain(users.at(-1));
    const last = final.instructions.at(-1);
    const userIndex = final.instructions.findIndex((i) => i.getKeyword() === "USER");
    expect(final.instructions.slice(userIndex).every((i) => i.getKeyword() !== "RUN")).toBe(true);
    expect(last?.getKeyword()).toBe("CMD");
  });

  it("listens for containers: HOST 0.0.0.0, PORT given and exposed, production mode", () => {
    expect(envOf(final)).toMatchObject({ NODE_ENV: "production", HOST: "0.0.0.0", PORT: "3000" });
    expect(of(final, "EXPOSE").map((e) => words(e)[0])).toEqual(["3000"]);
  });

  it("checks its health on /api/health at the PORT it listens on, and starts the service", () => {
    const [check] = final.instructions.filter((i): i is Healthcheck => i instanceof Healthcheck);
    expect(check?.getArgumentsContent()).toContain("/api/health");
    expect(check?.getArgumentsContent()).toContain("process.env.PORT");
    // The same Node flags as `pnpm start`.
    const argv = ["node", ...serviceNodeFlags(), "apps/http/src/main.ts"];
    expect(serviceNodeFlags()).toEqual(["--max-semi-space-size=8", "--heap-growing-percent=30"]);
    const app = JSON.parse(readFileSync(`${APP_DIR}/package.json`, "utf8")) as { scripts: { start: string } };
    expect(app.scripts.start).toBe(`exec node ${serviceNodeFlags().join(" ")} src/main.ts`);
    expect(of(final, "CMD").map((c) => c.getArgumentsContent())).toEqual([JSON.stringify(argv).replaceAll(",", ", ")]);
  });

  it("bakes in no secret: no ENV or ARG names a secret, token, key or password", () => {
    const secretish = /SECRET|TOKEN|KEY|PASSWORD|DATABASE_URL/i;
    for (const stage of stages) {
      expect(Object.keys(envOf(stage)).filter((name) => secretish.test(name))).toEqual([]);
      const args = of(stage, "ARG").map((a) => words(a)[0] ?? "");
      expect(args.filter((a) => secretish.test(a))).toEqual([]);
    }
  });

  it("copies sources and migrations only: no tests, no local data, no node_modules from the context", () => {
    const fromContext = final.instructions.filter((i) => i.getKeyword() === "COPY" && copyFrom(i) === null);
    const sources = fromContext.flatMap((c) => words(c).slice(0, -1));
    expect(sources.length).toBeGreaterThan(0);
    for (const source of sources) expect(source).toMatch(/^(apps|packages)\/[\w-]+\/(src|supabase)$/);
    const ignored = readFileSync(new URL(".dockerignore", REPO_DIR), "utf8");
    for (const path of ["**/node_modules", ".data", ".git", ".env"]) expect(ignored.split("\n")).toContain(path);
  });
});
