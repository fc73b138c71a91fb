// The life of an opportunity: win, lose and reopen as pure decisions over its current state.
import { AppError, type FieldIssue } from './errors.ts';

export const stageCategories = ['open', 'won', 'lost'] as const;
export type StageCategory = (typeof stageCategories)[number];
export const complexities = ['simple', 'complex'] as const;
export type Complexity = (typeof complexities)[number];
export const buyingRoles = ['sponsor', 'decision_maker', 'champion', 'user', 'technical', 'finance', 'legal', 'procurement'] as const;
export type BuyingRole = (typeof buyingRoles)[number];
export const accountStatuses = ['prospect', 'active', 'inactive', 'churned'] as const;
export type AccountStatus = (typeof accountStatuses)[number];

export type Stage = { id: string; name: string; position: number; category: StageCategory };

export type OpportunityState = {
  id: string;
  name: string;
  stageId: string;
  closeDate: string | null;
  accountId: string;
};

export type AccountState = { id: string; name: string; status: AccountStatus };

export type CloseDecision =
  | { kind: 'unchanged'; outcome: 'won' | 'lost' }
  | {
      kind: 'close';
      outcome: 'won' | 'lost';
      fromStage: Stage;
      toStage: Stage;
      closeDate: string;
      activateAccount: boolean;
      stopReason: string;
    };

function currentStage(opportunity: OpportunityState, stages: readonly Stage[]): Stage {
  const stage = stages.find((s) => s.id === opportunity.stageId);
  if (!stage) throw new Error(`Opportunity ${opportunity.id} is in a stage outside its pipeline`);
  return stage;
}

function firstStageOf(category: StageCategory, stages: readonly Stage[]): Stage {
  const stage = [...stages].sort((a, b) => a.position - b.position).find((s) => s.category === category);
  if (!stage) {
    throw new AppError('opportunity.no_stage_for_category', 'conflict', `The pipeline has no ${category} stage`, {
      details: { category },
    });
  }
  return stage;
}

/** A deal field a pipeline may require before a win: its key (as rules read it, under `deal.`) and its label. */
export type DealField = { key: string; label: string };

/** The deal's fields a pipeline may require before a win; custom fields are `custom.<key>`. */
export const requirableDealFields: readonly DealField[] = [
  { key: 'amountMinor', label: 'Amount' },
  { key: 'ownerId', label: 'Owner' },
  { key: 'primaryContactId', label: 'Primary contact' },
  { key: 'paymentTerms', label: 'Payment terms' },
  { key: 'contractVersion', label: 'Contract version' },
  { key: 'nonStandardClauses', label: 'Non-standard clauses' },
];

const customKey = /^custom\.([A-Za-z_][A-Za-z0-9_]{0,62})$/;

/** The field a key names, or undefined when it is no deal field (`custom.<key>` names a custom field). */
export function dealFieldOf(key: string): DealField | undefined {
  const known = requirableDealFields.find((f) => f.key === key);
  if (known) return known;
  const custom = customKey.exec(key);
  return custom ? { key, label: `${custom[1]} (custom field)` } : undefined;
}

/** What is wrong with a pipeline's list of fields required to win: unknown keys and repeats, by their place. */
export function checkRequiredFields(keys: readonly string[]): FieldIssue[] {
  const issues: FieldIssue[] = [];
  keys.forEach((key, i) => {
    if (!dealFieldOf(key))
      issues.push({
        path: `requiredToWin/${i}`,
        message: `"${key}" is not a deal field (use one of ${requirableDealFields.map((f) => f.key).join(', ')} or custom.<key>)`,
      });
    else if (keys.indexOf(key) !== i) issues.push({ path: `requiredToWin/${i}`, message: `"${key}" is listed twice` });
  });
  return issues;
}

/** The values of a deal that a win may require. */
export type DealFieldValues = {
  amountMinor: number;
  ownerId: string | null;
  primaryContactId: string | null;
  paymentTerms: string | null;
  contractVersion: string | null;
  nonStandardClauses: string | null;
  customFields: Record<string, unknown>;
};

const isEmpty = (value: unknown) => value === null || value === undefined || (typeof value === 'string' && value.trim() === '') || value === 0;

/** The required fields the deal leaves empty (a zero amount, blank text or no value), in the pipeline's order. */
export function missingFieldsToWin(deal: DealFieldValues, required: readonly string[]): DealField[] {
  return required.flatMap((key) => {
    const field = dealFieldOf(key);
    if (!field) return [];
    const value = key.startsWith('custom.') ? deal.customFields[key.slice('custom.'.length)] : deal[key as Exclude<keyof DealFieldValues, 'customFields'>];
    return isEmpty(value) ? [field] : [];
  });
}

