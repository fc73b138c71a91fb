// The condition as pickers: a field from the workspace's catalog (custom fields too), an operator fitting its type,
// and a value input fitting it (money in currency units, stages and people by name). Empty means "always".
import { useId } from 'react';
import { operatorsFor } from '../../../../../src/domain/rules/fields.ts';
import type { Comparison } from '../../../../../src/domain/rules/conditions.ts';
import type { FieldError } from '../../../ui/http.ts';
import type { WorkspaceUser } from '../../users/api/users.api.ts';
import { UserSelect } from '../../users/components/user-select.tsx';
import { newRow, operatorLabel, rowIndexOf, takesList, takesValue, typeOf, withField, type ConditionDraft, type ConditionRow } from '../api/condition-draft.ts';
import { pathParts } from '../api/rule-draft.ts';
import type { CatalogField } from '../api/rules.api.ts';

type ConditionBuilderProps = {
  draft: ConditionDraft;
  fields: CatalogField[];
  people: WorkspaceUser[] | undefined;
  issues: FieldError[];
  onChange: (draft: ConditionDraft) => void;
  /** What no condition means here (a rule: it always runs; a policy: every won deal needs it). */
  emptyText?: string;
  /** The words before "all of these / any of these". */
  matchLabel?: string;
};

/** The catalog's fields grouped as a person reads them: the deal, its account, the handoff, the event ... */
const groups: { prefix: string; label: string }[] = [
  { prefix: 'deal.custom.', label: 'Custom deal fields' },
  { prefix: 'deal.', label: 'Deal' },
  { prefix: 'account.', label: 'Account' },
  { prefix: 'handoff.', label: 'Handoff' },
  { prefix: 'terms.', label: 'Terms' },
  { prefix: 'event.', label: 'The event' },
  { prefix: 'task.', label: 'Task (task events)' },
  { prefix: 'project.', label: 'Project (project events)' },
  { prefix: '', label: 'Other' },
];
const groupOf = (path: string) => groups.find((g) => path.startsWith(g.prefix))!;

export function ConditionBuilder({
  draft,
  fields,
  people,
  issues,
  onChange,
  emptyText = 'No condition: the rule runs every time its trigger happens.',
  matchLabel = 'Run when',
}: ConditionBuilderProps) {
  const id = useId();
  const set = (rows: ConditionRow[]) => onChange({ ...draft, rows });
  const rowIssues = (index: number) =>
    issues.filter((i) => {
      const parts = pathParts(i.path);
      return rowIndexOf(parts, draft) === index;
    });

  return (
    <div className="stack" data-testid="condition-builder">
      {draft.rows.length === 0 ? <p className="muted">{emptyText}</p> : null}
      {draft.rows.length > 1 ? (
        <div className="inline-field">
          <label className="label" htmlFor={`${id}-match`}>
            {matchLabel}
          </label>
          <select
            id={`${id}-match`}
            className="input input-inline"
            value={draft.match}
            onChange={(e) => onChange({ ...draft, match: e.target.value as ConditionDraft['match'] })}
          >
            <option value="all">all of these are true</option>
            <option value="any">any of these is true</option>
          </select>
        </div>
      ) : null}
      <ol className="condition-rows">
        {draft.rows.map((row, i) => (
          <ConditionRowFields
            key={row.uid}
            row={row}
            index={i}
            joiner={i === 0 ? 'If' : draft.match === 'all' ? 'and' : 'or'}
            fields={fields}
            people={people}
            issues={rowIssues(i)}
            onChange={(next) => set(draft.rows.map((r, n) => (n === i ? next : r)))}
            onRemove={() => set(draft.rows.filter((_, n) => n !== i))}
          />
        ))}
      </ol>
      <div className="button-row">
        <button type="button" className="button" onClick={() => set([...draft.rows, newRow(fields)])}>
          Add a condition
        </button>
      </div>
    </div>
  );
}

type RowProps = {
  row: ConditionRow;
  index: number;
  joiner: string;
  fields: CatalogField[];
  people: WorkspaceUser[] | undefined;
  issues: FieldError[];
  onChange: (row: ConditionRow) => void;
  onRemove: () => void;
};

