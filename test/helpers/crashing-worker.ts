// A worker process that dies in the middle of delivering deal.won: after starting the rule runs,
// before its transaction commits. Used by the crash test; never part of the product.
import { openDatabase } from '../../src/adapters/db/database.ts';
import { createOutboxWorker } from '../../src/engine/outbox.ts';
import { dispatchHandler, quietLog } from './db.ts';

const database = await openDatabase({ databaseUrl: process.env.DATABASE_URL || undefined, dataDir: process.env.BATON_DATA_DIR! });
const deliver = dispatchHandler;
const worker = createOutboxWorker({
  db: database.db,
  log: quietLog,
  name: 'doomed',
  leaseMs: Number(process.env.LEASE_MS ?? 1000),
  handlers: {
    'deal.won': async (tx, event) => {
      await deliver(tx, event);
      process.stdout.write(`delivering ${event.id}\n`);
      process.exit(137);
    },
  },
});
await worker.runOnce();
process.stdout.write('nothing to deliver\n');
process.exit(0);
