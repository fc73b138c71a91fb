// The traction gate: the workspace's setting, a deal's traction (what it shows, what is missing, which rules bring
// delivery people in), and the check every assignment of a delivery person to a deal's task goes through.
import { describeTrigger } from '../domain/rules/rules.ts';
import { describeCondition, type Condition } from '../domain/rules/conditions.ts';
import { AppError, invalid, notFound } from '../domain/errors.ts';
import {
  assessTraction,
  heldReason,
  isDeliveryPerson,
  trialTaskCategory,
  tractionSignals,
  type Traction,
  type TractionGate,
  type TractionSignal,
} from '../domain/traction.ts';
import type { Actor } from '../domain/actor.ts';
import { recordAudit } from '../adapters/db/audit.repo.ts';
import type { DbOrTx, Tx } from '../adapters/db/database.ts';
import {
  findDealSignals,
  findDealsWithHeldSteps,
  findPersonForGate,
  findStageNameAt,
  findTractionGate,
  requeueHeldSteps,
  saveTractionGate,
} from '../adapters/db/traction.repo.ts';
import { workspaceConfig } from '../adapters/db/workspace-config.repo.ts';
import type { Deps } from './deps.ts';
import { flow } from './flow.ts';

type Ctx = { workspaceId: string; actor: Actor };

/** An enabled rule whose create_task action brings a delivery role onto the deal, and when it does. */
export type DeliveryRule = {
  ruleId: string;
  ruleName: string;
  role: string;
  roleName: string;
  when: string;
  event: string;
  trigger: string;
  condition: Condition | null;
};
export type DealTraction = Traction & { gate: TractionGate; rules: DeliveryRule[] };

export async function getTractionGate(deps: Pick<Deps, 'db'>, workspaceId: string): Promise<TractionGate> {
  return findTractionGate(deps.db, workspaceId);
}

/** The deal's traction against the workspace's gate, read in `db` (a flow's transaction sees its own changes). */
export async function tractionOf(db: DbOrTx, workspaceId: string, opportunityId: string, now: Date): Promise<(Traction & { gate: TractionGate }) | undefined> {
  const [gate, deal] = await Promise.all([findTractionGate(db, workspaceId), findDealSignals(db, workspaceId, opportunityId, now)]);
  if (!deal) return undefined;
  const gateStageName = gate.stagePosition !== null ? await findStageNameAt(db, workspaceId, deal.pipelineId, gate.stagePosition) : null;
  return { ...assessTraction(gate, { ...deal, gateStageName }), gate };
}

/** The deal page's gate panel: the traction, and the enabled rules whose tasks bring delivery people in. */
export async function getDealTraction(deps: Pick<Deps, 'db' | 'now'>, workspaceId: string, opportunityId: string): Promise<DealTraction> {
  const traction = await tractionOf(deps.db, workspaceId, opportunityId, deps.now());
  if (!traction) throw notFound('opportunity.not_found', 'Opportunity');
  const config = await workspaceConfig(deps.db, workspaceId);
  const rules: DeliveryRule[] = [];
  for (const rule of config.rules.values()) {
    if (!rule.enabled) continue;
    for (const action of rule.actions) {
      if (action.type !== 'create_task') continue;
      const roleKey = String((action.params as Record<string, unknown>).role ?? '');
      const role = config.roster.find((r) => r.key === roleKey);
      const delivery = role?.members.some((m) => {
        const person = config.people.get(m.userId);
        return person ? isDeliveryPerson(person, true) : false;
      });
      if (!role || role.kind !== 'delivery' || !delivery) continue;
      const condition = rule.condition ? ` and ${describeCondition(rule.condition)}` : '';
      const trigger = describeTrigger(rule.trigger);
      rules.push({
        ruleId: rule.id,
        ruleName: rule.name,
        role: roleKey,
        roleName: role.name,
        when: `${trigger}${condition}`,
        event: rule.trigger.event,
        trigger,
        condition: rule.condition ?? null,
      });
    }
  }
  return { ...traction, rules };
}

