/**
 * @module cli/cli-config
 * What the CLIs share before they act: the configuration, validated, or its message on stderr
 * (the caller exits 2, bad configuration).
 */
import { type Config, ConfigError, loadConfig } from "../config.ts";

/** The configuration, or `null` after printing why it is invalid. */
export function cliConfig(): Config | null {
  try {
    return loadConfig(process.env);
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    console.error(e.message);
    return null;
  }
}
