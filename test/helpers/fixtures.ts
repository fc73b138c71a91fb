// A small workspace built through the flows: a person and an API token per role, a pipeline,
// a prospect account with contacts in an active nurture sequence, and an open opportunity.
import type { FastifyInstance } from 'fastify';
import { createApiToken } from '../../src/adapters/db/auth.repo.ts';
import { newId } from '../../src/adapters/db/ids.ts';
import { listStages } from '../../src/adapters/db/pipelines.repo.ts';
import { buildServer } from '../../src/adapters/http/server.ts';
import type { Database } from '../../src/adapters/db/database.ts';
import { roles, type Role } from '../../src/domain/roles.ts';
import type { Actor } from '../../src/domain/actor.ts';
import { createAccount, createContact, createOpportunity } from '../../src/flows/crm.flow.ts';
import type { Deps } from '../../src/flows/deps.ts';
import { createUser, createWorkspace } from '../../src/flows/identity.flow.ts';
import { createSequence, enrolContact } from '../../src/flows/sequences.flow.ts';
import type { TemplateDefinition } from '../../src/domain/project-plan.ts';
import { createRule } from '../../src/flows/rules.flow.ts';
import { createTeamRole } from '../../src/flows/team.flow.ts';
import { createTemplate } from '../../src/flows/templates.flow.ts';

export type Fixture = Awaited<ReturnType<typeof createFixture>>;

export async function createFixture(deps: Deps, slug = `ws-${newId().slice(-8)}`) {
  const workspace = await createWorkspace(deps, { name: `Workspace ${slug}`, slug });
  const ws = workspace.id;
  const system: Actor = { type: 'system', id: null, label: 'fixture' };
  const ctx = { workspaceId: ws, actor: system };
  const users = {} as Record<Role, { id: string; actor: Actor }>;
  const tokens = {} as Record<Role, string>;
  for (const role of roles) {
    const user = await createUser(deps, ctx, { email: `${role}@${slug}.test`, name: `${role} person`, role, password: 'correct horse battery' });
    users[role] = { id: user.id, actor: { type: 'user', id: user.id, label: user.name } };
    tokens[role] = (await createApiToken(deps.db, { workspaceId: ws, name: `${role} token`, role, createdBy: null })).secret;
  }
  const pipelineId = newId();
  await deps.db.insertInto('pipelines').values({ id: pipelineId, workspace_id: ws, name: 'Sales', is_default: true }).execute();
  const stageRows = (
    [
      ['Qualified', 'open'],
      ['Proposal', 'open'],
      ['Won', 'won'],
      ['Lost', 'lost'],
    ] as const
  ).map(([name, category], i) => ({ id: newId(), workspace_id: ws, pipeline_id: pipelineId, name, category, position: i + 1 }));
  await deps.db.insertInto('stages').values(stageRows).execute();
  const stages = await listStages(deps.db, ws, pipelineId);
  const account = await createAccount(deps, ctx, { name: `Acme ${slug}`, ownerId: users.sales.id, csmId: users.cs.id });
  const sponsor = await createContact(deps, ctx, { accountId: account.id, firstName: 'Maria', lastName: 'Garcia', buyingRole: 'sponsor' });
  const tech = await createContact(deps, ctx, { accountId: account.id, firstName: 'Chen', lastName: 'Kim', buyingRole: 'technical' });
  const sequence = await createSequence(deps, ctx, { name: 'Prospect nurture' });
  const enrolments = [
    await enrolContact(deps, ctx, { sequenceId: sequence.id, contactId: sponsor.id }),
    await enrolContact(deps, ctx, { sequenceId: sequence.id, contactId: tech.id }),
  ];
  const opportunity = await createOpportunity(
    deps,
    { workspaceId: ws, actor: users.sales.actor },
    { name: 'Acme rollout', accountId: account.id, amountMinor: 1_250_000, currency: 'EUR', ownerId: users.sales.id, closeDate: '2026-12-31' },
  );
  return { workspace, users, tokens, pipelineId, stages, account, contacts: { sponsor, tech }, sequence, enrolments, opportunity };
}

