// Leads and their handoff to sales: the stages, the need maturity, and what each result of the handoff task does.
import { AppError, type FieldIssue } from './errors.ts';
import { formatMoney } from './money.ts';

export const leadStages = ['new', 'qualification', 'distribution', 'handoff_to_sales', 'awaiting_sale', 'converted', 'disqualified'] as const;
export type LeadStage = (typeof leadStages)[number];
export const needMaturities = ['discovered', 'sales_ready', 'not_interested'] as const;
export type NeedMaturity = (typeof needMaturities)[number];
export const leadPriorities = ['low', 'normal', 'high', 'urgent'] as const;
export type LeadPriority = (typeof leadPriorities)[number];
export const handoffResults = ['proceed_to_order', 'proceed_to_handoff', 'back_to_distribution', 'rescheduled', 'not_interested'] as const;
export type HandoffResult = (typeof handoffResults)[number];
/** Stages a person may move a lead into by hand ("converted" is reached by converting it). */
export const settableLeadStages = leadStages.filter((s) => s !== 'converted');

export const leadStageLabels: Record<LeadStage, string> = {
  new: 'New',
  qualification: 'Qualification',
  distribution: 'Distribution',
  handoff_to_sales: 'Handoff to sales',
  awaiting_sale: 'Awaiting sale',
  converted: 'Converted',
  disqualified: 'Disqualified',
};

/** The handoff task's subject, as the sales process names it. */
export const handoffTaskSubject = 'Contact the customer and specify the need, budget, and customer decision-making role';
/** The category of the handoff task (one open per lead). */
export const handoffTaskCategory = 'lead_handoff';

/** What a distributor found out on the call: the "proceed to handoff" form, saved to the lead and carried onto the deal. */
export type HandoffDetails = {
  needType: string;
  /** In the workspace's base currency, minor units. */
  budgetMinor: number;
  currency: string;
  salesOwnerId: string;
  salesDivision: string;
  /** UTC instant of the first meeting with sales. */
  firstMeetingAt: string;
  decisionTimeline: string;
  notes: string | null;
};

/** The events the five results emit, so a rule can start on each. */
export const resultEvents = {
  proceed_to_order: 'lead.proceeded_to_order',
  proceed_to_handoff: 'lead.proceeded_to_handoff',
  back_to_distribution: 'lead.returned_to_distribution',
  rescheduled: 'lead.handoff_rescheduled',
  not_interested: 'lead.not_interested',
} as const satisfies Record<HandoffResult, string>;

export type ResultOutcome = {
  stage: LeadStage;
  maturity: NeedMaturity;
  /** A new handoff task, due on this date (rescheduled). */
  newTaskDue: string | null;
  /** The handoff details to save on the lead (proceed to handoff). */
  handoff: HandoffDetails | null;
};

/** The handoff form as a person fills it in (the currency is the workspace's base currency). */
export type HandoffForm = Omit<HandoffDetails, 'currency' | 'notes'> & { notes?: string | null | undefined };

export type ResultInput = {
  result: HandoffResult;
  details?: HandoffForm | undefined;
  dueDate?: string | undefined;
};

/**
 * What a result of the handoff task does to the lead. `today` is the workspace's date: a rescheduled task is due
 * today or later. Missing inputs are 400s naming the field.
 */
export function decideResult(lead: { stage: LeadStage; maturity: NeedMaturity }, input: ResultInput, today: string, currency: string): ResultOutcome {
  if (lead.stage !== 'handoff_to_sales')
    throw new AppError('lead.not_in_handoff', 'conflict', `The lead is in "${leadStageLabels[lead.stage]}", not in "Handoff to sales"`);
  switch (input.result) {
    case 'proceed_to_order':
      return { stage: 'awaiting_sale', maturity: 'sales_ready', newTaskDue: null, handoff: null };
    case 'proceed_to_handoff': {
      if (!input.details)
        throw new AppError('validation', 'invalid', 'The request is not valid', {
          fields: [{ path: 'body:/details', message: 'is required for the result proceed_to_handoff' }],
        });
      const issues = handoffIssues(input.details, 'body:/details');
      if (issues.length > 0) throw new AppError('validation', 'invalid', 'The request is not valid', { fields: issues });
      return { stage: 'awaiting_sale', maturity: 'sales_ready', newTaskDue: null, handoff: normalizeHandoff(input.details, currency) };
    }
    case 'back_to_distribution':
      return { stage: 'distribution', maturity: 'discovered', newTaskDue: null, handoff: null };
    case 'rescheduled':
      if (!input.dueDate)
        throw new AppError('validation', 'invalid', 'The request is not valid', {
          fields: [{ path: 'body:/dueDate', message: 'is required for the result rescheduled (the new task is due on it)' }],
        });
      if (input.dueDate < today)
        throw new AppError('validation', 'invalid', 'The request is not valid', {
          fields: [{ path: 'body:/dueDate', message: `must be today (${today}) or later` }],
        });
      return { stage: 'handoff_to_sales', maturity: lead.maturity, newTaskDue: input.dueDate, handoff: null };
    case 'not_interested':
      return { stage: lead.stage, maturity: 'not_interested', newTaskDue: null, handoff: null };
  }
}

