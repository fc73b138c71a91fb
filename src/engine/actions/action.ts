// What an action handler is: the engine's side of an action type in domain/rules/actions.ts. Handlers call flows;
// they hold no SQL of their own.
import type { Actor } from '../../domain/actor.ts';
import type { DealFacts } from '../../domain/deal-facts.ts';
import { AppError } from '../../domain/errors.ts';
import type { ActionParams, ActionType } from '../../domain/rules/actions.ts';
import type { Db, DbOrTx, Tx } from '../../adapters/db/database.ts';

export type CreatedRef = {
  type: 'project' | 'task' | 'notification' | 'mail' | 'enrolment' | 'account' | 'opportunity' | 'brief' | 'document' | 'approval_request' | 'meeting';
  id: string;
  label: string;
};

export type ActionContext = {
  workspaceId: string;
  run: {
    id: string;
    ruleId: string;
    ruleName: string;
    ruleVersion: number;
    depth: number;
    triggerEventId: string | null;
    subjectType: string;
    subjectId: string;
  };
  /** The automation actor, carrying the run as cause. */
  actor: Actor;
  /** The step's idempotency key (rule version + record + action). */
  key: string;
  now: Date;
  facts: DealFacts | undefined;
  /** What the handler's `reserve` took before the step's transaction (undefined when it has none, or took nothing). */
  reserved?: unknown;
};

export type ActionResult = {
  /** waiting: the step is not done and its run waits for `waitingFor` (an approval request) to be decided. */
  status?: 'succeeded' | 'skipped' | 'waiting';
  waitingFor?: string;
  summary: string;
  created?: CreatedRef[];
  output?: Record<string, unknown>;
  /** The action changed what the deal's facts say (a project, a task, a field, the account): later steps reload them. */
  changedFacts?: boolean;
};
export type ActionPreview = { summary: string; details: string[] };

export type ActionHandler<T extends ActionType = ActionType> = {
  type: T;
  /** Runs before the step's transaction, for calls to the outside world (its result goes to `run`). */
  external?: (ctx: ActionContext, params: ActionParams<T>) => Promise<Record<string, unknown>>;
  /**
   * Runs before the step's transaction, in statements of their own, for what concurrent runs share (round-robin
   * turns): the transaction then holds no lock beyond its deal's. Its result reaches `run` as `ctx.reserved`.
   */
  reserve?: (db: Db, ctx: ActionContext, params: ActionParams<T>) => Promise<unknown>;
  run: (tx: Tx, ctx: ActionContext, params: ActionParams<T>, external: Record<string, unknown> | undefined) => Promise<ActionResult>;
  /** The action may park its run (see ActionResult's waiting): such a step always runs in a transaction of its own. */
  waits?: (params: ActionParams<T>) => boolean;
  /** What the action would do now, in words, writing nothing (the dry run). */
  preview: (db: DbOrTx, ctx: ActionContext, params: ActionParams<T>) => Promise<ActionPreview>;
};

/** The deal an action works on; an action that needs one fails permanently on a run of another record. */
export function dealOf(ctx: ActionContext): DealFacts {
  if (!ctx.facts) throw new AppError('action.failed', 'invalid', `This action needs a deal, and the run's record is a ${ctx.run.subjectType}`);
  return ctx.facts;
}

/** The deal's project a new task would go on, when it is on hold (its deal reopened, or paused by hand): no new tasks. */
export function onHold(facts: DealFacts): { id: string; name: string } | undefined {
  const project = facts.projects.find((p) => p.status !== 'done' && p.status !== 'cancelled');
  return project?.status === 'on_hold' ? project : undefined;
}
