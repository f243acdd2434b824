/**
 * Test double standing in for the OLD booking path this project replaces: look the contact up,
 * then insert it, then insert the appointment, as separate steps with a wait between them (the
 * round trips the old app made). It exists only to prove that the property suite catches the
 * race: two concurrent callers with a new phone both find nobody, and the second insert hits
 * `uq_contacts_org_phone`, surfacing as an error (the clinics' 23505/42P10 incident).
 */
import { ResultAsync } from "neverthrow";
import { planContactResolution, type StoredContact } from "../../src/contacts/contact-resolution.ts";
import { DomainErrors } from "../../src/errors/domain-error.ts";
import type { BookCommand, BookError, BookOutcome, ContactPath } from "../../src/index.ts";
import { InMemoryBookingStore, type Interleave, type MemoryDatabase, publicContact } from "../../src/testing/index.ts";

export class FindThenInsertBookingStore extends InMemoryBookingStore {
  private readonly gate: Interleave;

  constructor(options: { db: MemoryDatabase; interleave: Interleave }) {
    super(options);
    this.gate = options.interleave;
  }

  override book(command: BookCommand): ResultAsync<BookOutcome, BookError> {
    return ResultAsync.fromPromise(this.steps(command), (e) =>
      DomainErrors.storeUnavailable(e instanceof Error ? e.message : String(e)),
    ).andThen((r) => r);
  }

  private async steps(command: BookCommand): Promise<ResultAsync<BookOutcome, BookError>> {
    await this.gate("find contact");
    const plan = planContactResolution(this.db.contacts(command.orgId), command.contact);
    await this.gate("insert contact");
    let contact: StoredContact;
    let path: ContactPath;
    if (plan.path === "created") {
      contact = { id: crypto.randomUUID(), orgId: command.orgId, ...command.contact, updatedSeq: this.db.nextSeq() };
      this.db.insertContact(contact);
      path = "created";
    } else {
      contact = { ...plan.contact, ...plan.changes, updatedSeq: this.db.nextSeq() };
      this.db.updateContact(contact);
      path = plan.path;
    }
    // A retry replays the recorded answer as the old path's idempotency table did; only a first
    // booking reports the contact this path resolved.
    return super
      .book(command)
      .map((outcome) =>
        outcome.replayed
          ? outcome
          : { receipt: { ...outcome.receipt, contact: publicContact(contact), contactPath: path }, replayed: false },
      );
  }
}
