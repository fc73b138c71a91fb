// Preparing the handoff brief from 2 KB, 20 KB and 200 KB of sources: the embedded extractor alone beside the
// sentence split it starts from (the floor of any extractor), and prepareBrief on PGlite (load the sources, extract,
// write the brief) beside plain SQL loading the same sources and writing the same rows.
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import winkNLP from 'wink-nlp';
import model from 'wink-eng-lite-web-model';
import { parse } from 'yaml';
import { sql } from 'kysely';
import type { Database, Tx } from '../src/adapters/db/database.ts';
import { newId } from '../src/adapters/db/ids.ts';
import { completeExtraction } from '../src/domain/brief/brief.ts';
import { extractEmbedded } from '../src/domain/brief/extract.ts';
import type { BriefInput, Source } from '../src/domain/brief/types.ts';
import { prepareBrief } from '../src/flows/brief.flow.ts';
import { createAccount, createContact, createOpportunity } from '../src/flows/crm.flow.ts';
import { createUser, createWorkspace } from '../src/flows/identity.flow.ts';
import { silentLog } from './baton.ts';
import { percentile, round } from './measure.ts';

const nlp = winkNLP(model);

export type BriefSize = {
  label: string;
  bytes: number;
  sources: number;
  items: number;
  /** Extractor alone, ms per brief (median, p95), and the sentence split alone over the same text. */
  extractMs: { p50: number; p95: number };
  splitMs: { p50: number; p95: number };
  extractRatio: number;
  /** prepareBrief in a PGlite transaction (rolled back), and the plain-SQL baseline writing the same rows. */
  prepareMs: { p50: number; p95: number };
  baselineMs: { p50: number; p95: number };
  prepareRatio: number;
  iterations: number;
};

/** Realistic text: the evaluation set's development cases (notes, calls, e-mails, scopes), taken in turn until the size is reached. */
function corpus(): Source[] {
  const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'eval', 'brief', 'cases', 'dev');
  const out: Source[] = [];
  for (const file of fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()) {
    const c = parse(fs.readFileSync(path.join(dir, file), 'utf8')) as { sources: { id: string; kind: Source['kind']; title: string; text: string }[] };
    for (const s of c.sources) out.push({ id: `${file}:${s.id}`, kind: s.kind, title: s.title, text: s.text, occurredAt: null });
  }
  return out;
}

function sourcesOf(all: Source[], bytes: number): Source[] {
  const picked: Source[] = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const s = all[i % all.length]!;
    const text = s.text.length > bytes - size ? s.text.slice(0, Math.max(200, bytes - size)) : s.text;
    picked.push({ ...s, id: `${s.id}#${i}`, text });
    size += text.length;
  }
  return picked;
}

const stats = (samples: number[]) => {
  const sorted = [...samples].sort((a, b) => a - b);
  return { p50: round(percentile(sorted, 0.5), 2), p95: round(percentile(sorted, 0.95), 2) };
};

function timeIt(iterations: number, fn: () => void): number[] {
  const out: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const t = performance.now();
    fn();
    out.push(performance.now() - t);
  }
  return out;
}

/** A workspace with one deal whose activities are the sources (all as notes, calls, e-mails, meetings or the SOW). */
async function dealWith(database: Database, sources: Source[]): Promise<{ workspaceId: string; opportunityId: string }> {
  const deps = { db: database.db, log: silentLog, now: () => new Date(), wakeOutbox: () => {} };
  const ws = await createWorkspace(deps, { name: `Brief bench ${newId().slice(-6)}`, slug: `brief-${newId().slice(-8)}` });
  const ctx = { workspaceId: ws.id, actor: { type: 'system' as const, id: null, label: 'bench' } };
  const seller = await createUser(deps, ctx, { email: `ae-${newId().slice(-6)}@bench.test`, name: 'Dana Whitfield', role: 'sales' });
  const pipelineId = newId();
  await database.db.insertInto('pipelines').values({ id: pipelineId, workspace_id: ws.id, name: 'Sales', is_default: true }).execute();
  await database.db
    .insertInto('stages')
    .values([
      { id: newId(), workspace_id: ws.id, pipeline_id: pipelineId, name: 'Proposal', category: 'open', position: 1 },
      { id: newId(), workspace_id: ws.id, pipeline_id: pipelineId, name: 'Won', category: 'won', position: 2 },
    ])
    .execute();
  const account = await createAccount(deps, ctx, { name: 'Kestrel Freight Lines' });
  await createContact(deps, ctx, { accountId: account.id, firstName: 'Ron', lastName: 'Batista', title: 'Director of Operations', buyingRole: 'sponsor' });
  const opp = await createOpportunity(deps, ctx, { name: 'Kestrel rollout', accountId: account.id, ownerId: seller.id });
  const rows = sources
    .filter((s) => s.kind !== 'scope')
    .map((s, i) => ({
      id: newId(),
      workspace_id: ws.id,
      account_id: account.id,
      opportunity_id: opp.id,
      kind: s.kind,
      subject: s.title,
      body: s.text,
      occurred_at: new Date(Date.now() - (sources.length - i) * 60_000),
    }));
  for (let i = 0; i < rows.length; i += 200)
    await database.db
      .insertInto('activities')
      .values(rows.slice(i, i + 200))
      .execute();
  const docs = sources
    .filter((s) => s.kind === 'scope')
    .map((s) => ({ id: newId(), workspace_id: ws.id, opportunity_id: opp.id, kind: 'sow', title: s.title, body: s.text }));
  if (docs.length) await database.db.insertInto('scope_documents').values(docs).execute();
  return { workspaceId: ws.id, opportunityId: opp.id };
}

