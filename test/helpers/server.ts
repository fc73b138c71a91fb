// A real Baton (fresh database with the demo workspace, in-process worker) listening on a free port.
import { loadConfig } from '../../src/adapters/config.ts';
import { createApp, type App } from '../../src/main.ts';
import { createTestDatabase, quietLog } from './db.ts';

export async function startTestServer(): Promise<{ url: string; app: App; close(): Promise<void> }> {
  const database = await createTestDatabase();
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', BATON_DEMO: '1', LOG_LEVEL: 'silent' });
  const app = await createApp(config, quietLog, { database, httpLogger: false });
  const address = await app.server.listen({ port: 0, host: '127.0.0.1' });
  return {
    url: address,
    app,
    async close() {
      await app.server.close();
      await app.worker.stop();
      await database.drop();
    },
  };
}
