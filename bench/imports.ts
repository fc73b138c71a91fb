// Importing deals from a CSV export (src/flows/deal-import.flow.ts): rows per second for a first import that creates
// every deal (one account per four deals, matched by the export's ids), and for the same file again (every row
// matched, nothing changed). Beside it, the baseline in the same run: the same file read by the same parser, and the
// same rows Baton leaves (accounts, deals, their stage history, the import links, the audit rows and the deal.created
// events) written as plain multi-row inserts in one transaction, in another workspace of the same database.
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import type { Database, Db } from '../src/adapters/db/database.ts';
import { newId } from '../src/adapters/db/ids.ts';
import { csvLine, parseCsv } from '../src/domain/csv.ts';
import { readDealRow, suggestMapping, type DealRow } from '../src/domain/deal-import.ts';
import { importDeals, type DealImportReport } from '../src/flows/deal-import.flow.ts';
import { createUser, createWorkspace } from '../src/flows/identity.flow.ts';
import { silentLog } from './baton.ts';
import { round } from './measure.ts';

export type ImportTiming = {
  rows: number;
  /** Rows written per imported row, per table, as counted after Baton's first import (the baseline writes the same). */
  rowsPerDeal: Record<string, number>;
  baselinePerSecond: number;
  firstPerSecond: number;
  againPerSecond: number;
  first: Pick<DealImportReport, 'created' | 'updated' | 'unchanged' | 'failed'>;
  again: Pick<DealImportReport, 'created' | 'updated' | 'unchanged' | 'failed'>;
  /** Deals and accounts after both imports: each row's deal once, each account once. */
  deals: number;
  accounts: number;
};

const importTables = ['accounts', 'opportunities', 'stage_changes', 'import_links', 'audit_log', 'outbox_events'] as const;

const stageNames = ['Qualified', 'Proposal'] as const;

/** A workspace with a seller and a pipeline whose open stages the file names. */
async function seedImportWorkspace(db: Db, slug: string) {
  const deps = { db, log: silentLog, now: () => new Date(), wakeOutbox: () => {} };
  const ws = await createWorkspace(deps, { name: `Import bench ${slug}`, slug });
  const ctx = { workspaceId: ws.id, actor: { type: 'system' as const, id: null, label: 'import bench' } };
  const seller = await createUser(deps, ctx, { email: `ae@${slug}.test`, name: 'Dana Whitfield', role: 'sales' });
  const pipelineId = newId();
  await db.insertInto('pipelines').values({ id: pipelineId, workspace_id: ws.id, name: 'Sales', is_default: true }).execute();
  const stages = [...stageNames, 'Won', 'Lost'].map((name, i) => ({
    id: newId(),
    workspace_id: ws.id,
    pipeline_id: pipelineId,
    name,
    category: name === 'Won' ? 'won' : name === 'Lost' ? 'lost' : 'open',
    position: i + 1,
  }));
  await db.insertInto('stages').values(stages).execute();
  return { deps, ctx, sellerId: seller.id, pipelineId, stageIds: new Map(stages.map((s) => [s.name, s.id])) };
}

/** A HubSpot-shaped export: ids, US dates and dollar amounts with separators, the owner by e-mail. */
export function dealsCsv(rows: number, ownerEmail: string): string {
  const lines = [csvLine(['Record ID', 'Deal Name', 'Associated Company', 'Company ID', 'Deal Stage', 'Amount', 'Currency', 'Close Date', 'Deal owner'])];
  for (let i = 1; i <= rows; i++) {
    const company = Math.ceil(i / 4);
    lines.push(
      csvLine([
        `HS-${i}`,
        `Deal ${i}`,
        `Company ${company}`,
        `C-${company}`,
        stageNames[i % 2]!,
        `$${(1000 + i).toLocaleString('en-US')}.50`,
        'USD',
        `${(i % 12) + 1}/28/2026`,
        ownerEmail,
      ]),
    );
  }
  return lines.join('\r\n');
}

async function countRows(db: Db, workspaceId: string): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of importTables)
    out[t] = (await sql<{ n: number }>`select count(*)::int as n from ${sql.table(t)} where workspace_id = ${workspaceId}`.execute(db)).rows[0]!.n;
  return out;
}

