// The demo's delivery setup: a team roster, the Berlin calendar with holidays, onboarding templates
// per deal type, and the default rules (project on win, technical review for complex deals, kickoff watch).
import type { Actor } from '../domain/actor.ts';
import type { TemplateDefinition } from '../domain/project-plan.ts';
import type { Deps } from '../flows/deps.ts';
import { createUser } from '../flows/identity.flow.ts';
import { createRule, type RuleInput } from '../flows/rules.flow.ts';
import { createTeamRole, updateCalendar } from '../flows/team.flow.ts';
import { createTemplate } from '../flows/templates.flow.ts';

const open = ['todo', 'in_progress', 'blocked'];

export const onboardingTemplate: TemplateDefinition = {
  ownerRole: 'project_lead',
  phases: [
    {
      key: 'kickoff',
      name: 'Kickoff',
      milestones: [{ key: 'kickoff-held', name: 'Kickoff held', due: { from: 'task', task: 'kickoff', days: 0 } }],
      groups: [
        {
          name: 'First days',
          tasks: [
            {
              key: 'welcome',
              title: 'Send the welcome e-mail',
              role: 'account_manager',
              due: { from: 'close_date', days: 1 },
              estimateHours: 0.5,
              description: 'Introduce the delivery team and the kickoff date.',
            },
            { key: 'access', title: 'Create access credentials', role: 'it', due: { from: 'close_date', days: 2 }, estimateHours: 1 },
            {
              key: 'kickoff',
              title: 'Hold the kickoff call',
              role: 'project_lead',
              due: { from: 'close_date', days: 3 },
              estimateHours: 1.5,
              dependsOn: ['welcome'],
              description: 'With the sales rep, the project lead and (for technical deals) the solution architect.',
            },
            {
              key: 'tech-discovery',
              title: 'Technical discovery workshop',
              role: 'solution_architect',
              due: { from: 'task', task: 'kickoff', days: 2 },
              estimateHours: 4,
              condition: { field: 'deal.complexity', op: 'eq', value: 'complex' },
            },
          ],
        },
      ],
    },
    {
      key: 'setup',
      name: 'Setup',
      milestones: [{ key: 'configured', name: 'Workspace configured', due: { from: 'task', task: 'configure', days: 0 } }],
      groups: [
        {
          name: 'Configuration',
          tasks: [
            {
              key: 'integration-plan',
              title: 'Write the integration plan',
              role: 'solution_architect',
              due: { from: 'task', task: 'tech-discovery', days: 3 },
              estimateHours: 6,
              dependsOn: ['tech-discovery'],
              condition: { field: 'deal.complexity', op: 'eq', value: 'complex' },
            },
            {
              key: 'security-review',
              title: 'Security review with their IT',
              role: 'it',
              due: { from: 'task', task: 'kickoff', days: 5 },
              estimateHours: 3,
              condition: { field: 'deal.amountMinor', op: 'gte', value: 5_000_000 },
            },
            {
              key: 'configure',
              title: 'Configure the workspace',
              role: 'project_lead',
              due: { from: 'task', task: 'kickoff', days: 7 },
              estimateHours: 8,
              dependsOn: ['kickoff', 'access'],
            },
          ],
        },
      ],
    },
    {
      key: 'go-live',
      name: 'Go-live',
      milestones: [{ key: 'first-value', name: 'First value reached', due: { from: 'task', task: 'first-value-review', days: 0 } }],
      groups: [
        {
          name: 'Launch',
          tasks: [
            {
              key: 'training',
              title: 'Train the first users',
              role: 'account_manager',
              due: { from: 'task', task: 'configure', days: 3 },
              estimateHours: 3,
              dependsOn: ['configure'],
            },
            {
              key: 'go-live-check',
              title: 'Go-live check',
              role: 'project_lead',
              due: { from: 'task', task: 'training', days: 2 },
              estimateHours: 1,
              dependsOn: ['training'],
            },
            {
              key: 'first-value-review',
              title: 'First-value review with the sponsor',
              role: 'account_manager',
              due: { from: 'task', task: 'go-live-check', days: 5 },
              estimateHours: 1,
              dependsOn: ['go-live-check'],
            },
          ],
        },
      ],
    },
  ],
};

