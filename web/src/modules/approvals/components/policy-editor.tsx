// The approval policy form: name and key, what the approvers see (finance, legal), the SLA in business hours, the
// condition as pickers over the deal and its terms, and the chain of steps (each: any or all of its approvers, who
// are a role, a team role, a person or the deal owner's manager). Problems show at their field and in a summary.
import { useId, useRef, useState, type FormEvent } from 'react';
import { roles } from '../../../../../src/domain/roles.ts';
import type { Condition } from '../../../../../src/domain/rules/conditions.ts';
import type { CatalogField } from '../../../../../src/schemas/automation.ts';
import { ApiError, type FieldError } from '../../../ui/http.ts';
import { issuesUnder, keyOf, pathParts } from '../../rules/api/rule-draft.ts';
import { ConditionBuilder } from '../../rules/components/condition-builder.tsx';
import { removeAt, replaceAt } from '../../templates/api/template-draft.ts';
import type { WorkspaceUser } from '../../users/api/users.api.ts';
import { UserSelect } from '../../users/components/user-select.tsx';
import type { ApprovalPolicy } from '../api/approvals.api.ts';
import {
  createPolicy,
  newApprover,
  newStep,
  policyInputOf,
  savePolicy,
  type ApproverDraft,
  type ApproverType,
  type PolicyDraft,
  type StepDraft,
} from '../api/policies.api.ts';

type PolicyEditorProps = {
  policy: ApprovalPolicy | null;
  initial: PolicyDraft;
  fields: CatalogField[];
  teamRoles: { value: string; label: string }[];
  people: WorkspaceUser[] | undefined;
  mayManage: boolean;
  onSaved: (policy: ApprovalPolicy, created: boolean) => void;
};

const approverTypeLabels: Record<ApproverType, string> = {
  role: 'Everyone with a role',
  team: 'A team role',
  user: 'A person',
  owner_manager: "The deal owner's manager",
};

/** Where an issue is, in words: "Step 2, approver 1" for /steps/1/approvers/0/role. */
function placeOf(path: string): string {
  const parts = pathParts(path);
  if (parts[0] === 'steps' && parts[1] !== undefined) {
    const approver = parts[2] === 'approvers' && parts[3] !== undefined ? `, approver ${Number(parts[3]) + 1}` : parts[2] ? `, ${parts[2]}` : '';
    return `Step ${Number(parts[1]) + 1}${approver}`;
  }
  if (parts[0] === 'condition') return 'Condition';
  const names: Record<string, string> = { slaHours: 'SLA', context: 'Approvers see', key: 'Key', name: 'Name', description: 'Description' };
  return names[parts[0] ?? ''] ?? (parts.join('.') || 'policy');
}

