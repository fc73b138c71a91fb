// The brief's scores, each with the reasons behind it, so a low number says what to fix.
import { isActive, isOpenConflict, isSupported, needsConfirmation, type BriefConflict, type BriefItem } from './review.ts';
import type { ItemKind, PromiseKind } from './types.ts';

export type Score = { score: number; reasons: string[] };
export type Scores = {
  completeness: Score;
  promiseRisk: Score;
  implementationComplexity: Score;
  stakeholderCoverage: Score;
  firstValueClarity: Score;
  overall: Score;
};

const clamp = (n: number) => Math.max(0, Math.min(100, Math.round(n)));
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** Promise kinds by how much they can hurt when delivery cannot keep them. */
const promiseWeight: Record<PromiseKind, number> = { custom: 14, timeline: 12, integration: 14, sla: 12, scope: 8, discount: 6, pricing: 5 };

const measurable = /\d|percent|per cent|\bhalf\b|\bzero\b|\bno more than\b|\bunder\b|\bwithin\b|\bat least\b/i;
const dated =
  /\b(day|week|month|quarter|q[1-4]|year|monday|tuesday|wednesday|thursday|friday|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|\d{1,2}\/\d{1,2}|\d{4}-\d{2}-\d{2}|by the end|before|first \d+|within)/i;