/** The baseline: parse the file as the import does, then the rows Baton leaves as multi-row inserts, 500 at a time. */
async function baselineImport(db: Db, w: Awaited<ReturnType<typeof seedImportWorkspace>>, csv: string): Promise<number> {
  const t0 = performance.now();
  const table = parseCsv(csv);
  const mapping = suggestMapping(table.header);
  const deals: DealRow[] = [];
  for (const { line, cells } of table.rows) {
    const read = readDealRow(table.header, cells, line, mapping, { dateOrder: 'mdy' });
    if ('deal' in read) deals.push(read.deal);
  }
  const ws = w.ctx.workspaceId;
  const actor = w.ctx.actor;
  await db.transaction().execute(async (tx) => {
    const accounts = new Map<string, string>();
    for (const d of deals) if (!accounts.has(d.accountExternalId!)) accounts.set(d.accountExternalId!, newId());
    const accountRows = [...accounts].map(([externalId, id]) => ({ externalId, id, name: deals.find((d) => d.accountExternalId === externalId)!.account! }));
    for (let i = 0; i < accountRows.length; i += 500) {
      const chunk = accountRows.slice(i, i + 500);
      await tx
        .insertInto('accounts')
        .values(chunk.map((a) => ({ id: a.id, workspace_id: ws, name: a.name, created_at: new Date(), updated_at: new Date() })))
        .execute();
      await tx
        .insertInto('import_links')
        .values(
          chunk.map((a) => ({ workspace_id: ws, source: 'csv', entity_type: 'account', external_id: a.externalId, account_id: a.id, opportunity_id: null })),
        )
        .execute();
      await tx
        .insertInto('audit_log')
        .values(
          chunk.map((a) => ({
            id: newId(),
            workspace_id: ws,
            actor_type: actor.type,
            actor_id: actor.id,
            actor_label: actor.label,
            action: 'account.created',
            entity_type: 'account',
            entity_id: a.id,
            before: null,
            after: JSON.stringify({ name: a.name }),
            at: new Date(),
          })),
        )
        .execute();
    }
    for (let i = 0; i < deals.length; i += 500) {
      const chunk = deals.slice(i, i + 500).map((d) => ({ d, id: newId(), stageId: w.stageIds.get(d.stage!)! }));
      const now = new Date();
      await tx
        .insertInto('opportunities')
        .values(
          chunk.map(({ d, id, stageId }) => ({
            id,
            workspace_id: ws,
            account_id: accounts.get(d.accountExternalId!)!,
            pipeline_id: w.pipelineId,
            stage_id: stageId,
            name: d.name,
            amount_minor: d.amountMinor ?? 0,
            currency: d.currency ?? 'USD',
            close_date: d.closeDate,
            owner_id: w.sellerId,
            stage_changed_at: now,
            created_at: now,
            updated_at: now,
          })),
        )
        .execute();
      await tx
        .insertInto('stage_changes')
        .values(
          chunk.map(({ id, stageId }) => ({
            id: newId(),
            workspace_id: ws,
            opportunity_id: id,
            from_stage_id: null,
            to_stage_id: stageId,
            actor_type: actor.type,
            actor_id: actor.id,
            actor_label: actor.label,
            at: now,
          })),
        )
        .execute();
      await tx
        .insertInto('import_links')
        .values(
          chunk.map(({ d, id }) => ({
            workspace_id: ws,
            source: 'csv',
            entity_type: 'opportunity',
            external_id: d.externalId!,
            account_id: null,
            opportunity_id: id,
          })),
        )
        .execute();
      await tx
        .insertInto('audit_log')
        .values(
          chunk.map(({ d, id, stageId }) => ({
            id: newId(),
            workspace_id: ws,
            actor_type: actor.type,
            actor_id: actor.id,
            actor_label: actor.label,
            action: 'opportunity.created',
            entity_type: 'opportunity',
            entity_id: id,
            before: null,
            after: JSON.stringify({ name: d.name, stageId, amountMinor: d.amountMinor, currency: d.currency, closeDate: d.closeDate }),
            at: now,
          })),
        )
        .execute();
      await tx
        .insertInto('outbox_events')
        .values(
          chunk.map(({ d, id, stageId }) => ({
            id: newId(),
            workspace_id: ws,
            type: 'deal.created',
            subject_type: 'opportunity',
            subject_id: id,
            payload: JSON.stringify({ name: d.name, stageId, opportunityId: id }),
            idempotency_key: `deal.created:${id}`,
            next_attempt_at: now,
            locked_by: null,
            locked_until: null,
            last_error: null,
            created_at: now,
            processed_at: null,
          })),
        )
        .execute();
    }
  });
  return performance.now() - t0;
}

