/** @module testing/in-memory-clinic-directory  Clinic settings in memory, shared with the in-memory store's tables. */
import { errAsync, okAsync, type ResultAsync } from "neverthrow";
import type { ClinicSettings } from "../clinic/clinic-settings.ts";
import { DomainErrors, type StoreUnavailable, type UnknownOrg } from "../errors/domain-error.ts";
import type { ClinicDirectory } from "../ports/clinic-directory.port.ts";
import type { OrgId } from "../values/org-id.ts";
import type { MemoryDatabase } from "./memory-database.ts";

export class InMemoryClinicDirectory implements ClinicDirectory {
  private readonly db: MemoryDatabase;

  constructor(db: MemoryDatabase) {
    this.db = db;
  }

  add(settings: ClinicSettings): this {
    this.db.clinics.set(settings.orgId, settings);
    return this;
  }

  getClinic(orgId: OrgId): ResultAsync<ClinicSettings, UnknownOrg | StoreUnavailable> {
    const found = this.db.clinics.get(orgId);
    return found === undefined ? errAsync(DomainErrors.unknownOrg()) : okAsync(found);
  }
}