const expansionTemplate: TemplateDefinition = {
  ownerRole: 'project_lead',
  phases: [
    {
      key: 'expansion',
      name: 'Expansion',
      groups: [
        {
          name: 'Add-on',
          tasks: [
            {
              key: 'scope',
              title: 'Confirm the add-on scope with the customer',
              role: 'account_manager',
              due: { from: 'close_date', days: 1 },
              estimateHours: 1,
            },
            { key: 'provision', title: 'Provision the add-on', role: 'it', due: { from: 'close_date', days: 2 }, estimateHours: 1 },
            {
              key: 'enable',
              title: 'Enablement session',
              role: 'project_lead',
              due: { from: 'task', task: 'provision', days: 3 },
              estimateHours: 2,
              dependsOn: ['provision'],
            },
          ],
        },
      ],
    },
  ],
};

const renewalTemplate: TemplateDefinition = {
  ownerRole: 'account_manager',
  phases: [
    {
      key: 'renewal',
      name: 'Renewal',
      groups: [
        {
          name: 'Renewal',
          tasks: [
            { key: 'thank-you', title: 'Thank the sponsor for renewing', role: 'account_manager', due: { from: 'close_date', days: 1 }, estimateHours: 0.5 },
            { key: 'health-review', title: 'Account health review', role: 'account_manager', due: { from: 'close_date', days: 10 }, estimateHours: 1 },
          ],
        },
      ],
    },
  ],
};

export const demoRules: RuleInput[] = [
  {
    key: 'won-create-project',
    name: 'Won deal: create the delivery project',
    description: "Builds the project from the template for the deal's type, with owned and dated onboarding tasks.",
    trigger: { type: 'event', event: 'deal.stage_changed', toCategory: 'won' },
    actions: [{ key: 'project', type: 'create_project', params: { template: 'for_deal_type' } }],
    position: 30,
  },
  {
    key: 'complex-deal-technical-review',
    name: 'Complex deal in discovery: involve the solution architect',
    description: 'Technical deals bring the technical team in during the prospect stage; simple ones only once signed.',
    trigger: { type: 'event', event: 'deal.stage_changed', toStage: 'Discovery' },
    condition: { field: 'deal.complexity', op: 'eq', value: 'complex' },
    actions: [
      { key: 'review', type: 'create_task', params: { title: 'Technical review for {{deal.name}}', role: 'solution_architect', dueInBusinessDays: 2 } },
    ],
    position: 40,
  },
  {
    key: 'kickoff-watch',
    name: 'Kickoff still open 5 business days after the win',
    description: 'Tells the project owner and Operations when the kickoff call has not happened a week after signing.',
    trigger: { type: 'timer', event: 'deal.stage_changed', toCategory: 'won', businessDays: 5, hour: 9 },
    condition: {
      some: 'tasks',
      where: {
        all: [
          { field: 'templateKey', op: 'eq', value: 'kickoff' },
          { field: 'status', op: 'in', value: open },
        ],
      },
    },
    actions: [
      {
        key: 'tell-owner',
        type: 'notify',
        params: {
          recipientType: 'project_owner',
          channel: 'both',
          title: 'Kickoff not held yet: {{deal.name}}',
          body: '{{account.name}} signed on {{deal.closeDate}} and the kickoff call is still open.',
        },
      },
      {
        key: 'tell-ops',
        type: 'notify',
        params: {
          recipientType: 'role',
          recipient: 'ops',
          channel: 'in_app',
          title: 'Kickoff overdue: {{deal.name}}',
          body: 'The kickoff for {{account.name}} is still open five business days after the win.',
        },
      },
    ],
    position: 50,
  },
  {
    key: 'kickoff-held-tell-sales',
    name: 'Kickoff held: tell the sales rep',
    description: 'The sales rep stays CC’d after the handoff.',
    trigger: { type: 'event', event: 'task.completed' },
    condition: { field: 'task.templateKey', op: 'eq', value: 'kickoff' },
    actions: [
      {
        key: 'tell-rep',
        type: 'notify',
        params: {
          recipientType: 'deal_owner',
          channel: 'in_app',
          title: 'Kickoff held: {{deal.name}}',
          body: 'The kickoff with {{account.name}} took place; delivery is under way.',
        },
      },
    ],
    repeat: 'once',
    position: 60,
  },
  {
    key: 'won-handoff-call',
    name: 'Won deal: schedule the handoff call',
    description:
      "The sales rep hands the client to the PM (and, on complex deals, the technical lead) in a call owned by the account's owner, at the next free times of the workspace calendar.",
    trigger: { type: 'event', event: 'deal.stage_changed', toCategory: 'won' },
    actions: [{ key: 'call', type: 'schedule_handoff_call', params: { pmRole: 'project_lead', techRole: 'solution_architect' } }],
    position: 35,
  },
  {
    key: 'watchers-project-status',
    name: "Project status changed: copy the account's watchers",
    description: 'After the handoff the sales rep stays CC’d on project status changes.',
    trigger: { type: 'event', event: 'project.status_changed' },
    actions: [
      {
        key: 'copy-watchers',
        type: 'notify',
        params: {
          recipientType: 'account_watchers',
          channel: 'in_app',
          title: 'Project status: {{deal.name}}',
          body: "{{account.name}}'s delivery project changed status.",
        },
      },
    ],
    repeat: 'every_event',
    position: 70,
  },
  {
    key: 'watchers-client-documents',
    name: "Client document sent: copy the account's watchers",
    description: 'After the handoff the sales rep stays CC’d on what the client is sent.',
    trigger: { type: 'event', event: 'document.sent' },
    actions: [
      {
        key: 'copy-watchers',
        type: 'notify',
        params: {
          recipientType: 'account_watchers',
          channel: 'in_app',
          title: 'Sent to the client: {{deal.name}}',
          body: '{{account.name}} was sent a client document.',
        },
      },
    ],
    repeat: 'every_event',
    position: 71,
  },
];

