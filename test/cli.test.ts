// The `baton` command as an operator uses it: win and lose through the API, and clear failures.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { loadConfig } from '../src/adapters/config.ts';
import { DatabaseInUse } from '../src/adapters/db/data-lock.ts';
import { openDatabase } from '../src/adapters/db/database.ts';
import { createWorkspace } from '../src/flows/identity.flow.ts';
import { createApp, type App } from '../src/main.ts';
import { createTestDatabase, ensurePgliteTemplate, quietLog, type TestDatabase } from './helpers/db.ts';
import { createFixture, type Fixture } from './helpers/fixtures.ts';

const exec = promisify(execFile);
let database: TestDatabase;
let app: App;
let url: string;
let f: Fixture;

before(async () => {
  database = await createTestDatabase();
  app = await createApp(loadConfig({ BATON_DEMO: '0', LOG_LEVEL: 'silent' }), quietLog, { database, httpLogger: false, seed: false });
  url = await app.server.listen({ port: 0, host: '127.0.0.1' });
  f = await createFixture(app.deps);
});
after(async () => {
  await app?.server.close();
  await app?.worker.stop();
  await database?.drop();
});

const baton = (args: string[], env: Record<string, string> = {}) =>
  exec(process.execPath, ['bin/baton.js', ...args], { env: { ...process.env, DATABASE_URL: '', BATON_URL: url, ...env } }).then(
    (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
  );

test('baton win marks the deal won and prints what happened; a second run says nothing changed', async () => {
  const first = await baton(['win', f.opportunity.id], { BATON_TOKEN: f.tokens.sales });
  assert.equal(first.code, 0, first.stderr);
  assert.match(first.stdout, /Stage is Won/);
  assert.match(first.stdout, /2 sequence enrolments stopped/);
  assert.match(first.stdout, /is now an active client/);
  const second = await baton(['win', f.opportunity.id], { BATON_TOKEN: f.tokens.sales });
  assert.match(second.stdout, /Already won: nothing changed/);
});

test('baton lose needs --reason, and a refused call prints the status and the reason', async () => {
  const noReason = await baton(['lose', f.opportunity.id], { BATON_TOKEN: f.tokens.sales });
  assert.notEqual(noReason.code, 0);
  assert.match(noReason.stderr, /--reason/);
  const conflict = await baton(['lose', f.opportunity.id, '--reason', 'budget'], { BATON_TOKEN: f.tokens.sales });
  assert.equal(conflict.code, 1);
  assert.match(conflict.stderr, /409: "Acme rollout" is won; reopen it before marking it lost/);
  const forbidden = await baton(['win', f.opportunity.id], { BATON_TOKEN: f.tokens.finance });
  assert.match(forbidden.stderr, /403: The finance role may not/);
});

test('without a token, or with a bad setting, the command stops with one clear line', async () => {
  const noToken = await baton(['win', f.opportunity.id], { BATON_TOKEN: '' });
  assert.match(noToken.stderr, /set BATON_TOKEN/);
  const badPort = await baton(['migrate'], { PORT: 'abc' });
  assert.equal(badPort.code, 2);
  assert.equal(badPort.stderr.trim(), 'baton: Invalid configuration: PORT must be a whole number from 0 to 65535');
});

test('baton rules export prints YAML that baton rules import takes back; a broken file is refused with the path', async () => {
  const exported = await baton(['rules', 'export'], { BATON_TOKEN: f.tokens.ops });
  assert.equal(exported.code, 0, exported.stderr);
  assert.match(exported.stdout, /key: won-notify-operations/);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'baton-rules-'));
  const file = path.join(dir, 'rules.yaml');
  fs.writeFileSync(file, exported.stdout.replace('Won deal: notify Operations', 'Won deal: tell Operations'));
  const imported = await baton(['rules', 'import', file], { BATON_TOKEN: f.tokens.ops });
  assert.equal(imported.code, 0, imported.stderr);
  assert.equal(imported.stdout.trim(), '0 rule(s) created, 1 updated');
  const broken = path.join(dir, 'broken.yaml');
  fs.writeFileSync(
    broken,
    'rules:\n  - key: x\n    name: X\n    trigger: { type: event, event: deal.won }\n    actions: [{ key: a, type: nope, params: {} }]\n',
  );
  const refused = await baton(['rules', 'import', broken], { BATON_TOKEN: f.tokens.ops });
  assert.equal(refused.code, 1);
  assert.match(refused.stderr, /400: The YAML has rules that are not valid; nothing was imported\n\s+body:\/yaml\/rules\/0\/actions\/0\/type: must be one of/);
  const forbidden = await baton(['rules', 'import', file], { BATON_TOKEN: f.tokens.sales });
  assert.match(forbidden.stderr, /^baton: 403: The sales role may not do this \(needs rules.manage\)/);
});

