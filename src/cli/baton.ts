// The `baton` commands: serve, migrate, worker (own process), win/lose and rules export/import (through the API), openapi,
// token create, import deals, accounts and contacts (CSV), export deals, accounts and contacts (CSV).
import fs from 'node:fs/promises';
import { Readable } from 'node:stream';
import { Command, InvalidArgumentError } from 'commander';
import { ConfigError, loadConfig, type Config } from '../adapters/config.ts';
import { DatabaseInUse } from '../adapters/db/data-lock.ts';
import { migrate, openDatabase, type Database } from '../adapters/db/database.ts';
import { findWorkspaceBySlug, listWorkspaces } from '../adapters/db/workspaces.repo.ts';
import { isRole, roles, type Role } from '../domain/roles.ts';
import { issueApiToken } from '../flows/identity.flow.ts';
import { automationFor, createApp, createLogger, welcome } from '../main.ts';
import { createOpenAiExtractor } from '../adapters/llm/openai-extractor.ts';
import { parseCsv } from '../domain/csv.ts';
import { problemsCsv } from '../domain/record-export.ts';
import { importFields, mappingProblems, suggestMapping } from '../domain/deal-import.ts';
import { importDeals } from '../flows/deal-import.flow.ts';
import { addRecordCommands } from './record-commands.ts';

