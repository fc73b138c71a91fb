// `npm run train:brief`: trains the embedded extractor's sentence model on the development cases only (never the
// hold-out), chooses each kind's thresholds by cross-validation over cases, prints rules alone against rules with
// the model, and writes src/domain/brief/sentence-model.json. Flags: --folds N, --splits N (how many splits into folds are pooled), --min-precision P, --dry (no write),
// --check (write nothing; fail when training does not reproduce the committed model byte for byte).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { completeExtraction } from '../../src/domain/brief/brief.ts';
import { locateQuote } from '../../src/domain/brief/evidence.ts';
import { extractEmbedded, readSentences, rulesOnly, type ReadSentence } from '../../src/domain/brief/extract.ts';
import { sentenceKinds, type SentenceKind } from '../../src/domain/brief/types.ts';
import { trainSentenceModel, judgeWith, type SentenceModel } from '../../src/domain/brief/sentence-model.ts';
import { caseFiles } from './check-cases.ts';
import { caseInput, evaluateCase, report, type EvalCase } from './run.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const flag = (name: string, fallback: number) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const folds = flag('--folds', 5);
const splits = flag('--splits', 5);
/** A stable number for a string (FNV-1a), to split cases into folds the same way on every run. */
const hashOf = (text: string) => {
  let h = 0x811c9dc5;
  for (const ch of text) h = Math.imul(h ^ ch.codePointAt(0)!, 0x01000193) >>> 0;
  return h;
};
const minPrecision = flag('--min-precision', 0.8);
const expectedKey: Record<SentenceKind, keyof EvalCase['expected']> = {
  goal: 'goals',
  workflow: 'workflows',
  success_criterion: 'successCriteria',
  first_value: 'firstValue',
  promise: 'promises',
  risk: 'risks',
};

export type Labelled = { sentence: ReadSentence; labels: Record<SentenceKind, boolean> };

/** Each sentence of a case, with whether the case's expected items quote it, kind by kind. */
function labelCase(c: EvalCase): Labelled[] {
  const input = caseInput(c);
  const spans = (kind: SentenceKind) =>
    (c.expected[expectedKey[kind]] as { source: string; quote: string }[])
      .map((q) => {
        const s = input.sources.find((x) => x.id === q.source);
        const at = s && locateQuote(s, q.quote);
        return at ? { source: q.source, start: at.start, end: at.end } : undefined;
      })
      .filter((x): x is { source: string; start: number; end: number } => !!x);
  const byKind = Object.fromEntries(sentenceKinds.map((k) => [k, spans(k)])) as Record<SentenceKind, { source: string; start: number; end: number }[]>;
  return readSentences(input).sentences.map((sentence) => {
    const g = sentence.segment;
    const hit = (kind: SentenceKind) =>
      byKind[kind].some(
        (sp) => sp.source === g.source.id && Math.min(sp.end, g.end) - Math.max(sp.start, g.start) >= 0.5 * Math.min(sp.end - sp.start, g.end - g.start),
      );
    return { sentence, labels: Object.fromEntries(sentenceKinds.map((k) => [k, hit(k)])) as Record<SentenceKind, boolean> };
  });
}

const f1 = (p: number, r: number) => (p + r === 0 ? 0 : (2 * p * r) / (p + r));

