// What a rule may name in a workspace (its deal fields, custom ones included, team roles, people, templates), loaded
// from the cached set-up and the deals' custom fields; and the names a rule gives that the workspace does not have.
import type { FieldIssue } from '../domain/errors.ts';
import { fieldCatalog, type CustomField, type FieldCatalog } from '../domain/rules/fields.ts';
import { checkRuleReferences, type RuleReferences } from '../domain/rules/references.ts';
import type { DbOrTx } from '../adapters/db/database.ts';
import { listDocumentTemplates } from '../adapters/db/document-templates.repo.ts';
import { listPolicies } from '../adapters/db/approvals.repo.ts';
import { listCustomFieldKeys } from '../adapters/db/opportunities.repo.ts';
import { workspaceConfig } from '../adapters/db/workspace-config.repo.ts';

type RuleParts = { condition?: unknown; actions: readonly { type: string; params: Record<string, unknown> }[] };

/** Custom fields a rule sets (set_field custom.<key>) exist for the rules even before a deal carries them. */
function customFieldsSet(rules: readonly RuleParts[]): CustomField[] {
  return rules.flatMap((r) =>
    r.actions.flatMap((a) =>
      a.type === 'set_field' && typeof a.params.field === 'string' && a.params.field.startsWith('custom.')
        ? [
            {
              key: a.params.field.slice('custom.'.length),
              type: typeof a.params.value === 'number' ? 'number' : typeof a.params.value === 'boolean' ? 'boolean' : 'text',
            } as CustomField,
          ]
        : [],
    ),
  );
}

/** The workspace's names, for the check and the editor's pickers; `drafts` are rules being saved (their set_field keys count). */
export async function loadRuleReferences(db: DbOrTx, workspaceId: string, drafts: readonly RuleParts[] = []): Promise<RuleReferences> {
  const [config, custom, documentTemplates, approvalPolicies] = await Promise.all([
    workspaceConfig(db, workspaceId),
    listCustomFieldKeys(db, workspaceId),
    listDocumentTemplates(db, workspaceId),
    listPolicies(db, workspaceId),
  ]);
  const catalog: FieldCatalog = fieldCatalog({
    stages: [...config.stages.values()].map((s) => s.name),
    customFields: [...custom, ...customFieldsSet([...config.rules.values(), ...drafts])],
  });
  return {
    catalog,
    teamRoles: config.roster.map((r) => r.key),
    people: [...config.people.values()].filter((p) => p.active).map((p) => p.id),
    templates: config.templates.map((t) => t.key),
    documentTemplates: documentTemplates.filter((t) => !t.archived).map((t) => t.key),
    approvalPolicies: approvalPolicies.filter((p) => !p.archived).map((p) => p.key),
  };
}

/** The unknown names in rules about to be saved, each at its path under `base`. */
export async function referenceIssues(db: DbOrTx, workspaceId: string, inputs: { input: RuleParts; base: string }[]): Promise<FieldIssue[]> {
  const refs = await loadRuleReferences(
    db,
    workspaceId,
    inputs.map((i) => i.input),
  );
  return inputs.flatMap(({ input, base }) => checkRuleReferences(input, refs, base));
}