/** Another open opportunity on the fixture's account. */
export async function addOpportunity(deps: Deps, f: Fixture, name = `Deal ${newId().slice(-6)}`) {
  return createOpportunity(deps, { workspaceId: f.workspace.id, actor: f.users.sales.actor }, { name, accountId: f.account.id, amountMinor: 500_000 });
}

export async function buildTestServer(deps: Deps, database: Database): Promise<FastifyInstance> {
  return buildServer({ ...deps, config: { cookieSecure: false }, database }, { logger: false });
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** A 4-task onboarding template: welcome (day 1), access (day 2), kickoff (day 3, after welcome), an architecture review for complex deals. */
export const testTemplate: TemplateDefinition = {
  ownerRole: 'project_lead',
  phases: [
    {
      key: 'start',
      name: 'Start',
      milestones: [{ key: 'kicked-off', name: 'Kicked off', due: { from: 'task', task: 'kickoff', days: 0 } }],
      groups: [
        {
          name: 'First days',
          tasks: [
            { key: 'welcome', title: 'Send the welcome e-mail', role: 'account_manager', due: { from: 'close_date', days: 1 } },
            { key: 'access', title: 'Create access credentials', role: 'it', due: { from: 'close_date', days: 2 } },
            { key: 'kickoff', title: 'Hold the kickoff call', role: 'project_lead', due: { from: 'close_date', days: 3 }, dependsOn: ['welcome'] },
            {
              key: 'architecture',
              title: 'Architecture review',
              role: 'it',
              due: { from: 'task', task: 'kickoff', days: 2 },
              condition: { field: 'deal.complexity', op: 'eq', value: 'complex' },
            },
          ],
        },
      ],
    },
  ],
};

/**
 * Delivery for a fixture: a roster (account manager = the account's CSM, IT in turns between ops and a second
 * IT person, project lead = fewest open tasks between pm and a second PM), the template above for new
 * business, and the rule that creates the project when a deal is won.
 */
export async function addDelivery(deps: Deps, f: Fixture, options: { template?: TemplateDefinition; rule?: boolean } = {}) {
  const ctx = { workspaceId: f.workspace.id, actor: { type: 'system' as const, id: null, label: 'fixture' } };
  const slug = f.workspace.slug;
  const it2 = await createUser(deps, ctx, { email: `it2@${slug}.test`, name: 'Ian Ports', role: 'ops' });
  const pm2 = await createUser(deps, ctx, { email: `pm2@${slug}.test`, name: 'Petra Lead', role: 'pm' });
  await createTeamRole(deps, ctx, {
    key: 'account_manager',
    name: 'Account manager',
    strategy: 'deal_csm',
    members: [{ userId: f.users.cs.id, isLead: true }],
  });
  await createTeamRole(deps, ctx, { key: 'it', name: 'IT', strategy: 'round_robin', members: [{ userId: f.users.ops.id, isLead: true }, { userId: it2.id }] });
  await createTeamRole(deps, ctx, {
    key: 'project_lead',
    name: 'Project lead',
    strategy: 'least_open',
    members: [{ userId: f.users.pm.id, isLead: true }, { userId: pm2.id }],
  });
  const template = await createTemplate(deps, ctx, {
    key: 'onboarding',
    name: 'Onboarding',
    dealType: 'new_business',
    definition: options.template ?? testTemplate,
  });
  if (options.rule !== false) {
    await createRule(deps, ctx, {
      key: 'won-create-project',
      name: 'Won deal: create the project',
      trigger: { type: 'event', event: 'deal.stage_changed', toCategory: 'won' },
      actions: [{ key: 'project', type: 'create_project', params: { template: 'for_deal_type' } }],
    });
  }
  return { template, people: { it2, pm2 } };
}
