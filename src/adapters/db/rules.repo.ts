// Storage of rules, their versions, runs, run steps and timers.
import { sql } from 'kysely';
import type { Repeat, Rule, RuleDefinition, Trigger } from '../../domain/rules/rules.ts';
import type { Condition } from '../../domain/rules/conditions.ts';
import type { DbOrTx, Tx } from './database.ts';
import { newId } from './ids.ts';
import type { NewRow, Row } from './schema.ts';
import { scoped } from './scope.ts';
import { stuckAfterMs } from './outbox.repo.ts';

export type StoredRule = Omit<Rule, 'description' | 'repeat'> & {
  key: string;
  description: string | null;
  repeat: Repeat;
  createdAt: string;
  updatedAt: string;
};

export function toRule(r: Row<'rules'>): StoredRule {
  const d = r.definition as unknown as RuleDefinition;
  return {
    id: r.id,
    key: r.key,
    name: r.name,
    description: r.description,
    enabled: r.enabled,
    position: r.position,
    version: r.version,
    trigger: d.trigger as Trigger,
    condition: (d.condition ?? undefined) as Condition | undefined,
    actions: d.actions ?? [],
    repeat: d.repeat ?? 'once',
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  };
}

/** The stored definition of a rule: what a version freezes. */
export function definitionOf(rule: RuleDefinition): Record<string, unknown> {
  return {
    name: rule.name,
    description: rule.description ?? null,
    trigger: rule.trigger,
    condition: rule.condition ?? null,
    actions: rule.actions,
    repeat: rule.repeat ?? 'once',
  };
}

export async function listRules(db: DbOrTx, workspaceId: string, filter: { triggerEvents?: string[]; enabledOnly?: boolean } = {}): Promise<StoredRule[]> {
  let q = scoped(db, workspaceId).selectFrom('rules').selectAll();
  if (filter.triggerEvents) q = q.where('trigger_event', 'in', filter.triggerEvents);
  if (filter.enabledOnly) q = q.where('enabled', '=', true);
  const rows = await q.orderBy('position').orderBy('id').execute();
  return rows.map(toRule);
}

export async function findRule(db: DbOrTx, workspaceId: string, id: string): Promise<StoredRule | undefined> {
  const row = await scoped(db, workspaceId).selectFrom('rules').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toRule(row) : undefined;
}

export async function listRuleVersions(db: DbOrTx, workspaceId: string, ruleId: string) {
  const rows = await scoped(db, workspaceId)
    .selectFrom('rule_versions')
    .select(['version', 'created_at', 'created_by_label'])
    .where('rule_id', '=', ruleId)
    .orderBy('version', 'desc')
    .execute();
  return rows.map((r) => ({ version: r.version, createdAt: r.created_at.toISOString(), createdBy: r.created_by_label }));
}

/** The event type a rule is indexed under (timers wait for their event too). */
export const triggerEventOf = (trigger: Trigger): string => trigger.event;

export type RunStatus = 'pending' | 'running' | 'retrying' | 'waiting' | 'succeeded' | 'failed' | 'skipped';
export type StepStatus = 'pending' | 'retrying' | 'succeeded' | 'failed' | 'skipped';

export type NewRun = {
  ruleId: string;
  ruleVersion: number;
  runKey: string;
  triggerEventId: string | null;
  triggerType: string;
  triggerLabel: string;
  subjectType: string;
  subjectId: string;
  depth: number;
  conditions: unknown[];
  steps: { key: string; type: string; params: Record<string, unknown>; idempotencyKey: string }[];
  /** A run refused before it starts (depth limit): stored as failed with this error. */
  failWith?: string | undefined;
  /** Not before; now by default. */
  startAt?: Date | undefined;
  /** When a run with this key exists already, start this one instead (a debounced rule's run at the end of its window). */
  otherwise?: { runKey: string; startAt: Date; steps: NewRun['steps'] } | undefined;
};

/** Starts a run unless one with the same key exists; returns the new run's id or null. */
export async function insertRun(tx: Tx, workspaceId: string, run: NewRun): Promise<string | null> {
  const [started] = await insertRuns(tx, workspaceId, [run]);
  return started?.id ?? null;
}