export function PolicyEditor({ policy, initial, fields, teamRoles, people, mayManage, onSaved }: PolicyEditorProps) {
  const id = useId();
  const [draft, setDraft] = useState<PolicyDraft>(initial);
  const [keyTouched, setKeyTouched] = useState(false);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<{ message: string; issues: FieldError[] } | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const summaryRef = useRef<HTMLDivElement>(null);
  const isNew = policy === null;
  const issues = problem?.issues ?? [];
  const errorAt = (...prefix: string[]) => {
    const found = issuesUnder(issues, prefix).filter((i) => pathParts(i.path).length === prefix.length);
    return found.length ? found.map((f) => f.message).join('; ') : undefined;
  };

  const set = (changes: Partial<PolicyDraft>) => {
    setDraft((current) => ({ ...current, ...changes }));
    setSaved(null);
  };
  const setStep = (i: number, changes: Partial<StepDraft>) => set({ steps: replaceAt(draft.steps, i, { ...draft.steps[i]!, ...changes }) });

  const fail = (message: string, found: FieldError[]) => {
    setProblem({ message, issues: found });
    requestAnimationFrame(() => summaryRef.current?.querySelector<HTMLElement>('[role="alert"]')?.focus());
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSaved(null);
    const { input, issues: found } = policyInputOf(draft, fields, (policy?.condition as Condition | null) ?? null);
    if (!input.name) found.unshift({ path: '/name', message: 'must not be empty' });
    if (isNew && !input.key) found.unshift({ path: '/key', message: 'enter a key, e.g. finance-big-deals' });
    if (found.length > 0) {
      fail('The policy was not saved: fix the problems below first.', found);
      return;
    }
    setBusy(true);
    setProblem(null);
    try {
      const { key, ...patch } = input;
      const result = isNew ? await createPolicy(input) : await savePolicy(policy.id, patch);
      setSaved(isNew ? 'The policy was created.' : result.version !== policy.version ? `Saved as version ${result.version}.` : 'Saved.');
      void key;
      onSaved(result, isNew);
    } catch (caught) {
      fail(caught instanceof Error ? caught.message : String(caught), caught instanceof ApiError ? caught.fields : []);
    } finally {
      setBusy(false);
    }
  };

  const text = (name: 'name' | 'key' | 'description' | 'slaHours') => `${id}-${name}`;

  return (
    <form className="stack" onSubmit={(e) => void submit(e)} noValidate data-testid="policy-editor">
      <fieldset className="fieldset-plain" disabled={!mayManage}>
        <section className="section" aria-labelledby={`${id}-about`}>
          <div className="section-header">
            <h2 id={`${id}-about`}>Policy</h2>
          </div>
          <div className="stack">
            <div className="form-row">
              <div className="form-cell form-cell-grow">
                <label className="label" htmlFor={text('name')}>
                  Name
                </label>
                <input
                  id={text('name')}
                  className="input"
                  value={draft.name}
                  aria-invalid={Boolean(errorAt('name')) || undefined}
                  onChange={(e) => set(isNew && !keyTouched ? { name: e.target.value, key: keyOf(e.target.value) } : { name: e.target.value })}
                />
                {errorAt('name') ? <p className="field-error">{errorAt('name')}</p> : null}
              </div>
              {isNew ? (
                <div className="form-cell">
                  <label className="label" htmlFor={text('key')}>
                    Key
                  </label>
                  <input
                    id={text('key')}
                    className="input input-mono"
                    value={draft.key}
                    placeholder="made from the name"
                    aria-invalid={Boolean(errorAt('key')) || undefined}
                    aria-describedby={`${text('key')}-hint`}
                    onChange={(e) => {
                      setKeyTouched(true);
                      set({ key: e.target.value });
                    }}
                  />
                  <p id={`${text('key')}-hint`} className="muted small">
                    Rules name the policy by it (request an approval); it cannot change later.
                  </p>
                  {errorAt('key') ? <p className="field-error">{errorAt('key')}</p> : null}
                </div>
              ) : (
                <div className="form-cell">
                  <span className="label">Key</span>
                  <code className="code key-display">{draft.key}</code>
                </div>
              )}
            </div>
            <div className="form-cell">
              <label className="label" htmlFor={text('description')}>
                Description (optional)
              </label>
              <input id={text('description')} className="input" value={draft.description} onChange={(e) => set({ description: e.target.value })} />
            </div>
            <div className="form-row">
              <fieldset className="form-cell fieldset-plain" aria-describedby={`${id}-context-hint`}>
                <legend className="label">Approvers see</legend>
                <label className="checkbox">
                  <input type="checkbox" checked={draft.finance} onChange={(e) => set({ finance: e.target.checked })} />
                  Finance: value, discount, payment terms, billing schedule
                </label>
                <label className="checkbox">
                  <input type="checkbox" checked={draft.legal} onChange={(e) => set({ legal: e.target.checked })} />
                  Legal: contract version and every non-standard clause
                </label>
                <p id={`${id}-context-hint`} className="muted small">
                  What the request freezes when it is made.
                </p>
                {errorAt('context') ? <p className="field-error">{errorAt('context')}</p> : null}
              </fieldset>
              <div className="form-cell">
                <label className="label" htmlFor={text('slaHours')}>
                  SLA (business hours)
                </label>
                <input
                  id={text('slaHours')}
                  className="input input-compact"
                  inputMode="numeric"
                  value={draft.slaHours}
                  aria-invalid={Boolean(errorAt('slaHours')) || undefined}
                  aria-describedby={`${text('slaHours')}-hint`}
                  onChange={(e) => set({ slaHours: e.target.value })}
                />
                <p id={`${text('slaHours')}-hint`} className="muted small">
                  The approver is reminded after it; after twice that it goes to their manager.
                </p>
                {errorAt('slaHours') ? <p className="field-error">{errorAt('slaHours')}</p> : null}
              </div>
            </div>
          </div>
        </section>

        <section className="section" aria-labelledby={`${id}-condition`}>
          <div className="section-header">
            <h2 id={`${id}-condition`}>When a won deal needs it</h2>
          </div>
          {draft.condition ? (
            <ConditionBuilder
              draft={draft.condition}
              fields={fields}
              people={people}
              issues={issuesUnder(issues, ['condition'])}
              onChange={(condition) => set({ condition })}
              emptyText="No condition: every won deal needs this approval."
              matchLabel="Needed when"
            />
          ) : (
            <p className="muted">This condition has nesting, &quot;not&quot; or &quot;some&quot;: it is kept as it is (change it through the API).</p>
          )}
        </section>

        <section className="section" aria-labelledby={`${id}-steps`}>
          <div className="section-header">
            <h2 id={`${id}-steps`}>Chain of approvals</h2>
            <span className="muted small">Steps follow one another; the approvers of a step decide side by side.</span>
          </div>
          {errorAt('steps') ? <p className="field-error">{errorAt('steps')}</p> : null}
          <ol className="editor-list">
            {draft.steps.map((step, i) => (
              <StepFields
                key={step.uid}
                step={step}
                index={i}
                count={draft.steps.length}
                roles={roles}
                teamRoles={teamRoles}
                people={people}
                issues={issuesUnder(issues, ['steps', String(i)])}
                onChange={(changes) => setStep(i, changes)}
                onRemove={() => set({ steps: removeAt(draft.steps, i) })}
              />
            ))}
          </ol>
          <div className="button-row">
            <button
              type="button"
              className="button"
              onClick={() => set({ steps: [...draft.steps, newStep(draft.steps.length + 1)] })}
              disabled={draft.steps.length >= 10}
            >
              Add a step
            </button>
          </div>
        </section>
      </fieldset>

      <div ref={summaryRef} tabIndex={-1}>
        {problem ? (
          <div className="error" role="alert" tabIndex={-1} data-testid="policy-issues">
            <p>{problem.message}</p>
            {problem.issues.length > 0 ? (
              <ul>
                {problem.issues.map((i, n) => (
                  <li key={`${i.path}-${n}`}>
                    <strong>{placeOf(i.path)}</strong>: {i.message}
                  </li>
                ))}
              </ul>
            ) : null}
          </div>
        ) : null}
      </div>
      {saved ? (
        <p className="success" role="status">
          {saved}
        </p>
      ) : null}
      {mayManage ? (
        <div className="button-row form-actions">
          <button type="submit" className="button button-primary" disabled={busy} data-testid="policy-save">
            {busy ? 'Saving…' : isNew ? 'Create policy' : 'Save policy'}
          </button>
        </div>
      ) : null}
    </form>
  );
}

