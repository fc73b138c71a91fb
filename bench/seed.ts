// Prepares a benchmark workspace: one user per role plus a delivery team, the team roster, a 30-task onboarding
// template, the rule "on won: create the project", and N open deals (an account with two contacts enrolled
// in a sequence and one open opportunity each), the deals in bulk SQL.
import { sql } from 'kysely';
import { pino } from 'pino';
import type { Db } from '../src/adapters/db/database.ts';
import { newId } from '../src/adapters/db/ids.ts';
import { listRules, type StoredRule } from '../src/adapters/db/rules.repo.ts';
import type { Actor } from '../src/domain/actor.ts';
import type { DueRule, TemplateDefinition } from '../src/domain/project-plan.ts';
import { roles, type Role } from '../src/domain/roles.ts';
import { createWorkspace } from '../src/flows/identity.flow.ts';
import { createRule } from '../src/flows/rules.flow.ts';
import { createTeamRole } from '../src/flows/team.flow.ts';
import { createTemplate } from '../src/flows/templates.flow.ts';

export type BenchWorkspace = {
  workspaceId: string;
  /** The sales person who marks the deals won. */
  actor: Actor;
  stages: { open: { id: string; name: string }; won: { id: string; name: string } };
  /** Open opportunities, each on its own account, in the order the runs take them. */
  opportunityIds: string[];
  /** Active users of the ops role: each won deal notifies every one of them. */
  opsUserIds: string[];
  delivery: {
    template: { id: string; key: string; version: number; name: string; definition: TemplateDefinition };
    /** The delivery people per team role, in roster order; the first is the lead. */
    roster: Record<DeliveryRole, { id: string; name: string }[]>;
    /** The account CSM every seeded account has (the account_manager role follows it). */
    csm: { id: string; name: string };
    /** The rules a win starts, in position order: the two core rules and the bench's create-project rule. */
    wonRules: StoredRule[];
  };
};

export const deliveryRoles = ['account_manager', 'it', 'project_lead'] as const;
export type DeliveryRole = (typeof deliveryRoles)[number];

/** Seeded deals are new business; the template is made for that deal type. */
export const benchDealType = 'new_business';
export const templateKey = 'bench-onboarding';
export const tasksPerProject = 30;

const CHUNK = 5_000;

/**
 * 30 tasks in 3 phases of 10 (two groups of 5 each), a milestone per phase. The first task of the plan is
 * due from the close date; every other one from an earlier task, so due dates chain through the plan.
 */
export function benchTemplate(): TemplateDefinition {
  const phaseNames = ['Kickoff', 'Setup', 'Go-live'];
  const phases: TemplateDefinition['phases'] = phaseNames.map((name, p) => {
    const key = (i: number) => `p${p + 1}-t${i + 1}`;
    const tasks = Array.from({ length: 10 }, (_, i) => {
      const due: DueRule =
        i === 0
          ? p === 0
            ? { from: 'close_date', days: 1 }
            : { from: 'task', task: `p${p}-t10`, days: 1 }
          : i % 5 === 0
            ? { from: 'close_date', days: 5 * (p + 1) }
            : { from: 'task', task: key(i - 1), days: i % 3 };
      return {
        key: key(i),
        title: `${name} step ${i + 1}`,
        role: deliveryRoles[(p * 10 + i) % 3]!,
        due,
        estimateHours: 1 + (i % 4),
        dependsOn: i > 0 && i % 2 === 0 ? [key(i - 1)] : undefined,
      };
    });
    return {
      key: name.toLowerCase(),
      name,
      milestones: [{ key: `${name.toLowerCase()}-done`, name: `${name} done`, due: { from: 'task', task: key(9), days: 0 } }],
      groups: [
        { name: `${name}: first half`, tasks: tasks.slice(0, 5) },
        { name: `${name}: second half`, tasks: tasks.slice(5) },
      ],
    };
  });
  return { ownerRole: 'project_lead', phases };
}

const system: Actor = { type: 'system', id: null, label: 'bench seed' };