/**
 * Starts runs (two statements, whatever their number): those whose key exists already are left out, or replaced by
 * their `otherwise` run (two more statements when there are any).
 */
export async function insertRuns(tx: Tx, workspaceId: string, runs: readonly NewRun[]): Promise<{ id: string; runKey: string }[]> {
  const started = await insertNewRuns(tx, workspaceId, runs);
  const keys = new Set(started.map((r) => r.runKey));
  const fallbacks = runs
    .filter((r) => r.otherwise && !keys.has(r.runKey))
    .map((r): NewRun => ({ ...r, runKey: r.otherwise!.runKey, startAt: r.otherwise!.startAt, steps: r.otherwise!.steps, otherwise: undefined }));
  return fallbacks.length ? [...started, ...(await insertNewRuns(tx, workspaceId, fallbacks))] : started;
}

async function insertNewRuns(tx: Tx, workspaceId: string, runs: readonly NewRun[]): Promise<{ id: string; runKey: string }[]> {
  if (runs.length === 0) return [];
  const ids = new Map(runs.map((r) => [r.runKey, newId()]));
  const insertRuns = tx
    .insertInto('rule_runs')
    .values(
      runs.map((run) => ({
        id: ids.get(run.runKey)!,
        workspace_id: workspaceId,
        rule_id: run.ruleId,
        rule_version: run.ruleVersion,
        run_key: run.runKey,
        trigger_event_id: run.triggerEventId,
        trigger_type: run.triggerType,
        trigger_label: run.triggerLabel,
        subject_type: run.subjectType,
        subject_id: run.subjectId,
        depth: run.depth,
        conditions: JSON.stringify(run.conditions),
        status: run.failWith ? 'failed' : 'pending',
        error: run.failWith ?? null,
        next_attempt_at: run.startAt ?? sql<Date>`now()`,
        finished_at: run.failWith ? sql<Date>`now()` : null,
      })),
    )
    .onConflict((oc) => oc.columns(['workspace_id', 'run_key']).doNothing())
    .returning(['id', 'run_key']);
  const steps = runs
    .filter((run) => !run.failWith)
    .flatMap((run) =>
      run.steps.map(
        (step, i) =>
          sql`(${newId()}::uuid, ${ids.get(run.runKey)!}::uuid, ${i + 1}::int, ${step.key}::text, ${step.type}::text, ${JSON.stringify(step.params)}::jsonb, ${step.idempotencyKey}::text)`,
      ),
    );
  if (steps.length === 0) {
    const rows = await insertRuns.execute();
    return rows.map((r) => ({ id: r.id, runKey: r.run_key }));
  }
  // One statement: the runs, and the steps of those whose key was new.
  const { rows } = await sql<{ id: string; run_key: string }>`
    with started as (${insertRuns}),
    steps as (
      insert into rule_run_steps (id, workspace_id, run_id, position, action_key, action_type, params, idempotency_key)
      select v.id, ${workspaceId}, v.run_id, v.position, v.action_key, v.action_type, v.params, v.idempotency_key
      from (values ${sql.join(steps)}) as v(id, run_id, position, action_key, action_type, params, idempotency_key)
      where v.run_id in (select id from started)
    )
    select id, run_key from started`.execute(tx);
  return rows.map((r) => ({ id: r.id, runKey: r.run_key }));
}

/** What the runner needs of a step: its action, params, key and how far it got. */
export type ClaimedStep = Pick<StepRow, 'id' | 'run_id' | 'position' | 'action_key' | 'action_type' | 'params' | 'idempotency_key' | 'status' | 'attempts'>;

/** A claimed run with its steps in order (read in the claiming statement). */
export type ClaimedRun = Row<'rule_runs'> & { steps: ClaimedStep[] };

/**
 * Claims due runs for `leaseMs` with their steps (one statement), a record's runs together: a record's oldest unfinished run (when it is due and no
 * worker holds it) and the due runs queued behind it, up to the first that must wait. Runs of one record therefore
 * never run side by side; another worker skips the record while its oldest run is locked.
 */
