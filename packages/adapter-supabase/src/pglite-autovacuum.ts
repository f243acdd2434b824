/**
 * @module pglite-autovacuum
 * What Postgres's autovacuum launcher does for a server, done for an embedded PGlite, which has
 * none (one process, no background workers). Without it nothing ever analyzes a table: the
 * planner keeps the statistics of the empty database migrations made, and a booking that took
 * 2.8 ms at the first thousand appointments took 11.7 ms at the fifth thousand (1.8 ms again,
 * flat, once analyzed; `apps/http/bench`). Every `intervalMs` it reads the cumulative statistics
 * and vacuums or analyzes each of our tables past Postgres's own default thresholds
 * (`autovacuum_vacuum_threshold` 50 + 20% dead, `autovacuum_vacuum_insert_threshold` 1000 + 20%
 * inserted, `autovacuum_analyze_threshold` 50 + 10% changed). A pass shares PGlite's one
 * connection with the tool calls; a table is only touched once it has changed by a tenth.
 */
import type { SqlClient } from "./sql-client.ts";

/**
 * Postgres's `autovacuum_naptime` is a minute. A pass with nothing due is two catalog reads
 * (about a millisecond), and a table filling up fast is re-planned sooner.
 */
export const AUTOVACUUM_INTERVAL_MS = 10_000;

export interface AutovacuumOptions {
  /** Between the end of one pass and the start of the next (default `AUTOVACUUM_INTERVAL_MS`). */
  readonly intervalMs?: number;
  /** A pass that failed (the next pass still runs). */
  readonly onError?: (error: unknown) => void;
}

/** What one pass did to one table. */
export interface TableUpkeep {
  readonly table: string;
  readonly vacuumed: boolean;
  readonly analyzed: boolean;
}

export interface PgliteAutovacuum {
  /** No pass after this; resolves once a pass under way has ended. */
  stop(): Promise<void>;
}

/** Postgres's defaults, in `pg_class.reltuples` (-1 until a table is first vacuumed or analyzed). */
const DUE = `select s.relname as "table",
    (s.n_dead_tup > 50 + 0.2 * greatest(c.reltuples, 0)
      or s.n_ins_since_vacuum > 1000 + 0.2 * greatest(c.reltuples, 0)) as "vacuum",
    s.n_mod_since_analyze > 50 + 0.1 * greatest(c.reltuples, 0) as "analyze"
  from pg_stat_user_tables s
  join pg_class c on c.oid = s.relid
  where s.schemaname = 'public'
  order by s.relname`;

interface Due {
  readonly table: string;
  readonly vacuum: boolean;
  readonly analyze: boolean;
}

const quoted = (name: string) => `public."${name.replaceAll('"', '""')}"`;

/** One pass: the statistics made current (they are flushed at most once a second), then each table due. */
export async function autovacuumPass(sql: SqlClient): Promise<TableUpkeep[]> {
  await sql.query("select pg_stat_force_next_flush()");
  const done: TableUpkeep[] = [];
  for (const due of await sql.query<Due>(DUE)) {
    if (!due.vacuum && !due.analyze) continue;
    const command = due.vacuum ? (due.analyze ? "vacuum (analyze)" : "vacuum") : "analyze";
    await sql.exec(`${command} ${quoted(due.table)}`);
    done.push({ table: due.table, vacuumed: due.vacuum, analyzed: due.analyze });
  }
  return done;
}

/**
 * Passes over `sql` from now on (the first at once), one at a time, until `stop()`; the timer
 * never keeps the process alive.
 */
export function startAutovacuum(sql: SqlClient, options: AutovacuumOptions = {}): PgliteAutovacuum {
  const intervalMs = options.intervalMs ?? AUTOVACUUM_INTERVAL_MS;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();

  const tick = () => {
    running = autovacuumPass(sql)
      .then(
        () => undefined,
        (e: unknown) => options.onError?.(e),
      )
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, intervalMs).unref();
      });
  };
  timer = setTimeout(tick, 0).unref();

  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running.catch(() => undefined);
    },
  };
}
