// What a workspace made for real use (not the demo) starts with, beside the core rules: a pipeline with the usual
// stages, an account-manager team role that follows the account's CSM, a general onboarding template, and the rule
// that builds a won deal's project from it. Each is an ordinary
// record its admins change like any other.
import type { Actor } from '../domain/actor.ts';
import type { TemplateDefinition } from '../domain/project-plan.ts';
import type { Tx } from '../adapters/db/database.ts';
import type { Deps } from './deps.ts';
import { seedDocumentTemplates } from './documents.flow.ts';
import { seedLossReasons } from './loss-reasons.flow.ts';
import { createPipeline } from './pipelines.flow.ts';
import { installRules, type RuleInput } from './rules.flow.ts';
import { createTeamRole } from './team.flow.ts';
import { insertTemplate } from './templates.flow.ts';

/** Every task goes to the account manager (the account's CSM) until the workspace sets up more of its delivery team. */
export const starterTemplate: TemplateDefinition = {
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
              key: 'review-brief',
              title: 'Review the handoff brief with the AE',
              role: 'account_manager',
              due: { from: 'close_date', days: 1 },
            },
            { key: 'welcome', title: 'Send the welcome e-mail', role: 'account_manager', due: { from: 'close_date', days: 1 } },
            {
              key: 'kickoff',
              title: 'Hold the kickoff call',
              role: 'account_manager',
              due: { from: 'close_date', days: 5 },
              dependsOn: ['review-brief', 'welcome'],
            },
          ],
        },
      ],
    },
    {
      key: 'first-value',
      name: 'First value',
      milestones: [{ key: 'first-value', name: 'First value reached', due: { from: 'task', task: 'first-value-check', days: 0 } }],
      groups: [
        {
          name: 'Go live',
          tasks: [
            { key: 'setup', title: 'Set the customer up', role: 'account_manager', due: { from: 'task', task: 'kickoff', days: 10 } },
            {
              key: 'first-value-check',
              title: 'Confirm first value with the sponsor',
              role: 'account_manager',
              due: { from: 'task', task: 'setup', days: 10 },
              dependsOn: ['setup'],
            },
          ],
        },
      ],
    },
  ],
};

export const starterRules: RuleInput[] = [
  {
    key: 'won-create-project',
    name: 'Won deal: create the delivery project',
    description: "Builds the project from the template for the deal's type (the general onboarding template when none is for its type).",
    trigger: { type: 'event', event: 'deal.stage_changed', toCategory: 'won' },
    actions: [{ key: 'project', type: 'create_project', params: { template: 'for_deal_type' } }],
    position: 25,
  },
];

/** Gives a new workspace its pipeline, loss reasons, onboarding template, project rule and document templates, inside the caller's transaction. */
export async function provisionWorkspace(tx: Tx, deps: Deps, ctx: { workspaceId: string; actor: Actor }): Promise<void> {
  await createPipeline.in(tx, deps, ctx, { name: 'Sales pipeline', isDefault: true });
  await seedLossReasons.in(tx, deps, ctx);
  await createTeamRole.in(tx, deps, ctx, { key: 'account_manager', name: 'Account manager', strategy: 'deal_csm', members: [] });
  await insertTemplate(tx, ctx, {
    key: 'onboarding',
    name: 'Onboarding',
    description: 'General onboarding for a won deal: kickoff, set-up and first value. Change it, or add templates per deal type.',
    definition: starterTemplate,
  });
  await installRules(tx, ctx, starterRules);
  await seedDocumentTemplates.in(tx, deps, ctx);
}