function main() {
  const files = caseFiles([path.join(here, 'cases', 'dev')]);
  const cases = files.map((f) => parse(fs.readFileSync(f, 'utf8')) as EvalCase);
  const labelled = cases.map(labelCase);
  console.log(
    `${cases.length} development cases, ${labelled.reduce((n, l) => n + l.length, 0)} sentences; ${folds}-fold cross-validation by case, ${splits} splits pooled`,
  );

  // Out-of-fold odds for every sentence, over several splits of the cases into folds: each fold's model never saw the
  // case it scores. One split alone makes the thresholds follow which cases happen to share a fold (adding a case
  // reshuffled them); pooling the splits' verdicts chooses thresholds that hold whatever the split.
  const foldOf = (i: number, split: number) => (split === 0 ? i % folds : hashOf(`${cases[i]!.id}#${split}`) % folds);
  const odds = Array.from({ length: splits }, () => labelled.map((l) => l.map(() => ({}) as Record<SentenceKind, number>)));
  for (let split = 0; split < splits; split++) {
    for (let f = 0; f < folds; f++) {
      const model = trainSentenceModel(labelled.filter((_, i) => foldOf(i, split) !== f));
      labelled.forEach((l, i) => {
        if (foldOf(i, split) !== f) return;
        l.forEach((x, j) => {
          for (const kind of sentenceKinds) odds[split]![i]![j]![kind] = model.odds(kind, x.sentence.features);
        });
      });
    }
  }
  // Thresholds per kind: the best F1 whose precision stays at or above the floor (sentence level, out of fold).
  const thresholds = {} as Record<SentenceKind, { accept: number; veto: number }>;
  for (const kind of sentenceKinds) {
    let best = { accept: Infinity, veto: -Infinity, f: -1, p: 0, r: 0 };
    for (const accept of [0, 1, 2, 3, 4, 5, 6, 8, 10, Infinity]) {
      for (const veto of [-Infinity, -8, -6, -4, -3, -2, -1, 0]) {
        let tp = 0;
        let fp = 0;
        let fn = 0;
        for (const splitOdds of odds)
          labelled.forEach((l, i) =>
            l.forEach((x, j) => {
              const o = splitOdds[i]![j]![kind];
              // Where the structure decides (a heading, a clause title, a signature), the model has no say.
              const forced = x.sentence.forced[kind];
              const yes = forced ?? (x.sentence.rules[kind] ? o > veto : o > accept);
              if (yes && x.labels[kind]) tp++;
              else if (yes) fp++;
              else if (x.labels[kind]) fn++;
            }),
          );
        const p = tp + fp ? tp / (tp + fp) : 1;
        const r = tp + fn ? tp / (tp + fn) : 1;
        if (p >= minPrecision && f1(p, r) > best.f) best = { accept, veto, f: f1(p, r), p, r };
      }
    }
    thresholds[kind] = { accept: best.accept, veto: best.veto };
    console.log(`  ${kind}: accept odds > ${best.accept}, veto rule below ${best.veto}; sentence-level P=${best.p.toFixed(2)} R=${best.r.toFixed(2)}`);
  }

  // The same cases through the whole extractor, out of fold: rules alone, then rules with the model.
  const rulesTotals = new Map();
  const modelTotals = new Map();
  for (let f = 0; f < folds; f++) {
    const model = trainSentenceModel(
      labelled.filter((_, i) => i % folds !== f),
      thresholds,
    );
    cases.forEach((c, i) => {
      if (i % folds !== f) return;
      const input = caseInput(c);
      evaluateCase(c, completeExtraction(extractEmbedded(input, rulesOnly), input, 'embedded'), rulesTotals, false);
      evaluateCase(c, completeExtraction(extractEmbedded(input, judgeWith(model)), input, 'embedded'), modelTotals, false);
    });
  }
  console.log('Out of fold, rules alone:');
  for (const line of report(rulesTotals)) console.log(`  ${line}`);
  console.log('Out of fold, rules with the model:');
  for (const line of report(modelTotals)) console.log(`  ${line}`);

  const final: SentenceModel = trainSentenceModel(labelled, thresholds);
  if (args.includes('--dry')) return;
  const out = path.join(here, '..', '..', 'src', 'domain', 'brief', 'sentence-model.json');
  const json = `${JSON.stringify({ ...final.toJSON(), trainedOn: `eval/brief/cases/dev (${cases.length} cases, never a hold-out)` })}\n`;
  const rel = path.relative(process.cwd(), out);
  if (args.includes('--check')) {
    const committed = fs.existsSync(out) ? fs.readFileSync(out, 'utf8') : '';
    if (committed !== json) {
      console.error(`${rel} is not what training produces from the development cases: run \`npm run train:brief\` and commit the result.`);
      process.exit(1);
    }
    console.log(`${rel} is what training produces from the development cases.`);
    return;
  }
  fs.writeFileSync(out, json);
  console.log(`Wrote ${rel} (${(fs.statSync(out).size / 1024).toFixed(0)} KB)`);
}

main();
