// The embedded extractor's sentence model: for each kind, a naive Bayes classifier over a sentence's words, word
// pairs and the rules' verdicts, trained on the development cases (eval/brief/train.ts). It can add a sentence the
// rules missed (odds above `accept`) or overrule a rule (odds below `veto`).
import naiveBayes from 'wink-naive-bayes-text-classifier';
import { sentenceKinds, type SentenceKind } from './types.ts';

type ReadSentence = { rules: Record<SentenceKind, boolean>; features: string[] };
type SentenceJudge = (kind: SentenceKind, sentence: ReadSentence) => boolean;

export type Thresholds = Record<SentenceKind, { accept: number; veto: number }>;
/** The model as `npm run train:brief` writes it to sentence-model.json (`trainedOn` names the cases it learned from). */
export type SentenceModelJson = { vocabulary: string[]; thresholds: Thresholds; classifiers: Record<SentenceKind, string>; trainedOn?: string };

export type SentenceModel = {
  /** Log odds that the sentence is of this kind (0 when nothing it contains was learned). */
  odds(kind: SentenceKind, features: string[]): number;
  thresholds: Thresholds;
  toJSON(): SentenceModelJson;
};

/** Rules alone until thresholds are chosen: never add, never veto. */
const neutral = Object.fromEntries(sentenceKinds.map((k) => [k, { accept: Infinity, veto: -Infinity }])) as Thresholds;

function build(vocabulary: Set<string>, thresholds: Thresholds, classifiers: Partial<Record<SentenceKind, ReturnType<typeof naiveBayes>>>): SentenceModel {
  const keep = (features: string[]) => features.filter((f) => vocabulary.has(f));
  return {
    thresholds,
    odds(kind, features) {
      const nb = classifiers[kind];
      const kept = keep(features);
      if (!nb || kept.length === 0) return 0;
      return nb.computeOdds(kept).find(([label]) => label === 'yes')?.[1] ?? 0;
    },
    toJSON: () => ({
      vocabulary: [...vocabulary].sort(),
      thresholds,
      classifiers: Object.fromEntries(sentenceKinds.filter((k) => classifiers[k]).map((k) => [k, classifiers[k]!.exportJSON()])) as Record<
        SentenceKind,
        string
      >,
    }),
  };
}

function classifier() {
  const nb = naiveBayes();
  nb.defineConfig({ considerOnlyPresence: true, smoothingFactor: 0.5 });
  nb.definePrepTasks([(features) => features]);
  return nb;
}

/**
 * Trains on labelled cases. Only features seen in at least `minCases` different cases are learned, so the model
 * keeps the wording that carries over between deals and forgets one deal's names and products.
 */
export function trainSentenceModel(
  cases: { sentence: Pick<ReadSentence, 'features'>; labels: Record<SentenceKind, boolean> }[][],
  thresholds: Thresholds = neutral,
  minCases = 3,
): SentenceModel {
  const seenIn = new Map<string, number>();
  for (const c of cases) for (const f of new Set(c.flatMap((x) => x.sentence.features))) seenIn.set(f, (seenIn.get(f) ?? 0) + 1);
  const vocabulary = new Set([...seenIn].filter(([, n]) => n >= minCases).map(([f]) => f));
  const classifiers = {} as Partial<Record<SentenceKind, ReturnType<typeof naiveBayes>>>;
  for (const kind of sentenceKinds) {
    const examples = cases
      .flatMap((c) => c.map((x) => ({ kept: x.sentence.features.filter((f) => vocabulary.has(f)), yes: x.labels[kind] })))
      .filter((x) => x.kept.length > 0);
    // A kind with no example of either answer cannot be learned: the rules keep it.
    if (!examples.some((x) => x.yes) || !examples.some((x) => !x.yes)) continue;
    const nb = classifier();
    for (const x of examples) nb.learn(x.kept, x.yes ? 'yes' : 'no');
    nb.consolidate();
    classifiers[kind] = nb;
  }
  const usable = Object.fromEntries(sentenceKinds.map((k) => [k, classifiers[k] ? thresholds[k] : neutral[k]])) as Thresholds;
  return build(vocabulary, usable, classifiers);
}

export function loadSentenceModel(json: SentenceModelJson): SentenceModel {
  // A kind the model was not trained for stays with the rules (its thresholds never fire).
  const classifiers = Object.fromEntries(
    sentenceKinds
      .filter((k) => json.classifiers[k])
      .map((k) => {
        const nb = classifier();
        nb.importJSON(json.classifiers[k]);
        nb.consolidate();
        return [k, nb];
      }),
  ) as Partial<Record<SentenceKind, ReturnType<typeof naiveBayes>>>;
  const thresholds = Object.fromEntries(
    sentenceKinds.map((k) => [
      k,
      json.classifiers[k]
        ? { accept: json.thresholds[k]?.accept ?? Infinity, veto: json.thresholds[k]?.veto ?? -Infinity }
        : { accept: Infinity, veto: -Infinity },
    ]),
  ) as Thresholds;
  return build(new Set(json.vocabulary), thresholds, classifiers);
}

/** The rule's verdict unless the model is sure enough to add a sentence or to overrule the rule. */
export function judgeWith(model: SentenceModel): SentenceJudge {
  return (kind, sentence) => {
    const t = model.thresholds[kind];
    if (t.accept === Infinity && t.veto === -Infinity) return sentence.rules[kind];
    const odds = model.odds(kind, sentence.features);
    return sentence.rules[kind] ? odds > t.veto : odds > t.accept;
  };
}
