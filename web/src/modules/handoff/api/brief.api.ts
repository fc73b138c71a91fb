// The handoff brief over the API: reading it and its sources, preparing it, and every review action (each answers the brief).
import { questionText } from '../../../../../src/domain/brief/derived.ts';
import { authorityLabels, briefStatuses, type BriefStatus } from '../../../../../src/domain/brief/review.ts';
import {
  authorities,
  itemKinds,
  promiseKinds,
  questionFields,
  type Authority,
  type ItemKind,
  type PromiseKind,
  type QuestionField,
  type SourceKind,
} from '../../../../../src/domain/brief/types.ts';
import { ApiError, http } from '../../../ui/http.ts';

// The server's vocabularies (pure modules), so the pickers offer exactly what it accepts.
export { authorities, authorityLabels, briefStatuses, itemKinds, promiseKinds, questionFields, questionText };
export type { Authority, BriefStatus, ItemKind, PromiseKind, QuestionField, SourceKind };

export type Ref = { id: string; name: string };
export type Evidence = { sourceId: string; quote: string };
export type Stakeholder = { name: string; title: string | null; authority: Authority; engaged: boolean };

export type BriefItem = {
  id: string;
  kind: ItemKind;
  origin: 'extracted' | 'person';
  /** What people see: a person's edit over the extraction. */
  text: string;
  extractedText: string | null;
  edited: { by: string; at: string } | null;
  evidence: Evidence[];
  promiseKind: PromiseKind | null;
  stakeholder: Stakeholder | null;
  field: QuestionField | null;
  owner: Ref | null;
  review: { decision: string; by: Ref | null; at: string; note: string | null } | null;
  answer: { text: string; by: string; at: string; activityId: string | null } | null;
  /** The CSM who asked it when returning the brief (a label); null for questions the extractor found. */
  raisedBy: string | null;
  dismissed: { by: string; at: string; reason: string | null } | null;
  /** No longer found in the sources. */
  withdrawn: boolean;
  /** A promise quoted only from the signed scope: the contract stands for itself, nobody reviews it. */
  signed: boolean;
  resolved: boolean;
};

export type ConflictResolution = 'scope_prevails' | 'notes_prevail' | 'settled';

export type Conflict = {
  id: string;
  kind: string;
  summary: string;
  notes: Evidence;
  scope: Evidence;
  status: 'open' | 'resolved';
  resolution: ConflictResolution | null;
  note: string | null;
  resolvedBy: string | null;
  resolvedAt: string | null;
};

export type Gate = { key: string; label: string; passed: boolean; detail: string };
export type Score = { score: number; reasons: string[] };
export const scoreKeys = ['completeness', 'promiseRisk', 'implementationComplexity', 'stakeholderCoverage', 'firstValueClarity'] as const;
export type ScoreKey = (typeof scoreKeys)[number];
export type Scores = Record<ScoreKey | 'overall', Score>;

export type SourceSummary = { id: string; kind: SourceKind; title: string; occurredAt: string | null; length: number };
export type Source = { id: string; kind: SourceKind; title: string; text: string; occurredAt: string | null };

export type HandoffEvent = { id: string; type: string; data: Record<string, unknown>; actor: { type: string; id: string | null; label: string }; at: string };

export type Brief = {
  id: string;
  opportunity: { id: string; name: string; accountId: string; accountName: string; stageCategory: string; amount: string };
  status: BriefStatus;
  pausedFrom: string | null;
  ae: Ref | null;
  csm: Ref | null;
  extractor: string;
  extractorNote: string | null;
  revision: number;
  preparedAt: string;
  stale: boolean;
  items: Record<ItemKind, BriefItem[]>;
  conflicts: Conflict[];
  gates: Gate[];
  scores: Scores;
  openQuestions: number;
  dropped: { kind: string; text: string; reason: string }[];
  sources: SourceSummary[];
  returns: number;
  kickoff: { scheduledOn: string | null; firstScheduledOn: string | null; heldOn: string | null };
  firstValue: { dueOn: string | null; reachedOn: string | null; missedAt: string | null };
  wonAt: string | null;
  acceptedAt: string | null;
  acceptedBy: string | null;
  history: HandoffEvent[];
};

