/** The store contracts: SupabaseStore: supabase-js rpc → PostgREST RPC double → real Postgres. */
import { describeStoreContracts } from "./support/contract-fixture.ts";

describeStoreContracts("supabase-js");
