// Rules as data: create and edit them (each change of substance is a new version), import and export them as YAML,
// and the core rules every workspace starts with. (The dry run is the engine's: src/engine/dry-run.ts.)
import YAML from 'yaml';
import type { Actor } from '../domain/actor.ts';
import { canonicalJson } from '../domain/canonical.ts';
import { AppError, invalid, notFound, type FieldIssue } from '../domain/errors.ts';
import { checkCondition, type Condition } from '../domain/rules/conditions.ts';
import { type ActionSpec, type RuleDefinition, type Trigger } from '../domain/rules/rules.ts';
import { hideSecrets, keepSecrets } from '../domain/rules/secrets.ts';
import { webhookTargetIssues } from '../domain/webhook-targets.ts';
import { recordAudit } from '../adapters/db/audit.repo.ts';
import type { DbOrTx, Tx } from '../adapters/db/database.ts';
import { newId } from '../adapters/db/ids.ts';
import {
  definitionOf,
  findRule,
  findRuleIdByKey,
  insertRuleRow,
  insertRuleVersion,
  listRules,
  lockRule,
  nextRulePosition,
  retryRun,
  toRule,
  triggerEventOf,
  updateRuleRow,
  type StoredRule,
} from '../adapters/db/rules.repo.ts';
import { findWebhookHosts } from '../adapters/db/workspaces.repo.ts';
import { checkActions } from '../domain/rules/actions.ts';
import { isEventType, triggerCatalog } from '../domain/events.ts';
import { schemaIssues } from '../domain/schema-issues.ts';
import { referenceIssues } from './rule-references.ts';
import { RuleBodySchema, type RuleInput } from '../schemas/automation.ts';
import { flow, type FlowDeps } from './flow.ts';

type Ctx = { workspaceId: string; actor: Actor };

export type { RuleInput };

/** Problems a schema cannot see: the condition's shape, action params per type, timer settings. */
export function checkRule(input: RuleInput, base = ''): FieldIssue[] {
  const issues: FieldIssue[] = [];
  if (input.trigger.type === 'timer' && input.trigger.businessDays === undefined)
    issues.push({ path: `${base}/trigger/businessDays`, message: 'is required for a timer' });
  if (input.trigger.type === 'event' && (input.trigger.businessDays !== undefined || input.trigger.hour !== undefined))
    issues.push({ path: `${base}/trigger/businessDays`, message: 'only timers wait: set type to "timer"' });
  issues.push(
    ...checkCondition(input.condition ?? undefined, 'condition').map((i) => ({
      path: `${base}/${i.path.replace(/\./g, '/').replace(/\[(\d+)\]/g, '/$1')}`,
      message: i.message,
    })),
  );
  if (!isEventType(input.trigger.event) || !triggerCatalog.some((t) => t.event === input.trigger.event))
    issues.push({ path: `${base}/trigger/event`, message: `must be one of ${triggerCatalog.map((t) => t.event).join(', ')}` });
  issues.push(...checkActions(input.actions as ActionSpec[], `${base}/actions`));
  return issues;
}

export function toDefinition(input: RuleInput): RuleDefinition {
  const trigger = Object.fromEntries(Object.entries(input.trigger).filter(([, v]) => v !== undefined)) as Trigger;
  return {
    name: input.name.trim(),
    description: input.description ?? null,
    trigger,
    condition: (input.condition ?? undefined) as Condition | undefined,
    actions: input.actions as ActionSpec[],
    repeat: input.repeat ?? 'once',
  };
}

/** A definition as the audit log keeps it: secrets are never written there. */
const audited = (definition: RuleDefinition) => ({ ...definitionOf(definition), actions: hideSecrets(definition.actions) });

/** Webhook URLs refused as written (a bad scheme, a literal private address the workspace does not allow). */
async function targetIssues(db: DbOrTx, workspaceId: string, inputs: { input: RuleInput; base: string }[]): Promise<FieldIssue[]> {
  if (!inputs.some(({ input }) => input.actions.some((a) => a.type === 'webhook'))) return [];
  const hosts = await findWebhookHosts(db, workspaceId);
  return inputs.flatMap(({ input, base }) => webhookTargetIssues(input.actions, hosts, `${base}/actions`));
}

function slug(name: string): string {
  const s = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 50);
  return /^[a-z]/.test(s) ? s : `rule-${s}`;
}

