// Approval policies as the web app edits them: the list, create, save, archive; the form's draft (a condition as
// pickers, a chain of steps) to and from the policy the server takes; and a policy's condition and chain in words.
import type { Static } from 'typebox';
import { termsFields } from '../../../../../src/domain/approvals.ts';
import type { Condition } from '../../../../../src/domain/rules/conditions.ts';
import type { ApprovalPolicyInput, ApprovalPolicyPatch } from '../../../../../src/schemas/approvals.ts';
import type { CatalogField } from '../../../../../src/schemas/automation.ts';
import { http, type FieldError } from '../../../ui/http.ts';
import { conditionDraftOf, conditionInWords, conditionOf, type ConditionDraft } from '../../rules/api/condition-draft.ts';
import type { ApprovalPolicy } from './approvals.api.ts';

export type PolicyInput = Static<typeof ApprovalPolicyInput>;
export type PolicyPatch = Static<typeof ApprovalPolicyPatch>;
export type PolicyStep = PolicyInput['steps'][number];
export type Approver = PolicyStep['approvers'][number];
export type ApproverType = Approver['type'];

const at = (id: string) => `/api/approval-policies/${encodeURIComponent(id)}`;

export const listPolicies = (archived: boolean) => http.get<{ items: ApprovalPolicy[] }>('/api/approval-policies', archived ? { archived: true } : {});
export const createPolicy = (input: PolicyInput) => http.post<ApprovalPolicy>('/api/approval-policies', input);
export const savePolicy = (id: string, patch: PolicyPatch) => http.patch<ApprovalPolicy>(at(id), patch);
export const setPolicyArchived = (id: string, archived: boolean) => http.patch<ApprovalPolicy>(at(id), { archived });

/** What a policy's condition may read: the deal and its account (as rules do), and the deal's terms. */
export function policyFields(ruleFields: readonly CatalogField[]): CatalogField[] {
  const deal = ruleFields.filter((f) => f.path.startsWith('deal.') || f.path.startsWith('account.'));
  return [...deal, ...termsFields.map((f) => ({ path: f.path, label: f.label, type: f.type, ...(f.options ? { options: f.options } : {}) }) as CatalogField)];
}

export type StepDraft = { uid: string; name: string; mode: 'any' | 'all'; approvers: ApproverDraft[] };
/** `value` is the role, the team role key or the person's id (nothing for the owner's manager). */
export type ApproverDraft = { uid: string; type: ApproverType; value: string };
export type PolicyDraft = {
  key: string;
  name: string;
  description: string;
  finance: boolean;
  legal: boolean;
  slaHours: string;
  /** null: a condition the pickers cannot show (it is kept as it is). */
  condition: ConditionDraft | null;
  steps: StepDraft[];
};

let lastUid = 0;
const uid = () => `p${++lastUid}`;

export const newApprover = (type: ApproverType = 'role', value = type === 'role' ? 'finance' : ''): ApproverDraft => ({ uid: uid(), type, value });
export const newStep = (n: number): StepDraft => ({ uid: uid(), name: `Step ${n}`, mode: 'any', approvers: [newApprover()] });

export const emptyPolicyDraft = (): PolicyDraft => ({
  key: '',
  name: '',
  description: '',
  finance: true,
  legal: false,
  slaHours: '8',
  condition: { match: 'all', rows: [] },
  steps: [{ ...newStep(1), name: 'Finance' }],
});

const approverValue = (a: Approver): string => (a.type === 'role' ? a.role : a.type === 'team' ? a.team : a.type === 'user' ? a.userId : '');

export function policyDraftOf(p: ApprovalPolicy, fields: readonly CatalogField[]): PolicyDraft {
  return {
    key: p.key,
    name: p.name,
    description: p.description ?? '',
    finance: p.context.includes('finance'),
    legal: p.context.includes('legal'),
    slaHours: String(p.slaHours),
    condition: conditionDraftOf(p.condition, fields),
    steps: (p.steps as PolicyStep[]).map((s) => ({
      uid: uid(),
      name: s.name,
      mode: s.mode,
      approvers: s.approvers.map((a) => ({ uid: uid(), type: a.type, value: approverValue(a) })),
    })),
  };
}

