// The `baton export deals|accounts|contacts` and `baton import accounts|contacts` commands: they work on the database
// directly (with the embedded one, only while `baton serve` is stopped), like `baton import deals`.
import fs from 'node:fs';
import os from 'node:os';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { InvalidArgumentError, type Command } from 'commander';
import type { Config } from '../adapters/config.ts';
import { migrate, type Database } from '../adapters/db/database.ts';
import { listWorkspaces } from '../adapters/db/workspaces.repo.ts';
import type { Actor } from '../domain/actor.ts';
import { accountImportFields, contactImportFields, recordMappingProblems, suggestRecordMapping, type RecordKind } from '../domain/contact-import.ts';
import { parseCsv } from '../domain/csv.ts';
import { problemsCsv } from '../domain/record-export.ts';
import { stageCategories, type StageCategory } from '../domain/opportunity.ts';
import { importAccounts, importContacts, type RecordImportReport } from '../flows/contact-import.flow.ts';
import type { Deps } from '../flows/deps.ts';
import { exportRecords, type ExportRequest } from '../flows/export.flow.ts';
import { createLogger } from '../main.ts';

/** What baton.ts lends these commands: its configuration, database opening, failure and progress output. */
export type CliTools = {
  config(): Config;
  openFor(cfg: Config, holder: string, instead: string): Promise<Database>;
  fail(message: string, code?: number): never;
  progressBar(label: string): (done: number, total: number) => void;
};

/** Opens the database, finds the workspace (--workspace, or the only one) and runs `work` with the flows' deps. */
async function inWorkspace(
  tools: CliTools,
  holder: string,
  instead: string,
  slug: string | undefined,
  work: (deps: Deps, workspaceId: string) => Promise<void>,
): Promise<void> {
  const cfg = tools.config();
  const database = await tools.openFor(cfg, holder, instead);
  try {
    await migrate(database.db);
    const workspaces = await listWorkspaces(database.db);
    const workspace = slug ? workspaces.find((w) => w.slug === slug) : workspaces.length === 1 ? workspaces[0] : undefined;
    if (!workspace) tools.fail(slug ? `no workspace "${slug}"` : `give --workspace, one of: ${workspaces.map((w) => w.slug).join(', ') || '(none yet)'}`);
    await work({ db: database.db, log: createLogger(cfg), now: () => new Date(), wakeOutbox: () => {} }, workspace.id);
  } finally {
    await database.close();
  }
}

const isoDate = (value: string) => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) throw new InvalidArgumentError('use YYYY-MM-DD');
  return value;
};

/** Writes the file's pieces as they come (waiting whenever the output is full) to a file or to standard output. */
async function writeChunks(chunks: AsyncIterable<string>, out: string | undefined): Promise<void> {
  const target: Writable = out ? fs.createWriteStream(out) : process.stdout;
  const failed = new Promise<never>((_, reject) => target.once('error', reject));
  const write = async () => {
    for await (const chunk of chunks) if (!target.write(chunk)) await once(target, 'drain');
    if (out) await new Promise<void>((resolve) => target.end(resolve));
  };
  await Promise.race([write(), failed]);
}

const cliActor = (what: string): Actor => ({ type: 'system', id: null, label: `${what} (CLI, ${os.userInfo().username})` });

