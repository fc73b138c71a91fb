// Generating a statement of work as PDF from a seeded deal (terms with a milestone schedule, a scope, two contacts,
// the owner): the PDF alone from the stored document (what a download and the mailer do), and the whole generation
// (the deal's data gathered, Liquid rendered, the document written, then its PDF) in a transaction rolled back.
// p50 and p99 per render, and how much the process's peak resident memory grew over the renders.
import { performance } from 'node:perf_hooks';
import type { Database } from '../src/adapters/db/database.ts';
import { newId } from '../src/adapters/db/ids.ts';
import { renderPdf } from '../src/adapters/documents/pdf.ts';
import { parseMarkup } from '../src/domain/document-markup.ts';
import { createAccount, createContact, createOpportunity, updateOpportunity } from '../src/flows/crm.flow.ts';
import { updateDealTerms } from '../src/flows/deal-terms.flow.ts';
import { generateDocument, generateDocumentIn, getDocument, seedDocumentTemplates } from '../src/flows/documents.flow.ts';
import { createUser, createWorkspace } from '../src/flows/identity.flow.ts';
import { silentLog } from './baton.ts';
import { percentile, round } from './measure.ts';

export type PdfTiming = { label: string; renders: number; p50Ms: number; p99Ms: number; bytes: number; peakRssDeltaMb: number };

class Rollback extends Error {}

/** A workspace (with its starting document templates) and a deal with everything the SOW requires. */
async function seedDeal(database: Database) {
  const deps = { db: database.db, log: silentLog, now: () => new Date(), wakeOutbox: () => {} };
  const ws = await createWorkspace(deps, { name: `PDF bench ${newId().slice(-6)}`, slug: `pdf-${newId().slice(-8)}` });
  const ctx = { workspaceId: ws.id, actor: { type: 'system' as const, id: null, label: 'bench' } };
  await seedDocumentTemplates(deps, ctx);
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
  await createContact(deps, ctx, { accountId: account.id, firstName: 'Ron', lastName: 'Batista', email: 'ron@kestrel.example', buyingRole: 'sponsor' });
  await createContact(deps, ctx, { accountId: account.id, firstName: 'Ama', lastName: 'Owusu', email: 'ama@kestrel.example', buyingRole: 'finance' });
  const opp = await createOpportunity(deps, ctx, {
    name: 'Kestrel rollout',
    accountId: account.id,
    ownerId: seller.id,
    amountMinor: 4_800_000,
    currency: 'EUR',
  });
  await updateDealTerms(deps, ctx, opp.id, {
    billingSchedule: {
      kind: 'milestones',
      milestones: [
        { name: 'Discovery signed off', amountMinor: 800_000 },
        { name: 'Pilot depot live', amountMinor: 1_600_000 },
        { name: 'All depots live', amountMinor: 2_400_000 },
      ],
    },
    paymentTerms: 'net 30',
    contractVersion: 'MSA v4.0',
    clauses: [{ title: 'Termination for convenience', text: 'Either party may end the agreement with 60 days notice.' }],
  });
  await updateOpportunity(deps, ctx, opp.id, {
    customFields: {
      scope:
        'Roll out route planning and proof of delivery to the twelve Kestrel depots, with driver training and a data migration from the old dispatch system.',
      deliverables:
        'Route planning configured for 12 depots\nProof of delivery app on 340 driver phones\nDispatch history migrated (5 years)\nTrain-the-trainer sessions',
      out_of_scope: 'Telematics hardware, payroll integration.',
    },
  });
  return { deps, ctx, opportunityId: opp.id };
}

