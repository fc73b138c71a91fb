// webhook: POST the run's event and the deal as JSON to a URL, signed when a secret is set, with an Idempotency-Key;
// the call happens before the step's transaction and a failed one is retried (patiently: domain/rules/actions.ts).
import { createHmac } from 'node:crypto';
import type { ActionHandler } from './action.ts';

export const webhook: ActionHandler<'webhook'> = {
  type: 'webhook',
  async external(ctx, params) {
    const body = JSON.stringify({
      rule: { id: ctx.run.ruleId, name: ctx.run.ruleName, version: ctx.run.ruleVersion },
      runId: ctx.run.id,
      eventId: ctx.run.triggerEventId,
      subject: { type: ctx.run.subjectType, id: ctx.run.subjectId },
      deal: ctx.facts?.deal ?? null,
      account: ctx.facts?.account ?? null,
    });
    const headers: Record<string, string> = { 'content-type': 'application/json', 'idempotency-key': ctx.key, 'user-agent': 'Baton-Webhook/1' };
    if (params.secret) headers['x-baton-signature'] = `sha256=${createHmac('sha256', params.secret).update(body).digest('hex')}`;
    let response: Response;
    try {
      response = await fetch(params.url, { method: 'POST', headers, body, signal: AbortSignal.timeout(10_000) });
    } catch (error) {
      throw new Error(
        `webhook ${params.url} unreachable: ${error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error)}`,
        { cause: error },
      );
    }
    const text = (await response.text()).slice(0, 500);
    if (!response.ok) throw new Error(`webhook ${params.url} answered ${response.status}${text ? `: ${text}` : ''}`);
    return { status: response.status, body: text };
  },
  async run(_tx, _ctx, params, external) {
    return { summary: `POST ${params.url} answered ${String(external?.status)}`, output: external ?? {} };
  },
  async preview(_db, _ctx, params) {
    return { summary: `POST the deal to ${params.url}`, details: [] };
  },
};
