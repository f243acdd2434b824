/**
 * @module testing/in-memory-clinic-catalog
 * The clinic catalog in memory, over the tables the other twins share. Like the SQL functions,
 * each write is one transaction that refuses (and writes nothing) for an unknown clinic, an id in
 * use, a practitioner id the clinic does not have, or a default service that is not an active
 * service of the clinic.
 */
import { errAsync, okAsync, type ResultAsync } from "neverthrow";
import type { BookingPolicy, ClinicStaff } from "../clinic/clinic.ts";
import type { Practitioner } from "../clinic/practitioner.ts";
import type { Service } from "../clinic/service.ts";
import { DomainErrors, type StoreUnavailable, type UnknownOrg } from "../errors/domain-error.ts";
import type { CatalogError, ClinicCatalog, PractitionerPatch, ServicePatch } from "../ports/clinic-catalog.port.ts";
import type { OrgId } from "../values/org-id.ts";
import { atomicAsync, Refused } from "./atomic.ts";
import type { MemoryDatabase } from "./memory-database.ts";

export class InMemoryClinicCatalog implements ClinicCatalog {
  private readonly db: MemoryDatabase;

  constructor(db: MemoryDatabase) {
    this.db = db;
  }

  getStaff(orgId: OrgId): ResultAsync<ClinicStaff, UnknownOrg | StoreUnavailable> {
    const staff = this.db.staff(orgId);
    return staff === undefined ? errAsync(DomainErrors.unknownOrg()) : okAsync(staff);
  }

  createPractitioner(practitioner: Practitioner): ResultAsync<Practitioner, CatalogError> {
    return this.write(practitioner.orgId, (staff) => {
      if (this.idInUse(practitioner.id)) throw new Refused(DomainErrors.invalidInput("id", "That id is in use."));
      return [{ ...staff, practitioners: [...staff.practitioners, practitioner] }, practitioner];
    });
  }

  patchPractitioner(orgId: OrgId, id: string, patch: PractitionerPatch): ResultAsync<Practitioner, CatalogError> {
    return this.write(orgId, (staff) => {
      const found = staff.practitioners.find((p) => p.id === id);
      if (found === undefined) throw new Refused(DomainErrors.notInCatalog("practitioner", id));
      const changed: Practitioner = { ...found, ...patch };
      return [{ ...staff, practitioners: staff.practitioners.map((p) => (p.id === id ? changed : p)) }, changed];
    });
  }

  createService(service: Service): ResultAsync<Service, CatalogError> {
    return this.write(service.orgId, (staff) => {
      if (this.idInUse(service.id)) throw new Refused(DomainErrors.invalidInput("id", "That id is in use."));
      refuseStrangers(staff, service.practitionerIds);
      return [{ ...staff, services: [...staff.services, service] }, service];
    });
  }

  patchService(orgId: OrgId, id: string, patch: ServicePatch): ResultAsync<Service, CatalogError> {
    return this.write(orgId, (staff) => {
      const found = staff.services.find((s) => s.id === id);
      if (found === undefined) throw new Refused(DomainErrors.notInCatalog("service", id));
      refuseStrangers(staff, patch.practitionerIds ?? []);
      if (patch.active === false && staff.policy.defaultServiceId === id) {
        throw new Refused(DomainErrors.invalidInput("active", "The default service cannot be deactivated."));
      }
      const changed: Service = { ...found, ...patch };
      return [{ ...staff, services: staff.services.map((s) => (s.id === id ? changed : s)) }, changed];
    });
  }

  setPolicy(orgId: OrgId, policy: Partial<BookingPolicy>): ResultAsync<BookingPolicy, CatalogError> {
    return this.write(orgId, (staff) => {
      const next: BookingPolicy = { ...staff.policy, ...policy };
      if (!staff.services.some((s) => s.id === next.defaultServiceId && s.active)) {
        throw new Refused(
          DomainErrors.invalidInput("defaultServiceId", "The default service must be an active service of the clinic."),
        );
      }
      return [{ ...staff, policy: next }, next];
    });
  }

  /** One transaction on the clinic's staff: `change` answers the new staff and the result. */
  private write<T>(orgId: OrgId, change: (staff: ClinicStaff) => [ClinicStaff, T]): ResultAsync<T, CatalogError> {
    return atomicAsync<T, CatalogError>(this.db, () => {
      const staff = this.db.staff(orgId);
      if (staff === undefined) throw new Refused(DomainErrors.unknownOrg());
      const [next, result] = change(staff);
      this.db.putStaff(orgId, next);
      return result;
    });
  }

  /** Ids are unique across clinics (primary keys in SQL). */
  private idInUse(id: string): boolean {
    return this.db.allClinics().some((c) => {
      const staff = this.db.staff(c.orgId);
      return staff !== undefined && [...staff.practitioners, ...staff.services].some((x) => x.id === id);
    });
  }
}

function refuseStrangers(staff: ClinicStaff, ids: readonly string[]): void {
  const unknown = ids.filter((id) => !staff.practitioners.some((p) => p.id === id));
  if (unknown.length > 0) {
    throw new Refused(
      DomainErrors.invalidInput("practitionerIds", `The clinic has no practitioner with id ${unknown.join(", ")}.`),
    );
  }
}
