// Words and badges for the handoff: the brief's status, scores, promise kinds, question fields and source kinds.
import { Badge, type BadgeTone } from '../../../ui/badge.tsx';
import type { BriefStatus, ConflictResolution, ItemKind, PromiseKind, QuestionField, SourceKind } from '../api/brief.api.ts';

export const briefStatusLabels: Record<BriefStatus, string> = {
  draft: 'Draft',
  ae_review: 'In AE review',
  csm_review: 'In CSM review',
  returned: 'Returned to the AE',
  paused: 'Paused',
  accepted: 'Accepted',
};
const statusTones: Record<BriefStatus, BadgeTone> = {
  draft: 'grey',
  ae_review: 'blue',
  csm_review: 'blue',
  returned: 'amber',
  paused: 'red',
  accepted: 'green',
};

export function BriefStatusBadge({ status }: { status: BriefStatus }) {
  return (
    <Badge tone={statusTones[status] ?? 'neutral'} title="Handoff status">
      {briefStatusLabels[status] ?? status}
    </Badge>
  );
}

/** 70 and up is good, under 40 needs work. */
export const scoreTone = (score: number): BadgeTone => (score >= 70 ? 'green' : score >= 40 ? 'amber' : 'red');

export function ScoreBadge({ score, label = 'Overall score' }: { score: number | null; label?: string }) {
  if (score === null) return <span className="muted">—</span>;
  return (
    <Badge tone={scoreTone(score)} title={label}>
      {score}
      <span className="visually-hidden"> out of 100</span>
    </Badge>
  );
}

export const itemKindLabels: Record<ItemKind, { plural: string; one: string }> = {
  goal: { plural: 'Goals', one: 'goal' },
  workflow: { plural: 'User workflows', one: 'workflow' },
  success_criterion: { plural: 'Success criteria', one: 'success criterion' },
  first_value: { plural: 'First value', one: 'first-value milestone' },
  stakeholder: { plural: 'Stakeholders', one: 'stakeholder' },
  promise: { plural: 'Promises', one: 'promise' },
  risk: { plural: 'Risks', one: 'risk' },
  question: { plural: 'Questions for the AE', one: 'question' },
  kickoff_task: { plural: 'Kickoff preparation', one: 'kickoff task' },
};

export const promiseKindLabels: Record<PromiseKind, string> = {
  custom: 'Custom work',
  timeline: 'Timeline',
  discount: 'Discount',
  integration: 'Integration',
  scope: 'Scope',
  pricing: 'Pricing',
  sla: 'Service level',
};

export const questionFieldLabels: Record<QuestionField, string> = {
  goals: 'Goals',
  success_criteria: 'Success criteria',
  first_value: 'First value',
  sponsor: 'Sponsor or decision maker',
  technical_contact: 'Technical contact',
  kickoff_date: 'Kickoff date',
  timeline: 'Timeline',
  signed_scope: 'Signed scope',
};

/** A field key as the server sends it in metrics ("other" for free questions). */
export const fieldLabel = (field: string): string => questionFieldLabels[field as QuestionField] ?? (field === 'other' ? 'Other' : field.replace(/_/g, ' '));

export const sourceKindLabels: Record<SourceKind, string> = {
  note: 'Note',
  call: 'Call',
  email: 'E-mail',
  meeting: 'Meeting',
  scope: 'Signed scope',
  fields: 'Deal fields',
  contact: 'Contact',
};

export function SourceKindTag({ kind }: { kind: SourceKind }) {
  return <span className={`tag tag-${kind}`}>{sourceKindLabels[kind] ?? kind}</span>;
}

export const resolutionLabels: Record<ConflictResolution, string> = {
  scope_prevails: 'The signed scope stands',
  notes_prevail: 'The sales notes stand (the scope will be amended)',
  settled: 'Settled another way',
};
