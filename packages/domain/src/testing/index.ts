/**
 * @module @voxanne/domain/testing
 * In-memory twins of the ports, for tests here and in the adapters and the app.
 */

export {
  bookCommand,
  bookingStoreContract,
  type ContractCase,
  type ContractFixture,
} from "./booking-store.contract.ts";
export {
  type CalendarContractCase,
  type CalendarContractFixture,
  calendarGatewayContract,
  contractEvent,
  type HeldEvent,
  type LinkedCalendarFixture,
} from "./calendar-gateway.contract.ts";
export { InMemoryBookingStore, type InMemoryStoreOptions, publicContact } from "./in-memory-booking-store.ts";
export { InMemoryCalendarGateway, type StoredEvent } from "./in-memory-calendar-gateway.ts";
export { InMemoryClinicDirectory } from "./in-memory-clinic-directory.ts";
export { InMemoryIntegrationStore } from "./in-memory-integration-store.ts";
export {
  type IntegrationContractCase,
  type IntegrationContractFixture,
  integrationStoreContract,
} from "./integration-store.contract.ts";
export { type Interleave, runImmediately } from "./interleave.ts";
export { ManualClock } from "./manual-clock.ts";
export { ConstraintViolation, MemoryDatabase, type SyncJob } from "./memory-database.ts";
export { SequentialIds } from "./sequential-ids.ts";