export function scoreBrief(items: BriefItem[], conflicts: BriefConflict[], deal: { complexity: string; dealType: string }, openQuestions: number): Scores {
  const active = items.filter(isActive);
  const of = (kind: ItemKind) => active.filter((i) => i.kind === kind);
  // What the brief has is what its evidence supports or a person confirmed; a weak reading waits for the AE. Promises
  // and risks weigh on the risk and complexity scores whether confirmed or not: caution does not wait.
  const has = (kind: ItemKind) => of(kind).filter(isSupported);
  const goals = has('goal');
  const successCriteria = has('success_criterion');
  const firstValue = has('first_value');
  const stakeholders = has('stakeholder');
  const promises = of('promise');
  const risks = of('risk');
  const workflows = has('workflow');
  const toConfirm = active.filter(needsConfirmation).length;
  const openConflicts = conflicts.filter(isOpenConflict);

  // Completeness: the sections a CSM needs, less the open questions.
  const sections: [string, boolean][] = [
    ['buyer goals', goals.length > 0],
    ['user workflows', workflows.length > 0],
    ['success criteria', successCriteria.length > 0],
    ['a first-value milestone', firstValue.length > 0],
    ['stakeholders', stakeholders.length > 0],
    ['risks considered', risks.length > 0],
  ];
  const present = sections.filter(([, ok]) => ok).length;
  const completenessReasons = [`${present} of ${sections.length} sections filled`];
  const missing = sections.filter(([, ok]) => !ok).map(([name]) => name);
  if (missing.length) completenessReasons.push(`Missing: ${missing.join(', ')}`);
  if (openQuestions > 0) completenessReasons.push(`${plural(openQuestions, 'open question')} for the AE`);
  if (toConfirm > 0)
    completenessReasons.push(`${plural(toConfirm, 'item')} with weak evidence not counted until the AE confirms ${toConfirm === 1 ? 'it' : 'them'}`);
  const completeness = { score: clamp((present / sections.length) * 100 - openQuestions * 5), reasons: completenessReasons };

  // Promise risk: higher is riskier. Promises weigh by kind; unreviewed ones and conflicts add to it.
  let risk = 0;
  const riskReasons: string[] = [];
  const byKind = new Map<PromiseKind, number>();
  for (const p of promises) {
    const kind = p.promiseKind ?? 'custom';
    byKind.set(kind, (byKind.get(kind) ?? 0) + 1);
    risk += promiseWeight[kind] * (p.review || p.signed ? 0.5 : 1);
  }
  if (promises.length === 0) riskReasons.push('No promise found in the sources');
  else riskReasons.push(`${plural(promises.length, 'promise')}: ${[...byKind].map(([k, n]) => `${n} ${k}`).join(', ')}`);
  const unreviewed = promises.filter((p) => !p.review && !p.signed).length;
  if (unreviewed) riskReasons.push(`${plural(unreviewed, 'promise')} not reviewed by the AE`);
  if (openConflicts.length) {
    risk += openConflicts.length * 20;
    riskReasons.push(`${plural(openConflicts.length, 'conflict')} between the notes and the signed scope`);
  }
  const promiseRisk = { score: clamp(risk), reasons: riskReasons };

  // Implementation complexity: the deal's own complexity, integrations, workflows, people, risks.
  const integrations =
    promises.filter((p) => p.promiseKind === 'integration').length +
    workflows.filter((w) => /integrat|sync|api|connector|feed|import|export|sso|single sign/i.test(w.text)).length;
  const complexityReasons: string[] = [deal.complexity === 'complex' ? 'The deal is marked complex' : 'The deal is marked simple'];
  let complexity = deal.complexity === 'complex' ? 40 : 15;
  if (integrations) {
    complexity += Math.min(30, integrations * 10);
    complexityReasons.push(`${plural(integrations, 'integration')} to build or connect`);
  }
  if (workflows.length > 2) {
    complexity += Math.min(15, (workflows.length - 2) * 5);
    complexityReasons.push(`${plural(workflows.length, 'user workflow')} to support`);
  }
  if (stakeholders.length > 5) {
    complexity += 5;
    complexityReasons.push(`${plural(stakeholders.length, 'stakeholder')}`);
  }
  if (risks.length) {
    complexity += Math.min(15, risks.length * 3);
    complexityReasons.push(`${plural(risks.length, 'risk')} named`);
  }
  const implementationComplexity = { score: clamp(complexity), reasons: complexityReasons };

  // Stakeholder coverage: a sponsor or decision maker, a technical contact, users, and whether they took part.
  const withAuthority = (...authorities: string[]) => stakeholders.filter((s) => s.stakeholder && authorities.includes(s.stakeholder.authority));
  const sponsors = withAuthority('sponsor', 'decision_maker');
  const technical = withAuthority('technical');
  const users = withAuthority('user', 'champion');
  const disengaged = stakeholders.filter((s) => s.stakeholder && !s.stakeholder.engaged && ['sponsor', 'decision_maker'].includes(s.stakeholder.authority));
  let coverage = 0;
  const coverageReasons: string[] = [];
  if (sponsors.length) {
    coverage += 35;
    coverageReasons.push(`Sponsor or decision maker: ${sponsors.map((s) => s.stakeholder!.name).join(', ')}`);
  } else coverageReasons.push('No sponsor or decision maker named');
  if (technical.length) {
    coverage += 25;
    coverageReasons.push(`Technical contact: ${technical.map((s) => s.stakeholder!.name).join(', ')}`);
  } else coverageReasons.push('No technical contact');
  if (users.length) {
    coverage += 20;
    coverageReasons.push(`${plural(users.length, 'champion or user')} named`);
  } else coverageReasons.push('No champion or end user named');
  const engaged = stakeholders.filter((s) => s.stakeholder?.engaged).length;
  if (stakeholders.length) coverage += 20 * (engaged / stakeholders.length);
  if (disengaged.length) {
    coverage -= 15 * disengaged.length;
    coverageReasons.push(`Not engaged yet: ${disengaged.map((s) => s.stakeholder!.name).join(', ')}`);
  }
  const stakeholderCoverage = { score: clamp(coverage), reasons: coverageReasons };

  // First-value clarity: a milestone, measurable, dated, with success criteria behind it.
  let clarity = 0;
  const clarityReasons: string[] = [];
  if (firstValue.length) {
    clarity += 50;
    const text = firstValue.map((f) => f.text).join(' ');
    if (dated.test(text)) {
      clarity += 20;
      clarityReasons.push('The first-value milestone has a time frame');
    } else clarityReasons.push('The first-value milestone has no date or time frame');
    if (measurable.test(text) || successCriteria.some((s) => measurable.test(s.text))) {
      clarity += 15;
      clarityReasons.push('Measurable');
    } else clarityReasons.push('Nothing measurable yet');
  } else clarityReasons.push('No first-value milestone');
  if (successCriteria.length) {
    clarity += 15;
    clarityReasons.push(`${plural(successCriteria.length, 'success criterion', 'success criteria')}`);
  } else clarityReasons.push('No success criteria');
  const firstValueClarity = { score: clamp(clarity), reasons: clarityReasons };

  const overallScore = clamp(
    completeness.score * 0.3 + stakeholderCoverage.score * 0.2 + firstValueClarity.score * 0.3 + (100 - promiseRisk.score) * 0.2 - openConflicts.length * 10,
  );
  const overall = {
    score: overallScore,
    reasons: [
      `Completeness ${completeness.score} (30%), first-value clarity ${firstValueClarity.score} (30%), stakeholder coverage ${stakeholderCoverage.score} (20%), promise safety ${100 - promiseRisk.score} (20%)`,
      ...(openConflicts.length ? [`Less ${openConflicts.length * 10} for open conflicts`] : []),
    ],
  };
  return { completeness, promiseRisk, implementationComplexity, stakeholderCoverage, firstValueClarity, overall };
}