/** Decides what winning means: repeat wins change nothing, a lost deal must be reopened first, required fields must be filled. */
export function win(
  opportunity: OpportunityState,
  account: AccountState,
  stages: readonly Stage[],
  input: { today: string; closeDate?: string | undefined; missing?: readonly DealField[] | undefined },
): CloseDecision {
  const from = currentStage(opportunity, stages);
  switch (from.category) {
    case 'won':
      return { kind: 'unchanged', outcome: 'won' };
    case 'lost':
      throw new AppError('opportunity.already_lost', 'conflict', `"${opportunity.name}" is lost; reopen it before marking it won`, {
        details: { stage: from.name },
      });
    case 'open':
      if (input.missing?.length) {
        const labels = input.missing.map((f) => f.label);
        throw new AppError(
          'opportunity.missing_fields',
          'conflict',
          `Fill in ${labels.length === 1 ? labels[0] : `${labels.slice(0, -1).join(', ')} and ${labels.at(-1)}`} before marking "${opportunity.name}" won`,
          { details: { missing: input.missing.map((f) => ({ key: f.key, label: f.label })) } },
        );
      }
      return {
        kind: 'close',
        outcome: 'won',
        fromStage: from,
        toStage: firstStageOf('won', stages),
        closeDate: input.closeDate ?? input.today,
        activateAccount: account.status !== 'active',
        stopReason: 'deal won',
      };
  }
}

/** Decides what losing means: the deal is kept (for reactivation), sequences stop with the reason. */
export function lose(
  opportunity: OpportunityState,
  stages: readonly Stage[],
  input: { today: string; reason: string; closeDate?: string | undefined },
): CloseDecision {
  const from = currentStage(opportunity, stages);
  switch (from.category) {
    case 'lost':
      return { kind: 'unchanged', outcome: 'lost' };
    case 'won':
      throw new AppError('opportunity.already_won', 'conflict', `"${opportunity.name}" is won; reopen it before marking it lost`, {
        details: { stage: from.name },
      });
    case 'open':
      return {
        kind: 'close',
        outcome: 'lost',
        fromStage: from,
        toStage: firstStageOf('lost', stages),
        closeDate: input.closeDate ?? input.today,
        activateAccount: false,
        stopReason: `deal lost: ${input.reason}`,
      };
  }
}

/** Reopening is explicit: a closed deal goes back to an open stage (the last open one by default). */
/**
 * Where a reopened deal goes: the open stage asked for, else the stage it was lost from (when still an open stage of
 * the pipeline), else the last open stage.
 */
export function reopen(
  opportunity: OpportunityState,
  stages: readonly Stage[],
  input: { stageId?: string | undefined; lostFromStageId?: string | null | undefined },
): { fromStage: Stage; toStage: Stage } {
  const from = currentStage(opportunity, stages);
  if (from.category === 'open') {
    throw new AppError('opportunity.not_closed', 'conflict', `"${opportunity.name}" is already open`, {
      details: { stage: from.name },
    });
  }
  const open = [...stages].filter((s) => s.category === 'open').sort((a, b) => a.position - b.position);
  let to: Stage | undefined;
  if (input.stageId) {
    to = open.find((s) => s.id === input.stageId);
    if (!to) {
      throw new AppError('opportunity.stage_not_in_pipeline', 'invalid', 'The stage to reopen into must be an open stage of the pipeline', {
        fields: [{ path: '/stageId', message: 'must be an open stage of this pipeline' }],
      });
    }
  } else {
    to = open.find((s) => s.id === input.lostFromStageId) ?? open.at(-1);
  }
  if (!to) throw new AppError('opportunity.no_stage_for_category', 'conflict', 'The pipeline has no open stage');
  return { fromStage: from, toStage: to };
}

/** A manual stage move; moving into a won or lost stage must go through win or lose. */
export function moveStage(opportunity: OpportunityState, stages: readonly Stage[], stageId: string): { fromStage: Stage; toStage: Stage } | null {
  const from = currentStage(opportunity, stages);
  const to = stages.find((s) => s.id === stageId);
  if (!to) {
    throw new AppError('opportunity.stage_not_in_pipeline', 'invalid', "The stage is not in the opportunity's pipeline", {
      fields: [{ path: '/stageId', message: 'must be a stage of this pipeline' }],
    });
  }
  if (to.id === from.id) return null;
  if (to.category !== 'open' || from.category !== 'open') {
    throw new AppError(
      from.category === 'won' ? 'opportunity.already_won' : from.category === 'lost' ? 'opportunity.already_lost' : 'opportunity.not_closed',
      'conflict',
      from.category !== 'open'
        ? `"${opportunity.name}" is ${from.category}; reopen it to move it`
        : `Use mark ${to.category} to move "${opportunity.name}" into a ${to.category} stage`,
      { details: { from: from.name, to: to.name } },
    );
  }
  return { fromStage: from, toStage: to };
}
