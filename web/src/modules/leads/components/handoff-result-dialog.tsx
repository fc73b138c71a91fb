// Completing a lead's handoff task: one of the five results, with the handoff form for "proceed to handoff" (need
// type, budget in the base currency, sales owner, division, first meeting, decision timeline, notes) and the new due
// date for "rescheduled".
import { useId, useState, type FormEvent } from 'react';
import { Dialog } from '../../../ui/dialog.tsx';
import { ErrorMessage } from '../../../ui/feedback.tsx';
import { fieldSentence, splitFieldErrors } from '../../../ui/form.ts';
import { FormField, textControl } from '../../../ui/form-field.tsx';
import { currencyDigits, parseAmount } from '../../../ui/inline-field.tsx';
import { usePeopleOptions } from '../../users/hooks/use-people-options.ts';
import { completeTask, handoffResults, resultHints, resultLabels, type HandoffResult } from '../api/leads.api.ts';
import type { Task } from '../../../../../src/schemas/projects.ts';

type FormFieldName = 'needType' | 'budget' | 'salesOwnerId' | 'salesDivision' | 'firstMeetingAt' | 'decisionTimeline' | 'notes' | 'dueDate';
const labels: Record<FormFieldName, string> = {
  needType: 'Need type',
  budget: 'Budget',
  salesOwnerId: 'Sales owner',
  salesDivision: 'Sales division',
  firstMeetingAt: 'First meeting',
  decisionTimeline: 'Decision timeline',
  notes: 'Notes',
  dueDate: 'New due date',
};

type Props = {
  open: boolean;
  taskId: string;
  currency: string;
  /** The workspace's: the first meeting is entered in it. */
  timeZone: string;
  onClose: () => void;
  onCompleted: (task: Task) => void;
};

export function HandoffResultDialog({ open, taskId, currency, timeZone, onClose, onCompleted }: Props) {
  return (
    <Dialog open={open} title="Complete the handoff task" onClose={onClose}>
      <HandoffResultForm taskId={taskId} currency={currency} timeZone={timeZone} onCancel={onClose} onCompleted={onCompleted} />
    </Dialog>
  );
}

/** The offset of a time zone from UTC at an instant, in milliseconds. */
function offsetAt(instant: number, timeZone: string): number {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    })
      .formatToParts(new Date(instant))
      .map((p) => [p.type, p.value]),
  );
  return Date.UTC(+parts.year!, +parts.month! - 1, +parts.day!, +parts.hour!, +parts.minute!, +parts.second!) - instant;
}

/** A date-time input's value ("2027-01-12T10:30") read as a time in the workspace's time zone, as a UTC instant. */
export function instantIn(local: string, timeZone: string): string {
  const asUtc = Date.parse(`${local}:00Z`);
  let instant = asUtc - offsetAt(asUtc, timeZone);
  // Once more across a daylight-saving change (the offset at the answer may differ from the first guess's).
  instant = asUtc - offsetAt(instant, timeZone);
  return new Date(instant).toISOString();
}

