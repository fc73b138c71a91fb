// `npm run eval:brief`: runs the embedded extractor on every case and prints precision and recall per item kind
// and for conflicts. Flags: --split <directory under cases/> (default: every directory there), --case <id prefix>,
// --show (misses and false hits per case).
// The LLM extractor under the same scoring: --llm <recorded.json> replays recorded answers (cases without one are
// left out); --llm <url> --model <name> [--record <file.json>] asks a live OpenAI-compatible server (Ollama:
// http://localhost:11434/v1), and --record keeps its answers for replay.
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { completeExtraction } from '../../src/domain/brief/brief.ts';
import { locateQuote } from '../../src/domain/brief/evidence.ts';
import { extractEmbedded } from '../../src/domain/brief/extract.ts';
import { contactSource, fieldsSource } from '../../src/domain/brief/sources.ts';
import { confirmBelow, type BriefInput, type Extraction, type ItemKind, type Source } from '../../src/domain/brief/types.ts';
import { caseFiles, checkCase } from './check-cases.ts';
import { llmRun } from './llm.ts';

type Quote = { source: string; quote: string };
export type EvalCase = {
  id: string;
  vendor: { company: string; people: string[] };
  deal: { name: string; account: string; amount: number; currency: string; dealType: string; complexity: string; closeDate: string };
  contacts: { name: string; title?: string | null; buyingRole?: string | null; email?: string | null }[];
  sources: { id: string; kind: Source['kind']; title: string; occurredAt?: string; text: string }[];
  expected: {
    goals: Quote[];
    workflows: Quote[];
    successCriteria: Quote[];
    firstValue: Quote[];
    stakeholders: { name: string; authority: string; engaged: boolean }[];
    promises: (Quote & { kind: string })[];
    risks: Quote[];
    questions: string[];
    conflicts: { kind: string; notes: Quote; scope: Quote }[];
  };
};

/** A case as Baton would see the deal: its sources, its contacts and fields as sources, and the seller's people. */
export function caseInput(c: EvalCase): BriefInput {
  const sources: Source[] = c.sources.map((s) => ({
    id: s.id,
    kind: s.kind,
    title: s.title,
    text: s.text,
    occurredAt: s.occurredAt ? String(s.occurredAt) : null,
  }));
  c.contacts.forEach((ct, i) =>
    sources.push(contactSource({ id: String(i + 1), name: ct.name, title: ct.title ?? null, buyingRole: ct.buyingRole ?? null, email: ct.email ?? null })),
  );
  sources.push(
    fieldsSource({
      id: 'deal',
      name: c.deal.name,
      amount: `${c.deal.currency} ${c.deal.amount}`,
      dealType: c.deal.dealType,
      complexity: c.deal.complexity,
      closeDate: String(c.deal.closeDate),
      paymentTerms: null,
      contractVersion: null,
      nonStandardClauses: null,
      custom: {},
    }),
  );
  return { sources, vendor: c.vendor, deal: { name: c.deal.name, accountName: c.deal.account, complexity: c.deal.complexity, dealType: c.deal.dealType } };
}

type Span = { source: string; start: number; end: number };
type Tally = { tp: number; fp: number; fn: number; n: number; attr?: { agree: number; total: number } };
const tally = (): Tally => ({ tp: 0, fp: 0, fn: 0, n: 0 });

function spanOf(sources: Map<string, Source>, q: Quote): Span | undefined {
  const s = sources.get(q.source);
  const at = s && locateQuote(s, q.quote);
  return at ? { source: q.source, start: at.start, end: at.end } : undefined;
}

function overlaps(a: Span, b: Span): boolean {
  if (a.source !== b.source) return false;
  const inter = Math.min(a.end, b.end) - Math.max(a.start, b.start);
  return inter > 0 && inter >= 0.5 * Math.min(a.end - a.start, b.end - b.start);
}

