// Automation: rules (list, edit, versions, YAML export and import, dry run) and their runs (history, detail, retry).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { AppError, notFound } from '../../domain/errors.ts';
import { can, type Role } from '../../domain/roles.ts';
import { describeTrigger, repeats } from '../../domain/rules/rules.ts';
import { hideRunResponses, hideSecrets } from '../../domain/rules/secrets.ts';
import { actionCatalog, actionTypes } from '../../domain/rules/actions.ts';
import { triggerCatalog } from '../../domain/events.ts';
import { dryRun } from '../../engine/dry-run.ts';
import {
  createRule,
  exportRules,
  getRule,
  importRules,
  RuleBodySchema,
  TriggerSchema,
  updateRule,
  ActionSpecSchema,
  type RuleInput,
} from '../../flows/rules.flow.ts';
import { findRun, lastRunsByRule, listRules, listRuleTimers, listRuleVersions, listRuns, retryRun, type StoredRule } from '../db/rules.repo.ts';
import { callerOf } from './auth.ts';
import { errorResponses, IdParams, literals, Nullable, page, PageQuery, Uuid } from './schemas.ts';
import type { HttpDeps } from './server.ts';

const RuleSchema = Type.Object({
  id: Type.String(),
  key: Type.String(),
  name: Type.String(),
  description: Nullable(Type.String()),
  enabled: Type.Boolean(),
  position: Type.Integer(),
  version: Type.Integer(),
  trigger: TriggerSchema,
  condition: Nullable(Type.Unknown({ description: 'all / any / not / {field, op, value} / {some, where}' })),
  actions: Type.Array(ActionSpecSchema),
  repeat: literals(repeats),
  triggerText: Type.String(),
  lastRun: Nullable(Type.Object({ id: Type.String(), status: Type.String(), createdAt: Type.String() })),
  updatedAt: Type.String(),
});

const Timers = Type.Array(
  Type.Object({
    id: Type.String(),
    subject: Type.Object({ type: Type.String(), id: Type.String(), name: Type.String(), path: Nullable(Type.String()) }),
    dueAt: Type.String(),
    status: literals(['waiting', 'fired', 'skipped'] as const),
    reason: Nullable(Type.String()),
    runId: Nullable(Type.String()),
    ruleVersion: Type.Integer(),
  }),
);

const Versions = Type.Array(Type.Object({ version: Type.Integer(), createdAt: Type.String(), createdBy: Type.String() }));

const RunSchema = Type.Object({
  id: Type.String(),
  rule: Type.Object({ id: Type.String(), name: Type.String(), version: Type.Integer() }),
  status: literals(['pending', 'running', 'retrying', 'succeeded', 'failed', 'skipped'] as const),
  stuck: Type.Boolean(),
  trigger: Type.Object({ eventId: Nullable(Type.String()), type: Type.String(), label: Type.String() }),
  subject: Type.Object({ type: Type.String(), id: Type.String(), name: Type.String(), path: Nullable(Type.String()) }),
  depth: Type.Integer(),
  attempts: Type.Integer(),
  error: Nullable(Type.String()),
  createdAt: Type.String(),
  startedAt: Nullable(Type.String()),
  finishedAt: Nullable(Type.String()),
});

const Trace = Type.Array(Type.Object({ path: Type.String(), test: Type.String(), actual: Type.Optional(Type.Unknown()), result: Type.Boolean() }));

const RunDetailSchema = Type.Intersect([
  RunSchema,
  Type.Object({
    conditions: Trace,
    steps: Type.Array(
      Type.Object({
        id: Type.String(),
        key: Type.String(),
        type: Type.String(),
        status: Type.String(),
        attempts: Type.Integer(),
        summary: Nullable(Type.String()),
        output: Type.Unknown(),
        error: Nullable(Type.String()),
        log: Type.Array(Type.Object({ attempt: Type.Integer(), at: Type.String(), error: Nullable(Type.String()) })),
      }),
    ),
    created: Type.Array(Type.Object({ type: Type.String(), id: Type.String(), label: Type.String(), path: Nullable(Type.String()) })),
  }),
]);

const DryRunSchema = Type.Object({
  event: Type.Object({ type: Type.String(), label: Type.String() }),
  results: Type.Array(
    Type.Object({
      ruleId: Nullable(Type.String()),
      name: Type.String(),
      matched: Type.Boolean(),
      triggerMatched: Type.Boolean(),
      conditionMet: Type.Boolean(),
      enabled: Type.Boolean(),
      conditionTrace: Trace,
      timer: Nullable(Type.Object({ dueAt: Type.String() })),
      actions: Type.Array(Type.Object({ key: Type.String(), type: Type.String(), summary: Type.String(), details: Type.Array(Type.String()) })),
    }),
  ),
});

