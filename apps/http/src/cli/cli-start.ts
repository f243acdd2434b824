/**
 * @module cli/cli-start
 * How the admin CLIs begin: `--help` printed (exit 0), bad arguments told (exit 2), then the
 * configuration read and validated (a bad value told, exit 2); what is left to run is the command's.
 */
import { type Config, ConfigError, loadConfig } from "../config.ts";

export const EXIT = { done: 0, refused: 1, usage: 2 } as const;

type Parsed = { readonly kind: "help" } | { readonly kind: "invalid"; readonly message: string };

/** The parsed arguments and the configuration, or the exit status when there is nothing more to do. */
export function startCli<A extends { readonly kind: string }>(
  args: A | Parsed,
  usage: string,
): { args: Exclude<A, Parsed>; config: Config } | number {
  if (args.kind === "help") {
    console.log(usage);
    return EXIT.done;
  }
  if (args.kind === "invalid") {
    console.error((args as Extract<Parsed, { kind: "invalid" }>).message);
    return EXIT.usage;
  }
  try {
    return { args: args as Exclude<A, Parsed>, config: loadConfig(process.env) };
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    console.error(e.message);
    return EXIT.usage;
  }
}
