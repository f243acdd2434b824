/** Every domain store contract over a pg Pool on real Postgres. */
import { describeContracts } from "./support/contracts.ts";

describeContracts("pg Pool");
