// Automation: rules (list, edit, versions, YAML export and import, dry run) and their runs (history, detail, retry).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { Value } from 'typebox/value';
import { notFound } from '../../domain/errors.ts';
import { can, type Role } from '../../domain/roles.ts';
import { describeTrigger } from '../../domain/rules/rules.ts';
import { hideRunResponses, hideSecrets } from '../../domain/rules/secrets.ts';
import { actionCatalog, actionTypes } from '../../domain/rules/actions.ts';
import { triggerCatalog } from '../../domain/events.ts';
import { channelLabels, named, recipientTypeLabels, roleLabels } from '../../domain/rules/names.ts';
import { loadRuleReferences } from '../../flows/rule-references.ts';
import { workspaceConfig } from '../db/workspace-config.repo.ts';
import { dryRun } from '../../engine/dry-run.ts';
import { createRule, exportRules, getRule, importRules, retryRuleRun, updateRule } from '../../flows/rules.flow.ts';
import {
  Catalog,
  DryRunBody,
  DryRunResult,
  Rule,
  RuleBodySchema,
  RuleChange,
  RuleDetail,
  RulesImport,
  RulesImported,
  Run,
  RunDetail,
  RunListQuery,
  Trace,
} from '../../schemas/automation.ts';
import { errorResponses, IdParams, list, page } from '../../schemas/common.ts';
import { findRun, lastRunsByRule, listRules, listRuleTimers, listRuleVersions, listRuns, type StoredRule } from '../db/rules.repo.ts';
import { listDocumentTemplates } from '../db/document-templates.repo.ts';
import { listPolicies as listApprovalPolicies } from '../db/approvals.repo.ts';
import { callerOf } from './auth.ts';
import type { HttpDeps } from './server.ts';

/** A rule as the caller may see it: signing secrets read "••••" for everyone but admins. */
function present(rule: StoredRule, lastRun: { id: string; status: string; createdAt: string } | undefined, role: Role) {
  const actions = can(role, 'webhooks.manage') ? rule.actions : hideSecrets(rule.actions);
  return { ...rule, actions, condition: rule.condition ?? null, triggerText: describeTrigger(rule.trigger), lastRun: lastRun ?? null };
}

/** A run as the caller may see it: webhook response bodies are for admins, others see the status. */
const shownRun = <R extends Parameters<typeof hideRunResponses>[0]>(run: R, role: Role): R => (can(role, 'webhooks.manage') ? run : hideRunResponses(run));

/** A run's condition trace is stored JSON: checked against its schema rather than trusted, an unreadable one shown empty. */
const withTrace = <R extends { conditions: unknown[] }>(run: R) => ({ ...run, conditions: Value.Check(Trace, run.conditions) ? run.conditions : [] });

