/** Every domain store contract over supabase-js: rpc → PostgREST RPC double → real Postgres. */
import { describeContracts } from "./support/contracts.ts";

describeContracts("supabase-js");