function HandoffResultForm({ taskId, currency, timeZone, onCancel, onCompleted }: Omit<Props, 'open' | 'onClose'> & { onCancel: () => void }) {
  const id = useId();
  const people = usePeopleOptions();
  const [result, setResult] = useState<HandoffResult | ''>('');
  const [values, setValues] = useState<Record<FormFieldName, string>>({
    needType: '',
    budget: '',
    salesOwnerId: '',
    salesDivision: '',
    firstMeetingAt: '',
    decisionTimeline: '',
    notes: '',
    dueDate: '',
  });
  const [local, setLocal] = useState<Partial<Record<FormFieldName | 'result', string>>>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  // The server names details/... and dueDate: map the budget's minor units back onto its input.
  const server = splitFieldErrors(error, ['details', 'dueDate', 'result']);
  const messageFor = (f: FormFieldName) => local[f];
  const set = (f: FormFieldName) => (value: string) => {
    setValues((v) => ({ ...v, [f]: value }));
    // A problem once named goes as soon as the value changes.
    setLocal((p) => (p[f] ? { ...p, [f]: undefined } : p));
  };
  const control = (f: FormFieldName) => textControl(`${id}-${f}`, values[f], messageFor(f), set(f));

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const problems: Partial<Record<FormFieldName | 'result', string>> = {};
    if (!result) problems.result = 'Choose a result.';
    let budgetMinor: number | undefined;
    if (result === 'proceed_to_handoff') {
      for (const f of ['needType', 'salesOwnerId', 'salesDivision', 'firstMeetingAt', 'decisionTimeline'] as const)
        if (!values[f].trim()) problems[f] = `${labels[f]} is required.`;
      budgetMinor = parseAmount(values.budget, currencyDigits(currency));
      if (budgetMinor === undefined) problems.budget = `Budget must be an amount in ${currency}, like 48000 or 48000.50.`;
    }
    if (result === 'rescheduled' && !values.dueDate) problems.dueDate = 'New due date is required.';
    setLocal(problems);
    if (Object.keys(problems).length > 0 || !result) return;
    setBusy(true);
    setError(null);
    try {
      const task = await completeTask(taskId, {
        result,
        ...(result === 'proceed_to_handoff' && {
          details: {
            needType: values.needType.trim(),
            budgetMinor: budgetMinor!,
            salesOwnerId: values.salesOwnerId,
            salesDivision: values.salesDivision.trim(),
            firstMeetingAt: instantIn(values.firstMeetingAt, timeZone),
            decisionTimeline: values.decisionTimeline.trim(),
            notes: values.notes.trim() || null,
          },
        }),
        ...(result === 'rescheduled' && { dueDate: values.dueDate }),
      });
      onCompleted(task);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  const serverFieldText = Object.entries(server.byField)
    .map(([field, message]) => fieldSentence(field === 'details' ? 'The handoff form' : (labels[field as FormFieldName] ?? field), message))
    .join(' ');

  return (
    <form onSubmit={(event) => void submit(event)} noValidate className="handoff-result-form">
      <fieldset className="result-choices" aria-describedby={local.result ? `${id}-result-error` : undefined}>
        <legend className="label">Result</legend>
        {handoffResults.map((r) => (
          <label key={r} className="result-choice">
            <input
              type="radio"
              name={`${id}-result`}
              value={r}
              checked={result === r}
              onChange={() => {
                setResult(r);
                setLocal({});
              }}
            />
            <span>
              <strong>{resultLabels[r]}</strong>
              <span className="muted small"> — {resultHints[r]}</span>
            </span>
          </label>
        ))}
        {local.result ? (
          <p id={`${id}-result-error`} className="field-error">
            {local.result}
          </p>
        ) : null}
      </fieldset>

      {result === 'proceed_to_handoff' ? (
        <>
          <div className="form-row handoff-grid">
            <FormField id={`${id}-needType`} label={labels.needType} error={messageFor('needType')}>
              <input {...control('needType')} maxLength={200} />
            </FormField>
            <FormField id={`${id}-budget`} label={`${labels.budget} (${currency})`} error={messageFor('budget')}>
              <input {...control('budget')} inputMode="decimal" />
            </FormField>
          </div>
          <div className="form-row handoff-grid">
            <FormField id={`${id}-salesOwnerId`} label={labels.salesOwnerId} error={messageFor('salesOwnerId')}>
              <select {...control('salesOwnerId')}>
                <option value="">Choose a person</option>
                {people.map((p) => (
                  <option key={p.value} value={p.value}>
                    {p.label}
                  </option>
                ))}
              </select>
            </FormField>
            <FormField id={`${id}-salesDivision`} label={labels.salesDivision} error={messageFor('salesDivision')}>
              <input {...control('salesDivision')} maxLength={200} />
            </FormField>
          </div>
          <div className="form-row handoff-grid">
            <FormField id={`${id}-firstMeetingAt`} label={labels.firstMeetingAt} error={messageFor('firstMeetingAt')} hint={`In ${timeZone}`}>
              <input
                {...control('firstMeetingAt')}
                type="datetime-local"
                aria-describedby={[`${id}-firstMeetingAt-hint`, messageFor('firstMeetingAt') ? `${id}-firstMeetingAt-error` : ''].filter(Boolean).join(' ')}
              />
            </FormField>
            <FormField id={`${id}-decisionTimeline`} label={labels.decisionTimeline} error={messageFor('decisionTimeline')}>
              <input {...control('decisionTimeline')} maxLength={500} />
            </FormField>
          </div>
          <FormField id={`${id}-notes`} label={labels.notes} className="">
            <textarea {...control('notes')} rows={3} maxLength={5000} />
          </FormField>
        </>
      ) : null}

      {result === 'rescheduled' ? (
        <div className="form-row handoff-grid">
          <FormField id={`${id}-dueDate`} label={labels.dueDate} error={messageFor('dueDate')}>
            <input {...control('dueDate')} type="date" />
          </FormField>
        </div>
      ) : null}

      {serverFieldText ? <p className="field-error">{serverFieldText}</p> : null}
      {server.rest ? <ErrorMessage error={server.rest} /> : null}
      <div className="dialog-actions">
        <button type="button" className="button" onClick={onCancel} disabled={busy}>
          Cancel
        </button>
        <button type="submit" className="button button-primary" disabled={busy}>
          {busy ? 'Completing…' : 'Complete the task'}
        </button>
      </div>
    </form>
  );
}