class Rollback extends Error {}

/** Runs `fn` in a transaction that is then rolled back, and returns how long `fn` took. */
async function timedRolledBack(database: Database, fn: (tx: Tx) => Promise<void>): Promise<number> {
  let ms = 0;
  try {
    await database.db.transaction().execute(async (tx) => {
      const t = performance.now();
      await fn(tx);
      ms = performance.now() - t;
      throw new Rollback();
    });
  } catch (error) {
    if (!(error instanceof Rollback)) throw error;
  }
  return ms;
}

export async function measureBriefPreparation(database: Database, sizes: { label: string; bytes: number; iterations: number }[]): Promise<BriefSize[]> {
  const all = corpus();
  const results: BriefSize[] = [];
  for (const size of sizes) {
    const sources = sourcesOf(all, size.bytes);
    const input: BriefInput = {
      sources,
      vendor: { company: 'Baton', people: ['Dana Whitfield', 'Luis Ortega'] },
      deal: { name: 'Kestrel rollout', accountName: 'Kestrel Freight Lines', complexity: 'complex', dealType: 'new_business' },
    };
    // Warm up both (the NLP model's first call loads its tables).
    const extraction = completeExtraction(extractEmbedded(input), input, 'embedded');
    nlp.readDoc(sources[0]!.text).sentences().out();
    const extract = timeIt(size.iterations, () => completeExtraction(extractEmbedded(input), input, 'embedded'));
    const split = timeIt(size.iterations, () => {
      for (const s of sources) nlp.readDoc(s.text).sentences().out();
    });

    const deal = await dealWith(database, sources);
    const prepare: number[] = [];
    const baseline: number[] = [];
    for (let i = 0; i < size.iterations; i++) {
      prepare.push(
        await timedRolledBack(
          database,
          async (tx) =>
            void (await prepareBrief(tx, {
              workspaceId: deal.workspaceId,
              opportunityId: deal.opportunityId,
              actor: { type: 'system', id: null, label: 'bench' },
              now: new Date(),
            })),
        ),
      );
      // The baseline: read the same sources and write a brief with the same number of items, in plain SQL.
      baseline.push(
        await timedRolledBack(database, async (tx) => {
          await tx.selectFrom('opportunities').select('id').where('id', '=', deal.opportunityId).forUpdate().execute();
          await tx
            .selectFrom('activities')
            .select(['id', 'kind', 'subject', 'body', 'occurred_at'])
            .where('opportunity_id', '=', deal.opportunityId)
            .orderBy('occurred_at')
            .execute();
          await tx.selectFrom('scope_documents').select(['id', 'title', 'body']).where('opportunity_id', '=', deal.opportunityId).execute();
          const briefId = newId();
          await tx
            .insertInto('handoff_briefs')
            .values({
              id: briefId,
              workspace_id: deal.workspaceId,
              opportunity_id: deal.opportunityId,
              account_id: (await tx.selectFrom('opportunities').select('account_id').where('id', '=', deal.opportunityId).executeTakeFirstOrThrow()).account_id,
              status: 'draft',
              extractor: 'embedded',
              sources_digest: 'x',
              prepared_at: new Date(),
            })
            .execute();
          const items = extraction.items.map((it, n) => ({
            id: newId(),
            workspace_id: deal.workspaceId,
            brief_id: briefId,
            kind: it.kind,
            origin: 'extracted',
            item_key: `k${n}`,
            position: n,
            extracted: JSON.stringify({ text: it.text }),
            evidence: JSON.stringify(it.evidence),
            created_by_label: 'bench',
          }));
          for (let k = 0; k < items.length; k += 500)
            await tx
              .insertInto('brief_items')
              .values(items.slice(k, k + 500))
              .execute();
          await sql`select 1`.execute(tx);
        }),
      );
    }
    const e = stats(extract);
    const sp = stats(split);
    const p = stats(prepare);
    const b = stats(baseline);
    results.push({
      label: size.label,
      bytes: sources.reduce((n, s) => n + s.text.length, 0),
      sources: sources.length,
      items: extraction.items.length,
      extractMs: e,
      splitMs: sp,
      extractRatio: round(e.p50 / Math.max(sp.p50, 0.001), 1),
      prepareMs: p,
      baselineMs: b,
      prepareRatio: round(p.p50 / Math.max(b.p50, 0.001), 1),
      iterations: size.iterations,
    });
  }
  return results;
}

export function briefLines(results: BriefSize[]): string[] {
  return [
    'Handoff brief preparation (PGlite; the same sources every iteration, medians with p95):',
    '| sources | items | extractor ms | sentence split alone ms | ratio | prepareBrief ms | plain SQL same rows ms | ratio |',
    '|---|---|---|---|---|---|---|---|',
    ...results.map(
      (r) =>
        `| ${r.label} (${(r.bytes / 1024).toFixed(0)} KB, ${r.sources} sources) | ${r.items} | ${r.extractMs.p50} (${r.extractMs.p95}) | ${r.splitMs.p50} (${r.splitMs.p95}) | ${r.extractRatio}x | ${r.prepareMs.p50} (${r.prepareMs.p95}) | ${r.baselineMs.p50} (${r.baselineMs.p95}) | ${r.prepareRatio}x |`,
    ),
  ];
}
