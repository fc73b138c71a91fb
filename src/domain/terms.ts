// A deal's commercial terms as finance and legal read them: how it is billed, at what discount, on which contract
// version and with which non-standard clauses. Pure: checks and totals, no storage.
import type { FieldIssue } from './errors.ts';

export const billingKinds = ['upfront', 'monthly', 'quarterly', 'annually', 'milestones'] as const;
export type BillingKind = (typeof billingKinds)[number];

export type BillingMilestone = { name: string; amountMinor: number };

/**
 * upfront: one invoice of amountMinor. monthly, quarterly, annually: `periods` invoices of amountMinor each.
 * milestones: one invoice per milestone, each with its own amount.
 */
export type BillingSchedule = {
  kind: BillingKind;
  amountMinor?: number | undefined;
  periods?: number | undefined;
  milestones?: BillingMilestone[] | undefined;
};

export type Clause = { title: string; text: string };

export type DealTerms = {
  billingSchedule: BillingSchedule | null;
  paymentTerms: string | null;
  discountPercent: number | null;
  contractVersion: string | null;
  clauses: Clause[];
};

/** What the schedule bills in total, in minor units. */
export function scheduleTotal(schedule: BillingSchedule): number {
  if (schedule.kind === 'milestones') return (schedule.milestones ?? []).reduce((sum, m) => sum + m.amountMinor, 0);
  if (schedule.kind === 'upfront') return schedule.amountMinor ?? 0;
  return (schedule.amountMinor ?? 0) * (schedule.periods ?? 0);
}

const isMinor = (n: unknown): n is number => typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;

/** One invoice line per billing date: what a document's fees table and finance's review list. */
export function invoiceLines(schedule: BillingSchedule): { label: string; amountMinor: number }[] {
  switch (schedule.kind) {
    case 'upfront':
      return [{ label: 'On signature', amountMinor: schedule.amountMinor ?? 0 }];
    case 'milestones':
      return (schedule.milestones ?? []).map((m) => ({ label: m.name, amountMinor: m.amountMinor }));
    case 'monthly':
    case 'quarterly':
    case 'annually': {
      const unit = { monthly: 'Month', quarterly: 'Quarter', annually: 'Year' }[schedule.kind];
      return Array.from({ length: schedule.periods ?? 0 }, (_, i) => ({ label: `${unit} ${i + 1}`, amountMinor: schedule.amountMinor ?? 0 }));
    }
  }
}

/**
 * Problems with a billing schedule (paths under `base`): the fields its kind needs, amounts that are whole
 * non-negative minor units, and a total equal to the deal's amount (what the schedule bills is what was sold).
 */
export function checkBillingSchedule(schedule: BillingSchedule, dealAmountMinor: number, base = 'body:/billingSchedule'): FieldIssue[] {
  const issues: FieldIssue[] = [];
  if (schedule.kind === 'milestones') {
    const milestones = schedule.milestones ?? [];
    if (milestones.length === 0) issues.push({ path: `${base}/milestones`, message: 'a milestone schedule needs at least one milestone' });
    milestones.forEach((m, i) => {
      if (!m.name.trim()) issues.push({ path: `${base}/milestones/${i}/name`, message: 'a milestone needs a name' });
      if (!isMinor(m.amountMinor)) issues.push({ path: `${base}/milestones/${i}/amountMinor`, message: 'must be a whole, non-negative amount in minor units' });
    });
    if (schedule.amountMinor !== undefined) issues.push({ path: `${base}/amountMinor`, message: 'a milestone schedule takes its amounts from its milestones' });
  } else {
    if (!isMinor(schedule.amountMinor)) issues.push({ path: `${base}/amountMinor`, message: 'must be a whole, non-negative amount in minor units' });
    if (schedule.kind === 'upfront') {
      if (schedule.periods !== undefined && schedule.periods !== 1) issues.push({ path: `${base}/periods`, message: 'an upfront schedule is one invoice' });
    } else if (!Number.isSafeInteger(schedule.periods) || (schedule.periods ?? 0) < 1)
      issues.push({ path: `${base}/periods`, message: `a ${schedule.kind} schedule needs the number of invoices (1 or more)` });
    if (schedule.milestones?.length) issues.push({ path: `${base}/milestones`, message: `only a milestone schedule has milestones` });
  }
  if (issues.length === 0) {
    const total = scheduleTotal(schedule);
    if (total !== dealAmountMinor)
      issues.push({ path: base, message: `bills ${total} in total but the deal's amount is ${dealAmountMinor} (minor units): they must match` });
  }
  return issues;
}

/** Problems with a discount: a percentage from 0 to 100, at most two decimals. */
export function checkDiscount(percent: number, path = 'body:/discountPercent'): FieldIssue[] {
  if (!Number.isFinite(percent) || percent < 0 || percent > 100) return [{ path, message: 'must be a percentage from 0 to 100' }];
  if (Math.round(percent * 100) !== percent * 100) return [{ path, message: 'takes at most two decimals' }];
  return [];
}

/** The clauses as one text, for rule conditions and the deal's nonStandardClauses field. */
export const clausesText = (clauses: readonly Clause[]): string | null =>
  clauses.length === 0 ? null : clauses.map((c) => `${c.title}: ${c.text}`).join('\n\n');
