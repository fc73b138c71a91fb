// Finance and legal approvals, as pure rules: a policy (a condition over the deal and its terms, a chain of steps,
// an SLA in business hours), who a step's approvers are, when a step is decided, what a request freezes as context
// and when its reminder and escalation are due. No storage, no clock: those come in as arguments.
import { canonicalJson } from './canonical.ts';
import { instantAt, isBusinessDay, dateIn, addCalendarDays, type WorkCalendar } from './calendar.ts';
import type { FieldIssue } from './errors.ts';
import type { DealFacts } from './deal-facts.ts';
import { isRole, roles } from './roles.ts';
import type { FieldSpec, ListSpec } from './rules/fields.ts';
import { billingKinds, invoiceLines, scheduleTotal, type DealTerms } from './terms.ts';

/** Who approves a step: everyone with a role, the members of a team role, one person, or the deal owner's manager. */
export type ApproverSpec = { type: 'role'; role: string } | { type: 'team'; team: string } | { type: 'user'; userId: string } | { type: 'owner_manager' };
export const approverTypes = ['role', 'team', 'user', 'owner_manager'] as const;

/** A step of a chain: its approvers decide in parallel; `any` needs one approval, `all` needs every approver's. */
export type ApprovalStep = { name: string; mode: 'any' | 'all'; approvers: ApproverSpec[] };

/** What the request shows its approvers: finance (value, discount, payment terms, billing) and/or legal (contract, clauses). */
export const contextKinds = ['finance', 'legal'] as const;
export type ContextKind = (typeof contextKinds)[number];

export const requestStatuses = ['pending', 'approved', 'rejected', 'withdrawn'] as const;
export type RequestStatus = (typeof requestStatuses)[number];

/** The terms as approval conditions read them, under `terms.` (beside the deal facts). */
export type TermsFacts = {
  discountPercent: number | null;
  billingKind: string | null;
  paymentTerms: string | null;
  contractVersion: string | null;
  clauseCount: number;
  clauses: { title: string; text: string }[];
};

export const termsFacts = (terms: DealTerms): TermsFacts => ({
  discountPercent: terms.discountPercent,
  billingKind: terms.billingSchedule?.kind ?? null,
  paymentTerms: terms.paymentTerms,
  contractVersion: terms.contractVersion,
  clauseCount: terms.clauses.length,
  clauses: terms.clauses,
});

/**
 * The fields a policy's condition may read beyond a rule's: the discount, the billing kind, the clauses. "Amount over
 * X" is deal.amountMinor gt X; "non-standard payment terms" is terms.paymentTerms not_in [the standard ones]; "any
 * non-standard clause" is terms.clauseCount gt 0; "a billing schedule other than the standard" is terms.billingKind ne "annually".
 */
export const termsFields: FieldSpec[] = [
  { path: 'terms.discountPercent', label: 'Discount (%)', type: 'number' },
  { path: 'terms.billingKind', label: 'Billing schedule', type: 'choice', options: billingKinds.map((k) => ({ value: k, label: k })) },
  { path: 'terms.paymentTerms', label: 'Payment terms', type: 'text' },
  { path: 'terms.contractVersion', label: 'Contract version', type: 'text' },
  { path: 'terms.clauseCount', label: 'Non-standard clauses (count)', type: 'number' },
];
export const termsLists: ListSpec[] = [
  {
    path: 'terms.clauses',
    label: 'Non-standard clauses',
    fields: [
      { path: 'title', label: 'Title', type: 'text' },
      { path: 'text', label: 'Text', type: 'text' },
    ],
  },
];

/** Problems with a chain of steps (paths under `base`), given the workspace's team roles and active people. */
export function checkSteps(
  steps: readonly ApprovalStep[],
  refs: { teamRoles: readonly string[]; people: readonly string[] },
  base = 'body:/steps',
): FieldIssue[] {
  const issues: FieldIssue[] = [];
  if (steps.length === 0) issues.push({ path: base, message: 'a policy needs at least one step' });
  steps.forEach((step, i) => {
    const at = `${base}/${i}`;
    if (!step.name.trim()) issues.push({ path: `${at}/name`, message: 'a step needs a name' });
    if (step.approvers.length === 0) issues.push({ path: `${at}/approvers`, message: 'a step needs at least one approver' });
    step.approvers.forEach((a, j) => {
      const p = `${at}/approvers/${j}`;
      if (a.type === 'role' && !isRole(a.role)) issues.push({ path: `${p}/role`, message: `"${a.role}" is not a role; use one of ${roles.join(', ')}` });
      if (a.type === 'team' && !refs.teamRoles.includes(a.team))
        issues.push({ path: `${p}/team`, message: `"${a.team}" is not a team role of this workspace` });
      if (a.type === 'user' && !refs.people.includes(a.userId)) issues.push({ path: `${p}/userId`, message: 'is not an active person of this workspace' });
    });
  });
  return issues;
}

