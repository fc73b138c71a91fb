// When an item is due: business days after the close date, or after another task or milestone.
import type { DueDraft } from '../api/template-draft.ts';

type DueFieldsProps = { id: string; due: DueDraft; keys: string[]; invalid: { days?: boolean; task?: boolean }; onChange: (due: DueDraft) => void };

export function DueFields({ id, due, keys, invalid, onChange }: DueFieldsProps) {
  return (
    <>
      <div className="form-cell">
        <label className="label" htmlFor={`${id}-from`}>
          Due after
        </label>
        <select id={`${id}-from`} className="input" value={due.from} onChange={(event) => onChange({ ...due, from: event.target.value as DueDraft['from'] })}>
          <option value="close_date">the close date</option>
          <option value="task">another task or milestone</option>
        </select>
      </div>
      {due.from === 'task' ? (
        <div className="form-cell">
          <label className="label" htmlFor={`${id}-task`}>
            Which one
          </label>
          <select
            id={`${id}-task`}
            className="input"
            value={due.task}
            aria-invalid={invalid.task || undefined}
            onChange={(event) => onChange({ ...due, task: event.target.value })}
          >
            <option value="">Choose</option>
            {due.task && !keys.includes(due.task) ? <option value={due.task}>{due.task} (not in this template)</option> : null}
            {keys.map((k) => (
              <option key={k} value={k}>
                {k}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      <div className="form-cell form-cell-narrow">
        <label className="label" htmlFor={`${id}-days`}>
          Business days
        </label>
        <input
          id={`${id}-days`}
          className="input"
          type="number"
          step={1}
          inputMode="numeric"
          value={due.days}
          aria-invalid={invalid.days || undefined}
          onChange={(event) => onChange({ ...due, days: event.target.value })}
        />
      </div>
    </>
  );
}