/** A rule as the caller may see it: signing secrets read "••••" for everyone but admins. */
function present(rule: StoredRule, lastRun: { id: string; status: string; createdAt: string } | undefined, role: Role) {
  const actions = can(role, 'webhooks.manage') ? rule.actions : hideSecrets(rule.actions);
  return { ...rule, actions, condition: rule.condition ?? null, triggerText: describeTrigger(rule.trigger), lastRun: lastRun ?? null };
}

/** A run as the caller may see it: webhook response bodies are for admins, others see the status. */
const shownRun = <R extends Parameters<typeof hideRunResponses>[0]>(run: R, role: Role): R => (can(role, 'webhooks.manage') ? run : hideRunResponses(run));

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
          response: { 200: Type.Object({ items: Type.Array(RuleSchema) }), ...errorResponses },
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
          response: {
            200: Type.Object({
              triggers: Type.Array(Type.Object({ event: Type.String(), label: Type.String(), fields: Type.Array(Type.String()) })),
              actions: Type.Array(
                Type.Object({
                  type: Type.String(),
                  label: Type.String(),
                  description: Type.String(),
                  params: Type.Array(
                    Type.Object({
                      name: Type.String(),
                      label: Type.String(),
                      kind: Type.String(),
                      required: Type.Boolean(),
                      options: Type.Optional(Type.Array(Type.String())),
                    }),
                  ),
                }),
              ),
            }),
            ...errorResponses,
          },
        },
      },
      async () => ({
        triggers: triggerCatalog,
        actions: actionTypes.map((type) => ({
          type,
          label: actionCatalog[type].label,
          description: actionCatalog[type].description,
          params: actionCatalog[type].params,
        })),
      }),
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
          body: Type.Object({ yaml: Type.String({ minLength: 1, maxLength: 1_000_000 }) }, { additionalProperties: false }),
          response: { 200: Type.Object({ created: Type.Integer(), updated: Type.Integer(), rules: Type.Array(RuleSchema) }), ...errorResponses },
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
          body: Type.Object(
            {
              opportunityId: Uuid,
              event: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
              toStage: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
              ruleIds: Type.Optional(Type.Array(Uuid, { maxItems: 500 })),
              rules: Type.Optional(Type.Array(RuleBodySchema, { maxItems: 50, description: 'unsaved drafts to try instead of the saved rules' })),
            },
            { additionalProperties: false },
          ),
          response: { 200: DryRunSchema, ...errorResponses },
        },
      },
      async (request) => {
        const caller = callerOf(request);
        return dryRun(deps, caller.workspaceId, request.body as Parameters<typeof dryRun>[2]);
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
          response: { 200: Type.Intersect([RuleSchema, Type.Object({ versions: Versions, timers: Timers })]), ...errorResponses },
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
        schema: { tags: ['rules'], summary: 'Create a rule', body: RuleBodySchema, response: { 201: RuleSchema, ...errorResponses } },
      },
      async (request, reply) => {
        const caller = callerOf(request);
        const rule = await createRule(deps, caller, request.body as RuleInput);
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
          body: Type.Omit(RuleBodySchema, ['key']),
          response: { 200: RuleSchema, ...errorResponses },
        },
      },
      async (request) => {
        const caller = callerOf(request);
        const rule = await updateRule(deps, caller, request.params.id, request.body as RuleInput);
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
          querystring: Type.Object(
            {
              ruleId: Type.Optional(Uuid),
              subjectId: Type.Optional(Uuid),
              status: Type.Optional(literals(['pending', 'running', 'retrying', 'succeeded', 'failed', 'skipped'] as const)),
              stuck: Type.Optional(Type.Boolean()),
              ...PageQuery,
            },
            { additionalProperties: false },
          ),
          response: { 200: page(RunSchema), ...errorResponses },
        },
      },
      async (request) => {
        const caller = callerOf(request);
        const q = request.query as { ruleId?: string; subjectId?: string; status?: string; stuck?: boolean; cursor?: string; limit?: number };
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
          response: { 200: RunDetailSchema, ...errorResponses },
        },
      },
      async (request) => {
        const caller = callerOf(request);
        const run = await findRun(deps.db, caller.workspaceId, request.params.id, deps.now());
        if (!run) throw notFound('run.not_found', 'Run');
        // conditions is stored JSON; the schema documents its shape.
        return shownRun(run, caller.role) as never;
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
          response: { 200: RunDetailSchema, ...errorResponses },
        },
      },
      async (request) => {
        const caller = callerOf(request);
        const outcome = await deps.db.transaction().execute((tx) => retryRun(tx, caller.workspaceId, request.params.id));
        if (outcome === 'not_found') throw notFound('run.not_found', 'Run');
        if (outcome === 'not_retryable') throw new AppError('run.not_retryable', 'conflict', 'This run succeeded: there is nothing to retry');
        deps.wakeOutbox();
        return shownRun((await findRun(deps.db, caller.workspaceId, request.params.id, deps.now()))!, caller.role) as never;
      },
    );
  };
