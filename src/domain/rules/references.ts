// What a rule names must exist in its workspace: the fields its condition reads, the people and roles it notifies,
// the template it builds a project from. A rule that names something unknown could never fire as written.
import type { FieldIssue } from '../errors.ts';
import { isRole, roles } from '../roles.ts';
import type { FieldCatalog, FieldSpec } from './fields.ts';

/** What the workspace has, as the check needs it. */
export type RuleReferences = {
  catalog: FieldCatalog;
  /** Team role keys (the roster). */
  teamRoles: readonly string[];
  /** Ids of the workspace's active people. */
  people: readonly string[];
  /** Keys of the project templates ("for_deal_type" is always allowed). */
  templates: readonly string[];
  /** Keys of the document templates that are not archived (generate_document, submit_document, send_document). */
  documentTemplates: readonly string[];
  /** Keys of the workspace's active approval policies. */
  approvalPolicies: readonly string[];
};

type RuleParts = { condition?: unknown; actions: readonly { type: string; params: Record<string, unknown> }[] };

const list = (values: readonly string[], max = 12) => (values.length > max ? `${values.slice(0, max).join(', ')} …` : values.join(', '));

function conditionIssues(condition: unknown, fields: readonly FieldSpec[], refs: RuleReferences, path: string): FieldIssue[] {
  if (!condition || typeof condition !== 'object' || Array.isArray(condition)) return [];
  const c = condition as Record<string, unknown>;
  for (const key of ['all', 'any'] as const)
    if (Array.isArray(c[key])) return (c[key] as unknown[]).flatMap((item, i) => conditionIssues(item, fields, refs, `${path}/${key}/${i}`));
  if ('not' in c) return conditionIssues(c.not, fields, refs, `${path}/not`);
  if ('some' in c) {
    const related = refs.catalog.lists.find((l) => l.path === c.some);
    if (!related)
      return [{ path: `${path}/some`, message: `"${String(c.some)}" is not a related list; use one of ${list(refs.catalog.lists.map((l) => l.path))}` }];
    return conditionIssues(c.where, related.fields, refs, `${path}/where`);
  }
  if (typeof c.field === 'string' && !fields.some((x) => x.path === c.field)) {
    const custom = c.field.startsWith('deal.custom.');
    return [
      {
        path: `${path}/field`,
        message: custom
          ? `"${c.field}" is not a custom field of any deal in this workspace`
          : `"${c.field}" is not a field rules can read; use one of ${list(fields.map((x) => x.path))}`,
      },
    ];
  }
  return [];
}

/** The names in a rule that its workspace does not have, each at its path (`/conditions/...` as `/condition/all/0/field`). */
export function checkRuleReferences(rule: RuleParts, refs: RuleReferences, base = ''): FieldIssue[] {
  const issues = conditionIssues(rule.condition, refs.catalog.fields, refs, `${base}/condition`);
  rule.actions.forEach((a, i) => {
    const at = `${base}/actions/${i}/params`;
    const p = a.params;
    if (a.type === 'notify' && typeof p.recipient === 'string' && p.recipient) {
      if (p.recipientType === 'role' && !isRole(p.recipient))
        issues.push({ path: `${at}/recipient`, message: `"${p.recipient}" is not a role; use one of ${roles.join(', ')}` });
      if (p.recipientType === 'team' && !refs.teamRoles.includes(p.recipient))
        issues.push({
          path: `${at}/recipient`,
          message: `"${p.recipient}" is not a team role of this workspace${refs.teamRoles.length ? `; use one of ${list(refs.teamRoles)}` : ''}`,
        });
      if (p.recipientType === 'user' && !refs.people.includes(p.recipient))
        issues.push({ path: `${at}/recipient`, message: `is not an active person of this workspace` });
    }
    if (a.type === 'create_project' && typeof p.template === 'string' && p.template && p.template !== 'for_deal_type' && !refs.templates.includes(p.template))
      issues.push({ path: `${at}/template`, message: `there is no project template with key "${p.template}"` });
    if (
      (a.type === 'generate_document' || a.type === 'submit_document' || a.type === 'send_document') &&
      typeof p.template === 'string' &&
      p.template &&
      !refs.documentTemplates.includes(p.template)
    )
      issues.push({
        path: `${at}/template`,
        message: `there is no document template with key "${p.template}"${refs.documentTemplates.length ? `; use one of ${list(refs.documentTemplates)}` : ''}`,
      });
    if (a.type === 'request_approval' && typeof p.policy === 'string' && p.policy && !refs.approvalPolicies.includes(p.policy))
      issues.push({
        path: `${at}/policy`,
        message: `there is no active approval policy with key "${p.policy}"${refs.approvalPolicies.length ? `; use one of ${list(refs.approvalPolicies)}` : ''}`,
      });
  });
  return issues;
}