/** A step's approvers as people: each spec resolved by the caller's lookups, in order, without repeats. */
export function resolveApprovers(
  step: ApprovalStep,
  lookup: { byRole(role: string): string[]; byTeam(team: string): string[]; isActive(id: string): boolean; ownerManager: string | null },
): string[] {
  const ids = step.approvers.flatMap((a) => {
    switch (a.type) {
      case 'role':
        return lookup.byRole(a.role);
      case 'team':
        return lookup.byTeam(a.team);
      case 'user':
        return lookup.isActive(a.userId) ? [a.userId] : [];
      case 'owner_manager':
        return lookup.ownerManager ? [lookup.ownerManager] : [];
    }
  });
  return [...new Set(ids)];
}

/** A step's state from its approvers' decisions: one rejection rejects; `any` needs one approval, `all` every one. */
export function stepOutcome(mode: 'any' | 'all', decisions: readonly (string | null)[]): 'approved' | 'rejected' | 'pending' {
  if (decisions.includes('rejected')) return 'rejected';
  const approved = decisions.filter((d) => d === 'approved').length;
  if (mode === 'any' ? approved > 0 : approved === decisions.length && approved > 0) return 'approved';
  return 'pending';
}

/** Working hours of a business day, in the workspace's time zone. */
export const workingHours = { start: 9, end: 17 } as const;

/**
 * The instant `hours` business hours after `from`: only the working hours (09:00-17:00) of the calendar's business
 * days count, so an SLA of 8 hours started on a Friday at 16:00 ends on Monday at 16:00 (or later, past holidays).
 */
export function addBusinessHours(from: Date, hours: number, calendar: WorkCalendar): Date {
  let left = hours * 3_600_000;
  let day = dateIn(from, calendar.timeZone);
  let cursor = from.getTime();
  for (let guard = 0; guard < 4000; guard++) {
    if (isBusinessDay(day, calendar)) {
      const open = instantAt(day, workingHours.start, calendar.timeZone).getTime();
      const close = instantAt(day, workingHours.end, calendar.timeZone).getTime();
      const start = Math.max(cursor, open);
      if (start < close) {
        if (start + left <= close) return new Date(start + left);
        left -= close - start;
      }
    }
    day = addCalendarDays(day, 1);
    cursor = instantAt(day, 0, calendar.timeZone).getTime();
  }
  throw new RangeError('no working hours within ten years');
}

/** When a step's approvers are reminded (its SLA ran out) and when it escalates (twice the SLA, untouched). */
export function deadlines(stepStartedAt: Date, slaHours: number, calendar: WorkCalendar): { remindAt: Date; escalateAt: Date } {
  return { remindAt: addBusinessHours(stepStartedAt, slaHours, calendar), escalateAt: addBusinessHours(stepStartedAt, slaHours * 2, calendar) };
}

/** The context a request freezes: the deal, and what finance and/or legal need to decide. */
export type ApprovalSnapshot = {
  takenAt: string;
  deal: {
    id: string;
    name: string;
    amountMinor: number;
    currency: string;
    stage: string;
    ownerId: string | null;
    accountName: string;
    closeDate: string | null;
  };
  finance?: {
    amountMinor: number;
    currency: string;
    discountPercent: number | null;
    paymentTerms: string | null;
    billingSchedule: DealTerms['billingSchedule'];
    invoices: { label: string; amountMinor: number }[];
    scheduleTotalMinor: number | null;
  };
  legal?: { contractVersion: string | null; clauses: { title: string; text: string }[] };
  /** The policy's condition in words: why this deal needs the approval. */
  reason: string;
};

export function takeSnapshot(context: readonly ContextKind[], facts: DealFacts, terms: DealTerms, reason: string, now: Date): ApprovalSnapshot {
  const d = facts.deal;
  return {
    takenAt: now.toISOString(),
    deal: {
      id: d.id,
      name: d.name,
      amountMinor: d.amountMinor,
      currency: d.currency,
      stage: d.stage,
      ownerId: d.ownerId,
      accountName: facts.account.name,
      closeDate: d.closeDate,
    },
    ...(context.includes('finance') && {
      finance: {
        amountMinor: d.amountMinor,
        currency: d.currency,
        discountPercent: terms.discountPercent,
        paymentTerms: terms.paymentTerms,
        billingSchedule: terms.billingSchedule,
        invoices: terms.billingSchedule ? invoiceLines(terms.billingSchedule) : [],
        scheduleTotalMinor: terms.billingSchedule ? scheduleTotal(terms.billingSchedule) : null,
      },
    }),
    ...(context.includes('legal') && {
      legal: { contractVersion: terms.contractVersion, clauses: terms.clauses.map((c) => ({ title: c.title, text: c.text })) },
    }),
    reason,
  };
}

/** Whether the terms a snapshot froze differ from the deal's terms now (what reopens a decided request). */
export function termsDiffer(a: ApprovalSnapshot, b: ApprovalSnapshot): boolean {
  // Canonical: a snapshot read back from jsonb has its keys in another order than one just taken.
  const pick = (s: ApprovalSnapshot) => canonicalJson([s.deal.amountMinor, s.deal.currency, s.finance ?? null, s.legal ?? null]);
  return pick(a) !== pick(b);
}