async function timed(renders: number, render: () => Promise<number>): Promise<{ samples: number[]; bytes: number; peakRssDeltaMb: number }> {
  const samples: number[] = [];
  let bytes = 0;
  global.gc?.();
  const rssBefore = process.memoryUsage.rss();
  let peak = rssBefore;
  // Resident memory read after every render and every few milliseconds during them (a render awaits, so the timer runs).
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 5);
  try {
    for (let i = 0; i < renders; i++) {
      const t = performance.now();
      bytes = await render();
      samples.push(performance.now() - t);
      peak = Math.max(peak, process.memoryUsage.rss());
    }
  } finally {
    clearInterval(sampler);
  }
  return { samples, bytes, peakRssDeltaMb: round((peak - rssBefore) / (1024 * 1024), 1) };
}

const summary = (label: string, renders: number, r: { samples: number[]; bytes: number; peakRssDeltaMb: number }): PdfTiming => {
  const sorted = [...r.samples].sort((a, b) => a - b);
  return {
    label,
    renders,
    p50Ms: round(percentile(sorted, 0.5), 1),
    p99Ms: round(percentile(sorted, 0.99), 1),
    bytes: r.bytes,
    peakRssDeltaMb: r.peakRssDeltaMb,
  };
};

/** The SOW's PDF `renders` times from the stored document, then generated and rendered `renders` times (rolled back). */
export async function measurePdfGeneration(database: Database, options: { renders: number; log: (line: string) => void }): Promise<PdfTiming[]> {
  const { deps, ctx, opportunityId } = await seedDeal(database);
  const { document } = await generateDocument(deps, ctx, { opportunityId, templateKey: 'sow', now: new Date() });
  const pdfOf = async (doc: { title: string; markup: string; createdAt: string; data: Record<string, unknown> }) =>
    renderPdf({
      title: doc.title,
      workspaceName: String((doc.data.workspace as { name?: string } | undefined)?.name ?? ''),
      blocks: parseMarkup(doc.markup),
      createdAt: new Date(doc.createdAt),
    });
  // Warm-up: fonts, the PDF library's code paths, the prepared statements.
  for (let i = 0; i < 5; i++) await pdfOf(await getDocument(database.db, ctx.workspaceId, document.id));

  options.log(`PDF: the SOW's PDF from the stored document, ${options.renders} renders ...`);
  const stored = await timed(options.renders, async () => (await pdfOf(await getDocument(database.db, ctx.workspaceId, document.id))).length);

  options.log(`PDF: the SOW generated from the deal and rendered, ${options.renders} times (each rolled back) ...`);
  const generated = await timed(options.renders, async () => {
    let size = 0;
    await database.db
      .transaction()
      .execute(async (tx) => {
        const made = await generateDocumentIn(tx, ctx, { opportunityId, templateKey: 'sow', now: new Date() });
        size = (await pdfOf(made.document)).length;
        throw new Rollback();
      })
      .catch((error: unknown) => {
        if (!(error instanceof Rollback)) throw error;
      });
    return size;
  });
  return [
    summary('PDF from the stored SOW (download, mailer)', options.renders, stored),
    summary('SOW generated from the deal + PDF', options.renders, generated),
  ];
}

export function pdfLines(timings: PdfTiming[]): string[] {
  const head = `${'SOW as PDF, PGlite'.padEnd(46)} ${'renders'.padStart(7)} ${'p50 ms'.padStart(8)} ${'p99 ms'.padStart(8)} ${'PDF KB'.padStart(7)} ${'peak RSS +MB'.padStart(13)}`;
  return [
    head,
    '-'.repeat(head.length),
    ...timings.map(
      (t) =>
        `${t.label.padEnd(46)} ${String(t.renders).padStart(7)} ${t.p50Ms.toFixed(1).padStart(8)} ${t.p99Ms.toFixed(1).padStart(8)} ${(t.bytes / 1024).toFixed(1).padStart(7)} ${t.peakRssDeltaMb.toFixed(1).padStart(13)}`,
    ),
    'Rendering in process with pdfkit (no browser). Peak RSS +MB: the highest resident memory during the renders (sampled every 5 ms and after each) minus before them.',
  ];
}