export async function claimDueRuns(db: DbOrTx, worker: string, limit: number, leaseMs: number): Promise<ClaimedRun[]> {
  const rows = await sql<ClaimedRun>`
    with heads as (
      select r.id, r.workspace_id, r.subject_id from rule_runs r
      where ((r.status in ('pending', 'retrying') and r.next_attempt_at <= now())
          or (r.status = 'running' and r.locked_until < now()))
        and not exists (
          select 1 from rule_runs o
          where o.workspace_id = r.workspace_id and o.subject_id = r.subject_id and o.id < r.id
            and o.status in ('pending', 'running', 'retrying'))
      order by r.id
      limit ${limit}
      for update skip locked
    ),
    followers as (
      select f.id from rule_runs f
      join heads h on f.workspace_id = h.workspace_id and f.subject_id = h.subject_id and f.id > h.id
      where f.status = 'pending' and f.next_attempt_at <= now()
        and not exists (
          select 1 from rule_runs b
          where b.workspace_id = f.workspace_id and b.subject_id = f.subject_id and b.id > h.id and b.id < f.id
            and (b.status in ('running', 'retrying') or (b.status = 'pending' and b.next_attempt_at > now())))
      for update of f skip locked
    ),
    claimed as (
      update rule_runs set
        status = 'running',
        locked_by = ${worker},
        locked_until = now() + ${`${leaseMs} milliseconds`}::interval,
        attempts = attempts + 1,
        started_at = coalesce(started_at, now())
      where id in (select id from heads union all select id from followers)
      returning *
    )
    select c.*, coalesce((
      select json_agg(json_build_object('id', s.id, 'run_id', s.run_id, 'position', s.position, 'action_key', s.action_key,
        'action_type', s.action_type, 'params', s.params, 'idempotency_key', s.idempotency_key, 'status', s.status, 'attempts', s.attempts)
        order by s.position)
      from rule_run_steps s where s.run_id = c.id), '[]') as steps
    from claimed c`.execute(db);
  return rows.rows.sort((a, b) => (a.id < b.id ? -1 : 1));
}

