// `npm test`: domain and integration tests on PGlite (or on PostgreSQL when DATABASE_URL is set),
// then the browser test in Debian's Chromium. Exits non-zero on any failure.
// `npm run test:domain` (`--domain`): only the pure tests beside their files in src/ (seconds, no database).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
process.chdir(root);

function filesUnder(dir, suffix) {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true })
    .map(String)
    .filter((f) => f.endsWith(suffix) && !f.includes('node_modules'))
    .map((f) => path.join(dir, f))
    .sort();
}

function run(args, env = {}) {
  const result = spawnSync(process.execPath, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  return result.status ?? 1;
}

if (process.argv.includes('--domain')) {
  const status = run(['--import', 'tsx', '--test', '--test-reporter=dot', ...filesUnder('src', '.test.ts')]);
  process.exit(status);
}

const target = process.env.DATABASE_URL ? `PostgreSQL (${process.env.DATABASE_URL.replace(/:[^:@/]*@/, ':***@')})` : 'PGlite (embedded)';
console.log(`# Baton tests on ${target}`);

if (!fs.existsSync('dist/web/index.html')) {
  console.log('# building the web UI first (npm run build)');
  const built = spawnSync('npm', ['run', 'build'], { stdio: 'inherit' });
  if (built.status !== 0) process.exit(built.status ?? 1);
}

// A migrated PGlite directory that each test file copies: creating one takes seconds, copying it does not.
const template = path.join(root, '.tmp', 'pglite-template');
if (!process.env.DATABASE_URL) {
  const status = run(['--import', 'tsx', '-e', "const { ensurePgliteTemplate } = await import('./test/helpers/db.ts'); await ensurePgliteTemplate();"], {
    BATON_TEST_TEMPLATE: template,
  });
  if (status !== 0) process.exit(status);
}

const files = [...filesUnder('src', '.test.ts'), ...filesUnder('test', '.test.ts').filter((f) => !f.startsWith(path.join('test', 'e2e')))];
const chromium = '/usr/bin/chromium';
const e2e = filesUnder(path.join('test', 'e2e'), '.test.ts');
if (!fs.existsSync(chromium)) {
  const message = `Chromium not found at ${chromium}: the browser test needs it (as root: apt-get update && apt-get install -y chromium).`;
  if (process.env.CI) {
    console.error(`# ${message}`);
    process.exit(1);
  }
  console.log(`#\n# SKIPPING the browser test: ${message}\n#`);
} else {
  files.push(...e2e);
}

const status = run(['--import', 'tsx', '--test', '--test-concurrency=2', '--test-reporter=spec', ...files], { BATON_TEST_TEMPLATE: template });
process.exit(status);
