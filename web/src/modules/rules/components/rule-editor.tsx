// The rule form: name and key (derived from the name), on or off, trigger, condition (pickers, or JSON as the advanced
// view), ordered actions; and a dry run of the unsaved draft.
import { useId, useRef, useState, type FormEvent } from 'react';
import { ApiError, type FieldError } from '../../../ui/http.ts';
import { move, removeAt, replaceAt } from '../../templates/api/template-draft.ts';
import { usePeople } from '../../users/hooks/use-people.ts';
import { conditionDraftOf, conditionOf } from '../api/condition-draft.ts';
import { issuesUnder, keyOf, newAction, pathParts, ruleInputOf, type RuleDraft } from '../api/rule-draft.ts';
import { createRule, saveRule, type Rule, type RuleCatalog, type RuleInput } from '../api/rules.api.ts';
import { ActionEditor } from './action-editor.tsx';
import { ConditionBuilder } from './condition-builder.tsx';
import { DryRunPanel } from './dry-run-panel.tsx';
import { TriggerFields } from './trigger-fields.tsx';

/** Stage rules are tried "as if the deal were won now" (a win is a stage change); others on their own event. */
function dryRunEvent(event: string): string {
  return !event || event === 'deal.stage_changed' ? 'deal.won' : event;
}

/** Where an issue is, in words: "Condition 2, field" for /condition/all/1/field, "Action 1, recipient" for /actions/0/params/recipient. */
function placeOf(path: string): string {
  const parts = pathParts(path);
  if (parts[0] === 'condition') {
    const row = parts[1] === 'all' || parts[1] === 'any' ? Number(parts[2]) + 1 : null;
    const rest = parts.slice(row ? 3 : 1);
    return `Condition${row ? ` ${row}` : ''}${rest.length ? `, ${rest.join('.')}` : ''}`;
  }
  if (parts[0] === 'actions' && parts[1] !== undefined) {
    const rest = parts.slice(2).filter((p) => p !== 'params');
    return `Action ${Number(parts[1]) + 1}${rest.length ? `, ${rest.join('.')}` : ''}`;
  }
  return parts.join('.') || 'rule';
}

type RuleEditorProps = {
  rule: Rule | null;
  initial: RuleDraft;
  catalog: RuleCatalog;
  mayManage: boolean;
  timeZone: string;
  onSaved: (rule: Rule, created: boolean) => void;
};

/** The deal fields whose change emits deal.field_changed, as a trigger names them (without "deal."), with their labels. */
const changeable = new Set(['name', 'amountMinor', 'currency', 'closeDate', 'dealType', 'complexity', 'ownerId', 'paymentTerms', 'contractVersion']);
function changeableDealFields(fields: RuleCatalog['fields']): { value: string; label: string }[] {
  return fields
    .filter((f) => f.path.startsWith('deal.'))
    .map((f) => ({ value: f.path.slice('deal.'.length), label: f.label }))
    .filter((f) => changeable.has(f.value) || f.value.startsWith('custom.'));
}