async function insertRule(tx: Tx, ctx: Ctx, given: RuleInput, base = 'body:'): Promise<StoredRule> {
  // A new rule has no stored secret: the hidden value cannot stand for one.
  const kept = keepSecrets(given.actions, [], `${base}/actions`);
  if (kept.issues.length) throw invalid(kept.issues);
  const input = { ...given, actions: kept.actions };
  const definition = toDefinition(input);
  const id = newId();
  const key = input.key ?? `${slug(input.name)}-${id.slice(-4)}`;
  const position = input.position ?? (await nextRulePosition(tx, ctx.workspaceId));
  const row = await insertRuleRow(tx, {
    id,
    workspace_id: ctx.workspaceId,
    key,
    name: definition.name,
    description: definition.description ?? null,
    enabled: input.enabled ?? true,
    position,
    version: 1,
    trigger_event: triggerEventOf(definition.trigger),
    definition: JSON.stringify(definitionOf(definition)),
  });
  if (!row) throw new AppError('rule.key_taken', 'conflict', `A rule with key "${key}" exists`, { fields: [{ path: '/key', message: 'is taken' }] });
  await insertRuleVersion(tx, ctx.workspaceId, { ruleId: id, version: 1, definition, createdByLabel: ctx.actor.label });
  await recordAudit(tx, ctx.workspaceId, ctx.actor, [
    { action: 'rule.created', entityType: 'rule', entityId: id, after: { key, ...audited(definition), enabled: row.enabled } },
  ]);
  return toRule(row);
}

async function changeRule(tx: Tx, ctx: Ctx, id: string, given: RuleInput, base = 'body:'): Promise<{ rule: StoredRule; changed: boolean }> {
  const row = await lockRule(tx, ctx.workspaceId, id);
  if (!row) throw notFound('rule.not_found', 'Rule');
  const before = toRule(row);
  // Someone who sees secrets hidden saves them back hidden: the stored ones stay.
  const kept = keepSecrets(given.actions, before.actions, `${base}/actions`);
  if (kept.issues.length) throw invalid(kept.issues);
  const input = { ...given, actions: kept.actions };
  const definition = toDefinition(input);
  const substance = canonicalJson(definitionOf(definition)) !== canonicalJson(definitionOf(before));
  const enabled = input.enabled ?? row.enabled;
  const position = input.position ?? row.position;
  if (!substance && enabled === row.enabled && position === row.position) return { rule: before, changed: false };
  const version = substance ? row.version + 1 : row.version;
  const updated = await updateRuleRow(tx, ctx.workspaceId, id, { definition, enabled, position, version });
  if (substance) await insertRuleVersion(tx, ctx.workspaceId, { ruleId: id, version, definition, createdByLabel: ctx.actor.label });
  await recordAudit(tx, ctx.workspaceId, ctx.actor, [
    {
      action: 'rule.updated',
      entityType: 'rule',
      entityId: id,
      before: { version: row.version, enabled: row.enabled, ...audited(before) },
      after: { version, enabled, ...audited(definition) },
    },
  ]);
  return { rule: toRule(updated), changed: true };
}

/** Creates a rule once its trigger, condition and actions are valid and what they name exists. */
export const createRule = flow(async (tx, _deps: FlowDeps, ctx: Ctx, input: RuleInput): Promise<StoredRule> => {
  const issues = [...checkRule(input, 'body:'), ...(await targetIssues(tx, ctx.workspaceId, [{ input, base: 'body:' }]))];
  // A rule naming a field, a person, a role or a template the workspace lacks could never fire as written.
  if (!issues.length) issues.push(...(await referenceIssues(tx, ctx.workspaceId, [{ input, base: 'body:' }])));
  if (issues.length) throw invalid(issues);
  return insertRule(tx, ctx, input);
});

/** Saves a rule; a change to its trigger, condition, actions or name makes a new version (runs keep theirs). */
export const updateRule = flow(async (tx, _deps: FlowDeps, ctx: Ctx, id: string, input: RuleInput): Promise<StoredRule> => {
  const issues = [...checkRule(input, 'body:'), ...(await targetIssues(tx, ctx.workspaceId, [{ input, base: 'body:' }]))];
  // A rule naming a field, a person, a role or a template the workspace lacks could never fire as written.
  if (!issues.length) issues.push(...(await referenceIssues(tx, ctx.workspaceId, [{ input, base: 'body:' }])));
  if (issues.length) throw invalid(issues);
  return (await changeRule(tx, ctx, id, input)).rule;
});

/** Retries a failed or stuck run by hand: its failed actions start over, completed ones are not repeated. */
export const retryRuleRun = flow(async (tx, _deps: FlowDeps, workspaceId: string, runId: string): Promise<void> => {
  const outcome = await retryRun(tx, workspaceId, runId);
  if (outcome === 'not_found') throw notFound('run.not_found', 'Run');
  if (outcome === 'not_retryable') throw new AppError('run.not_retryable', 'conflict', 'This run succeeded: there is nothing to retry');
});