/** Extends the lease of every run this worker holds (it is alive); the number held. */
export async function renewRunLeases(db: DbOrTx, worker: string, leaseMs: number): Promise<number> {
  const result = await db
    .updateTable('rule_runs')
    .set({ locked_until: sql<Date>`now() + ${`${leaseMs} milliseconds`}::interval` })
    .where('locked_by', '=', worker)
    .where('status', '=', 'running')
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Extends the lease; false when another worker has taken the run over. */
export async function holdRun(tx: Tx, runId: string, worker: string, leaseMs: number): Promise<boolean> {
  const row = await tx
    .updateTable('rule_runs')
    .set({ locked_until: sql<Date>`now() + ${`${leaseMs} milliseconds`}::interval` })
    .where('id', '=', runId)
    .where('locked_by', '=', worker)
    .where('status', '=', 'running')
    .returning('id')
    .executeTakeFirst();
  return !!row;
}

export async function listSteps(db: DbOrTx, runId: string) {
  return db.selectFrom('rule_run_steps').selectAll().where('run_id', '=', runId).orderBy('position').execute();
}

export type StepRow = Row<'rule_run_steps'>;

export type StepOutcome = { stepId: string; status: 'succeeded' | 'skipped'; output: unknown; attempt: number };

function stepsUpdate(outcomes: readonly StepOutcome[]) {
  const at = new Date().toISOString();
  const values = sql.join(outcomes.map((o) => sql`(${o.stepId}::uuid, ${o.status}::text, ${JSON.stringify(o.output ?? null)}::jsonb, ${o.attempt}::int)`));
  return sql`
    update rule_run_steps as s set
      status = v.status, output = v.output, error = null, attempts = v.attempts,
      started_at = coalesce(s.started_at, now()), finished_at = now(),
      log = s.log || jsonb_build_array(jsonb_build_object('attempt', v.attempts, 'at', ${at}::text, 'error', null))
    from (values ${values}) as v(id, status, output, attempts)
    where s.id = v.id`;
}

/** Records the outcome of several steps in one statement (each with its attempt in the step log). */
export async function completeSteps(tx: Tx, outcomes: readonly StepOutcome[]): Promise<void> {
  if (outcomes.length > 0) await stepsUpdate(outcomes).execute(tx);
}

/**
 * Records the outcome of the steps and ends their runs as succeeded, in one statement, but only the runs this worker
 * still holds; returns how many it ended.
 */
export async function completeStepsAndRuns(tx: Tx, outcomes: readonly StepOutcome[], runIds: readonly string[], worker: string): Promise<number> {
  if (runIds.length === 0) return 0;
  if (outcomes.length === 0) return finishRuns(tx, runIds, worker);
  const ids = sql.join(runIds.map((id) => sql`${id}::uuid`));
  const { rows } = await sql<{ n: number }>`
    with steps as (${stepsUpdate(outcomes)}),
    runs as (
      update rule_runs set status = 'succeeded', error = null, locked_by = null, locked_until = null, finished_at = now()
      where id in (${ids}) and locked_by = ${worker}
      returning id
    )
    select count(*)::int as n from runs`.execute(tx);
  return rows[0]?.n ?? 0;
}

/**
 * Parks a run this worker holds on an approval request: the step stays unfinished (its attempt and what it said are
 * logged), the run is 'waiting' (not due, not holding back the record's later runs) until resumeRunsWaitingFor.
 * False when another worker has taken the run over.
 */
export async function parkRun(
  tx: Tx,
  p: { runId: string; stepId: string; worker: string; waitingFor: string; output: { summary: string } & Record<string, unknown>; attempt: number },
): Promise<boolean> {
  const parked = await tx
    .updateTable('rule_runs')
    .set({ status: 'waiting', waiting_for: p.waitingFor, error: p.output.summary, locked_by: null, locked_until: null })
    .where('id', '=', p.runId)
    .where('locked_by', '=', p.worker)
    .where('status', '=', 'running')
    .returning('id')
    .executeTakeFirst();
  if (!parked) return false;
  const entry: StepLogEntry = { attempt: p.attempt, at: new Date().toISOString(), error: null };
  await tx
    .updateTable('rule_run_steps')
    .set({
      output: JSON.stringify(p.output),
      attempts: p.attempt,
      started_at: sql<Date>`coalesce(started_at, now())`,
      log: sql`log || ${JSON.stringify([{ ...entry, waiting: p.output.summary }])}::jsonb`,
    })
    .where('id', '=', p.stepId)
    .execute();
  return true;
}

/** The runs waiting on a request go on (it was approved or withdrawn): due now, their waiting step runs again. */
export async function resumeRunsWaitingFor(tx: Tx, requestId: string): Promise<number> {
  const result = await tx
    .updateTable('rule_runs')
    .set({ status: 'pending', waiting_for: null, error: null, next_attempt_at: sql<Date>`now()` })
    .where('waiting_for', '=', requestId)
    .where('status', '=', 'waiting')
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** What the runs waiting on a request say while it stays undecided or rejected. */
export async function noteRunsWaitingFor(tx: Tx, requestId: string, note: string): Promise<void> {
  await tx.updateTable('rule_runs').set({ error: note }).where('waiting_for', '=', requestId).where('status', '=', 'waiting').execute();
}

/** Marks runs succeeded, but only those this worker still holds; returns how many it finished. */
export async function finishRuns(tx: Tx, runIds: readonly string[], worker: string): Promise<number> {
  if (runIds.length === 0) return 0;
  const result = await tx
    .updateTable('rule_runs')
    .set({ status: 'succeeded', error: null, locked_by: null, locked_until: null, finished_at: sql`now()` })
    .where('id', 'in', [...runIds])
    .where('locked_by', '=', worker)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** When the next waiting timer is due (null when none waits). */
export async function nextTimerDue(db: DbOrTx): Promise<Date | null> {
  const row = await db
    .selectFrom('rule_timers')
    .select((eb) => eb.fn.min('due_at').as('due'))
    .where('status', '=', 'waiting')
    .executeTakeFirst();
  return row?.due ? new Date(row.due as unknown as string | Date) : null;
}

export type StepLogEntry = { attempt: number; at: string; error: string | null };

export async function completeStep(tx: Tx, stepId: string, status: 'succeeded' | 'skipped', output: unknown, attempt: number): Promise<void> {
  const entry: StepLogEntry = { attempt, at: new Date().toISOString(), error: null };
  await tx
    .updateTable('rule_run_steps')
    .set({
      status,
      output: JSON.stringify(output ?? null),
      error: null,
      attempts: attempt,
      started_at: sql<Date>`coalesce(started_at, now())`,
      finished_at: sql<Date>`now()`,
      log: sql`log || ${JSON.stringify([entry])}::jsonb`,
    })
    .where('id', '=', stepId)
    .execute();
}

/** Records a failed attempt of a step and parks its run: retrying after `retryInMs`, or failed for good. */
export async function failStep(
  db: DbOrTx,
  input: { runId: string; stepId: string; worker: string; attempt: number; error: string; final: boolean; retryInMs: number; actionKey: string },
): Promise<void> {
  const entry: StepLogEntry = { attempt: input.attempt, at: new Date().toISOString(), error: input.error };
  const status = input.final ? 'failed' : 'retrying';
  await db
    .updateTable('rule_run_steps')
    .set({
      status,
      error: input.error,
      attempts: input.attempt,
      started_at: sql<Date>`coalesce(started_at, now())`,
      finished_at: input.final ? sql<Date>`now()` : null,
      log: sql`log || ${JSON.stringify([entry])}::jsonb`,
    })
    .where('id', '=', input.stepId)
    .execute();
  await db
    .updateTable('rule_runs')
    .set({
      status,
      error: `${input.actionKey}: ${input.error}`,
      locked_by: null,
      locked_until: null,
      next_attempt_at: sql<Date>`now() + ${`${input.retryInMs} milliseconds`}::interval`,
      finished_at: input.final ? sql<Date>`now()` : null,
    })
    .where('id', '=', input.runId)
    .where('locked_by', '=', input.worker)
    .execute();
}

export async function finishRun(tx: Tx, runId: string, worker: string): Promise<boolean> {
  const row = await tx
    .updateTable('rule_runs')
    .set({ status: 'succeeded', error: null, locked_by: null, locked_until: null, finished_at: sql<Date>`now()` })
    .where('id', '=', runId)
    .where('locked_by', '=', worker)
    .returning('id')
    .executeTakeFirst();
  return !!row;
}

/** Puts a failed or stuck run back in line now; its failed steps start over. Undefined when it had succeeded. */
export async function retryRun(tx: Tx, workspaceId: string, runId: string): Promise<'retried' | 'not_retryable' | 'not_found'> {
  const run = await scoped(tx, workspaceId).selectFrom('rule_runs').select(['id', 'status']).where('id', '=', runId).forUpdate().executeTakeFirst();
  if (!run) return 'not_found';
  if (run.status === 'succeeded' || run.status === 'skipped') return 'not_retryable';
  await tx
    .updateTable('rule_run_steps')
    .set({ status: 'pending', error: null, finished_at: null })
    .where('run_id', '=', runId)
    .where('status', 'in', ['failed', 'retrying'])
    .execute();
  await tx
    .updateTable('rule_runs')
    .set({ status: 'pending', error: null, locked_by: null, locked_until: null, next_attempt_at: sql<Date>`now()`, finished_at: null })
    .where('id', '=', runId)
    .execute();
  return 'retried';
}

export type NewTimer = {
  ruleId: string;
  ruleVersion: number;
  timerKey: string;
  eventId: string;
  subjectType: string;
  subjectId: string;
  depth: number;
  dueAt: Date;
};

export async function insertTimer(tx: Tx, workspaceId: string, t: NewTimer): Promise<boolean> {
  const row = await tx
    .insertInto('rule_timers')
    .values({
      id: newId(),
      workspace_id: workspaceId,
      rule_id: t.ruleId,
      rule_version: t.ruleVersion,
      timer_key: t.timerKey,
      event_id: t.eventId,
      subject_type: t.subjectType,
      subject_id: t.subjectId,
      depth: t.depth,
      due_at: t.dueAt,
    })
    .onConflict((oc) => oc.columns(['workspace_id', 'timer_key']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return !!row;
}

/** Locks the timers due at `now` for deciding; the caller decides each in the same transaction. */
export async function lockDueTimers(tx: Tx, now: Date, limit: number) {
  return tx
    .selectFrom('rule_timers')
    .selectAll()
    .where('status', '=', 'waiting')
    .where('due_at', '<=', now)
    .orderBy('due_at')
    .limit(limit)
    .forUpdate()
    .skipLocked()
    .execute();
}

export async function decideTimer(tx: Tx, id: string, decision: { status: 'fired' | 'skipped'; reason: string; runId: string | null }): Promise<void> {
  await tx
    .updateTable('rule_timers')
    .set({ status: decision.status, reason: decision.reason, run_id: decision.runId, decided_at: sql<Date>`now()` })
    .where('id', '=', id)
    .execute();
}

export { stuckAfterMs };

export type Run = {
  id: string;
  rule: { id: string; name: string; version: number };
  status: RunStatus;
  stuck: boolean;
  trigger: { eventId: string | null; type: string; label: string };
  subject: { type: string; id: string; name: string; path: string | null };
  depth: number;
  attempts: number;
  error: string | null;
  /** The approval request a waiting run waits for. */
  waitingFor: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
};

function selectRuns(db: DbOrTx, workspaceId: string) {
  return scoped(db, workspaceId)
    .selectFrom('rule_runs as r')
    .innerJoin('rules as ru', 'ru.id', 'r.rule_id')
    .leftJoin('opportunities as o', (j) => j.onRef('o.id', '=', 'r.subject_id').on('r.subject_type', '=', 'opportunity'))
    .leftJoin('tasks as t', (j) => j.onRef('t.id', '=', 'r.subject_id').on('r.subject_type', '=', 'task'))
    .leftJoin('projects as p', (j) => j.onRef('p.id', '=', 'r.subject_id').on('r.subject_type', '=', 'project'))
    .selectAll('r')
    .select(['ru.name as rule_name', 'o.name as opportunity_name', 't.title as task_title', 'p.name as project_name']);
}

type RunRow = Awaited<ReturnType<ReturnType<typeof selectRuns>['executeTakeFirstOrThrow']>>;

export function isStuck(r: Pick<Row<'rule_runs'>, 'status' | 'locked_until' | 'next_attempt_at'>, now: Date): boolean {
  const limit = now.getTime() - stuckAfterMs;
  if (r.status === 'running') return !!r.locked_until && r.locked_until.getTime() < limit;
  if (r.status === 'pending' || r.status === 'retrying') return r.next_attempt_at.getTime() < limit;
  return false;
}

export function subjectPath(type: string, id: string): string | null {
  if (type === 'opportunity') return `/opportunities/${id}`;
  if (type === 'task') return `/tasks/${id}`;
  if (type === 'project') return `/projects/${id}`;
  return null;
}

function toRun(r: RunRow, now: Date): Run {
  return {
    id: r.id,
    rule: { id: r.rule_id, name: r.rule_name, version: r.rule_version },
    status: r.status as RunStatus,
    stuck: isStuck(r, now),
    trigger: { eventId: r.trigger_event_id, type: r.trigger_type, label: r.trigger_label },
    subject: {
      type: r.subject_type,
      id: r.subject_id,
      name: r.opportunity_name ?? r.task_title ?? r.project_name ?? r.subject_id,
      path: subjectPath(r.subject_type, r.subject_id),
    },
    depth: r.depth,
    attempts: r.attempts,
    error: r.error,
    waitingFor: r.waiting_for,
    createdAt: r.created_at.toISOString(),
    startedAt: r.started_at?.toISOString() ?? null,
    finishedAt: r.finished_at?.toISOString() ?? null,
  };
}

export async function listRuns(
  db: DbOrTx,
  workspaceId: string,
  filter: {
    ruleId?: string | undefined;
    subjectId?: string | undefined;
    status?: string | undefined;
    stuck?: boolean | undefined;
    cursor?: string | undefined;
    limit: number;
  },
  now: Date,
) {
  let q = selectRuns(db, workspaceId);
  if (filter.ruleId) q = q.where('r.rule_id', '=', filter.ruleId);
  if (filter.subjectId) q = q.where('r.subject_id', '=', filter.subjectId);
  if (filter.status) q = q.where('r.status', '=', filter.status);
  if (filter.stuck) {
    const limit = new Date(now.getTime() - stuckAfterMs);
    q = q.where((eb) =>
      eb.or([
        eb.and([eb('r.status', '=', 'running'), eb('r.locked_until', '<', limit)]),
        eb.and([eb('r.status', 'in', ['pending', 'retrying']), eb('r.next_attempt_at', '<', limit)]),
      ]),
    );
  }
  if (filter.cursor) q = q.where('r.id', '<', filter.cursor);
  const rows = await q
    .orderBy('r.id', 'desc')
    .limit(filter.limit + 1)
    .execute();
  const more = rows.length > filter.limit;
  const kept = more ? rows.slice(0, filter.limit) : rows;
  return { items: kept.map((r) => toRun(r, now)), next: more ? (kept.at(-1)?.id ?? null) : null };
}

export type RunDetail = Run & {
  conditions: unknown[];
  steps: {
    id: string;
    key: string;
    type: string;
    status: StepStatus;
    attempts: number;
    summary: string | null;
    output: unknown;
    error: string | null;
    log: StepLogEntry[];
  }[];
  created: { type: string; id: string; label: string; path: string | null }[];
};

export async function findRun(db: DbOrTx, workspaceId: string, id: string, now: Date): Promise<RunDetail | undefined> {
  const row = await selectRuns(db, workspaceId).where('r.id', '=', id).executeTakeFirst();
  if (!row) return undefined;
  const steps = await listSteps(db, id);
  const created: RunDetail['created'] = [];
  for (const s of steps) {
    const out = s.output as { created?: { type: string; id: string; label: string }[] } | null;
    for (const c of out?.created ?? [])
      created.push({
        ...c,
        path: c.type === 'project' ? `/projects/${c.id}` : c.type === 'task' ? `/tasks/${c.id}` : c.type === 'account' ? `/accounts/${c.id}` : null,
      });
  }
  // Tasks made by this run carry their titles in the tasks table; name them for the page.
  const taskIds = created.filter((c) => c.type === 'task').map((c) => c.id);
  if (taskIds.length) {
    const titles = new Map(
      (await scoped(db, workspaceId).selectFrom('tasks').select(['id', 'title']).where('id', 'in', taskIds).execute()).map((t) => [t.id, t.title]),
    );
    for (const c of created) if (c.type === 'task') c.label = titles.get(c.id) ?? c.label;
  }
  return {
    ...toRun(row, now),
    conditions: row.conditions as unknown[],
    steps: steps.map((s) => ({
      id: s.id,
      key: s.action_key,
      type: s.action_type,
      status: s.status as StepStatus,
      attempts: s.attempts,
      summary: (s.output as { summary?: string } | null)?.summary ?? null,
      output: s.output,
      error: s.error,
      log: s.log as StepLogEntry[],
    })),
    created,
  };
}

export async function lastRunsByRule(db: DbOrTx, workspaceId: string): Promise<Map<string, { id: string; status: string; createdAt: string }>> {
  const rows = await scoped(db, workspaceId)
    .selectFrom('rule_runs')
    .distinctOn('rule_id')
    .select(['rule_id', 'id', 'status', 'created_at'])
    .orderBy('rule_id')
    .orderBy('id', 'desc')
    .execute();
  return new Map(rows.map((r) => [r.rule_id, { id: r.id, status: r.status, createdAt: r.created_at.toISOString() }]));
}

export async function runLag(db: DbOrTx, workspaceId: string, now: Date): Promise<{ waiting: number; failed: number; stuck: number; timersWaiting: number }> {
  const limit = new Date(now.getTime() - stuckAfterMs);
  const row = await scoped(db, workspaceId)
    .selectFrom('rule_runs')
    .select([
      sql<number>`count(*) filter (where status in ('pending','retrying','running'))::int`.as('waiting'),
      sql<number>`count(*) filter (where status = 'failed')::int`.as('failed'),
      sql<number>`count(*) filter (where (status = 'running' and locked_until < ${limit}) or (status in ('pending','retrying') and next_attempt_at < ${limit}))::int`.as(
        'stuck',
      ),
    ])
    .where('status', 'in', ['pending', 'retrying', 'running', 'failed'])
    .executeTakeFirstOrThrow();
  const timers = await scoped(db, workspaceId)
    .selectFrom('rule_timers')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('status', '=', 'waiting')
    .executeTakeFirstOrThrow();
  return { ...row, timersWaiting: timers.n };
}

export type Timer = {
  id: string;
  subject: { type: string; id: string; name: string; path: string | null };
  dueAt: string;
  status: string;
  reason: string | null;
  runId: string | null;
  ruleVersion: number;
};

/** A rule's timers, waiting ones first (soonest due), then the latest decided. */
export async function listRuleTimers(db: DbOrTx, workspaceId: string, ruleId: string, limit = 50): Promise<Timer[]> {
  const rows = await scoped(db, workspaceId)
    .selectFrom('rule_timers as t')
    .leftJoin('opportunities as o', (j) => j.onRef('o.id', '=', 't.subject_id').on('t.subject_type', '=', 'opportunity'))
    .select(['t.id', 't.subject_type', 't.subject_id', 't.due_at', 't.status', 't.reason', 't.run_id', 't.rule_version', 'o.name as opportunity_name'])
    .where('t.rule_id', '=', ruleId)
    .orderBy(sql`t.status = 'waiting'`, 'desc')
    .orderBy(sql`case when t.status = 'waiting' then t.due_at end`, 'asc')
    .orderBy('t.decided_at', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    subject: { type: r.subject_type, id: r.subject_id, name: r.opportunity_name ?? r.subject_id, path: subjectPath(r.subject_type, r.subject_id) },
    dueAt: r.due_at.toISOString(),
    status: r.status,
    reason: r.reason,
    runId: r.run_id,
    ruleVersion: r.rule_version,
  }));
}

/** Hands runs this worker claimed back to the queue, unstarted (they wait behind one that must be retried). */
export async function releaseHeldRuns(db: DbOrTx, runIds: readonly string[], worker: string): Promise<void> {
  if (runIds.length === 0) return;
  await db
    .updateTable('rule_runs')
    .set({ status: 'pending', locked_by: null, locked_until: null })
    .where('id', 'in', [...runIds])
    .where('locked_by', '=', worker)
    .execute();
}

/** The position after the workspace's last rule (rules run in position order). */
export async function nextRulePosition(db: DbOrTx, workspaceId: string): Promise<number> {
  const row = await scoped(db, workspaceId)
    .selectFrom('rules')
    .select(sql<number>`coalesce(max(position), 0)::int + 10`.as('n'))
    .executeTakeFirstOrThrow();
  return row.n;
}

/** Adds a rule; undefined when its key is taken in the workspace. */
export async function insertRuleRow(tx: Tx, row: NewRow<'rules'>): Promise<Row<'rules'> | undefined> {
  return tx
    .insertInto('rules')
    .values(row)
    .onConflict((oc) => oc.columns(['workspace_id', 'key']).doNothing())
    .returningAll()
    .executeTakeFirst();
}

export async function insertRuleVersion(
  tx: Tx,
  workspaceId: string,
  input: { ruleId: string; version: number; definition: RuleDefinition; createdByLabel: string },
): Promise<void> {
  await tx
    .insertInto('rule_versions')
    .values({
      id: newId(),
      workspace_id: workspaceId,
      rule_id: input.ruleId,
      version: input.version,
      definition: JSON.stringify(definitionOf(input.definition)),
      created_by_label: input.createdByLabel,
    })
    .execute();
}

export async function lockRule(tx: Tx, workspaceId: string, id: string): Promise<Row<'rules'> | undefined> {
  return scoped(tx, workspaceId).selectFrom('rules').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function updateRuleRow(
  tx: Tx,
  workspaceId: string,
  id: string,
  input: { definition: RuleDefinition; enabled: boolean; position: number; version: number },
): Promise<Row<'rules'>> {
  const { definition } = input;
  return scoped(tx, workspaceId)
    .updateTable('rules')
    .set({
      name: definition.name,
      description: definition.description ?? null,
      enabled: input.enabled,
      position: input.position,
      version: input.version,
      trigger_event: triggerEventOf(definition.trigger),
      definition: JSON.stringify(definitionOf(definition)),
      updated_at: sql`now()`,
    })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function findRuleIdByKey(db: DbOrTx, workspaceId: string, key: string): Promise<string | undefined> {
  const row = await scoped(db, workspaceId).selectFrom('rules').select('id').where('key', '=', key).executeTakeFirst();
  return row?.id;
}
