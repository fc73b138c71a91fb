// The handoff's review: draft -> AE review -> CSM review -> accepted, or returned by the CSM with questions back to
// the AE; paused while the sales notes and the signed scope disagree. The gates that hold acceptance back.
import { AppError } from '../errors.ts';
import { can, type Role } from '../roles.ts';
import {
  confirmBelow,
  isClaimKind,
  type Authority,
  type ConflictKind,
  type Evidence,
  type ItemKind,
  type PromiseKind,
  type QuestionField,
  type StakeholderFacts,
} from './types.ts';

export const briefStatuses = ['draft', 'ae_review', 'csm_review', 'returned', 'paused', 'accepted'] as const;
export type BriefStatus = (typeof briefStatuses)[number];
export type UnpausedStatus = Exclude<BriefStatus, 'paused' | 'accepted'>;

/** A brief item as people see it: the extractor's version with the person's edit laid over it. */
export type BriefItem = {
  id: string;
  kind: ItemKind;
  origin: 'extracted' | 'person';
  text: string;
  evidence: Evidence[];
  promiseKind: PromiseKind | null;
  stakeholder: StakeholderFacts | null;
  field: QuestionField | null;
  ownerId: string | null;
  review: { decision: 'confirmed' | 'corrected'; byId: string; at: string; note: string | null } | null;
  answer: { text: string; by: string; at: string; activityId: string | null } | null;
  /** Who raised a question by hand (a CSM returning the brief); null for questions the extractor found. */
  raisedBy: string | null;
  dismissed: { by: string; at: string; reason: string | null } | null;
  /** The extractor no longer finds it in the sources (a person's edit or review keeps it in view). */
  withdrawn: boolean;
  edited: { by: string; at: string } | null;
  /** For promises: every quote is from the signed scope. The contract stands for itself; no one reviews it again. */
  signed?: boolean | undefined;
  /** How far the extractor's evidence carries the item (0..1) and why; null for what a person added or derived items. */
  confidence?: number | null | undefined;
  basis?: string | null | undefined;
  /** The AE confirmed a low-confidence item: it counts from then on. */
  confirmed?: { by: string; at: string } | null | undefined;
};

export type BriefConflict = {
  id: string;
  kind: ConflictKind;
  summary: string;
  notes: Evidence;
  scope: Evidence;
  status: 'open' | 'resolved';
  resolution: 'scope_prevails' | 'notes_prevail' | 'settled' | null;
  note: string | null;
  /** How far the comparison carries the conflict (0..1) and why; null for conflicts found before they had one. */
  confidence?: number | null | undefined;
  basis?: string | null | undefined;
  /** The AE confirmed a weak conflict: it pauses the handoff from then on. */
  confirmed?: { by: string; at: string } | null | undefined;
};

/** A weak conflict nobody confirmed: shown for the AE to confirm or settle, but it neither pauses nor fails a gate. */
export const conflictNeedsConfirmation = (c: Pick<BriefConflict, 'confidence' | 'confirmed' | 'status'>): boolean =>
  c.status === 'open' && c.confidence != null && c.confidence < confirmBelow && !c.confirmed;

/** Open, and either well supported by the comparison or confirmed by the AE: what pauses the handoff and fails the gate. */
export const isOpenConflict = (c: Pick<BriefConflict, 'confidence' | 'confirmed' | 'status'>): boolean => c.status === 'open' && !conflictNeedsConfirmation(c);

/**
 * Who may change the handoff's people (its AE, its CSM, an item's owner): the deal's owner (the AE), a manager (ops) or
 * an admin. Anyone else could make themselves the CSM or a promise's owner and then accept or review it themselves.
 */
export function mayChangePeople(caller: { role: Role; userId: string | null }, dealOwnerId: string | null): boolean {
  return can(caller.role, 'brief.assign') || (caller.userId !== null && caller.userId === dealOwnerId);
}

export const isActive = (item: Pick<BriefItem, 'dismissed' | 'withdrawn'>): boolean => !item.dismissed && !item.withdrawn;