/** Every rule of the workspace as YAML, ready to import elsewhere; with `hideSecrets`, signing secrets read "••••". */
export async function exportRules(db: DbOrTx, workspaceId: string, options: { hideSecrets?: boolean } = {}): Promise<string> {
  const rules = await listRules(db, workspaceId);
  const doc = {
    rules: rules.map((r) => ({
      key: r.key,
      name: r.name,
      ...(r.description ? { description: r.description } : {}),
      enabled: r.enabled,
      trigger: r.trigger,
      ...(r.condition ? { condition: r.condition } : {}),
      repeat: r.repeat,
      actions: options.hideSecrets ? hideSecrets(r.actions) : r.actions,
    })),
  };
  return `# Baton rules, exported ${new Date().toISOString()}\n${YAML.stringify(doc)}`;
}

/** Creates or updates (by key) every rule in a YAML document, all or nothing. */
export const importRules = flow(async (tx, _deps: FlowDeps, ctx: Ctx, text: string): Promise<{ created: number; updated: number; rules: StoredRule[] }> => {
  let doc: unknown;
  try {
    doc = YAML.parse(text);
  } catch (error) {
    throw invalid([{ path: 'body:/yaml', message: `is not valid YAML: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}` }]);
  }
  const list = Array.isArray(doc)
    ? doc
    : doc && typeof doc === 'object' && Array.isArray((doc as { rules?: unknown }).rules)
      ? (doc as { rules: unknown[] }).rules
      : null;
  if (!list) throw invalid([{ path: 'body:/yaml', message: 'must be a list of rules, or a document with a "rules" list' }]);
  const issues: FieldIssue[] = [];
  list.forEach((item, i) => {
    const base = `body:/yaml/rules/${i}`;
    const shape = schemaIssues(RuleBodySchema, item, base);
    if (shape.length) issues.push(...shape);
    else if (!(item as RuleInput).key) issues.push({ path: `${base}/key`, message: 'is required to import (rules are matched by key)' });
    else issues.push(...checkRule(item as RuleInput, base));
  });
  if (!issues.length)
    issues.push(
      ...(await targetIssues(
        tx,
        ctx.workspaceId,
        (list as RuleInput[]).map((input, i) => ({ input, base: `body:/yaml/rules/${i}` })),
      )),
    );
  if (issues.length) throw invalid(issues, 'The YAML has rules that are not valid; nothing was imported');
  let created = 0;
  let updated = 0;
  const rules: StoredRule[] = [];
  for (const [i, item] of (list as RuleInput[]).entries()) {
    const base = `body:/yaml/rules/${i}`;
    const existingId = await findRuleIdByKey(tx, ctx.workspaceId, item.key!);
    if (existingId) {
      const result = await changeRule(tx, ctx, existingId, item, base);
      if (result.changed) updated++;
      rules.push(result.rule);
    } else {
      rules.push(await insertRule(tx, ctx, item, base));
      created++;
    }
  }
  return { created, updated, rules };
});