function config(): Config {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`baton: ${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
}

function fail(message: string, code = 1): never {
  process.stderr.write(`baton: ${message}\n`);
  process.exit(code);
}

/**
 * Opens the database for a command. The embedded one open in another process (the server) stops the command with one
 * line saying what to do instead: a second process would work on a copy whose writes are lost.
 */
async function openFor(cfg: Config, holder: string, instead: string): Promise<Database> {
  return openDatabase({ databaseUrl: cfg.databaseUrl, dataDir: cfg.dataDir, holder }).catch((error: Error) =>
    fail(error instanceof DatabaseInUse ? `${error.message}: ${instead}` : `cannot open the database: ${error.message}`),
  );
}

const program = new Command().name('baton').description('Baton, the operational CRM: a won deal becomes delivered work.');

program
  .command('serve', { isDefault: true })
  .description('serve the web UI and the API (migrates first; demo data on an empty database unless BATON_DEMO=0)')
  .action(async () => {
    const cfg = config();
    const log = createLogger(cfg);
    const app = await createApp(cfg, log).catch((error: Error) =>
      fail(error instanceof DatabaseInUse ? `cannot start: ${error.message}: stop it first` : `cannot start: ${error.message}`),
    );
    try {
      await app.server.listen({ port: cfg.port, host: cfg.host });
    } catch (error) {
      await app.close();
      fail(`cannot listen on ${cfg.host}:${cfg.port}: ${(error as Error).message}`);
    }
    const hasDemo = cfg.demo && !!(await findWorkspaceBySlug(app.database.db, 'demo'));
    process.stdout.write(`${welcome(cfg, hasDemo)}\n`);
    const stop = async () => {
      log.info('shutting down');
      await app.close();
      process.exit(0);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });

program
  .command('migrate')
  .description('apply pending database migrations')
  .action(async () => {
    const cfg = config();
    const database = await openFor(cfg, 'baton migrate', 'stop it first (the server applies migrations when it starts)');
    const applied = await migrate(database.db);
    await database.close();
    process.stdout.write(applied.length ? `applied: ${applied.join(', ')}\n` : 'database is up to date\n');
  });

program
  .command('worker')
  .description('deliver outbox events and run rules in this process (several workers may share one PostgreSQL)')
  .action(async () => {
    const cfg = config();
    if (!cfg.databaseUrl) fail('`baton worker` needs DATABASE_URL: the embedded database belongs to the `baton serve` process, which runs the worker itself');
    const log = createLogger(cfg);
    const database = await openDatabase({ databaseUrl: cfg.databaseUrl, dataDir: cfg.dataDir });
    await migrate(database.db);
    const worker = automationFor(database, log, {
      smtpUrl: cfg.smtpUrl,
      mailFrom: cfg.mailFrom,
      dataDir: cfg.dataDir,
      llm: cfg.llm ? createOpenAiExtractor(cfg.llm) : undefined,
    });
    worker.start();
    log.info({ worker: worker.outbox.name, runs: worker.runs.name }, 'outbox worker and rule runner started');
    const stop = async () => {
      await worker.stop();
      await database.close();
      process.exit(0);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });

type CloseResponse = { summary?: string[]; error?: { message: string; fields?: { path: string; message: string }[] } };

/** Calls the API with BATON_URL and BATON_TOKEN; a refusal stops the command with the status, the reason and the fields. */
async function request(method: 'GET' | 'POST', path: string, body?: unknown): Promise<Response> {
  const cfg = config();
  const base = process.env.BATON_URL ?? `http://127.0.0.1:${cfg.port}`;
  const token = process.env.BATON_TOKEN;
  if (!token) fail('set BATON_TOKEN to an API token (create one in the UI under API tokens, or with `baton token create`)');
  let response: Response;
  try {
    response = await fetch(`${base}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
  } catch (error) {
    fail(`cannot reach Baton at ${base} (${(error as Error).message}); set BATON_URL`);
  }
  if (!response.ok) {
    const json = (await response.json().catch(() => ({}))) as CloseResponse;
    const fields = json.error?.fields?.map((f) => `\n  ${f.path}: ${f.message}`).join('') ?? '';
    fail(`${response.status}: ${json.error?.message ?? response.statusText}${fields}`);
  }
  return response;
}

async function callApi(path: string, body: unknown): Promise<CloseResponse> {
  return (await (await request('POST', path, body)).json()) as CloseResponse;
}

const isoDate = (value: string) => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) throw new InvalidArgumentError('use YYYY-MM-DD');
  return value;
};

program
  .command('win <opportunityId>')
  .description('mark an opportunity won (through the API: BATON_URL, BATON_TOKEN)')
  .option('--close-date <date>', 'close date, YYYY-MM-DD (default: today)', isoDate)
  .option('--json', 'print the whole response as JSON')
  .action(async (id: string, opts: { closeDate?: string; json?: boolean }) => {
    const result = await callApi(`/api/opportunities/${encodeURIComponent(id)}/win`, opts.closeDate ? { closeDate: opts.closeDate } : {});
    process.stdout.write(opts.json ? `${JSON.stringify(result, null, 2)}\n` : `${(result.summary ?? []).map((s) => `- ${s}`).join('\n')}\n`);
  });

program
  .command('lose <opportunityId>')
  .description('mark an opportunity lost with a reason (through the API)')
  .requiredOption('--reason <reason>', 'why it was lost')
  .option('--json', 'print the whole response as JSON')
  .action(async (id: string, opts: { reason: string; json?: boolean }) => {
    const result = await callApi(`/api/opportunities/${encodeURIComponent(id)}/lose`, { reason: opts.reason });
    process.stdout.write(opts.json ? `${JSON.stringify(result, null, 2)}\n` : `${(result.summary ?? []).map((s) => `- ${s}`).join('\n')}\n`);
  });

const rules = program.command('rules').description('automation rules as YAML (through the API)');
rules
  .command('export')
  .description('print every rule of the workspace as YAML')
  .action(async () => {
    process.stdout.write(await (await request('GET', '/api/rules/export')).text());
  });
rules
  .command('import <file>')
  .description('create or update rules (by key) from a YAML file, all or nothing; "-" reads standard input')
  .action(async (file: string) => {
    const yaml = await (file === '-'
      ? new Response(Readable.toWeb(process.stdin) as ReadableStream).text()
      : fs.readFile(file, 'utf8').catch((error: Error) => fail(`cannot read ${file}: ${error.message}`)));
    const result = (await (await request('POST', '/api/rules/import', { yaml })).json()) as { created: number; updated: number };
    process.stdout.write(`${result.created} rule(s) created, ${result.updated} updated\n`);
  });

program
  .command('openapi')
  .description('print the OpenAPI document of the API (no database needed); clients/typescript is generated from it')
  .action(async () => {
    const { openApiDocument } = await import('../adapters/http/openapi-document.ts');
    process.stdout.write(`${JSON.stringify(await openApiDocument(), null, 2)}\n`);
  });
/** A bar on standard error: redrawn in place on a terminal, a line per tenth otherwise. */
function progressBar(label: string): (done: number, total: number) => void {
  let shown = -1;
  return (done, total) => {
    const share = total === 0 ? 1 : done / total;
    if (process.stderr.isTTY) {
      const width = 30;
      const filled = Math.round(share * width);
      process.stderr.write(`\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}${done === total ? '\n' : ''}`);
    } else if (Math.floor(share * 10) > shown || done === total) {
      shown = Math.floor(share * 10);
      process.stderr.write(`${label}: ${done}/${total} rows\n`);
    }
  };
}

const mapOption = (value: string, previous: Record<string, string> = {}) => {
  const at = value.indexOf('=');
  if (at < 1) throw new InvalidArgumentError('use field=Column, e.g. name="Deal Name"');
  const field = value.slice(0, at);
  if (!(importFields as readonly string[]).includes(field)) throw new InvalidArgumentError(`the field must be one of ${importFields.join(', ')}`);
  return { ...previous, [field]: value.slice(at + 1) };
};

const imports = program.command('import').description('import records from CSV files');
imports
  .command('deals <file>')
  .description(
    'import deals from a CSV export (HubSpot, Pipedrive, Salesforce or a spreadsheet): matched by the id column, or by account and name, so ' +
      'importing the same file again changes nothing; each row all or nothing. Works on the database directly (with the embedded one, only while ' +
      '`baton serve` is stopped)',
  )
  .option('--workspace <slug>', 'workspace slug (default: the only workspace)')
  .option('--dry-run', 'check every row and say what would happen, writing nothing')
  .option('--map <field=Column>', `a column for a field (${importFields.join(', ')}); repeat it; the rest is suggested from the header`, mapOption)
  .option('--date-order <order>', 'how to read 03/04/2026: dmy (European) or mdy (US)')
  .option('--source <name>', "the system the ids come from, so two systems' ids never collide", 'csv')
  .option('--no-create-accounts', 'report a row whose account does not exist instead of creating the account')
  .option('--won-deals <what>', 'won rows: handoff (run the handoff automation, default) or historical (record the win only: won before Baton)', 'handoff')
  .option('--report <file>', 'write the problems as CSV (row, column, value, reason)')
  .action(
    async (
      file: string,
      opts: {
        workspace?: string;
        dryRun?: boolean;
        map?: Record<string, string>;
        dateOrder?: string;
        source: string;
        createAccounts: boolean;
        wonDeals: string;
        report?: string;
      },
    ) => {
      if (opts.wonDeals !== 'handoff' && opts.wonDeals !== 'historical') fail('--won-deals must be handoff or historical');
      if (opts.dateOrder !== undefined && opts.dateOrder !== 'dmy' && opts.dateOrder !== 'mdy') fail('--date-order must be dmy or mdy');
      const csv = await fs.readFile(file, 'utf8').catch((error: Error) => fail(`cannot read ${file}: ${error.message}`));
      const table = (() => {
        try {
          return parseCsv(csv);
        } catch (error) {
          return fail(`${file} is not CSV: ${(error as Error).message}`);
        }
      })();
      const mapping = { ...suggestMapping(table.header), ...opts.map };
      const unmapped = mappingProblems(table.header, mapping);
      if (unmapped.length > 0) fail(`${unmapped.join('; ')}; the columns are: ${table.header.join(', ')}; map them with --map field=Column`);
      process.stderr.write(
        `Columns: ${Object.entries(mapping)
          .map(([field, column]) => `${field} <- "${column}"`)
          .join(', ')}\n`,
      );
      const cfg = config();
      const database = await openFor(cfg, 'baton import', 'stop it first, or import through the API (POST /api/imports/deals)');
      try {
        await migrate(database.db);
        const workspaces = await listWorkspaces(database.db);
        const workspace = opts.workspace ? workspaces.find((w) => w.slug === opts.workspace) : workspaces.length === 1 ? workspaces[0] : undefined;
        if (!workspace)
          fail(opts.workspace ? `no workspace "${opts.workspace}"` : `give --workspace, one of: ${workspaces.map((w) => w.slug).join(', ') || '(none yet)'}`);
        const log = createLogger(cfg);
        const report = await importDeals(
          { db: database.db, log, now: () => new Date(), wakeOutbox: () => {} },
          { workspaceId: workspace.id, actor: { type: 'system', id: null, label: `import of ${file.split('/').pop()}` } },
          {
            csv,
            mapping,
            dryRun: opts.dryRun,
            dateOrder: opts.dateOrder as 'dmy' | 'mdy' | undefined,
            source: opts.source,
            createAccounts: opts.createAccounts,
            wonDeals: opts.wonDeals,
            onProgress: progressBar(opts.dryRun ? 'Checking' : 'Importing'),
          },
        );
        const would = report.dryRun ? 'would be ' : '';
        process.stdout.write(
          `${report.rows} rows: ${report.created} ${would}created, ${report.updated} ${would}updated, ${report.unchanged} unchanged, ${report.failed} not imported\n`,
        );
        for (const p of report.problems.slice(0, 50))
          process.stdout.write(`row ${p.row}${p.column ? `, ${p.column}` : ''}${p.value ? ` "${p.value}"` : ''}: ${p.reason}\n`);
        if (report.problems.length > 50)
          process.stdout.write(`... and ${report.problems.length - 50} more${opts.report ? '' : ' (--report writes them all)'}\n`);
        if (opts.report) {
          await fs.writeFile(opts.report, problemsCsv(report.problems));
        }
        if (report.failed > 0) process.exitCode = 3;
      } finally {
        await database.close();
      }
    },
  );

addRecordCommands(program, imports, { config, openFor, fail, progressBar });

const token = program.command('token').description('API tokens');
token
  .command('create')
  .description('create an API token directly in the database (with the embedded database, only while `baton serve` is stopped)')
  .option('--workspace <slug>', 'workspace slug (default: the only workspace)')
  .option('--role <role>', `one of ${roles.join(', ')}`, 'admin')
  .option('--name <name>', 'a name to recognise it by', 'cli')
  .action(async (opts: { workspace?: string; role: string; name: string }) => {
    if (!isRole(opts.role)) fail(`--role must be one of ${roles.join(', ')}`);
    const cfg = config();
    const database = await openFor(cfg, 'baton token create', 'stop it first, or create the token through the API / the UI');
    try {
      await migrate(database.db);
      const workspaces = await listWorkspaces(database.db);
      const workspace = opts.workspace ? workspaces.find((w) => w.slug === opts.workspace) : workspaces.length === 1 ? workspaces[0] : undefined;
      if (!workspace)
        fail(opts.workspace ? `no workspace "${opts.workspace}"` : `give --workspace, one of: ${workspaces.map((w) => w.slug).join(', ') || '(none yet)'}`);
      const { secret } = await issueApiToken(
        { db: database.db },
        { workspaceId: workspace.id, actor: { type: 'system', id: null, label: 'cli' } },
        { name: opts.name, role: opts.role as Role },
      );
      process.stdout.write(`${secret}\n`);
    } finally {
      await database.close();
    }
  });

await program.parseAsync(process.argv);
