// A pipeline's stages: the order a deal moves through, each with a category (open, won, lost) and a win probability.
import type { FieldIssue } from './errors.ts';
import type { StageCategory } from './opportunity.ts';

export type StageDraft = { id?: string | undefined; name: string; category: StageCategory; probability?: number | undefined };

/** The stages a new workspace's pipeline starts with; the probability is the default weight of a deal in the stage. */
export const defaultStages: readonly Required<Omit<StageDraft, 'id'>>[] = [
  { name: 'Lead in', category: 'open', probability: 10 },
  { name: 'Qualified', category: 'open', probability: 25 },
  { name: 'Discovery', category: 'open', probability: 40 },
  { name: 'Proposal', category: 'open', probability: 60 },
  { name: 'Negotiation', category: 'open', probability: 80 },
  { name: 'Closed won', category: 'won', probability: 100 },
  { name: 'Closed lost', category: 'lost', probability: 0 },
];

/** A stage's probability when none is given: open stages climb with their place, won is 100, lost is 0. */
export function defaultProbability(category: StageCategory, openIndex: number, openCount: number): number {
  if (category === 'won') return 100;
  if (category === 'lost') return 0;
  return Math.round((100 * (openIndex + 1)) / (openCount + 1));
}

/**
 * What is wrong with a pipeline's stages, in their new order: at least one open stage, exactly one won and one lost
 * (winning or losing a deal moves it there), names unique within the pipeline, open stages before the closed ones.
 * `path` is the stage's place in the list (`stages/2/name`).
 */
export function checkStages(stages: readonly StageDraft[]): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const seen = new Map<string, number>();
  stages.forEach((stage, i) => {
    const name = stage.name.trim();
    if (!name) issues.push({ path: `stages/${i}/name`, message: 'A stage needs a name' });
    const key = name.toLocaleLowerCase('en');
    const first = seen.get(key);
    if (name && first !== undefined) issues.push({ path: `stages/${i}/name`, message: `"${name}" is already stage ${first + 1} of this pipeline` });
    else seen.set(key, i);
    if (stage.probability !== undefined && (stage.probability < 0 || stage.probability > 100 || !Number.isInteger(stage.probability)))
      issues.push({ path: `stages/${i}/probability`, message: 'The probability is a whole number from 0 to 100' });
  });
  const count = (category: StageCategory) => stages.filter((s) => s.category === category).length;
  if (count('open') === 0) issues.push({ path: 'stages', message: 'A pipeline needs at least one open stage' });
  for (const category of ['won', 'lost'] as const) {
    const n = count(category);
    if (n !== 1) issues.push({ path: 'stages', message: `A pipeline needs exactly one ${category} stage (it has ${n})` });
  }
  const firstClosed = stages.findIndex((s) => s.category !== 'open');
  const lastOpen = stages.map((s) => s.category).lastIndexOf('open');
  if (firstClosed !== -1 && lastOpen > firstClosed)
    issues.push({ path: `stages/${lastOpen}/category`, message: 'Open stages come before the won and lost stages' });
  return issues;
}

/** The stages with their probabilities filled in and their positions (1-based) in the given order. */
export function arrangeStages<S extends StageDraft>(stages: readonly S[]): (S & { probability: number; position: number })[] {
  const openCount = stages.filter((s) => s.category === 'open').length;
  let openIndex = 0;
  return stages.map((stage, i) => {
    const probability = stage.probability ?? defaultProbability(stage.category, openIndex, openCount);
    if (stage.category === 'open') openIndex++;
    return { ...stage, name: stage.name.trim(), probability, position: i + 1 };
  });
}