export const automationRoutes =
  (deps: HttpDeps): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get(
      '/api/rules',
      {
        config: { permission: 'crm.read' },
        schema: {
          tags: ['rules'],
          summary: 'Every automation rule, in order, with its last run',
          response: { 200: list(Rule), ...errorResponses },
        },
      },
      async (request) => {
        const caller = callerOf(request);
        const [rules, last] = await Promise.all([listRules(deps.db, caller.workspaceId), lastRunsByRule(deps.db, caller.workspaceId)]);
        return { items: rules.map((r) => present(r, last.get(r.id), caller.role)) };
      },
    );

    app.get(
      '/api/rules/catalog',
      {
        config: { permission: 'crm.read' },
        schema: {
          tags: ['rules'],
          summary: 'The triggers and actions a rule can use, with their parameters',
          response: { 200: Catalog, ...errorResponses },
        },
      },
      async (request) => {
        const caller = callerOf(request);
        const refs = await loadRuleReferences(deps.db, caller.workspaceId);
        const config = await workspaceConfig(deps.db, caller.workspaceId);
        return {
          triggers: triggerCatalog,
          actions: actionTypes.map((type) => ({
            type,
            label: actionCatalog[type].label,
            description: actionCatalog[type].description,
            params: actionCatalog[type].params,
          })),
          ...refs.catalog,
          names: {
            roles: named(roleLabels),
            recipientTypes: named(recipientTypeLabels),
            channels: named(channelLabels),
            teamRoles: config.roster.map((r) => ({ value: r.key, label: r.name })),
            templates: [{ value: 'for_deal_type', label: 'The template for the deal type' }, ...config.templates.map((t) => ({ value: t.key, label: t.name }))],
            documentTemplates: (await listDocumentTemplates(deps.db, caller.workspaceId))
              .filter((t) => !t.archived)
              .map((t) => ({ value: t.key, label: t.name })),
            approvalPolicies: (await listApprovalPolicies(deps.db, caller.workspaceId))
              .filter((p) => !p.archived)
              .map((p) => ({ value: p.key, label: p.name })),
          },
        };
      },
    );

    app.get(
      '/api/rules/export',
      {
        config: { permission: 'crm.read' },
        schema: {
          tags: ['rules'],
          summary: 'Every rule as YAML (import it with POST /api/rules/import)',
          produces: ['text/yaml'],
          response: { 200: Type.String(), ...errorResponses },
        },
      },
      async (request, reply) => {
        const caller = callerOf(request);
        return reply
          .type('text/yaml; charset=utf-8')
          .header('content-disposition', 'attachment; filename="baton-rules.yaml"')
          .send(await exportRules(deps.db, caller.workspaceId, { hideSecrets: !can(caller.role, 'webhooks.manage') }));
      },
    );

    app.post(
      '/api/rules/import',
      {
        config: { permission: 'rules.manage' },
        schema: {
          tags: ['rules'],
          summary: 'Create or update rules (matched by key) from YAML; all or nothing',
          body: RulesImport,
          response: { 200: RulesImported, ...errorResponses },
        },
      },
      async (request) => {
        const caller = callerOf(request);
        const result = await importRules(deps, caller, request.body.yaml);
        return { ...result, rules: result.rules.map((r) => present(r, undefined, caller.role)) };
      },
    );

    app.post(
      '/api/rules/dry-run',
      {
        config: { permission: 'crm.read' },
        schema: {
          tags: ['rules'],
          summary: 'What the rules would do if this deal were won now (or another event happened); nothing is written',
          body: DryRunBody,
          response: { 200: DryRunResult, ...errorResponses },
        },
      },
      async (request) => {
        const caller = callerOf(request);
        return dryRun(deps, caller.workspaceId, request.body);
      },
    );

    app.get(
      '/api/rules/:id',
      {
        config: { permission: 'crm.read' },
        schema: {
          tags: ['rules'],
          summary: 'A rule with its versions and its timers (waiting first)',
          params: IdParams,
          response: { 200: RuleDetail, ...errorResponses },
        },
      },
      async (request) => {
        const caller = callerOf(request);
        const rule = await getRule(deps.db, caller.workspaceId, request.params.id);
        const [versions, last, timers] = await Promise.all([
          listRuleVersions(deps.db, caller.workspaceId, rule.id),
          lastRunsByRule(deps.db, caller.workspaceId),
          listRuleTimers(deps.db, caller.workspaceId, rule.id),
        ]);
        return { ...present(rule, last.get(rule.id), caller.role), versions, timers };
      },
    );

    app.post(
      '/api/rules',
      {
        config: { permission: 'rules.manage' },
        schema: { tags: ['rules'], summary: 'Create a rule', body: RuleBodySchema, response: { 201: Rule, ...errorResponses } },
      },
      async (request, reply) => {
        const caller = callerOf(request);
        const rule = await createRule(deps, caller, request.body);
        return reply.status(201).send(present(rule, undefined, caller.role));
      },
    );

    app.put(
      '/api/rules/:id',
      {
        config: { permission: 'rules.manage' },
        schema: {
          tags: ['rules'],
          summary: 'Save a rule: a new version when its trigger, condition, actions or name change',
          params: IdParams,
          body: RuleChange,
          response: { 200: Rule, ...errorResponses },
        },
      },
      async (request) => {
        const caller = callerOf(request);
        const rule = await updateRule(deps, caller, request.params.id, request.body);
        return present(rule, (await lastRunsByRule(deps.db, caller.workspaceId)).get(rule.id), caller.role);
      },
    );

    app.get(
      '/api/runs',
      {
        config: { permission: 'crm.read' },
        schema: {
          tags: ['rules'],
          summary: 'Rule runs, newest first',
          querystring: RunListQuery,
          response: { 200: page(Run), ...errorResponses },
        },
      },
      async (request) => {
        const caller = callerOf(request);
        const q = request.query;
        const runs = await listRuns(deps.db, caller.workspaceId, { ...q, limit: q.limit ?? 50 }, deps.now());
        return { ...runs, items: runs.items.map((r) => shownRun(r, caller.role)) };
      },
    );

    app.get(
      '/api/runs/:id',
      {
        config: { permission: 'crm.read' },
        schema: {
          tags: ['rules'],
          summary: 'A rule run: trigger, rule version, condition trace, each action with its outcome, attempts and error, and what it created',
          params: IdParams,
          response: { 200: RunDetail, ...errorResponses },
        },
      },
      async (request) => {
        const caller = callerOf(request);
        const run = await findRun(deps.db, caller.workspaceId, request.params.id, deps.now());
        if (!run) throw notFound('run.not_found', 'Run');
        return shownRun(withTrace(run), caller.role);
      },
    );

    app.post(
      '/api/runs/:id/retry',
      {
        config: { permission: 'rules.manage' },
        schema: {
          tags: ['rules'],
          summary: 'Retry a failed or stuck run: its failed actions start over; completed ones are not repeated',
          params: IdParams,
          response: { 200: RunDetail, ...errorResponses },
        },
      },
      async (request) => {
        const caller = callerOf(request);
        await retryRuleRun(deps, caller.workspaceId, request.params.id);
        const run = await findRun(deps.db, caller.workspaceId, request.params.id, deps.now());
        if (!run) throw notFound('run.not_found', 'Run');
        return shownRun(withTrace(run), caller.role);
      },
    );
  };
