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