function ConditionRowFields({ row, index, joiner, fields, people, issues, onChange, onRemove }: RowProps) {
  const id = useId();
  const spec = fields.find((f) => f.path === row.field);
  const type = typeOf(fields, row.field);
  const ops = operatorsFor(type);
  const bad = (part: string) => issues.some((i) => pathParts(i.path).at(-1) === part);
  const grouped = groups.map((g) => ({ ...g, fields: fields.filter((f) => groupOf(f.path) === g) })).filter((g) => g.fields.length > 0);
  const n = index + 1;

  return (
    <li className="condition-row" data-testid="condition-row">
      <span className="condition-joiner" aria-hidden="true">
        {joiner}
      </span>
      <div className="form-cell form-cell-grow">
        <label className="label" htmlFor={`${id}-field`}>
          Field {n}
        </label>
        <select
          id={`${id}-field`}
          className="input"
          value={row.field}
          aria-invalid={bad('field') || undefined}
          onChange={(e) => onChange(withField(row, fields, e.target.value))}
        >
          <option value="">Choose a field</option>
          {row.field && !spec ? <option value={row.field}>{row.field} (unknown field)</option> : null}
          {grouped.map((g) => (
            <optgroup key={g.label} label={g.label}>
              {g.fields.map((f) => (
                <option key={f.path} value={f.path}>
                  {f.label}
                </option>
              ))}
            </optgroup>
          ))}
        </select>
      </div>
      <div className="form-cell">
        <label className="label" htmlFor={`${id}-op`}>
          Test {n}
        </label>
        <select
          id={`${id}-op`}
          className="input"
          value={row.op}
          aria-invalid={bad('op') || undefined}
          onChange={(e) => onChange({ ...row, op: e.target.value as Comparison })}
        >
          {!ops.includes(row.op) ? <option value={row.op}>{operatorLabel(row.op, type)}</option> : null}
          {ops.map((op) => (
            <option key={op} value={op}>
              {operatorLabel(op, type)}
            </option>
          ))}
        </select>
      </div>
      {takesValue(row.op) ? (
        <div className="form-cell form-cell-grow">
          <label className="label" htmlFor={`${id}-value`}>
            {type === 'money' ? `Value ${n} (amount in currency units)` : `Value ${n}`}
          </label>
          <ValueInput id={`${id}-value`} row={row} spec={spec} people={people} invalid={bad('value')} onChange={onChange} />
        </div>
      ) : null}
      <div className="form-cell form-cell-end">
        <button type="button" className="button button-small" onClick={onRemove} aria-label={`Remove condition ${n}`}>
          Remove
        </button>
      </div>
      {issues.length > 0 ? (
        <ul className="item-issues condition-issues">
          {issues.map((i, k) => (
            <li key={`${i.path}-${k}`} className="field-error">
              {/* The API lists every field it knows; the picker above is that list. */}
              {i.message.split('; use one of')[0]}
              {i.message.includes('; use one of') ? ': choose one from the list.' : ''}
            </li>
          ))}
        </ul>
      ) : null}
    </li>
  );
}

type ValueInputProps = {
  id: string;
  row: ConditionRow;
  spec: CatalogField | undefined;
  people: WorkspaceUser[] | undefined;
  invalid: boolean;
  onChange: (row: ConditionRow) => void;
};

function ValueInput({ id, row, spec, people, invalid, onChange }: ValueInputProps) {
  const type = spec?.type ?? 'text';
  const common = { id, className: 'input', 'aria-invalid': invalid || undefined } as const;
  const options =
    type === 'person'
      ? [...(people ?? [])].sort((a, b) => a.name.localeCompare(b.name)).map((p) => ({ value: p.id, label: p.name }))
      : type === 'boolean'
        ? [
            { value: 'true', label: 'yes' },
            { value: 'false', label: 'no' },
          ]
        : (spec?.options ?? []);

  if (takesList(row.op)) {
    if (options.length > 0)
      return (
        <select
          {...common}
          className="input input-multi"
          multiple
          size={Math.min(5, options.length)}
          value={row.list}
          onChange={(e) => onChange({ ...row, list: [...e.target.selectedOptions].map((o) => o.value) })}
        >
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      );
    return (
      <input
        {...common}
        placeholder="Values, separated by commas"
        value={row.list.join(', ')}
        onChange={(e) => onChange({ ...row, list: e.target.value.split(',').map((v) => v.trimStart()) })}
      />
    );
  }
  if (type === 'person') return <UserSelect id={id} people={people} value={row.text} invalid={invalid} onChange={(text) => onChange({ ...row, text })} />;
  if (options.length > 0)
    return (
      <select {...common} value={row.text} onChange={(e) => onChange({ ...row, text: e.target.value })}>
        {type === 'boolean' ? null : <option value="">Choose</option>}
        {row.text && !options.some((o) => o.value === row.text) ? <option value={row.text}>{row.text}</option> : null}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    );
  if (type === 'money')
    return <input {...common} inputMode="decimal" placeholder="100,000" value={row.text} onChange={(e) => onChange({ ...row, text: e.target.value })} />;
  if (type === 'number') return <input {...common} type="number" value={row.text} onChange={(e) => onChange({ ...row, text: e.target.value })} />;
  if (type === 'date') return <input {...common} type="date" value={row.text} onChange={(e) => onChange({ ...row, text: e.target.value })} />;
  return <input {...common} value={row.text} onChange={(e) => onChange({ ...row, text: e.target.value })} />;
}