/** Problems with a handoff form beyond its schema: blank words after trimming. */
export function handoffIssues(d: Partial<HandoffForm>, base: string): FieldIssue[] {
  const issues: FieldIssue[] = [];
  for (const key of ['needType', 'salesDivision', 'decisionTimeline'] as const) {
    if (d[key] !== undefined && d[key].trim() === '') issues.push({ path: `${base}/${key}`, message: 'must not be empty' });
  }
  return issues;
}

export function normalizeHandoff(d: HandoffForm, currency: string): HandoffDetails {
  return {
    needType: d.needType.trim(),
    budgetMinor: d.budgetMinor,
    currency,
    salesOwnerId: d.salesOwnerId,
    salesDivision: d.salesDivision.trim(),
    firstMeetingAt: new Date(d.firstMeetingAt).toISOString(),
    decisionTimeline: d.decisionTimeline.trim(),
    notes: d.notes?.trim() || null,
  };
}

/** Whether a person may move a lead from `from` into `to` by hand (converted leads stay; converting is its own step). */
export function checkStageMove(from: LeadStage, to: LeadStage): void {
  if (from === 'converted') throw new AppError('lead.converted', 'conflict', 'The lead is converted; its deal carries on from here');
  if (to === 'converted')
    throw new AppError('validation', 'invalid', 'The request is not valid', {
      fields: [{ path: 'body:/stage', message: 'a lead becomes converted by POST /api/leads/{id}/convert' }],
    });
}

/** The e-mail domain a lead's account is matched by; free mail providers name no company. */
export function companyDomain(email: string | null | undefined): string | null {
  if (!email) return null;
  const at = email.lastIndexOf('@');
  if (at < 1) return null;
  const domain = email
    .slice(at + 1)
    .trim()
    .toLowerCase();
  if (!/^[a-z0-9.-]+\.[a-z]{2,}$/.test(domain) || freeMail.has(domain)) return null;
  return domain;
}

const freeMail = new Set([
  'gmail.com',
  'googlemail.com',
  'yahoo.com',
  'outlook.com',
  'hotmail.com',
  'live.com',
  'icloud.com',
  'me.com',
  'aol.com',
  'proton.me',
  'protonmail.com',
  'gmx.com',
  'gmx.de',
  'web.de',
  'mail.ru',
  'yandex.ru',
]);

/** A person's name split as contacts keep it (first word, the rest). */
export function splitName(name: string): { firstName: string; lastName: string } {
  const parts = name.trim().split(/\s+/);
  return { firstName: parts[0] ?? '', lastName: parts.slice(1).join(' ') };
}

/** The handoff details as a note on the deal the lead became (the deal's brief reads its notes). */
export function handoffNote(d: HandoffDetails, names: { salesOwner: string }, timeZone: string): string {
  const meeting = `${new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(new Date(d.firstMeetingAt))} (${timeZone})`;
  return [
    `Need type: ${d.needType}`,
    `Budget: ${formatMoney(d.budgetMinor, d.currency)}`,
    `Sales owner: ${names.salesOwner}`,
    `Sales division: ${d.salesDivision}`,
    `First meeting: ${meeting}`,
    `Decision timeline: ${d.decisionTimeline}`,
    ...(d.notes ? [`Notes: ${d.notes}`] : []),
  ].join('\n');
}