const opportunityPath = (opportunityId: string) => `/api/opportunities/${encodeURIComponent(opportunityId)}`;
const briefPath = (briefId: string) => `/api/briefs/${encodeURIComponent(briefId)}`;

export const briefPagePath = (opportunityId: string) => `/opportunities/${encodeURIComponent(opportunityId)}/brief`;

/** The deal's brief, or null when none was prepared yet. */
export async function findBrief(opportunityId: string): Promise<Brief | null> {
  try {
    return await http.get<Brief>(`${opportunityPath(opportunityId)}/brief`);
  } catch (error) {
    if (error instanceof ApiError && error.status === 404 && error.code === 'brief.not_found') return null;
    throw error;
  }
}

export const listBriefSources = async (opportunityId: string): Promise<Source[]> =>
  (await http.get<{ items: Source[] }>(`${opportunityPath(opportunityId)}/brief/sources`)).items;

export const prepareBrief = (opportunityId: string, body: { extractor?: 'auto' | 'embedded' } = {}) =>
  http.post<Brief & { outcome: 'created' | 'refreshed' | 'unchanged' }>(`${opportunityPath(opportunityId)}/brief`, body);

export const assignBrief = (briefId: string, change: { aeId?: string | null; csmId?: string | null }) => http.patch<Brief>(briefPath(briefId), change);

export const submitBrief = (briefId: string, note?: string) => http.post<Brief>(`${briefPath(briefId)}/submit`, note ? { note } : {});

export type ReturnQuestion = { field?: QuestionField | null; text?: string | null };
export const returnBrief = (briefId: string, questions: ReturnQuestion[]) => http.post<Brief>(`${briefPath(briefId)}/return`, { questions });

export const acceptBrief = (briefId: string) => http.post<Brief>(`${briefPath(briefId)}/accept`, {});

export type NewItem = {
  kind: Exclude<ItemKind, 'question'>;
  text: string;
  promiseKind?: PromiseKind;
  authority?: Authority;
  engaged?: boolean;
  title?: string | null;
  ownerId?: string | null;
  evidence?: Evidence;
};
export const addItem = (briefId: string, item: NewItem) => http.post<Brief>(`${briefPath(briefId)}/items`, item);

export type ItemChange = {
  text?: string;
  promiseKind?: PromiseKind;
  authority?: Authority;
  engaged?: boolean;
  title?: string | null;
  ownerId?: string | null;
  dismissed?: boolean;
  reason?: string | null;
};
export const updateItem = (briefId: string, itemId: string, change: ItemChange) =>
  http.patch<Brief>(`${briefPath(briefId)}/items/${encodeURIComponent(itemId)}`, change);

export const reviewPromise = (briefId: string, itemId: string, review: { decision: 'confirmed' | 'corrected'; text?: string; note?: string | null }) =>
  http.post<Brief>(`${briefPath(briefId)}/items/${encodeURIComponent(itemId)}/review`, review);

export const answerQuestion = (briefId: string, itemId: string, answer: string) =>
  http.post<Brief>(`${briefPath(briefId)}/items/${encodeURIComponent(itemId)}/answer`, { answer });

export const resolveConflict = (briefId: string, conflictId: string, body: { resolution: ConflictResolution; note: string }) =>
  http.post<Brief>(`${briefPath(briefId)}/conflicts/${encodeURIComponent(conflictId)}/resolve`, body);

export const recordKickoff = (briefId: string, body: { scheduledOn?: string; heldOn?: string }) => http.post<Brief>(`${briefPath(briefId)}/kickoff`, body);

export const recordFirstValue = (briefId: string, body: { dueOn?: string; reachedOn?: string; missed?: string }) =>
  http.post<Brief>(`${briefPath(briefId)}/first-value`, body);

/** Items that count: neither dismissed nor withdrawn from the sources. */
export const isActiveItem = (item: BriefItem): boolean => !item.dismissed && !item.withdrawn;

export const openConflicts = (brief: Pick<Brief, 'conflicts'>): Conflict[] => brief.conflicts.filter((c) => c.status === 'open');
