/**
 * @module settings-cache/settings-cache
 * The in-process cache of what the booking hot path reads before its one database call: each
 * clinic (`getClinic`) and which clinic a Vapi call's ids name (`orgForVapi`). Bounded (the least
 * recently used entry goes first), with no time-based expiry: an entry goes when it is told to.
 *
 * It never serves a clinic older than the last change it was told of (`forgetClinic`, by an admin
 * change made through this instance) or refused for (`forgetClinic` with the version a store
 * refused as stale, a change made elsewhere):
 * - a forget drops the clinic and every Vapi mapping to it;
 * - a load that began before a forget is answered but not kept (a generation counter), so a read
 *   that raced the change cannot put the old clinic back;
 * - after a refusal for version v, a clinic older than v + 1 is not kept either.
 */
import type { Clinic } from "../clinic/clinic.ts";
import type { OrgId } from "../values/org-id.ts";

export interface SettingsCacheOptions {
  /** Clinics kept at most (default 1,000). */
  readonly maxClinics?: number;
  /** Vapi id pairs kept at most (default 10,000). */
  readonly maxTenants?: number;
}

/** When a load began: only a load that began after the last forget is kept. */
export type LoadTicket = number;

/** What a use case tells the cache (`withCurrentSettings`): this clinic's cached rules are out of date. */
export interface SettingsCacheControl {
  /** Drops the clinic and the Vapi mappings to it; `staleVersion`: the version a store refused as not current. */
  forgetClinic(orgId: OrgId, staleVersion?: number | null): void;
}

export class SettingsCache implements SettingsCacheControl {
  private readonly clinics = new Map<OrgId, Clinic>();
  private readonly tenants = new Map<string, OrgId>();
  /** The least settings version a kept clinic may have, per clinic refused as stale. */
  private readonly floors = new Map<OrgId, number>();
  private generation = 0;
  private readonly maxClinics: number;
  private readonly maxTenants: number;

  constructor(options: SettingsCacheOptions = {}) {
    this.maxClinics = options.maxClinics ?? 1000;
    this.maxTenants = options.maxTenants ?? 10_000;
  }

  /** Taken before a load; given back with its answer to `keepClinic` / `keepTenant`. */
  ticket(): LoadTicket {
    return this.generation;
  }

  clinic(orgId: OrgId): Clinic | undefined {
    return touch(this.clinics, orgId);
  }

  /** Keeps a loaded clinic, unless the cache was told of a change since the load began or it is older than a refusal allows. */
  keepClinic(clinic: Clinic, ticket: LoadTicket): void {
    if (ticket !== this.generation) return;
    const floor = this.floors.get(clinic.orgId);
    if (floor !== undefined && (clinic.settingsVersion ?? 0) < floor) return;
    put(this.clinics, clinic.orgId, clinic, this.maxClinics);
  }

  tenant(key: string): OrgId | undefined {
    return touch(this.tenants, key);
  }

  keepTenant(key: string, orgId: OrgId, ticket: LoadTicket): void {
    if (ticket === this.generation) put(this.tenants, key, orgId, this.maxTenants);
  }

  forgetClinic(orgId: OrgId, staleVersion: number | null = null): void {
    this.generation += 1;
    this.clinics.delete(orgId);
    for (const [key, owner] of this.tenants) if (owner === orgId) this.tenants.delete(key);
    if (staleVersion !== null) this.floors.set(orgId, Math.max(this.floors.get(orgId) ?? 0, staleVersion + 1));
  }

  /** Drops every Vapi mapping whose key `names` (an id that was just mapped or unmapped). */
  forgetTenants(names: (key: string) => boolean): void {
    this.generation += 1;
    for (const key of this.tenants.keys()) if (names(key)) this.tenants.delete(key);
  }

  /** How many entries are kept (for tests and metrics). */
  size(): { readonly clinics: number; readonly tenants: number } {
    return { clinics: this.clinics.size, tenants: this.tenants.size };
  }
}

/** The entry, made the most recently used. */
function touch<K, V>(map: Map<K, V>, key: K): V | undefined {
  const value = map.get(key);
  if (value !== undefined) {
    map.delete(key);
    map.set(key, value);
  }
  return value;
}

/** Sets the entry, dropping the least recently used ones beyond `max`. */
function put<K, V>(map: Map<K, V>, key: K, value: V, max: number): void {
  map.delete(key);
  map.set(key, value);
  for (const oldest of map.keys()) {
    if (map.size <= max) break;
    map.delete(oldest);
  }
}