export async function seedWorkspace(db: Db, slug: string, deals: number): Promise<BenchWorkspace> {
  const workspace = await createWorkspace({ db }, { name: `Bench ${slug}`, slug });
  const ws = workspace.id;
  // This handoff is the delivery side (project, tasks, notifications), measured against the same rows in plain SQL
  // since issue 3; preparing the brief is measured on its own (bench/brief.ts), so its rules are off here.
  await db
    .updateTable('rules')
    .set({ enabled: false })
    .where('workspace_id', '=', ws)
    .where('key', 'in', ['won-prepare-brief', 'activity-refresh-brief'])
    .execute();
  const user = (role: Role, handle: string, name: string) => ({ id: newId(), workspace_id: ws, email: `${handle}@${slug}.bench`, name, role });
  // One person per role, and a delivery team beside them (IT people have the ops role, as in the demo).
  const base = roles.map((role) => user(role, role, `${role} person`));
  const cs2 = user('cs', 'cs2', 'Chris Care');
  const it1 = user('ops', 'it1', 'Ivy Tech');
  const it2 = user('ops', 'it2', 'Ian Ports');
  const pm2 = user('pm', 'pm2', 'Petra Lead');
  const users = [...base, cs2, it1, it2, pm2];
  await db.insertInto('users').values(users).execute();
  const byRole = (role: Role) => base.find((u) => u.role === role)!;
  const sales = byRole('sales');
  const cs = byRole('cs');
  const pm = byRole('pm');

  const ctx = { workspaceId: ws, actor: system };
  const deps = { db, log: pino({ level: 'silent' }), now: () => new Date(), wakeOutbox: () => {} };
  const roster: BenchWorkspace['delivery']['roster'] = {
    account_manager: [cs, cs2],
    it: [it1, it2],
    project_lead: [pm, pm2],
  };
  const strategies = { account_manager: 'deal_csm', it: 'round_robin', project_lead: 'least_open' } as const;
  for (const key of deliveryRoles) {
    await createTeamRole(deps, ctx, {
      key,
      name: key.replace('_', ' '),
      strategy: strategies[key],
      members: roster[key].map((u, i) => ({ userId: u.id, isLead: i === 0 })),
    });
  }
  const definition = benchTemplate();
  const template = await createTemplate(deps, ctx, { key: templateKey, name: 'Bench onboarding (30 tasks)', dealType: benchDealType, definition });
  await createRule(deps, ctx, {
    key: 'won-create-project',
    name: 'Won deal: create the delivery project',
    trigger: { type: 'event', event: 'deal.stage_changed', toCategory: 'won' },
    actions: [{ key: 'project', type: 'create_project', params: { template: 'for_deal_type' } }],
    position: 30,
  });
  const wonRules = (await listRules(db, ws)).filter((r) => r.enabled && r.trigger.event === 'deal.stage_changed' && r.trigger.toCategory === 'won');

  const pipelineId = newId();
  await db.insertInto('pipelines').values({ id: pipelineId, workspace_id: ws, name: 'Sales', is_default: true }).execute();
  const stages = (
    [
      ['Qualified', 'open'],
      ['Proposal', 'open'],
      ['Won', 'won'],
      ['Lost', 'lost'],
    ] as const
  ).map(([name, category], i) => ({ id: newId(), workspace_id: ws, pipeline_id: pipelineId, name, category, position: i + 1 }));
  await db.insertInto('stages').values(stages).execute();
  const open = stages[1]!;
  const won = stages[2]!;

  const sequenceId = newId();
  await db.insertInto('sequences').values({ id: sequenceId, workspace_id: ws, name: 'Prospect nurture' }).execute();

  const opportunityIds: string[] = [];
  for (let from = 1; from <= deals; from += CHUNK) {
    const to = Math.min(deals, from + CHUNK - 1);
    // One statement per chunk: accounts, their two contacts, the contacts' enrolments, one open deal per account.
    const result = await sql<{ id: string }>`
      with a as (
        insert into accounts (id, workspace_id, name, status, owner_id, csm_id)
        select gen_random_uuid(), ${ws}, 'Account ' || g, 'prospect', ${sales.id}, ${cs.id}
        from generate_series(${from}::int, ${to}::int) g
        returning id, name
      ), c as (
        insert into contacts (id, workspace_id, account_id, first_name, last_name, buying_role)
        select gen_random_uuid(), ${ws}, a.id, r.first_name, r.last_name, r.buying_role
        from a cross join (values ('Maria', 'Garcia', 'sponsor'), ('Chen', 'Kim', 'technical')) r(first_name, last_name, buying_role)
        returning id, account_id
      ), e as (
        insert into sequence_enrolments (id, workspace_id, sequence_id, contact_id, account_id)
        select gen_random_uuid(), ${ws}, ${sequenceId}, c.id, c.account_id from c
      )
      insert into opportunities (id, workspace_id, account_id, pipeline_id, stage_id, name, amount_minor, currency, close_date, owner_id, deal_type)
      select gen_random_uuid(), ${ws}, a.id, ${pipelineId}, ${open.id}, a.name || ' rollout', 1250000, 'EUR', '2026-12-31', ${sales.id}, ${benchDealType}
      from a
      returning id`.execute(db);
    for (const row of result.rows) opportunityIds.push(row.id);
  }
  return {
    workspaceId: ws,
    actor: { type: 'user', id: sales.id, label: sales.name },
    stages: { open: { id: open.id, name: open.name }, won: { id: won.id, name: won.name } },
    opportunityIds,
    opsUserIds: users.filter((u) => u.role === 'ops').map((u) => u.id),
    delivery: {
      template: { id: template.id, key: template.key, version: template.version, name: template.name, definition },
      roster: Object.fromEntries(deliveryRoles.map((k) => [k, roster[k].map((u) => ({ id: u.id, name: u.name }))])) as BenchWorkspace['delivery']['roster'],
      csm: { id: cs.id, name: cs.name },
      wonRules,
    },
  };
}