/** Sets up delivery for the demo workspace; `users` are the ids of the demo people by role. */
export async function seedDelivery(deps: Deps, workspaceId: string, users: { cs: string; pm: string; ops: string }, password: string): Promise<void> {
  const actor: Actor = { type: 'system', id: null, label: 'demo seed' };
  const ctx = { workspaceId, actor };
  const petra = (await createUser(deps, ctx, { email: 'pm2@baton.demo', name: 'Petra Lead', role: 'pm', password })).id;
  const ivy = (await createUser(deps, ctx, { email: 'it@baton.demo', name: 'Ivy Tech', role: 'ops', password })).id;
  const ian = (await createUser(deps, ctx, { email: 'it2@baton.demo', name: 'Ian Ports', role: 'ops', password })).id;
  const cs2 = (await createUser(deps, ctx, { email: 'cs2@baton.demo', name: 'Chris Care', role: 'cs', password })).id;
  await createTeamRole(deps, ctx, {
    key: 'account_manager',
    name: 'Account manager',
    strategy: 'deal_csm',
    members: [{ userId: users.cs, isLead: true }, { userId: cs2 }],
  });
  await createTeamRole(deps, ctx, { key: 'it', name: 'IT', strategy: 'round_robin', members: [{ userId: ivy, isLead: true }, { userId: ian }] });
  await createTeamRole(deps, ctx, {
    key: 'project_lead',
    name: 'Project lead',
    strategy: 'least_open',
    members: [{ userId: users.pm, isLead: true }, { userId: petra }],
  });
  await createTeamRole(deps, ctx, {
    key: 'solution_architect',
    name: 'Solution architect',
    strategy: 'fixed',
    fixedUserId: ivy,
    members: [{ userId: ivy, isLead: true }],
  });
  await updateCalendar(deps, ctx, {
    timeZone: 'Europe/Berlin',
    businessDays: [1, 2, 3, 4, 5],
    holidays: [
      { date: '2026-12-24', name: 'Christmas Eve' },
      { date: '2026-12-25', name: 'Christmas Day' },
      { date: '2026-12-26', name: 'Boxing Day' },
      { date: '2026-12-31', name: "New Year's Eve" },
      { date: '2027-01-01', name: "New Year's Day" },
      { date: '2027-04-02', name: 'Good Friday' },
      { date: '2027-04-05', name: 'Easter Monday' },
    ],
  });
  await createTemplate(deps, ctx, {
    key: 'onboarding',
    name: 'Onboarding: new business',
    description: 'Kickoff, setup and go-live for a new client.',
    dealType: 'new_business',
    definition: onboardingTemplate,
  });
  await createTemplate(deps, ctx, {
    key: 'expansion',
    name: 'Expansion: upsell',
    description: "An add-on for an existing customer, added to the customer's open project.",
    dealType: 'upsell',
    upsellMode: 'add_to_existing',
    definition: expansionTemplate,
  });
  await createTemplate(deps, ctx, {
    key: 'renewal',
    name: 'Renewal',
    description: 'A light plan for renewals.',
    dealType: 'renewal',
    definition: renewalTemplate,
  });
  for (const rule of demoRules) await createRule(deps, ctx, rule);
}
