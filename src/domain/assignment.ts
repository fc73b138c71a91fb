// Who takes a task: a team role's strategy picks among its people; the sales rep never gets delivery work, only the
// work of a sales role (lead distribution, the sales handoff).
export const assignmentStrategies = ['deal_owner', 'deal_csm', 'fixed', 'round_robin', 'least_open'] as const;
export type AssignmentStrategy = (typeof assignmentStrategies)[number];

/** A delivery role never has sales people and is what project templates use; a sales role's people may sell. */
export const teamRoleKinds = ['delivery', 'sales'] as const;
export type TeamRoleKind = (typeof teamRoleKinds)[number];

export type RosterMember = { userId: string; name: string; active: boolean; isLead: boolean };

/** A role of a workspace's team (account manager, IT, project lead ... or a sales role), with its people. */
export type RosterRole = {
  key: string;
  name: string;
  kind: TeamRoleKind;
  strategy: AssignmentStrategy;
  fixedUserId: string | null;
  members: RosterMember[];
};

export type AssignmentContext = {
  dealOwnerId: string | null;
  /** The account's customer success manager. */
  csmId: string | null;
  /** People who sell: the deal owner and every user of the sales role. They take only a sales role's tasks. */
  salesIds: ReadonlySet<string>;
  /** Users who can be given work at all (active). */
  activeIds: ReadonlySet<string>;
};

/**
 * What assignments so far have changed: round-robin positions and open-task counts. The caller persists it.
 * `turns` counts the round-robin turns each role gave, and among how many people (to take them ahead of time).
 */
export type AssignmentState = { cursors: Map<string, number>; openTasks: Map<string, number>; turns?: Map<string, RoundRobinTurns> };

/** Round-robin turns a plan takes of one role: how many, among how many eligible people. */
export type RoundRobinTurns = { taken: number; among: number };

export type Assignment = {
  ownerId: string | null;
  strategy: AssignmentStrategy | 'lead' | 'none';
  /** True when the strategy found nobody and the task went to the role's lead (or nobody). */
  flagged: boolean;
  reason: string;
};

function eligible(userId: string | null | undefined, ctx: AssignmentContext, kind: TeamRoleKind): userId is string {
  return !!userId && ctx.activeIds.has(userId) && (kind === 'sales' || !ctx.salesIds.has(userId));
}

/** Picks the owner of one task for a role; updates `state` so the next pick sees this one. */
export function assignTask(
  role: RosterRole | undefined,
  roleKey: string,
  ctx: AssignmentContext,
  state: AssignmentState,
  override?: AssignmentStrategy,
): Assignment {
  if (!role) return { ownerId: null, strategy: 'none', flagged: true, reason: `No team role "${roleKey}" in the roster` };
  const strategy = override ?? role.strategy;
  const can = (userId: string | null | undefined): userId is string => eligible(userId, ctx, role.kind);
  const members = role.members.filter((m) => can(m.userId));
  let ownerId: string | null = null;
  let why = '';
  switch (strategy) {
    case 'deal_owner':
      if (can(ctx.dealOwnerId)) ownerId = ctx.dealOwnerId;
      else
        why =
          ctx.dealOwnerId && role.kind === 'delivery' && ctx.salesIds.has(ctx.dealOwnerId)
            ? 'the deal owner is the sales rep, who takes no delivery tasks'
            : 'the deal has no owner';
      break;
    case 'deal_csm':
      if (can(ctx.csmId)) ownerId = ctx.csmId;
      else why = ctx.csmId ? 'the account CSM is inactive or sells' : 'the account has no CSM';
      break;
    case 'fixed':
      if (can(role.fixedUserId)) ownerId = role.fixedUserId;
      else why = role.fixedUserId ? 'the fixed person is inactive or sells' : 'no fixed person is set';
      break;
    case 'round_robin': {
      if (members.length === 0) {
        why = 'nobody in the role can take it';
        break;
      }
      const cursor = state.cursors.get(role.key) ?? 0;
      ownerId = members[cursor % members.length]!.userId;
      state.cursors.set(role.key, (cursor + 1) % members.length);
      state.turns?.set(role.key, { taken: (state.turns.get(role.key)?.taken ?? 0) + 1, among: members.length });
      break;
    }
    case 'least_open': {
      if (members.length === 0) {
        why = 'nobody in the role can take it';
        break;
      }
      // Fewest open tasks wins; ties go to the roster order, so the choice is repeatable.
      let best = members[0]!;
      for (const m of members) if ((state.openTasks.get(m.userId) ?? 0) < (state.openTasks.get(best.userId) ?? 0)) best = m;
      ownerId = best.userId;
      break;
    }
    default:
      return assertNever(strategy);
  }
  if (ownerId) {
    state.openTasks.set(ownerId, (state.openTasks.get(ownerId) ?? 0) + 1);
    return { ownerId, strategy, flagged: false, reason: `${strategyLabel(strategy)} for ${role.name}` };
  }
  const lead = role.members.find((m) => m.isLead && can(m.userId));
  if (lead) {
    state.openTasks.set(lead.userId, (state.openTasks.get(lead.userId) ?? 0) + 1);
    return { ownerId: lead.userId, strategy: 'lead', flagged: true, reason: `Given to the ${role.name} lead: ${why}` };
  }
  return { ownerId: null, strategy: 'none', flagged: true, reason: `Nobody can take it: ${why}, and ${role.name} has no lead` };
}

export function strategyLabel(strategy: AssignmentStrategy | 'lead' | 'none'): string {
  switch (strategy) {
    case 'deal_owner':
      return 'Deal owner';
    case 'deal_csm':
      return 'Account CSM';
    case 'fixed':
      return 'Fixed person';
    case 'round_robin':
      return 'Round robin';
    case 'least_open':
      return 'Fewest open tasks';
    case 'lead':
      return 'Role lead';
    case 'none':
      return 'Unassigned';
    default:
      return assertNever(strategy);
  }
}

function assertNever(value: never): never {
  throw new Error(`unexpected ${JSON.stringify(value)}`);
}
