/** Every domain store contract over PGlite (in process). */
import { describeContracts } from "./support/contracts.ts";

describeContracts("PGlite");
