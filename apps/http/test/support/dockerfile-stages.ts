/**
 * The repository's Dockerfile parsed with dockerfile-ast and cut into its build stages, each with
 * its base image and its instructions in order: what the Dockerfile tests check and replay.
 */
import { readFileSync } from "node:fs";
import { Copy, DockerfileParser, From, type Instruction } from "dockerfile-ast";

export const REPO_DIR = new URL("../../../../", import.meta.url);
export const DOCKERFILE = new URL("Dockerfile", REPO_DIR);

export interface Stage {
  readonly name: string;
  readonly from: From;
  /** Every instruction after the stage's FROM, up to the next FROM. */
  readonly instructions: readonly Instruction[];
}

export function dockerfileStages(text = readFileSync(DOCKERFILE, "utf8")): Stage[] {
  const dockerfile = DockerfileParser.parse(text);
  const stages: { name: string; from: From; instructions: Instruction[] }[] = [];
  for (const instruction of dockerfile.getInstructions()) {
    if (instruction instanceof From) {
      const from = instruction;
      stages.push({ name: from.getBuildStage() ?? String(stages.length), from, instructions: [] });
    } else {
      stages.at(-1)?.instructions.push(instruction);
    }
  }
  return stages;
}

/** The words of an instruction's arguments, variables left as written. */
export const words = (i: Instruction): string[] => i.getArguments().map((a) => a.getValue());

/** A COPY's `--from` stage, or `null` when it copies from the build context. */
export const copyFrom = (i: Instruction): string | null =>
  i instanceof Copy ? (i.getFromFlag()?.getValue() ?? null) : null;
