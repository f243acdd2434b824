/**
 * @module settings-cache/cached-directories
 * The clinic directory, tenant directory and clinic catalog of an instance, served through its
 * `SettingsCache`: `getClinic` and `orgForVapi` answer from the cache when they can (a warm
 * booking reads neither from the database), and every change made through this instance
 * (settings, Vapi ids, practitioners, services, policy) makes the cache forget that clinic
 * whatever its outcome (an answer lost to a timeout may still have been written). Changes made
 * elsewhere are caught by the settings version a booking carries (`withCurrentSettings`).
 */
import type { ResultAsync } from "neverthrow";
import { okAsync } from "neverthrow";
import type { BookingPolicy, Clinic, ClinicStaff } from "../clinic/clinic.ts";
import type { Practitioner } from "../clinic/practitioner.ts";
import type { Service } from "../clinic/service.ts";
import type { StoreUnavailable, UnknownOrg } from "../errors/domain-error.ts";
import type { CatalogError, ClinicCatalog, PractitionerPatch, ServicePatch } from "../ports/clinic-catalog.port.ts";
import type {
  ClinicDirectory,
  ClinicRecord,
  SaveClinicCommand,
  SaveClinicError,
} from "../ports/clinic-directory.port.ts";
import type { TenantDirectory, VapiIds } from "../ports/tenant-directory.port.ts";
import type { OrgId } from "../values/org-id.ts";
import type { LoadTicket, SettingsCache } from "./settings-cache.ts";

/** Runs a change, then forgets its clinic, whatever the outcome. */
function forgetting<T, E>(cache: SettingsCache, orgId: OrgId, change: ResultAsync<T, E>): ResultAsync<T, E> {
  const forget = () => cache.forgetClinic(orgId);
  return change.andTee(forget).orTee(forget);
}

/** The kept value, else `read`'s answer, kept (`keep`) unless a change was told of while it was read. */
function readThrough<T, E>(
  cache: SettingsCache,
  kept: T | undefined,
  read: () => ResultAsync<T, E>,
  keep: (value: T, ticket: LoadTicket) => void,
): ResultAsync<T, E> {
  if (kept !== undefined) return okAsync(kept);
  const ticket = cache.ticket();
  return read().map((value) => {
    keep(value, ticket);
    return value;
  });
}

/** The cache key of a Vapi call's ids (both, since the answer depends on both). */
const tenantKey = (ids: VapiIds): string => JSON.stringify([ids.assistantId, ids.phoneNumberId]);

/** Whether the call whose key is `key` named one of `ids`. */
const keyNames = (key: string, ids: ReadonlySet<string>): boolean =>
  (JSON.parse(key) as (string | null)[]).some((id) => id !== null && ids.has(id));

export class CachedClinicDirectory implements ClinicDirectory {
  private readonly inner: ClinicDirectory;
  private readonly cache: SettingsCache;

  constructor(inner: ClinicDirectory, cache: SettingsCache) {
    this.inner = inner;
    this.cache = cache;
  }

  getClinic(orgId: OrgId): ResultAsync<Clinic, UnknownOrg | StoreUnavailable> {
    const { cache } = this;
    return readThrough(
      cache,
      cache.clinic(orgId),
      () => this.inner.getClinic(orgId),
      (c, t) => cache.keepClinic(c, t),
    );
  }

  getClinicRecord(orgId: OrgId): ResultAsync<ClinicRecord, UnknownOrg | StoreUnavailable> {
    return this.inner.getClinicRecord(orgId);
  }

  listClinics(): ResultAsync<ClinicRecord[], StoreUnavailable> {
    return this.inner.listClinics();
  }

  /** Also forgets every cached Vapi mapping naming an id the command maps (it may have named another clinic). */
  saveClinic(command: SaveClinicCommand): ResultAsync<ClinicRecord, SaveClinicError> {
    const ids = new Set([...(command.vapi.assistantIds ?? []), ...(command.vapi.phoneNumberIds ?? [])]);
    return forgetting(this.cache, command.settings.orgId, this.inner.saveClinic(command)).andTee(() =>
      this.cache.forgetTenants((key) => keyNames(key, ids)),
    );
  }
}

export class CachedTenantDirectory implements TenantDirectory {
  private readonly inner: TenantDirectory;
  private readonly cache: SettingsCache;

  constructor(inner: TenantDirectory, cache: SettingsCache) {
    this.inner = inner;
    this.cache = cache;
  }

  orgForVapi(ids: VapiIds): ResultAsync<OrgId, UnknownOrg | StoreUnavailable> {
    const { cache } = this;
    const key = tenantKey(ids);
    return readThrough(
      cache,
      cache.tenant(key),
      () => this.inner.orgForVapi(ids),
      (o, t) => cache.keepTenant(key, o, t),
    );
  }
}

export class CachedClinicCatalog implements ClinicCatalog {
  private readonly inner: ClinicCatalog;
  private readonly cache: SettingsCache;

  constructor(inner: ClinicCatalog, cache: SettingsCache) {
    this.inner = inner;
    this.cache = cache;
  }

  getStaff(orgId: OrgId): ResultAsync<ClinicStaff, UnknownOrg | StoreUnavailable> {
    return this.inner.getStaff(orgId);
  }

  createPractitioner(practitioner: Practitioner): ResultAsync<Practitioner, CatalogError> {
    return forgetting(this.cache, practitioner.orgId, this.inner.createPractitioner(practitioner));
  }

  patchPractitioner(orgId: OrgId, id: string, patch: PractitionerPatch): ResultAsync<Practitioner, CatalogError> {
    return forgetting(this.cache, orgId, this.inner.patchPractitioner(orgId, id, patch));
  }

  createService(service: Service): ResultAsync<Service, CatalogError> {
    return forgetting(this.cache, service.orgId, this.inner.createService(service));
  }

  patchService(orgId: OrgId, id: string, patch: ServicePatch): ResultAsync<Service, CatalogError> {
    return forgetting(this.cache, orgId, this.inner.patchService(orgId, id, patch));
  }

  setPolicy(orgId: OrgId, policy: Partial<BookingPolicy>): ResultAsync<BookingPolicy, CatalogError> {
    return forgetting(this.cache, orgId, this.inner.setPolicy(orgId, policy));
  }
}