/**
 * Why `ownerId` may not be given a task on the deal yet, or null when they may: the gate is off, the person is not
 * a delivery person, the deal is won or shows every required signal, or the task is a trial (the explicit path).
 */
export async function assignmentHeld(
  db: DbOrTx,
  input: { workspaceId: string; opportunityId: string | null; ownerId: string | null; category: string | null; now: Date },
): Promise<{ reason: string; missing: string[] } | null> {
  if (!input.opportunityId || !input.ownerId || input.category === trialTaskCategory) return null;
  const traction = await tractionOf(db, input.workspaceId, input.opportunityId, input.now);
  if (!traction || traction.met) return null;
  const person = await findPersonForGate(db, input.workspaceId, input.ownerId);
  if (!person || !isDeliveryPerson(person, person.onRoster)) return null;
  return { reason: heldReason(person.name, traction), missing: traction.missing };
}

/** Refuses (409 task.traction_not_met, naming the field and the missing signals) a delivery person before the gate. */
export async function requireTraction(
  db: DbOrTx,
  input: { workspaceId: string; opportunityId: string | null; ownerId: string | null; category: string | null; now: Date; path: string },
): Promise<void> {
  const held = await assignmentHeld(db, input);
  if (!held) return;
  throw new AppError('task.traction_not_met', 'conflict', `Not yet: ${held.reason}. A trial task is the way to involve them before.`, {
    fields: [{ path: input.path, message: held.reason }],
    details: { missing: held.missing },
  });
}

/** The events that may bring a deal its traction: a signal arrives (stage, budget, a meeting) or the deal is won. */
export const tractionEvents: ReadonlySet<string> = new Set([
  'deal.stage_changed',
  'deal.field_changed',
  'deal.won',
  'activity.logged',
  'meeting.outcome_recorded',
]);

/**
 * Releases the rule steps the gate held on a deal (tasks for delivery people skipped before the traction) once the
 * deal meets it or is won: their runs take them up again and make the tasks. Returns the steps released.
 */
export async function releaseHeldSteps(tx: Tx, workspaceId: string, opportunityId: string, now: Date): Promise<number> {
  if ((await findDealsWithHeldSteps(tx, workspaceId, opportunityId)).length === 0) return 0;
  const traction = await tractionOf(tx, workspaceId, opportunityId, now);
  if (traction && !traction.met) return 0;
  return requeueHeldSteps(tx, workspaceId, opportunityId);
}

/** Sets which traction signals a deal must show before delivery people join it (none: the gate is off). */
export const updateTractionGate = flow(
  async (tx, deps: Deps, ctx: Ctx, input: { signals: TractionSignal[]; stagePosition?: number | null | undefined }): Promise<TractionGate> => {
    const signals = tractionSignals.filter((s) => input.signals.includes(s));
    const stagePosition = input.stagePosition ?? null;
    if (signals.includes('stage') && stagePosition === null)
      throw invalid([{ path: 'body:/stagePosition', message: 'is required when the signal "stage" is chosen: the stage a deal must reach' }]);
    const before = await findTractionGate(tx, ctx.workspaceId);
    const after: TractionGate = { signals, stagePosition: signals.includes('stage') ? stagePosition : null };
    await saveTractionGate(tx, ctx.workspaceId, after);
    // A gate turned off or asking less lets through what it held on deals that now meet it.
    for (const opportunityId of await findDealsWithHeldSteps(tx, ctx.workspaceId)) await releaseHeldSteps(tx, ctx.workspaceId, opportunityId, deps.now());
    await recordAudit(tx, ctx.workspaceId, ctx.actor, [{ action: 'traction_gate.updated', entityType: 'workspace', entityId: ctx.workspaceId, before, after }]);
    return after;
  },
);