type StepProps = {
  step: StepDraft;
  index: number;
  count: number;
  roles: readonly string[];
  teamRoles: { value: string; label: string }[];
  people: WorkspaceUser[] | undefined;
  issues: FieldError[];
  onChange: (changes: Partial<StepDraft>) => void;
  onRemove: () => void;
};

function StepFields({ step, index, count, roles, teamRoles, people, issues, onChange, onRemove }: StepProps) {
  const id = useId();
  const n = index + 1;
  const errorOf = (parts: string[]) => {
    const found = issues.filter((i) => {
      const p = pathParts(i.path).slice(2);
      return p.length === parts.length && parts.every((x, k) => p[k] === x);
    });
    return found.length ? found.map((f) => f.message).join('; ') : undefined;
  };
  const setApprover = (j: number, a: ApproverDraft) => onChange({ approvers: replaceAt(step.approvers, j, a) });

  return (
    <li className="editor-item" data-testid="policy-step">
      <div className="editor-item-header">
        <strong>Step {n}</strong>
        {count > 1 ? (
          <button type="button" className="button button-small" onClick={onRemove} aria-label={`Remove step ${n}`}>
            Remove
          </button>
        ) : null}
      </div>
      <div className="editor-item-body stack">
        <div className="form-row">
          <div className="form-cell form-cell-grow">
            <label className="label" htmlFor={`${id}-name`}>
              Step {n} name
            </label>
            <input
              id={`${id}-name`}
              className="input"
              value={step.name}
              aria-invalid={Boolean(errorOf(['name'])) || undefined}
              onChange={(e) => onChange({ name: e.target.value })}
            />
            {errorOf(['name']) ? <p className="field-error">{errorOf(['name'])}</p> : null}
          </div>
          <div className="form-cell">
            <label className="label" htmlFor={`${id}-mode`}>
              Decided by
            </label>
            <select id={`${id}-mode`} className="input" value={step.mode} onChange={(e) => onChange({ mode: e.target.value as StepDraft['mode'] })}>
              <option value="any">Any one approver</option>
              <option value="all">All the approvers</option>
            </select>
          </div>
        </div>
        {errorOf(['approvers']) ? <p className="field-error">{errorOf(['approvers'])}</p> : null}
        <ul className="plain-list stack-small">
          {step.approvers.map((a, j) => {
            const error = issues.find((i) => pathParts(i.path).slice(2, 4).join('/') === `approvers/${j}`)?.message;
            const valueId = `${id}-approver-${j}-value`;
            return (
              <li key={a.uid} className="form-row" data-testid="policy-approver">
                <div className="form-cell">
                  <label className="label" htmlFor={`${id}-approver-${j}-type`}>
                    Approver {j + 1}
                  </label>
                  <select
                    id={`${id}-approver-${j}-type`}
                    className="input"
                    value={a.type}
                    onChange={(e) => setApprover(j, newApprover(e.target.value as ApproverType, e.target.value === 'role' ? 'finance' : ''))}
                  >
                    {(Object.keys(approverTypeLabels) as ApproverType[]).map((t) => (
                      <option key={t} value={t}>
                        {approverTypeLabels[t]}
                      </option>
                    ))}
                  </select>
                </div>
                {a.type !== 'owner_manager' ? (
                  <div className="form-cell form-cell-grow">
                    <label className="label" htmlFor={valueId}>
                      {a.type === 'role' ? 'Role' : a.type === 'team' ? 'Team role' : 'Person'}
                    </label>
                    {a.type === 'user' ? (
                      <UserSelect id={valueId} people={people} value={a.value} invalid={Boolean(error)} onChange={(value) => setApprover(j, { ...a, value })} />
                    ) : (
                      <select
                        id={valueId}
                        className="input"
                        value={a.value}
                        aria-invalid={Boolean(error) || undefined}
                        onChange={(e) => setApprover(j, { ...a, value: e.target.value })}
                      >
                        <option value="">{a.type === 'role' ? 'Choose a role' : 'Choose a team role'}</option>
                        {a.value && !(a.type === 'role' ? roles.includes(a.value) : teamRoles.some((t) => t.value === a.value)) ? (
                          <option value={a.value}>{a.value} (unknown)</option>
                        ) : null}
                        {a.type === 'role'
                          ? roles.map((r) => (
                              <option key={r} value={r}>
                                {r}
                              </option>
                            ))
                          : teamRoles.map((t) => (
                              <option key={t.value} value={t.value}>
                                {t.label}
                              </option>
                            ))}
                      </select>
                    )}
                    {error ? <p className="field-error">{error}</p> : null}
                  </div>
                ) : (
                  <div className="form-cell form-cell-grow form-cell-end">
                    <p className="muted small">The manager set on the deal owner&apos;s person record.</p>
                  </div>
                )}
                <div className="form-cell form-cell-end">
                  <button
                    type="button"
                    className="button button-small"
                    disabled={step.approvers.length <= 1}
                    onClick={() => onChange({ approvers: removeAt(step.approvers, j) })}
                    aria-label={`Remove approver ${j + 1} of step ${n}`}
                  >
                    Remove
                  </button>
                </div>
              </li>
            );
          })}
        </ul>
        <div className="button-row">
          <button
            type="button"
            className="button button-small"
            disabled={step.approvers.length >= 20}
            onClick={() => onChange({ approvers: [...step.approvers, newApprover()] })}
          >
            Add an approver to step {n}
          </button>
        </div>
      </div>
    </li>
  );
}
