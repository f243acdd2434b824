/** @module values/org-id  A clinic's id (a UUID), the tenant boundary of every operation. */
import { err, ok, type Result } from "neverthrow";
import { DomainErrors, type UnknownOrg } from "../errors/domain-error.ts";
import type { Brand } from "./brand.ts";

export type OrgId = Brand<string, "OrgId">;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Accepts a UUID in any case; anything else is an org we do not know. */
export function parseOrgId(raw: string): Result<OrgId, UnknownOrg> {
  const id = raw.trim().toLowerCase();
  return UUID.test(id) ? ok(id as OrgId) : err(DomainErrors.unknownOrg());
}

export function isUuid(raw: string): boolean {
  return UUID.test(raw.trim().toLowerCase());
}