const counts = (r: DealImportReport) => ({ created: r.created, updated: r.updated, unchanged: r.unchanged, failed: r.failed });

export async function measureImport(database: Database, options: { rows: number; log: (line: string) => void }): Promise<ImportTiming> {
  const db = database.db;
  const suffix = newId().slice(-8);
  const baseline = await seedImportWorkspace(db, `import-base-${suffix}`);
  const baton = await seedImportWorkspace(db, `import-baton-${suffix}`);

  options.log(`import: baseline, ${options.rows} rows as multi-row inserts in one transaction ...`);
  const baselineMs = await baselineImport(db, baseline, dealsCsv(options.rows, `ae@import-base-${suffix}.test`));

  const csv = dealsCsv(options.rows, `ae@import-baton-${suffix}.test`);
  const before = await countRows(db, baton.ctx.workspaceId);
  options.log(`import: Baton, importDeals of the same ${options.rows} rows, then the same file again ...`);
  let t0 = performance.now();
  const first = await importDeals(baton.deps, baton.ctx, { csv, dateOrder: 'mdy' });
  const firstMs = performance.now() - t0;
  const after = await countRows(db, baton.ctx.workspaceId);
  t0 = performance.now();
  const again = await importDeals(baton.deps, baton.ctx, { csv, dateOrder: 'mdy' });
  const againMs = performance.now() - t0;
  const end = await countRows(db, baton.ctx.workspaceId);
  const base = await countRows(db, baseline.ctx.workspaceId);
  for (const t of importTables) {
    if (end[t] !== after[t]) throw new Error(`import bench: the second import changed ${t} (${after[t]} -> ${end[t]})`);
    // The baseline's workspace started with the same rows (its rules' and seller's audit rows) as Baton's.
    if (base[t] !== after[t]) throw new Error(`import bench: the baseline wrote ${base[t]} rows to ${t}, Baton ${after[t]}: not the same work`);
  }
  return {
    rows: options.rows,
    rowsPerDeal: Object.fromEntries(importTables.map((t) => [t, round((after[t]! - before[t]!) / options.rows, 2)])),
    baselinePerSecond: options.rows / (baselineMs / 1000),
    firstPerSecond: options.rows / (firstMs / 1000),
    againPerSecond: options.rows / (againMs / 1000),
    first: counts(first),
    again: counts(again),
    deals: after.opportunities! - before.opportunities!,
    accounts: after.accounts! - before.accounts!,
  };
}

export function importLines(engine: string, t: ImportTiming): string[] {
  const perDeal = Object.entries(t.rowsPerDeal)
    .map(([table, n]) => `${table} ${n}`)
    .join(', ');
  return [
    `CSV import of deals on ${engine}, ${t.rows} rows (${t.accounts} accounts, ${t.deals} deals; per row: ${perDeal}):`,
    `  baseline (same parser, the same rows as multi-row inserts, 1 transaction): ${t.baselinePerSecond.toFixed(0)} rows/s`,
    `  Baton, first import (each row matched, created, in its own transaction): ${t.firstPerSecond.toFixed(0)} rows/s, ${(t.firstPerSecond / t.baselinePerSecond).toFixed(2)}x (created ${t.first.created}, failed ${t.first.failed})`,
    `  Baton, the same file again (every row matched, nothing written): ${t.againPerSecond.toFixed(0)} rows/s, ${(t.againPerSecond / t.baselinePerSecond).toFixed(2)}x (unchanged ${t.again.unchanged}, updated ${t.again.updated}, created ${t.again.created})`,
  ];
}