/**
 * An extracted claim whose evidence is weak (below `confirmBelow`) and that no person has confirmed, reviewed or edited:
 * the AE confirms it or drops it. Until then gates and scores do not count it as something the brief has.
 */
export const needsConfirmation = (item: Pick<BriefItem, 'origin' | 'kind' | 'confidence' | 'confirmed' | 'review' | 'edited'>): boolean =>
  item.origin === 'extracted' &&
  isClaimKind(item.kind) &&
  item.confidence != null &&
  item.confidence < confirmBelow &&
  !item.confirmed &&
  !item.review &&
  !item.edited;

/** Active, and either well supported by its evidence or confirmed by a person: what gates and scores give credit for. */
export const isSupported = (item: BriefItem): boolean => isActive(item) && !needsConfirmation(item);

export type Gate = { key: GateKey; label: string; passed: boolean; detail: string };
export type GateKey = 'goals' | 'first_value' | 'risk_owners' | 'promises_reviewed' | 'evidence' | 'owner' | 'conflicts';

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** What must hold before the CSM can accept the handoff, each with what is missing. */
export function gates(brief: { aeId: string | null; csmId: string | null }, items: BriefItem[], conflicts: BriefConflict[]): Gate[] {
  const active = items.filter(isActive);
  const of = (kind: ItemKind) => active.filter((i) => i.kind === kind);
  // Credit (goals, a first-value milestone) only for what the evidence supports or a person confirmed; what must be
  // settled (risks to own, promises to review, evidence) counts every active item, weak or not.
  const supported = (kind: ItemKind) => of(kind).filter(isSupported);
  const toConfirm = (kind: ItemKind) => of(kind).filter(needsConfirmation).length;
  const goals = supported('goal');
  const firstValue = supported('first_value');
  const unowned = of('risk').filter((r) => !r.ownerId);
  const unreviewed = of('promise').filter((p) => !p.review && !p.signed);
  const unevidenced = active.filter((i) => i.kind !== 'question' && i.kind !== 'kickoff_task' && i.evidence.length === 0);
  const open = conflicts.filter(isOpenConflict);
  const weak = conflicts.filter(conflictNeedsConfirmation).length;
  // Nothing signed to compare with is not agreement: the gate waits for a signed scope, or the AE's word on where it is.
  const noScope = of('question').find((q) => q.field === 'signed_scope');
  return [
    {
      key: 'goals',
      label: 'Customer goals are explicit',
      passed: goals.length > 0,
      detail:
        goals.length > 0
          ? plural(goals.length, 'goal')
          : toConfirm('goal') > 0
            ? `${plural(toConfirm('goal'), 'possible goal')} to confirm: the evidence is weak, so the AE confirms or drops it`
            : 'No buyer goal yet: ask the AE what the customer is buying this for',
    },
    {
      key: 'first_value',
      label: 'First-value criteria are explicit',
      passed: firstValue.length > 0,
      detail:
        firstValue.length > 0
          ? firstValue[0]!.text
          : toConfirm('first_value') > 0
            ? `${plural(toConfirm('first_value'), 'possible milestone')} to confirm: the evidence is weak, so the AE confirms or drops it`
            : 'No first-value milestone yet: what will the customer see working first, and by when?',
    },
    {
      key: 'risk_owners',
      label: 'Every open risk has an owner',
      passed: unowned.length === 0,
      detail: unowned.length === 0 ? `${plural(of('risk').length, 'risk')}, all owned` : `${plural(unowned.length, 'risk')} without an owner`,
    },
    {
      key: 'promises_reviewed',
      label: 'Every promise is reviewed by its owner',
      passed: unreviewed.length === 0,
      detail:
        unreviewed.length === 0
          ? `${plural(of('promise').filter((p) => !p.signed).length, 'promise')} made in sales, all reviewed`
          : `${plural(unreviewed.length, 'promise')} not reviewed yet`,
    },
    {
      key: 'evidence',
      label: 'Evidence is attached',
      passed: unevidenced.length === 0,
      detail: unevidenced.length === 0 ? 'Every item cites its source' : `${plural(unevidenced.length, 'item')} without evidence`,
    },
    {
      key: 'owner',
      label: 'A human owner is assigned',
      passed: !!brief.csmId && !!brief.aeId,
      detail: brief.csmId && brief.aeId ? 'AE and CSM assigned' : !brief.csmId ? 'No CSM owns this handoff yet' : 'No account executive on the handoff',
    },
    {
      key: 'conflicts',
      label: 'Notes and signed scope agree',
      passed: open.length === 0 && (!noScope || !!noScope.answer),
      detail:
        open.length > 0
          ? `${plural(open.length, 'open conflict')}: the handoff is paused`
          : noScope && !noScope.answer
            ? 'No signed scope among the sources: nothing to compare the notes with. Attach the signed SOW or order form, or the AE answers where it is'
            : noScope
              ? `No signed scope attached; the AE answered: ${noScope.answer!.text}`
              : weak > 0
                ? `No open conflict; ${plural(weak, 'possible conflict')} to confirm: the comparison is weak, so the AE confirms or settles it`
                : 'No open conflict',
    },
  ];
}

