/**
 * @module testing/contract-assertions
 * What the runner-agnostic contracts assert with (node:assert, so any test runner can run them):
 * a result must be ok (its value), or an error (its code).
 */
import assert from "node:assert/strict";
import type { Result, ResultAsync } from "neverthrow";

/** The value of an ok result; fails the case with the error otherwise. */
export async function unwrap<T, E>(r: ResultAsync<T, E> | Promise<Result<T, E>>): Promise<T> {
  const result = await r;
  if (result.isErr()) assert.fail(`expected ok, got ${JSON.stringify(result.error)}`);
  return result.value;
}

/** The code of an error result; fails the case with the value otherwise. */
export async function code<T, E extends { code: string }>(r: ResultAsync<T, E>): Promise<string> {
  const result = await r;
  if (result.isOk()) assert.fail(`expected an error, got ${JSON.stringify(result.value)}`);
  return result.error.code;
}

/**
 * A clinic as read back, without its settings version (checked here to be a positive integer):
 * the version is the store's, so a case compares the rest with what it wrote.
 */
export function versionless<C extends { readonly settingsVersion?: number }>(clinic: C): Omit<C, "settingsVersion"> {
  const { settingsVersion, ...rest } = clinic;
  assert.ok(
    settingsVersion !== undefined && Number.isInteger(settingsVersion) && settingsVersion >= 1,
    `expected a settings version, got ${String(settingsVersion)}`,
  );
  return rest;
}