export function addRecordCommands(program: Command, imports: Command, tools: CliTools): void {
  const exports = program.command('export').description('export records as CSV files (that `baton import` reads back)');
  for (const kind of ['deals', 'accounts', 'contacts'] as const) {
    const command = exports
      .command(kind)
      .description(
        `write every ${kind === 'deals' ? 'deal' : kind.slice(0, -1)} as CSV to standard output (or --out); works on the database directly ` +
          '(with the embedded one, only while `baton serve` is stopped)',
      )
      .option('--workspace <slug>', 'workspace slug (default: the only workspace)')
      .option('--out <file>', 'write the file here instead of to standard output');
    if (kind === 'deals')
      command
        .option('--status <status>', `only deals whose stage is ${stageCategories.join(', ')}`)
        .option('--close-from <date>', 'only deals closing on or after this day (YYYY-MM-DD)', isoDate)
        .option('--close-to <date>', 'only deals closing on or before this day (YYYY-MM-DD)', isoDate);
    command.action(async (opts: { workspace?: string; out?: string; status?: string; closeFrom?: string; closeTo?: string }) => {
      if (opts.status !== undefined && !(stageCategories as readonly string[]).includes(opts.status))
        tools.fail(`--status must be one of ${stageCategories.join(', ')}`);
      const request: ExportRequest =
        kind === 'deals'
          ? { kind, filter: { status: opts.status as StageCategory | undefined, closeFrom: opts.closeFrom, closeTo: opts.closeTo } }
          : { kind, filter: {} };
      await inWorkspace(
        tools,
        `baton export ${kind}`,
        `stop it first, or download through the API (GET /api/exports/${kind}.csv)`,
        opts.workspace,
        async (deps, workspaceId) => {
          const file = (() => {
            try {
              return exportRecords(deps, { workspaceId, actor: cliActor(`baton export ${kind}`) }, request);
            } catch (error) {
              return tools.fail((error as Error).message);
            }
          })();
          await writeChunks(file.chunks, opts.out).catch((error: Error) => tools.fail(`cannot write the export: ${error.message}`));
        },
      );
    });
  }

  for (const kind of ['account', 'contact'] as const) {
    const fields: readonly string[] = kind === 'account' ? accountImportFields : contactImportFields;
    const mapOption = (value: string, previous: Record<string, string> = {}) => {
      const at = value.indexOf('=');
      if (at < 1) throw new InvalidArgumentError('use field=Column, e.g. name="Company name"');
      const field = value.slice(0, at);
      if (!fields.includes(field)) throw new InvalidArgumentError(`the field must be one of ${fields.join(', ')}`);
      return { ...previous, [field]: value.slice(at + 1) };
    };
    const command = imports
      .command(`${kind}s <file>`)
      .description(
        `import ${kind}s from a CSV export (HubSpot, Pipedrive, Salesforce, a spreadsheet or Baton): matched by the id column, else by ` +
          `${kind === 'account' ? 'name (and domain)' : 'e-mail'}, so importing the same file again changes nothing; each row all or nothing. ` +
          'Works on the database directly (with the embedded one, only while `baton serve` is stopped)',
      )
      .option('--workspace <slug>', 'workspace slug (default: the only workspace)')
      .option('--dry-run', 'check every row and say what would happen, writing nothing')
      .option('--map <field=Column>', `a column for a field (${fields.join(', ')}); repeat it; the rest is suggested from the header`, mapOption)
      .option('--source <name>', "the system the ids come from, so two systems' ids never collide", 'csv')
      .option('--report <file>', 'write the problems as CSV (row, column, value, reason)');
    if (kind === 'contact') command.option('--no-create-accounts', 'report a row whose account does not exist instead of creating the account');
    command.action(
      async (
        file: string,
        opts: { workspace?: string; dryRun?: boolean; map?: Record<string, string>; source: string; createAccounts?: boolean; report?: string },
      ) => {
        const csv = await fs.promises.readFile(file, 'utf8').catch((error: Error) => tools.fail(`cannot read ${file}: ${error.message}`));
        const table = (() => {
          try {
            return parseCsv(csv);
          } catch (error) {
            return tools.fail(`${file} is not CSV: ${(error as Error).message}`);
          }
        })();
        const mapping = { ...suggestRecordMapping(kind as RecordKind, table.header), ...opts.map } as Record<string, string>;
        const unmapped = recordMappingProblems(kind, table.header, mapping);
        if (unmapped.length > 0) tools.fail(`${unmapped.join('; ')}; the columns are: ${table.header.join(', ')}; map them with --map field=Column`);
        process.stderr.write(
          `Columns: ${Object.entries(mapping)
            .map(([field, column]) => `${field} <- "${column}"`)
            .join(', ')}\n`,
        );
        await inWorkspace(
          tools,
          'baton import',
          `stop it first, or import through the API (POST /api/imports/${kind}s)`,
          opts.workspace,
          async (deps, workspaceId) => {
            const ctx = { workspaceId, actor: { type: 'system' as const, id: null, label: `import of ${file.split('/').pop()}` } };
            const options = { csv, mapping, dryRun: opts.dryRun, source: opts.source, onProgress: tools.progressBar(opts.dryRun ? 'Checking' : 'Importing') };
            const report: RecordImportReport<RecordKind> =
              kind === 'account'
                ? await importAccounts(deps, ctx, options)
                : await importContacts(deps, ctx, { ...options, createAccounts: opts.createAccounts });
            const would = report.dryRun ? 'would be ' : '';
            process.stdout.write(
              `${report.rows} rows: ${report.created} ${would}created, ${report.updated} ${would}updated, ${report.unchanged} unchanged, ${report.failed} not imported\n`,
            );
            for (const p of report.problems.slice(0, 50))
              process.stdout.write(`row ${p.row}${p.column ? `, ${p.column}` : ''}${p.value ? ` "${p.value}"` : ''}: ${p.reason}\n`);
            if (report.problems.length > 50)
              process.stdout.write(`... and ${report.problems.length - 50} more${opts.report ? '' : ' (--report writes them all)'}\n`);
            if (opts.report) {
              await fs.promises.writeFile(opts.report, problemsCsv(report.problems));
            }
            if (report.failed > 0) process.exitCode = 3;
          },
        );
      },
    );
  }
}
