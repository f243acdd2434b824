/** The store contracts: PostgresStore over a pg Pool on real Postgres. */
import { describeStoreContracts } from "./support/contract-fixture.ts";

describeStoreContracts("pg Pool");
