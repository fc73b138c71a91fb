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
import type {
  Brief,
  BriefAssignment,
  BriefItem,
  Conflict,
  ConflictResolution,
  ConflictResolutionBody,
  DealHandoff,
  Evidence,
  FirstValueBody,
  ItemChange,
  KickoffBody,
  NewItem,
  PreparedBrief,
  PrepareBody,
  PromiseReview,
  ReturnQuestion,
  Score,
  Scores,
  Source,
  Stakeholder,
} from '../../../../../src/schemas/brief.ts';
import type { Ref } from '../../../../../src/schemas/common.ts';
import { http } from '../../../ui/http.ts';

// The server's vocabularies (pure modules), so the pickers offer exactly what it accepts.
export { authorities, authorityLabels, briefStatuses, itemKinds, promiseKinds, questionFields, questionText };
export type { Authority, BriefStatus, ItemKind, PromiseKind, QuestionField, SourceKind };

// The shapes are the server's own (src/schemas/brief.ts): the page reads exactly what the API answers.
export type {
  Brief,
  BriefItem,
  Conflict,
  ConflictResolution,
  ConflictResolutionBody,
  Evidence,
  ItemChange,
  NewItem,
  ReturnQuestion,
  Score,
  Scores,
  Source,
  Stakeholder,
};
export type { Ref };
export type Gate = Brief['gates'][number];
export type SourceSummary = Brief['sources'][number];
export type HandoffEvent = Brief['history'][number];
export const scoreKeys = ['completeness', 'promiseRisk', 'implementationComplexity', 'stakeholderCoverage', 'firstValueClarity'] as const;
export type ScoreKey = (typeof scoreKeys)[number];

const opportunityPath = (opportunityId: string) => `/api/opportunities/${encodeURIComponent(opportunityId)}`;
const briefPath = (briefId: string) => `/api/briefs/${encodeURIComponent(briefId)}`;

export const briefPagePath = (opportunityId: string) => `/opportunities/${encodeURIComponent(opportunityId)}/brief`;

/** The deal's brief, or null when none was prepared yet (the server answers 200 either way). */
export async function findBrief(opportunityId: string): Promise<Brief | null> {
  return (await http.get<DealHandoff>(`${opportunityPath(opportunityId)}/handoff`)).brief;
}

export const listBriefSources = async (opportunityId: string): Promise<Source[]> =>
  (await http.get<{ items: Source[] }>(`${opportunityPath(opportunityId)}/brief/sources`)).items;

export const prepareBrief = (opportunityId: string, body: PrepareBody = {}) => http.post<PreparedBrief>(`${opportunityPath(opportunityId)}/brief`, body);

export const assignBrief = (briefId: string, change: BriefAssignment) => http.patch<Brief>(briefPath(briefId), change);

export const submitBrief = (briefId: string, note?: string) => http.post<Brief>(`${briefPath(briefId)}/submit`, note ? { note } : {});

export const returnBrief = (briefId: string, questions: ReturnQuestion[]) => http.post<Brief>(`${briefPath(briefId)}/return`, { questions });

export const acceptBrief = (briefId: string) => http.post<Brief>(`${briefPath(briefId)}/accept`, {});

export const addItem = (briefId: string, item: NewItem) => http.post<Brief>(`${briefPath(briefId)}/items`, item);

export const updateItem = (briefId: string, itemId: string, change: ItemChange) =>
  http.patch<Brief>(`${briefPath(briefId)}/items/${encodeURIComponent(itemId)}`, change);

export const reviewPromise = (briefId: string, itemId: string, review: PromiseReview) =>
  http.post<Brief>(`${briefPath(briefId)}/items/${encodeURIComponent(itemId)}/review`, review);

export const answerQuestion = (briefId: string, itemId: string, answer: string) =>
  http.post<Brief>(`${briefPath(briefId)}/items/${encodeURIComponent(itemId)}/answer`, { answer });

export const resolveConflict = (briefId: string, conflictId: string, body: ConflictResolutionBody) =>
  http.post<Brief>(`${briefPath(briefId)}/conflicts/${encodeURIComponent(conflictId)}/resolve`, body);

/** The AE confirms a conflict the extractor was unsure of: it then pauses the handoff until it is settled. */
export const confirmConflict = (briefId: string, conflictId: string) =>
  http.post<Brief>(`${briefPath(briefId)}/conflicts/${encodeURIComponent(conflictId)}/confirm`, {});

export const recordKickoff = (briefId: string, body: KickoffBody) => http.post<Brief>(`${briefPath(briefId)}/kickoff`, body);

export const recordFirstValue = (briefId: string, body: FirstValueBody) => http.post<Brief>(`${briefPath(briefId)}/first-value`, body);

/** Items that count: neither dismissed nor withdrawn from the sources. */
export const isActiveItem = (item: BriefItem): boolean => !item.dismissed && !item.withdrawn;

/** The AE confirms an item the extractor read from weak evidence (to drop it: dismiss it). */
export const confirmItem = (briefId: string, itemId: string) => updateItem(briefId, itemId, { confirmed: true });

/** Active items marked for the AE to confirm. */
export const toConfirm = (brief: Pick<Brief, 'items'>): BriefItem[] =>
  Object.values(brief.items)
    .flat()
    .filter((i) => isActiveItem(i) && i.needsConfirmation);

export const openConflicts = (brief: Pick<Brief, 'conflicts'>): Conflict[] => brief.conflicts.filter((c) => c.status === 'open');