function approverOf(a: ApproverDraft, path: string, issues: FieldError[]): Approver {
  if (a.type !== 'owner_manager' && !a.value.trim())
    issues.push({ path, message: a.type === 'role' ? 'choose a role' : a.type === 'team' ? 'choose a team role' : 'choose a person' });
  switch (a.type) {
    case 'role':
      return { type: 'role', role: a.value };
    case 'team':
      return { type: 'team', team: a.value };
    case 'user':
      return { type: 'user', userId: a.value };
    case 'owner_manager':
      return { type: 'owner_manager' };
  }
}

/**
 * The policy to send and what the form can tell is missing before sending, at the paths the server uses; the
 * condition as it was when the pickers cannot show it (`original`).
 */
export function policyInputOf(
  d: PolicyDraft,
  fields: readonly CatalogField[],
  original: Condition | null,
): { input: Omit<PolicyInput, 'key'> & { key: string }; issues: FieldError[] } {
  const issues: FieldError[] = [];
  const condition = d.condition ? (conditionOf(d.condition, fields, issues) ?? null) : original;
  const context = [...(d.finance ? ['finance' as const] : []), ...(d.legal ? ['legal' as const] : [])];
  if (context.length === 0) issues.push({ path: '/context', message: 'choose what the approvers see: finance, legal or both' });
  const sla = Number(d.slaHours);
  if (!Number.isInteger(sla) || sla < 1 || sla > 400) issues.push({ path: '/slaHours', message: 'enter whole business hours from 1 to 400' });
  const steps = d.steps.map((s, i) => {
    if (!s.name.trim()) issues.push({ path: `/steps/${i}/name`, message: 'must not be empty' });
    if (s.approvers.length === 0) issues.push({ path: `/steps/${i}/approvers`, message: 'add at least one approver' });
    return { name: s.name.trim(), mode: s.mode, approvers: s.approvers.map((a, j) => approverOf(a, `/steps/${i}/approvers/${j}`, issues)) };
  });
  if (steps.length === 0) issues.push({ path: '/steps', message: 'add at least one step' });
  return {
    input: {
      key: d.key.trim(),
      name: d.name.trim(),
      description: d.description.trim() || null,
      context,
      condition,
      steps,
      slaHours: sla,
    },
    issues,
  };
}

type Names = { people?: readonly { id: string; name: string }[] | undefined; teamRoles?: readonly { value: string; label: string }[] | undefined };

/** One approver in words: "everyone with the finance role", "the Project lead team", "Dana Whitfield", "the deal owner's manager". */
export function approverWords(a: Approver, names: Names = {}): string {
  switch (a.type) {
    case 'role':
      return `everyone with the ${a.role} role`;
    case 'team':
      return `the ${names.teamRoles?.find((t) => t.value === a.team)?.label ?? a.team} team`;
    case 'user':
      return names.people?.find((p) => p.id === a.userId)?.name ?? 'a person no longer listed';
    case 'owner_manager':
      return "the deal owner's manager";
  }
}

/** The chain in words: "1. Finance: any of everyone with the finance role; then 2. Legal: all of ...". */
export function chainWords(steps: readonly PolicyStep[], names: Names = {}): string {
  return steps
    .map(
      (s, i) =>
        `${i + 1}. ${s.name}: ${s.approvers.length > 1 ? (s.mode === 'any' ? 'one of ' : 'all of ') : ''}${s.approvers.map((a) => approverWords(a, names)).join(', ')}`,
    )
    .join('; then ');
}

/** A policy's condition in words ("Every won deal" without one); see `conditionInWords`. */
export function conditionWords(condition: Condition | null | undefined, fields: readonly CatalogField[]): string {
  return condition ? conditionInWords(condition, fields) : 'Every won deal';
}