export function RuleEditor({ rule, initial, catalog, mayManage, timeZone, onSaved }: RuleEditorProps) {
  const id = useId();
  const [draft, setDraft] = useState<RuleDraft>(initial);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<{ message: string; issues: FieldError[] } | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [addType, setAddType] = useState('');
  // A new rule's key follows its name until someone types a key of their own.
  const [keyTouched, setKeyTouched] = useState(false);
  const [modeError, setModeError] = useState<string | null>(null);
  const summaryRef = useRef<HTMLDivElement>(null);
  const people = usePeople();
  const isNew = rule === null;
  const issues = problem?.issues ?? [];
  const invalid = (...prefix: string[]) => issuesUnder(issues, prefix).length > 0;
  const lists = { people: people.data, names: catalog.names };

  const set = (changes: Partial<RuleDraft>) => {
    setDraft((current) => ({ ...current, ...changes }));
    setSaved(null);
  };

  const fail = (message: string, found: FieldError[]) => {
    setProblem({ message, issues: found });
    requestAnimationFrame(() => summaryRef.current?.querySelector<HTMLElement>('[role="alert"]')?.focus());
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSaved(null);
    const { input, issues: found } = ruleInputOf(draft, catalog.fields);
    if (isNew && !draft.key.trim()) found.unshift({ path: '/key', message: 'enter a key, e.g. create-project-on-win' });
    if (found.length > 0) {
      fail('The rule was not saved: fix the problems below first.', found);
      return;
    }
    setBusy(true);
    setProblem(null);
    try {
      const result = isNew ? await createRule({ ...input, key: draft.key.trim() }) : await saveRule(rule.id, input);
      setSaved(isNew ? 'The rule was created.' : result.version !== rule.version ? `Saved as version ${result.version}.` : 'Saved.');
      onSaved(result, isNew);
    } catch (caught) {
      fail(caught instanceof Error ? caught.message : String(caught), caught instanceof ApiError ? caught.fields : []);
    } finally {
      setBusy(false);
    }
  };

  const currentDraft = (): RuleInput | Error => {
    const { input, issues: found } = ruleInputOf(draft, catalog.fields);
    if (found.length > 0) {
      setProblem({ message: 'The draft cannot be tried: fix the problems below first.', issues: found });
      return new Error('Fix the problems listed under the form first.');
    }
    // A draft is tried as if it were on: the point is to see what it would do.
    return { ...input, enabled: true };
  };

  const toJson = () => {
    const found: FieldError[] = [];
    const condition = conditionOf(draft.conditionRows, catalog.fields, found);
    setModeError(null);
    set({ conditionMode: 'json', condition: condition ? JSON.stringify(condition, null, 2) : '' });
  };
  const toPickers = () => {
    let parsed: unknown;
    try {
      parsed = draft.condition.trim() ? JSON.parse(draft.condition) : null;
    } catch (error) {
      setModeError(`Fix the JSON first: ${error instanceof Error ? error.message : String(error)}`);
      return;
    }
    const rows = conditionDraftOf(parsed as Parameters<typeof conditionDraftOf>[0], catalog.fields);
    if (!rows) {
      setModeError('This condition has nesting, "not" or "some": the pickers cannot show it, so it stays JSON.');
      return;
    }
    setModeError(null);
    set({ conditionMode: 'pickers', conditionRows: rows });
  };

  const topError = (field: string) => {
    const found = issuesUnder(issues, [field]);
    return found.length > 0 ? (
      <p className="field-error" id={`${id}-${field}-error`}>
        {found.map((f) => f.message).join('; ')}
      </p>
    ) : null;
  };

  return (
    <>
      <form onSubmit={submit} noValidate aria-label={isNew ? 'New rule' : 'Edit the rule'}>
        <fieldset className="fieldset-plain" disabled={!mayManage}>
          <section className="section" aria-labelledby={`${id}-about`}>
            <div className="section-header">
              <h2 id={`${id}-about`}>Rule</h2>
            </div>
            <div className="stack">
              <div className="form-row">
                <div className="form-cell form-cell-grow">
                  <label className="label" htmlFor={`${id}-name`}>
                    Name
                  </label>
                  <input
                    id={`${id}-name`}
                    className="input"
                    value={draft.name}
                    aria-invalid={invalid('name') || undefined}
                    onChange={(e) => set(isNew && !keyTouched ? { name: e.target.value, key: keyOf(e.target.value) } : { name: e.target.value })}
                  />
                  {topError('name')}
                </div>
                {isNew ? (
                  <div className="form-cell">
                    <label className="label" htmlFor={`${id}-key`}>
                      Key
                    </label>
                    <input
                      id={`${id}-key`}
                      className="input input-mono"
                      placeholder="made from the name"
                      value={draft.key}
                      aria-invalid={invalid('key') || undefined}
                      aria-describedby={`${id}-key-hint`}
                      onChange={(e) => {
                        setKeyTouched(true);
                        set({ key: e.target.value });
                      }}
                    />
                    <p id={`${id}-key-hint`} className="muted small">
                      Made from the name; change it if you like. It names the rule in exports and cannot change later.
                    </p>
                    {topError('key')}
                  </div>
                ) : (
                  <div className="form-cell">
                    <span className="label">Key</span>
                    <code className="code key-display">{draft.key}</code>
                  </div>
                )}
              </div>
              <p className={`rule-state ${draft.enabled ? 'rule-state-on' : 'rule-state-off'}`} role="status" data-testid="rule-state">
                {draft.enabled
                  ? isNew
                    ? 'This rule will be on: once created, it runs each time its trigger happens.'
                    : rule.enabled
                      ? 'This rule is on: it runs each time its trigger happens.'
                      : 'This rule is off; saving turns it on.'
                  : isNew
                    ? 'This rule will be off: it does nothing until someone turns it on.'
                    : rule.enabled
                      ? 'This rule is on; saving turns it off.'
                      : 'This rule is off: it does nothing until someone turns it on.'}
              </p>
              <div className="form-cell">
                <label className="label" htmlFor={`${id}-description`}>
                  Description (optional)
                </label>
                <input id={`${id}-description`} className="input" value={draft.description} onChange={(e) => set({ description: e.target.value })} />
              </div>
              <div className="form-row">
                <div className="form-cell form-cell-end">
                  <label className="checkbox">
                    <input type="checkbox" checked={draft.enabled} onChange={(e) => set({ enabled: e.target.checked })} />
                    Rule is on
                  </label>
                </div>
                <div className="form-cell">
                  <label className="label" htmlFor={`${id}-repeat`}>
                    Runs
                  </label>
                  <select id={`${id}-repeat`} className="input" value={draft.repeat} onChange={(e) => set({ repeat: e.target.value as RuleDraft['repeat'] })}>
                    <option value="once">Once per record (per version)</option>
                    <option value="every_event">On every matching event</option>
                    <option value="debounce">At most once per record every few seconds (after a burst of events)</option>
                  </select>
                </div>
              </div>
            </div>
          </section>

          <section className="section" aria-labelledby={`${id}-trigger`}>
            <div className="section-header">
              <h2 id={`${id}-trigger`}>Trigger</h2>
            </div>
            <TriggerFields
              trigger={draft.trigger}
              events={catalog.triggers}
              stages={catalog.fields.find((f) => f.path === 'deal.stage')?.options?.map((o) => o.value) ?? []}
              dealFields={changeableDealFields(catalog.fields)}
              invalid={(field) => invalid('trigger', field)}
              onChange={(trigger) => set({ trigger })}
            />
            {issuesUnder(issues, ['trigger']).length > 0 ? (
              <ul className="item-issues">
                {issuesUnder(issues, ['trigger']).map((i, n) => (
                  <li key={n} className="field-error">
                    <code className="code">{pathParts(i.path).slice(1).join('.') || 'trigger'}</code> {i.message}
                  </li>
                ))}
              </ul>
            ) : null}
          </section>

          <section className="section" aria-labelledby={`${id}-condition`}>
            <div className="section-header">
              <h2 id={`${id}-condition`}>Condition</h2>
              <button type="button" className="button button-small" onClick={draft.conditionMode === 'json' ? toPickers : toJson}>
                {draft.conditionMode === 'json' ? 'Back to the pickers' : 'Advanced: edit as JSON'}
              </button>
            </div>
            {modeError ? <p className="field-error">{modeError}</p> : null}
            {draft.conditionMode === 'pickers' ? (
              <ConditionBuilder
                draft={draft.conditionRows}
                fields={catalog.fields}
                people={people.data}
                issues={issuesUnder(issues, ['condition'])}
                onChange={(conditionRows) => set({ conditionRows })}
              />
            ) : (
              <>
                <label className="visually-hidden" htmlFor={`${id}-condition-text`}>
                  Condition (JSON)
                </label>
                <textarea
                  id={`${id}-condition-text`}
                  className="input input-mono"
                  rows={Math.min(16, Math.max(4, draft.condition.split('\n').length))}
                  spellCheck={false}
                  placeholder='{"all": [{"field": "deal.dealType", "op": "eq", "value": "new_business"}]}'
                  value={draft.condition}
                  aria-invalid={invalid('condition') || undefined}
                  aria-describedby={`${id}-condition-hint`}
                  onChange={(e) => set({ condition: e.target.value })}
                />
                <p id={`${id}-condition-hint`} className="muted small">
                  Empty means always. all / any / not, <code className="code">{'{"field", "op", "value"}'}</code> with op eq, ne, gt, gte, lt, lte, in, not_in,
                  exists, not_exists, contains; <code className="code">{'{"some": "tasks", "where": …}'}</code>. Amounts are in minor units (cents). Fields:{' '}
                  {catalog.fields.map((f) => f.path).join(', ')}.
                </p>
                {topError('condition')}
              </>
            )}
          </section>

          <section className="section" aria-labelledby={`${id}-actions`}>
            <div className="section-header">
              <h2 id={`${id}-actions`}>Actions</h2>
              <span className="muted small">In this order; a failed action stops the run until it is retried.</span>
            </div>
            {draft.actions.length === 0 ? <p className="muted">No actions yet: the rule would do nothing.</p> : null}
            <ol className="editor-list">
              {draft.actions.map((a, i) => (
                <ActionEditor
                  key={a.uid}
                  action={a}
                  index={i}
                  count={draft.actions.length}
                  catalog={catalog.actions}
                  issues={issues}
                  lists={lists}
                  onChange={(next) => set({ actions: replaceAt(draft.actions, i, next) })}
                  onMove={(by) => set({ actions: move(draft.actions, i, by) })}
                  onRemove={() => set({ actions: removeAt(draft.actions, i) })}
                />
              ))}
            </ol>
            {mayManage ? (
              <div className="button-row">
                <label className="visually-hidden" htmlFor={`${id}-add`}>
                  Action to add
                </label>
                <select id={`${id}-add`} className="input input-inline" value={addType} onChange={(e) => setAddType(e.target.value)}>
                  <option value="">Choose an action to add…</option>
                  {catalog.actions.map((a) => (
                    <option key={a.type} value={a.type}>
                      {a.label}
                    </option>
                  ))}
                </select>
                <button
                  type="button"
                  className="button"
                  disabled={!addType}
                  onClick={() => {
                    set({ actions: [...draft.actions, newAction(draft, addType)] });
                    setAddType('');
                  }}
                >
                  Add action
                </button>
              </div>
            ) : null}
          </section>
        </fieldset>

        <div ref={summaryRef} tabIndex={-1}>
          {problem ? (
            <div className="error" role="alert" tabIndex={-1} data-testid="rule-issues">
              <p>{problem.message}</p>
              {problem.issues.length > 0 ? (
                <ul>
                  {problem.issues.map((i, n) => (
                    <li key={`${i.path}-${n}`}>
                      <strong>{placeOf(i.path)}</strong>: {i.message.split('; use one of')[0]}
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
            <button type="submit" className="button button-primary" disabled={busy} data-testid="rule-save">
              {busy ? 'Saving…' : isNew ? 'Create rule' : 'Save rule'}
            </button>
          </div>
        ) : null}
      </form>

      <section className="section" aria-labelledby={`${id}-dry-run`}>
        <div className="section-header">
          <h2 id={`${id}-dry-run`}>Dry run</h2>
          <span className="muted small">Tries this form as it is now (unsaved changes included, as if enabled); nothing is written.</span>
        </div>
        <DryRunPanel
          events={catalog.triggers}
          timeZone={timeZone}
          draft={currentDraft}
          defaultEvent={dryRunEvent(draft.trigger.event)}
          fields={catalog.fields}
        />
      </section>
    </>
  );
}
