/** The store contracts: PostgresStore over PGlite (in process). */
import { describeStoreContracts } from "./support/contract-fixture.ts";

describeStoreContracts("PGlite");
