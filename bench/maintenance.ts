// Candidate upkeep policies for embedded PGlite, to compare against maintenanceFor in src/main.ts (BENCH_MAINTENANCE).
import { sql } from 'kysely';
import type { Database } from '../src/adapters/db/database.ts';
import type { Maintenance } from './baton.ts';

/**
 * `baton` (default): undefined, the bench runs automationFor with maintenanceFor. `none`: no upkeep.
 * `<scope>:<every>` with scope `all` (vacuum analyze) or `hot` (database.maintain(): one table a handoff writes, in turn),
 * and every `<n>` outbox events or `<t>s` seconds of activity, e.g. `hot:200`, `all:5s`.
 */
export function maintenancePolicy(spec: string): ((database: Database) => Maintenance) | undefined {
  if (spec === 'baton') return undefined;
  if (spec === 'none') return () => undefined;
  const m = /^(all|hot):(\d+)(s?)$/.exec(spec);
  if (!m) throw new Error(`BENCH_MAINTENANCE: unknown policy "${spec}" (baton, none, all:<n>, hot:<n>, all:<t>s, hot:<t>s)`);
  const [, scope, amount, seconds] = m;
  const every = Number(amount);
  return (database) => {
    let since = 0;
    let last = Date.now();
    return async (handled) => {
      since += handled;
      if (since === 0) return;
      if (seconds ? Date.now() - last < every * 1000 : since < every) return;
      if (scope === 'all') await sql`vacuum analyze`.execute(database.db);
      else await database.maintain();
      since = 0;
      last = Date.now();
    };
  };
}
