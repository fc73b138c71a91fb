import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig } from './config.ts';

test('defaults: port 3000 on localhost, embedded database under ./data, demo data and worker on', () => {
  const c = loadConfig({});
  assert.equal(c.port, 3000);
  assert.equal(c.host, '127.0.0.1');
  assert.ok(c.dataDir.endsWith('/data'));
  assert.equal(c.databaseUrl, undefined);
  assert.equal(c.demo, true);
  assert.equal(c.worker, true);
});

test('each bad value is named with its reason', () => {
  const cases: [Record<string, string>, RegExp][] = [
    [{ PORT: 'abc' }, /PORT must be a whole number/],
    [{ PORT: '70000' }, /PORT must be a whole number/],
    [{ DATABASE_URL: 'mysql://x' }, /DATABASE_URL must be a postgres/],
    [{ BATON_DEMO: 'yes' }, /BATON_DEMO must be 0 or 1/],
    [{ BATON_BOOTSTRAP_TOKEN: 'short' }, /BATON_BOOTSTRAP_TOKEN must be at least 24 characters/],
  ];
  for (const [env, reason] of cases) assert.throws(() => loadConfig(env), reason);
});
