/**
 * @module @voxanne/domain/testing
 * In-memory twins of the ports and the contract suites every adapter runs, for tests here and in
 * the adapters and the app.
 */

export { candidatesOf, clinic as contractStaffedClinic, placementAt, placementFor } from "./booking-contract-kit.ts";
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
export {
  type ClinicCatalogCase,
  type ClinicCatalogFixture,
  clinicCatalogContract,
} from "./clinic-catalog.contract.ts";
export {
  type ClinicDirectoryCase,
  type ClinicDirectoryFixture,
  clinicDirectoryContract,
  contractClinic,
  freshVapiId,
} from "./clinic-directory.contract.ts";
export {
  type ConnectAttemptsCase,
  type ConnectAttemptsFixture,
  connectAttemptsContract,
  newAttempt,
} from "./connect-attempts.contract.ts";
export { InMemoryBookingStore, type InMemoryStoreOptions, publicContact } from "./in-memory-booking-store.ts";
export { InMemoryCalendarGateway, type StoredEvent } from "./in-memory-calendar-gateway.ts";
export { InMemoryClinicCatalog } from "./in-memory-clinic-catalog.ts";
export { InMemoryClinicDirectory } from "./in-memory-clinic-directory.ts";
export { InMemoryConnectAttempts } from "./in-memory-connect-attempts.ts";
export { InMemoryIntegrationStore, type InMemoryIntegrationStoreOptions } from "./in-memory-integration-store.ts";
export { InMemoryNotificationOutbox } from "./in-memory-notification-outbox.ts";
export { InMemoryNotificationSettings } from "./in-memory-notification-settings.ts";
export { InMemoryNotifier, type NotifierFault, type SentRecord } from "./in-memory-notifier.ts";
export { InMemorySchemaStatus, SCHEMA_CHECK_NAMES } from "./in-memory-schema-status.ts";
export {
  BACKOFF_BASE_SECONDS,
  BACKOFF_MAX_SECONDS,
  backoffSeconds,
  InMemorySyncOutbox,
  type InMemorySyncOutboxOptions,
} from "./in-memory-sync-outbox.ts";
export { InMemoryTenantDirectory } from "./in-memory-tenant-directory.ts";
export {
  type ContractKey,
  type ContractKeys,
  type IntegrationContractCase,
  type IntegrationContractFixture,
  integrationStoreContract,
  type KeyRotationCase,
  type KeyRotationFixture,
  tokenKeyRotationContract,
} from "./integration-store.contract.ts";
export { type Interleave, runImmediately } from "./interleave.ts";
export { ManualClock } from "./manual-clock.ts";
export {
  ConstraintViolation,
  MemoryDatabase,
  type MemoryDatabaseOptions,
  type OutboxRow,
  type QueuedSync,
  type VapiKind,
} from "./memory-database.ts";
export {
  type NotificationOutboxCase,
  type NotificationOutboxFixture,
  type NotificationWorld,
  notificationOutboxContract,
} from "./notification-outbox.contract.ts";
export {
  emptyNotificationTables,
  type NotificationRow,
  type NotificationTables,
  notifyAppointmentWritten,
} from "./notification-tables.ts";
export { mulberry32 } from "./seeded-random.ts";
export { SequentialIds } from "./sequential-ids.ts";
export {
  type SyncOutboxCase,
  type SyncOutboxFixture,
  syncOutboxContract,
} from "./sync-outbox.contract.ts";
export {
  type TenantDirectoryCase,
  type TenantDirectoryFixture,
  tenantDirectoryContract,
} from "./tenant-directory.contract.ts";