/** The rules every workspace starts with: the win's core effects, visible and editable as rules. */
export const coreRules: RuleInput[] = [
  {
    key: 'won-activate-client',
    name: 'Won deal: activate the client',
    description: 'A won deal makes its account an active client (the win itself does this too; the rule shows it).',
    trigger: { type: 'event', event: 'deal.stage_changed', toCategory: 'won' },
    actions: [{ key: 'activate', type: 'activate_client', params: {} }],
    position: 10,
  },
  {
    key: 'won-notify-operations',
    name: 'Won deal: notify Operations',
    description: 'Everyone with the ops role hears about the win in the app.',
    trigger: { type: 'event', event: 'deal.stage_changed', toCategory: 'won' },
    actions: [
      {
        key: 'notify-ops',
        type: 'notify',
        params: {
          recipientType: 'role',
          recipient: 'ops',
          channel: 'in_app',
          title: 'Deal won: {{deal.name}}',
          body: '{{account.name}} signed {{deal.amount}} on {{deal.closeDate}}. Delivery can start.',
        },
      },
    ],
    position: 20,
  },
  {
    key: 'won-prepare-brief',
    name: 'Won deal: prepare the handoff brief',
    description:
      "Prepares the customer-success handoff brief from the deal's notes, calls, e-mails, signed scope, fields and contacts, and puts it in the AE's review.",
    trigger: { type: 'event', event: 'deal.stage_changed', toCategory: 'won' },
    actions: [{ key: 'brief', type: 'prepare_brief', params: {} }],
    position: 30,
  },
  {
    key: 'activity-refresh-brief',
    name: 'New note on a handoff in review: refresh the brief',
    description: 'A note, call, e-mail or meeting logged on a won deal whose handoff is not accepted yet refreshes its brief.',
    trigger: { type: 'event', event: 'activity.logged' },
    condition: { field: 'handoff.status', op: 'in', value: ['draft', 'ae_review', 'csm_review', 'returned', 'paused'] },
    actions: [{ key: 'brief', type: 'prepare_brief', params: {} }],
    repeat: 'debounce',
    position: 31,
  },
  {
    key: 'handoff-accepted-kickoff-tasks',
    name: 'Handoff accepted: create the kickoff preparation tasks',
    description: "Turns the brief's kickoff preparation list into tasks for the CSM, due before the kickoff.",
    trigger: { type: 'event', event: 'handoff.accepted' },
    actions: [{ key: 'kickoff-tasks', type: 'create_kickoff_tasks', params: { dueInBusinessDays: 2 } }],
    position: 32,
  },
  {
    key: 'handoff-returned-tell-ae',
    name: 'Handoff returned: tell the AE',
    description: 'The account executive hears which questions the CSM needs answered.',
    trigger: { type: 'event', event: 'handoff.returned' },
    actions: [
      {
        key: 'notify-ae',
        type: 'notify',
        params: {
          recipientType: 'deal_owner',
          channel: 'in_app',
          title: 'Handoff returned: {{deal.name}}',
          body: 'The CSM returned the handoff brief with questions: {{handoff.questions}}',
        },
      },
    ],
    repeat: 'every_event',
    position: 33,
  },
  {
    key: 'handoff-paused-tell-ae',
    name: 'Handoff paused: tell the AE and the CSM',
    description: 'The sales notes and the signed scope disagree; the handoff waits until each conflict is settled.',
    trigger: { type: 'event', event: 'handoff.paused' },
    actions: [
      {
        key: 'notify-ae',
        type: 'notify',
        params: {
          recipientType: 'deal_owner',
          channel: 'in_app',
          title: 'Handoff paused: {{deal.name}}',
          body: 'The sales notes and the signed scope disagree: {{handoff.conflicts}}',
        },
      },
      {
        key: 'notify-csm',
        type: 'notify',
        params: {
          recipientType: 'account_csm',
          channel: 'in_app',
          title: 'Handoff paused: {{deal.name}}',
          body: 'The sales notes and the signed scope disagree: {{handoff.conflicts}}',
        },
      },
    ],
    repeat: 'every_event',
    position: 34,
  },
  {
    key: 'handoff-created-ae-review-task',
    name: 'Handoff brief prepared: the AE reviews it',
    description: 'The brief prepared on the win is in the AE\'s My tasks: "Review the handoff brief of <deal>", due in 2 business days.',
    trigger: { type: 'event', event: 'handoff.created' },
    actions: [{ key: 'review-task', type: 'create_review_task', params: { dueInBusinessDays: 2 } }],
    position: 35,
  },
  {
    key: 'handoff-submitted-tell-csm',
    name: 'Handoff sent: the CSM reviews it',
    description:
      'The CSM hears that the AE sent the handoff brief and has "Review the handoff brief of <deal>" in My tasks, due in 2 business days (one task per brief: a brief sent again after a return reopens it).',
    trigger: { type: 'event', event: 'handoff.submitted' },
    actions: [
      {
        key: 'notify-csm',
        type: 'notify',
        params: {
          recipientType: 'handoff_csm',
          channel: 'in_app',
          title: 'Handoff to review: {{deal.name}}',
          body: 'The AE sent the handoff brief of {{deal.name}} ({{account.name}}): accept it, or return it with what is missing.',
        },
      },
      { key: 'review-task', type: 'create_review_task', params: { dueInBusinessDays: 2 } },
    ],
    repeat: 'every_event',
    position: 36,
  },
];

export async function installRules(tx: Tx, ctx: Ctx, rules: RuleInput[]): Promise<void> {
  for (const rule of rules) {
    if (!(await findRuleIdByKey(tx, ctx.workspaceId, rule.key!))) await insertRule(tx, ctx, rule);
  }
}

export async function getRule(db: DbOrTx, workspaceId: string, id: string): Promise<StoredRule> {
  const rule = await findRule(db, workspaceId, id);
  if (!rule) throw notFound('rule.not_found', 'Rule');
  return rule;
}