export type ReviewAction = 'submit' | 'return' | 'accept' | 'reopen_review';

/** The status after an action, or the reason it is refused. Pausing and resuming follow the conflicts, not a person. */
export function transition(status: BriefStatus, action: ReviewAction, openGates: Gate[] = []): BriefStatus {
  const refuse = (message: string, code: 'brief.wrong_status' | 'brief.gates_open' = 'brief.wrong_status') => {
    throw new AppError(code, 'conflict', message, { details: { status, action, ...(code === 'brief.gates_open' && { gates: openGates.map((g) => g.key) }) } });
  };
  if (status === 'accepted') refuse('The handoff was accepted: the brief is closed');
  if (status === 'paused') refuse('The handoff is paused: the sales notes and the signed scope disagree. Settle each conflict first');
  switch (action) {
    case 'submit':
      if (status === 'csm_review') refuse('The brief is already with the CSM');
      return 'csm_review';
    case 'return':
      if (status !== 'csm_review') refuse('Only a brief in CSM review can be returned');
      return 'returned';
    case 'accept':
      if (status !== 'csm_review') refuse('Only a brief in CSM review can be accepted: the AE sends it first');
      if (openGates.length > 0) refuse(`Not yet: ${openGates.map((g) => `${g.label.toLowerCase()} (${g.detail})`).join('; ')}`, 'brief.gates_open');
      return 'accepted';
    case 'reopen_review':
      return status === 'draft' ? 'ae_review' : status;
  }
}

/** Where a brief goes after it is prepared: paused on conflicts, back from paused once none is open. */
export function afterPrepare(
  current: { status: BriefStatus; pausedFrom: UnpausedStatus | null } | undefined,
  won: boolean,
  openConflicts: number,
): { status: BriefStatus; pausedFrom: UnpausedStatus | null } {
  const base: UnpausedStatus = !current
    ? won
      ? 'ae_review'
      : 'draft'
    : current.status === 'paused'
      ? (current.pausedFrom ?? 'ae_review')
      : current.status === 'accepted'
        ? 'ae_review'
        : current.status;
  // The review starts when the deal is won; a brief prepared before that waits as a draft.
  const status: UnpausedStatus = base === 'draft' && won ? 'ae_review' : base;
  return openConflicts > 0 ? { status: 'paused', pausedFrom: status } : { status, pausedFrom: null };
}

/** Authority words as people write them, for the stakeholder editor. */
export const authorityLabels: Record<Authority, string> = {
  sponsor: 'Sponsor',
  decision_maker: 'Decision maker',
  champion: 'Champion',
  influencer: 'Influencer',
  user: 'User',
  technical: 'Technical',
  procurement: 'Procurement',
  finance: 'Finance',
  legal: 'Legal',
  unknown: 'Unknown',
};