const honorific = /^(dr|mr|mrs|ms|miss|prof|sir|dame)\.?\s+/i;
const nameTokens = (name: string) =>
  name
    .toLowerCase()
    .replace(honorific, '')
    .replace(/[^\p{L}\s'-]/gu, ' ')
    .split(/\s+/)
    .filter(Boolean);
function sameName(a: string, b: string): boolean {
  const x = nameTokens(a);
  const y = nameTokens(b);
  if (!x.length || !y.length) return a.toLowerCase() === b.toLowerCase();
  const [short, long] = x.length <= y.length ? [x, y] : [y, x];
  return short.every((t) => long.includes(t));
}

/** One-to-one matching: each expected item takes the first unused prediction that matches it. */
function match<E, P>(expected: E[], predicted: P[], same: (e: E, p: P) => boolean): { pairs: [E, P][]; missed: E[]; extra: P[] } {
  const used = new Set<number>();
  const pairs: [E, P][] = [];
  const missed: E[] = [];
  for (const e of expected) {
    const i = predicted.findIndex((p, j) => !used.has(j) && same(e, p));
    if (i < 0) missed.push(e);
    else {
      used.add(i);
      pairs.push([e, predicted[i]!]);
    }
  }
  return { pairs, missed, extra: predicted.filter((_, j) => !used.has(j)) };
}

const quoteKinds: [keyof EvalCase['expected'], ItemKind][] = [
  ['goals', 'goal'],
  ['workflows', 'workflow'],
  ['successCriteria', 'success_criterion'],
  ['firstValue', 'first_value'],
  ['promises', 'promise'],
  ['risks', 'risk'],
];

export function evaluateCase(c: EvalCase, extraction: Extraction, totals: Map<string, Tally>, show: boolean): string[] {
  const input = caseInput(c);
  const sources = new Map(input.sources.map((s) => [s.id, s]));
  const notes: string[] = [];
  const add = (kind: string, tp: number, fp: number, fn: number, n: number) => {
    const t = totals.get(kind) ?? tally();
    t.tp += tp;
    t.fp += fp;
    t.fn += fn;
    t.n += n;
    totals.set(kind, t);
  };
  const attr = (kind: string, agree: boolean) => {
    const t = totals.get(kind) ?? tally();
    t.attr ??= { agree: 0, total: 0 };
    t.attr.total++;
    if (agree) t.attr.agree++;
    totals.set(kind, t);
  };
  // Calibration: how often an item the extractor is sure of is right, against one it marks for the AE to confirm.
  const band = (right: { confidence?: number | undefined }[], wrong: { confidence?: number | undefined }[]) => {
    for (const [items, ok] of [
      [right, true],
      [wrong, false],
    ] as const)
      for (const i of items) {
        const key = i.confidence === undefined ? 'confidence none' : i.confidence < confirmBelow ? 'confidence low' : 'confidence high';
        const t = totals.get(key) ?? tally();
        if (ok) t.tp++;
        else t.fp++;
        totals.set(key, t);
      }
  };
  for (const [key, kind] of quoteKinds) {
    const expected = (c.expected[key] as (Quote & { kind?: string })[]).map((q) => ({ q, span: spanOf(sources, q) }));
    const predicted = extraction.items
      .filter((i) => i.kind === kind)
      .map((i) => ({ item: i, spans: i.evidence.map((e) => spanOf(sources, { source: e.sourceId, quote: e.quote })).filter((s): s is Span => !!s) }));
    const m = match(expected, predicted, (e, p) => !!e.span && p.spans.some((s) => overlaps(s, e.span!)));
    add(kind, m.pairs.length, m.extra.length, m.missed.length, expected.length);
    band(
      m.pairs.map(([, p]) => p.item),
      m.extra.map((p) => p.item),
    );
    if (kind === 'promise') for (const [e, p] of m.pairs) attr('promise kind', e.q.kind === p.item.promiseKind);
    if (show) {
      for (const e of m.missed) notes.push(`  missed ${kind}${e.q.kind ? `/${e.q.kind}` : ''}: [${e.q.source}] ${e.q.quote}`);
      for (const p of m.extra)
        notes.push(`  extra  ${kind}${p.item.promiseKind ? `/${p.item.promiseKind}` : ''}: [${p.item.evidence[0]?.sourceId}] ${p.item.evidence[0]?.quote}`);
      if (kind === 'promise')
        for (const [e, p] of m.pairs)
          if (e.q.kind !== p.item.promiseKind) notes.push(`  kind   promise ${e.q.kind} read as ${p.item.promiseKind}: ${e.q.quote}`);
    }
  }
  const people = extraction.items.filter((i) => i.kind === 'stakeholder' && i.stakeholder);
  const sm = match(c.expected.stakeholders, people, (e, p) => sameName(e.name, p.stakeholder!.name));
  add('stakeholder', sm.pairs.length, sm.extra.length, sm.missed.length, c.expected.stakeholders.length);
  band(
    sm.pairs.map(([, p]) => p),
    sm.extra,
  );
  for (const [e, p] of sm.pairs) {
    attr('stakeholder authority', e.authority === p.stakeholder!.authority);
    attr('stakeholder engaged', e.engaged === p.stakeholder!.engaged);
  }
  if (show) {
    for (const e of sm.missed) notes.push(`  missed stakeholder: ${e.name} (${e.authority}, ${e.engaged ? 'engaged' : 'not engaged'})`);
    for (const p of sm.extra) notes.push(`  extra  stakeholder: ${p.stakeholder!.name} (${p.stakeholder!.authority}) from "${p.evidence[0]?.quote}"`);
    for (const [e, p] of sm.pairs) {
      if (e.authority !== p.stakeholder!.authority || e.engaged !== p.stakeholder!.engaged)
        notes.push(`  attr   stakeholder ${e.name}: expected ${e.authority}/${e.engaged}, got ${p.stakeholder!.authority}/${p.stakeholder!.engaged}`);
    }
  }
  const questions = extraction.items.filter((i) => i.kind === 'question').map((q) => q.field!);
  const qm = match(c.expected.questions, questions, (e, p) => e === p);
  add('question', qm.pairs.length, qm.extra.length, qm.missed.length, c.expected.questions.length);
  if (show) {
    for (const e of qm.missed) notes.push(`  missed question: ${e}`);
    for (const p of qm.extra) notes.push(`  extra  question: ${p}`);
  }
  const conflicts = extraction.conflicts.map((x) => ({
    x,
    notes: spanOf(sources, { source: x.notes.sourceId, quote: x.notes.quote }),
    scope: spanOf(sources, { source: x.scope.sourceId, quote: x.scope.quote }),
  }));
  const cm = match(c.expected.conflicts, conflicts, (e, p) => {
    const en = spanOf(sources, e.notes);
    const es = spanOf(sources, e.scope);
    return e.kind === p.x.kind && ((!!en && !!p.notes && overlaps(en, p.notes)) || (!!es && !!p.scope && overlaps(es, p.scope)));
  });
  add('conflict', cm.pairs.length, cm.extra.length, cm.missed.length, c.expected.conflicts.length);
  // Per kind of conflict: found, found under another kind (both quotes right, the kind not), or missed; and which side
  // of a missed one the extractor quoted at all (as a promise or in a conflict), so a miss can be placed without its text.
  for (const [e] of cm.pairs) add(`conflict kind ${e.kind}`, 1, 0, 0, 1);
  const otherKind = match(cm.missed, cm.extra, (e, p) => {
    const en = spanOf(sources, e.notes);
    const es = spanOf(sources, e.scope);
    return (!!en && !!p.notes && overlaps(en, p.notes)) || (!!es && !!p.scope && overlaps(es, p.scope));
  });
  for (const [e] of otherKind.pairs) add(`conflict kind ${e.kind} other`, 0, 0, 1, 1);
  for (const e of otherKind.missed) {
    const en = spanOf(sources, e.notes);
    const promised =
      !!en &&
      extraction.items.some(
        (i) =>
          i.kind === 'promise' &&
          i.evidence.some((q) => {
            const s = spanOf(sources, { source: q.sourceId, quote: q.quote });
            return !!s && overlaps(s, en);
          }),
      );
    add(`conflict kind ${e.kind} missed${promised ? ' promised' : ''}`, 0, 0, 1, 1);
  }
  // Conflicts' calibration, apart from the items': how often a conflict the extractor is sure of is right.
  for (const [found, ok] of [
    [cm.pairs.map(([, p]) => p.x), true],
    [cm.extra.map((p) => p.x), false],
  ] as const)
    for (const x of found) {
      if (x.confidence === undefined) continue;
      const key = x.confidence < confirmBelow ? 'conflict confidence low' : 'conflict confidence high';
      const t = totals.get(key) ?? tally();
      if (ok) t.tp++;
      else t.fp++;
      totals.set(key, t);
    }
  if (show) {
    for (const e of cm.missed) notes.push(`  missed conflict/${e.kind}: "${e.notes.quote}" vs "${e.scope.quote}"`);
    for (const p of cm.extra) notes.push(`  extra  conflict/${p.x.kind}: "${p.x.notes.quote}" vs "${p.x.scope.quote}"`);
  }
  return notes;
}

const fmt = (n: number) => (Math.round(n * 100) / 100).toFixed(2);

export function report(totals: Map<string, Tally>): string[] {
  const order = ['goal', 'workflow', 'success_criterion', 'first_value', 'stakeholder', 'promise', 'risk', 'question', 'conflict'];
  const lines: string[] = [];
  for (const kind of order) {
    const t = totals.get(kind) ?? tally();
    const precision = t.tp + t.fp === 0 ? 1 : t.tp / (t.tp + t.fp);
    const recall = t.tp + t.fn === 0 ? 1 : t.tp / (t.tp + t.fn);
    lines.push(`${kind} precision=${fmt(precision)} recall=${fmt(recall)} n=${t.n}`);
  }
  return lines;
}

/** Expected conflicts per kind: found, found under another kind, missed (with the sales side read as a promise or not). */
export function conflictKindReport(totals: Map<string, Tally>): string[] {
  const kinds = [...new Set([...totals.keys()].filter((k) => k.startsWith('conflict kind ')).map((k) => k.split(' ')[2]!))].sort();
  const n = (k: string) => totals.get(k)?.n ?? 0;
  return kinds.map((k) => {
    const base = `conflict kind ${k}`;
    const all = n(base) + n(`${base} other`) + n(`${base} missed`) + n(`${base} missed promised`);
    return `# conflict/${k}: found ${n(base)} of ${all}, under another kind ${n(`${base} other`)}, missed ${n(`${base} missed`) + n(`${base} missed promised`)} (sales side read as a promise in ${n(`${base} missed promised`)})`;
  });
}

/** Precision of the items the extractor is sure of and of those it marks for the AE to confirm. */
export function calibrationReport(totals: Map<string, Tally>): string[] {
  return ['confidence high', 'confidence low', 'confidence none', 'conflict confidence high', 'conflict confidence low']
    .filter((k) => totals.has(k))
    .map((k) => {
      const t = totals.get(k)!;
      const what = k.startsWith('conflict') ? 'conflicts' : 'items';
      const label = k.endsWith('confidence high') ? `>= ${confirmBelow}` : k.endsWith('confidence low') ? `< ${confirmBelow} (marked to confirm)` : 'not given';
      return `# calibration: ${what.slice(0, -1) === 'conflict' ? 'conflict ' : ''}confidence ${label} precision=${fmt(t.tp / Math.max(1, t.tp + t.fp))} of ${t.tp + t.fp} ${what}`;
    });
}

export function attributeReport(totals: Map<string, Tally>): string[] {
  return ['promise kind', 'stakeholder authority', 'stakeholder engaged'].map((k) => {
    const a = totals.get(k)?.attr;
    return `# ${k} agreement=${a ? fmt(a.agree / a.total) : 'n/a'} of ${a?.total ?? 0} matched`;
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const flag = (name: string) => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const root = path.join(path.dirname(new URL(import.meta.url).pathname), 'cases');
  const split = flag('--split');
  const splits = split
    ? [split]
    : fs
        .readdirSync(root, { withFileTypes: true })
        .filter((d) => d.isDirectory())
        .map((d) => d.name)
        .sort();
  if (split && !fs.existsSync(path.join(root, split))) {
    console.error(`--split: no directory cases/${split}`);
    process.exit(1);
  }
  const only = flag('--case');
  const show = args.includes('--show');
  const files = caseFiles(splits.map((s) => path.join(root, s))).filter((f) => !only || path.basename(f).startsWith(only));
  const problems = files.flatMap(checkCase);
  if (problems.length) {
    for (const p of problems) console.error(p);
    process.exit(1);
  }
  const llmTarget = flag('--llm');
  const llm = llmTarget
    ? llmRun(llmTarget, { model: flag('--model') ?? process.env.BATON_LLM_MODEL, record: flag('--record'), apiKey: process.env.BATON_LLM_API_KEY })
    : undefined;
  if (llm) console.log(`# extractor: ${llm.name}`);
  const totals = new Map<string, Tally>();
  const perSplit = new Map<string, Map<string, Tally>>();
  let bytes = 0;
  let ms = 0;
  let skipped = 0;
  const perSplitCases = new Map<string, number>();
  const refused: string[] = [];
  for (const file of files) {
    const c = parse(fs.readFileSync(file, 'utf8')) as EvalCase;
    const input = caseInput(c);
    const started = performance.now();
    let extraction: Extraction;
    if (llm) {
      const answer = await llm.extract(c.id, input);
      if ('skipped' in answer) {
        skipped++;
        continue;
      }
      if ('error' in answer) refused.push(`${c.id}: ${answer.error}`);
      // A refused answer finds nothing: the case counts, with every expected item missed.
      extraction = completeExtraction(
        'raw' in answer ? answer.raw : { items: [], conflicts: [], mentions: { kickoffDate: null, timeline: null } },
        input,
        llm.name,
      );
      if (show && extraction.dropped.length) console.log(`${c.id}\n${extraction.dropped.map((d) => `  dropped ${d.kind}: ${d.reason}`).join('\n')}`);
    } else extraction = completeExtraction(extractEmbedded(input), input, 'embedded');
    ms += performance.now() - started;
    bytes += input.sources.reduce((n, s) => n + s.text.length, 0);
    const splitName = path.basename(path.dirname(file));
    if (!perSplit.has(splitName)) perSplit.set(splitName, new Map());
    perSplitCases.set(splitName, (perSplitCases.get(splitName) ?? 0) + 1);
    const notes = evaluateCase(c, extraction, totals, show);
    evaluateCase(c, extraction, perSplit.get(splitName)!, false);
    if (show && notes.length) console.log(`${c.id}\n${notes.join('\n')}`);
  }
  llm?.save();
  for (const line of report(totals)) console.log(line);
  if (llm && skipped) console.log(`# ${skipped} case(s) without a recorded answer left out`);
  for (const r of refused) console.log(`# refused: ${r}`);
  console.log(
    `# ${files.length - skipped} cases (${[...perSplitCases].map(([s, n]) => `${s}: ${n}`).join(', ')}), ${(bytes / 1024).toFixed(0)} KB of sources, ${ms.toFixed(0)} ms`,
  );
  for (const line of attributeReport(totals)) console.log(line);
  for (const line of calibrationReport(totals)) console.log(line);
  if (perSplit.size > 1) {
    for (const [name, t] of perSplit) {
      console.log(`# ${name} only:`);
      for (const line of report(t)) console.log(`#   ${line}`);
      for (const line of calibrationReport(t)) console.log(`#   ${line.slice(2)}`);
      for (const line of conflictKindReport(t)) console.log(`#   ${line.slice(2)}`);
    }
  }
}
