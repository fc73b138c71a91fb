// What only admins see of automation: webhook signing secrets (others see "••••") and webhook responses (others see the
// status). A rule saved back with the hidden value keeps its stored secret, so nobody wipes or learns it by editing.
import type { FieldIssue } from '../errors.ts';

/** A secret as shown to those who may not read it; saved back unchanged, it keeps the stored secret. */
export const hiddenSecret = '••••';

/** Action params that hold secrets, by action type. */
const secretParams: Record<string, readonly string[]> = { webhook: ['secret'] };

type Action = { key: string; type: string; params: Record<string, unknown> };

const isSet = (value: unknown) => value !== undefined && value !== null && value !== '';

/** The actions with every secret that is set replaced by the hidden value. */
export function hideSecrets<A extends Action>(actions: readonly A[]): A[] {
  return actions.map((a) => {
    const names = (secretParams[a.type] ?? []).filter((n) => isSet(a.params[n]));
    if (names.length === 0) return a;
    return { ...a, params: { ...a.params, ...Object.fromEntries(names.map((n) => [n, hiddenSecret])) } };
  });
}

/**
 * Puts the stored secret back where a save sends the hidden value. It is kept only for the same action (key and type)
 * calling the same URL, so a secret is never sent somewhere its author did not choose; otherwise the field is an issue.
 */
export function keepSecrets<A extends Action>(next: readonly A[], stored: readonly Action[], base: string): { actions: A[]; issues: FieldIssue[] } {
  const issues: FieldIssue[] = [];
  const actions = next.map((a, i) => {
    const names = (secretParams[a.type] ?? []).filter((n) => a.params[n] === hiddenSecret);
    if (names.length === 0) return a;
    const before = stored.find((s) => s.key === a.key && s.type === a.type);
    const params = { ...a.params };
    for (const name of names) {
      const path = `${base}/${i}/params/${name}`;
      if (!before || !isSet(before.params[name]))
        issues.push({ path, message: `is the hidden value ${hiddenSecret}, and this action has no stored secret to keep: enter the secret` });
      else if (before.params.url !== a.params.url)
        issues.push({ path, message: `is the hidden value ${hiddenSecret}, kept only while the URL stays the same: enter the secret for the new URL` });
      else params[name] = before.params[name];
    }
    return { ...a, params };
  });
  return { actions, issues };
}

/** A webhook's non-2xx answer as an error message: the status, then the start of the response body. */
export const webhookAnswered = (url: string, status: number, body: string): string => `webhook ${url} answered ${status}${body ? `: ${body}` : ''}`;

/** A message (a step's error, a run's error, a warning) without the webhook response body it may end with. */
export function hideWebhookResponse<T extends string | null>(text: T): T {
  return (text === null ? text : text.replace(/(webhook \S+ answered \d{3}): [\s\S]*$/, '$1')) as T;
}

type RunView = {
  error: string | null;
  steps?: { type: string; output: unknown; error: string | null; log: { error: string | null }[] }[];
};

/** A run as those who may not read webhook responses see it: statuses, no response bodies. */
export function hideRunResponses<R extends RunView>(run: R): R {
  const steps = run.steps?.map((s) => {
    let output = s.output;
    if (s.type === 'webhook' && output && typeof output === 'object' && 'body' in output) {
      const { body: _body, ...rest } = output as Record<string, unknown>;
      output = rest;
    }
    return { ...s, output, error: hideWebhookResponse(s.error), log: s.log.map((l) => ({ ...l, error: hideWebhookResponse(l.error) })) };
  });
  return { ...run, error: hideWebhookResponse(run.error), ...(steps && { steps }) };
}