/** A migrated embedded database in a directory of its own (on PGlite whatever DATABASE_URL says). */
async function embeddedDataDir(): Promise<string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'baton-cli-data-'));
  fs.cpSync(await ensurePgliteTemplate(), dir, { recursive: true });
  return dir;
}

test('while the server holds the embedded database, baton token create, baton migrate and a second server refuse with one line', async () => {
  const dataDir = await embeddedDataDir();
  const server = await openDatabase({ dataDir, holder: 'the server' });
  await createWorkspace({ db: server.db }, { name: 'Held', slug: 'held' });
  try {
    await assert.rejects(openDatabase({ dataDir }), (e: unknown) => e instanceof DatabaseInUse && e.pid === process.pid, 'a second open is refused');
    const env = { BATON_DATA_DIR: dataDir, DATABASE_URL: '', BATON_DEMO: '0', PORT: '0', LOG_LEVEL: 'silent' };
    const held = `the embedded database at ${dataDir} is in use by the server (pid ${process.pid})`;
    const token = await baton(['token', 'create', '--role', 'admin'], env);
    assert.equal(token.code, 1, token.stdout);
    assert.equal(token.stdout, '', 'no token is printed');
    assert.equal(token.stderr, `baton: ${held}: stop it first, or create the token through the API / the UI\n`);
    const migrated = await baton(['migrate'], env);
    assert.equal(migrated.code, 1);
    assert.equal(migrated.stderr, `baton: ${held}: stop it first (the server applies migrations when it starts)\n`);
    const serve = await baton(['serve'], env);
    assert.equal(serve.code, 1);
    assert.equal(serve.stderr, `baton: cannot start: ${held}: stop it first\n`);
  } finally {
    await server.close();
  }
  const reopened = await openDatabase({ dataDir });
  await reopened.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

test('a lock left by a process that is gone is taken over, and the token then created works', async () => {
  const dataDir = await embeddedDataDir();
  const setup = await openDatabase({ dataDir });
  await createWorkspace({ db: setup.db }, { name: 'Solo', slug: 'solo' });
  await setup.close();
  const gone = await exec(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
  fs.writeFileSync(path.join(dataDir, 'baton.lock'), JSON.stringify({ pid: Number(gone.stdout), holder: 'the server', since: '2026-01-01T00:00:00Z' }));
  const created = await baton(['token', 'create', '--role', 'ops', '--name', 'after a crash'], {
    BATON_DATA_DIR: dataDir,
    DATABASE_URL: '',
    LOG_LEVEL: 'silent',
  });
  assert.equal(created.code, 0, created.stderr);
  assert.ok(!fs.existsSync(path.join(dataDir, 'baton.lock')), 'the lock is given back on close');
  const database = await openDatabase({ dataDir });
  try {
    const tokens = await database.db.selectFrom('api_tokens').select(['name', 'role']).execute();
    assert.deepEqual(tokens, [{ name: 'after a crash', role: 'ops' }], 'the token is in the database');
  } finally {
    await database.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
