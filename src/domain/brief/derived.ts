// What follows from the items: the questions the sources leave open, and the kickoff preparation list.
import { isActive, type BriefItem } from './review.ts';
import type { Evidence, ItemDraft, QuestionField, Source } from './types.ts';

export const questionText: Record<QuestionField, string> = {
  goals: 'What business outcome is the customer buying this for?',
  success_criteria: 'How will the customer judge success? What numbers or outcomes will they look at?',
  first_value: 'What will the customer see working first, and by when?',
  sponsor: 'Who is the executive sponsor or decision maker on the customer side?',
  technical_contact: "Who on the customer's side handles IT, access and integrations?",
  kickoff_date: 'When is the kickoff, and who from the customer attends?',
  timeline: 'What go-live date or delivery timeline did the customer agree to?',
  signed_scope: 'Where is the signed scope, SOW or order form? Attach it to the deal.',
};

/** Mentions the extractor found of a kickoff date and a delivery timeline (either may be absent). */
export type Mentions = { kickoffDate: Evidence | null; timeline: Evidence | null };

/** The questions for the AE: what a CSM needs before kickoff that no source says. */
export function missingContext(items: ItemDraft[], sources: Source[], mentions: Mentions): ItemDraft[] {
  const has = (kind: ItemDraft['kind']) => items.some((i) => i.kind === kind);
  const stakeholders = items.filter((i) => i.kind === 'stakeholder' && i.stakeholder);
  const missing: QuestionField[] = [];
  if (!has('goal')) missing.push('goals');
  if (!has('success_criterion')) missing.push('success_criteria');
  if (!has('first_value')) missing.push('first_value');
  // An executive on the customer's side (a CFO who signs, a VP) is a sponsor in all but name.
  const executive =
    /\b(ceo|cfo|coo|cro|cmo|cio|cto|chief|vp|vice president|president|owner|founder|director|head of|gm|general manager|managing director|provost|dean|superintendent|commissioner)\b/i;
  if (!stakeholders.some((s) => ['sponsor', 'decision_maker'].includes(s.stakeholder!.authority) || executive.test(s.stakeholder!.title ?? '')))
    missing.push('sponsor');
  if (!stakeholders.some((s) => s.stakeholder!.authority === 'technical')) missing.push('technical_contact');
  if (!mentions.kickoffDate) missing.push('kickoff_date');
  if (!mentions.timeline) missing.push('timeline');
  if (!sources.some((s) => s.kind === 'scope')) missing.push('signed_scope');
  return missing.map((field) => ({ kind: 'question', text: questionText[field], evidence: [], field }));
}

/** Whether a question the extractor raised is answered by the items people see now (a goal added by hand answers "goals"). */
export function answeredByItems(field: QuestionField | null, items: BriefItem[]): boolean {
  const active = items.filter(isActive);
  const has = (kind: BriefItem['kind']) => active.some((i) => i.kind === kind);
  switch (field) {
    case 'goals':
      return has('goal');
    case 'success_criteria':
      return has('success_criterion');
    case 'first_value':
      return has('first_value');
    case 'sponsor':
      return active.some((i) => i.kind === 'stakeholder' && ['sponsor', 'decision_maker'].includes(i.stakeholder?.authority ?? ''));
    case 'technical_contact':
      return active.some((i) => i.kind === 'stakeholder' && i.stakeholder?.authority === 'technical');
    default:
      return false;
  }
}

const short = (text: string, max = 90) => (text.length > max ? `${text.slice(0, max - 1).trimEnd()}…` : text);
const evidenceOf = (items: ItemDraft[]): Evidence[] => items.flatMap((i) => i.evidence).slice(0, 6);

/** The kickoff preparation list: what the CSM does before the kickoff call, each citing the items it comes from. */
export function kickoffTasks(items: ItemDraft[], signedIds: ReadonlySet<string> = new Set()): ItemDraft[] {
  const of = (kind: ItemDraft['kind']) => items.filter((i) => i.kind === kind);
  const tasks: ItemDraft[] = [];
  const task = (key: string, text: string, from: ItemDraft[]) =>
    tasks.push({ kind: 'kickoff_task', key: `kickoff_task:${key}`, text, evidence: evidenceOf(from) });

  const goals = [...of('goal'), ...of('first_value'), ...of('success_criterion')];
  if (goals.length) task('agenda', 'Build the kickoff agenda around the goals, the first-value milestone and the success criteria', goals);
  const people = of('stakeholder').filter((s) => s.stakeholder);
  for (const s of people.filter((p) => !p.stakeholder!.engaged && ['sponsor', 'decision_maker', 'technical'].includes(p.stakeholder!.authority))) {
    task(
      `invite:${s.stakeholder!.name.toLowerCase()}`,
      `Invite ${s.stakeholder!.name} (${s.stakeholder!.authority.replace('_', ' ')}) to the kickoff: not engaged so far`,
      [s],
    );
  }
  const integrations = [
    ...of('promise').filter((p) => p.promiseKind === 'integration'),
    ...of('workflow').filter((w) => /integrat|sync|connector|api\b|feed|sso|single sign/i.test(w.text)),
  ];
  if (integrations.length) {
    const tech = people.find((p) => p.stakeholder!.authority === 'technical');
    task(
      'integrations',
      `Line up ${tech ? tech.stakeholder!.name : "the customer's technical contact"} for the integrations: ${short(integrations.map((i) => i.text).join('; '), 120)}`,
      tech ? [...integrations, tech] : integrations,
    );
  }
  // What sales said, not what the signed scope says: the contract is read at kickoff anyway.
  const promises = of('promise').filter(
    (p) => p.promiseKind && ['timeline', 'custom', 'sla', 'scope'].includes(p.promiseKind) && !p.evidence.every((e) => signedIds.has(e.sourceId)),
  );
  if (promises.length)
    task(
      'promises',
      `Go through the ${promises.length === 1 ? 'promise' : `${promises.length} promises`} made in sales with the AE before the kickoff`,
      promises,
    );
  const risks = of('risk');
  if (risks.length)
    task(
      'risks',
      `Agree a mitigation for ${risks.length === 1 ? 'the risk' : `each of the ${risks.length} risks`} with ${risks.length === 1 ? 'its owner' : 'their owners'}`,
      risks,
    );
  const questions = of('question');
  if (questions.length)
    tasks.push({
      kind: 'kickoff_task',
      key: 'kickoff_task:questions',
      text: `Get answers from the AE before the kickoff: ${questions.map((q) => q.field?.replace('_', ' ')).join(', ')}`,
      evidence: [],
    });
  return tasks;
}
