/**
 * @module testing/in-memory-clinic-directory
 * The clinics and their Vapi ids in memory, over the tables the in-memory store shares. Like
 * `save_clinic` in SQL, saving is one transaction that refuses (and writes nothing) on a `create`
 * of an existing id, an `update` of a missing one, a blank Vapi id or one mapped to another clinic.
 */
import { errAsync, okAsync, type ResultAsync } from "neverthrow";
import type { Clinic } from "../clinic/clinic.ts";
import type { ClinicSettings } from "../clinic/clinic-settings.ts";
import { DomainErrors, type StoreUnavailable, type UnknownOrg } from "../errors/domain-error.ts";
import type {
  ClinicDirectory,
  ClinicRecord,
  SaveClinicCommand,
  SaveClinicError,
} from "../ports/clinic-directory.port.ts";
import type { OrgId } from "../values/org-id.ts";
import { atomicAsync, Refused } from "./atomic.ts";
import type { MemoryDatabase, VapiKind } from "./memory-database.ts";

const KINDS: readonly VapiKind[] = ["assistantIds", "phoneNumberIds"];
const FIELDS: Readonly<Record<VapiKind, string>> = {
  assistantIds: "vapiAssistantIds",
  phoneNumberIds: "vapiPhoneNumberIds",
};

export class InMemoryClinicDirectory implements ClinicDirectory {
  private readonly db: MemoryDatabase;

  constructor(db: MemoryDatabase) {
    this.db = db;
  }

  /**
   * Test set-up: stores (or replaces) the clinic's settings at once, keeping its Vapi ids; a
   * `Clinic` brings its staff, a new clinic without one gets the default staff.
   */
  add(settings: ClinicSettings | Clinic): this {
    this.db.putClinic(settings);
    return this;
  }

  getClinic(orgId: OrgId): ResultAsync<Clinic, UnknownOrg | StoreUnavailable> {
    const found = this.db.fullClinic(orgId);
    return found === undefined ? errAsync(DomainErrors.unknownOrg()) : okAsync(found);
  }

  getClinicRecord(orgId: OrgId): ResultAsync<ClinicRecord, UnknownOrg | StoreUnavailable> {
    const found = this.db.clinic(orgId);
    return found === undefined ? errAsync(DomainErrors.unknownOrg()) : okAsync(this.record(found));
  }

  listClinics(): ResultAsync<ClinicRecord[], StoreUnavailable> {
    return okAsync(
      this.db
        .allClinics()
        .sort((a, b) => compare(a.name, b.name) || compare(a.orgId, b.orgId))
        .map((settings) => this.record(settings)),
    );
  }

  saveClinic(command: SaveClinicCommand): ResultAsync<ClinicRecord, SaveClinicError> {
    return atomicAsync<ClinicRecord, SaveClinicError>(this.db, () => {
      const { orgId } = command.settings;
      this.checkMode(command.mode, orgId);
      const given = KINDS.flatMap((kind) => {
        const ids = command.vapi[kind];
        return ids === undefined ? [] : [{ kind, ids: [...new Set(ids)].sort() }];
      });
      for (const { kind, ids } of given) refuseBlank(kind, ids);
      for (const { kind, ids } of given) this.refuseTaken(orgId, kind, ids);
      // A create brings the clinic's staff (or the default staff); an update never touches it.
      this.db.putClinic(command.mode === "create" ? command.settings : settingsOnly(command.settings));
      for (const { kind, ids } of given) this.db.replaceVapiIds(orgId, kind, ids);
      return this.record(command.settings);
    });
  }

  private checkMode(mode: SaveClinicCommand["mode"], orgId: OrgId): void {
    const exists = this.db.clinic(orgId) !== undefined;
    if (mode === "create" && exists) {
      throw new Refused(DomainErrors.invalidInput("id", "A clinic with this id already exists."));
    }
    if (mode === "update" && !exists) throw new Refused(DomainErrors.unknownOrg());
  }

  private refuseTaken(orgId: OrgId, kind: VapiKind, ids: readonly string[]): void {
    const taken = ids.filter((id) => {
      const owner = this.db.vapiOwner(kind, id);
      return owner !== undefined && owner !== orgId;
    });
    if (taken.length > 0) {
      const message = `${taken.join(", ")} already belongs to another clinic.`;
      throw new Refused(DomainErrors.invalidInput(FIELDS[kind], message));
    }
  }

  private record(settings: ClinicSettings): ClinicRecord {
    const vapi = {
      assistantIds: this.db.vapiIds(settings.orgId, "assistantIds"),
      phoneNumberIds: this.db.vapiIds(settings.orgId, "phoneNumberIds"),
    };
    return { settings: settingsOnly(settings), vapi };
  }
}

/** The settings without the staff a `Clinic` carries. */
function settingsOnly(settings: ClinicSettings | Clinic): ClinicSettings {
  const { staff: _, settingsVersion: __, ...plain } = { staff: undefined, settingsVersion: undefined, ...settings };
  return plain;
}

function refuseBlank(kind: VapiKind, ids: readonly string[]): void {
  if (ids.some((id) => id.trim() === "")) throw new Refused(DomainErrors.invalidInput(FIELDS[kind], "An id is blank."));
}

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
