// Editing the handoff details after "proceed to handoff": what changed is kept in the lead's history.
import { useId, useState, type FormEvent } from 'react';
import { Dialog } from '../../../ui/dialog.tsx';
import { ErrorMessage } from '../../../ui/feedback.tsx';
import { fieldSentence, splitFieldErrors } from '../../../ui/form.ts';
import { FormField, textControl } from '../../../ui/form-field.tsx';
import { amountText, currencyDigits, parseAmount } from '../../../ui/inline-field.tsx';
import { usePeopleOptions } from '../../users/hooks/use-people-options.ts';
import { updateHandoff, type Lead } from '../api/leads.api.ts';
import { instantIn } from './handoff-result-dialog.tsx';

type Handoff = NonNullable<Lead['handoff']>;
const names = ['needType', 'budgetMinor', 'salesOwnerId', 'salesDivision', 'firstMeetingAt', 'decisionTimeline', 'notes'] as const;
type Name = (typeof names)[number];
const labels: Record<Name, string> = {
  needType: 'Need type',
  budgetMinor: 'Budget',
  salesOwnerId: 'Sales owner',
  salesDivision: 'Sales division',
  firstMeetingAt: 'First meeting',
  decisionTimeline: 'Decision timeline',
  notes: 'Notes',
};

/** An instant as a date-time input's value in the time zone ("2027-01-12T10:30"). */
function localIn(iso: string, timeZone: string): string {
  const p = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' })
      .formatToParts(new Date(iso))
      .map((x) => [x.type, x.value]),
  );
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}`;
}

type Props = { leadId: string; handoff: Handoff; timeZone: string; onClose: () => void; onSaved: (lead: Lead) => void };

export function HandoffEditDialog(props: Props) {
  return (
    <Dialog open title="Edit the handoff details" onClose={props.onClose}>
      <HandoffEditForm {...props} />
    </Dialog>
  );
}

function HandoffEditForm({ leadId, handoff, timeZone, onClose, onSaved }: Props) {
  const id = useId();
  const people = usePeopleOptions();
  const [values, setValues] = useState<Record<Name, string>>({
    needType: handoff.needType,
    budgetMinor: amountText(handoff.budgetMinor, handoff.currency),
    salesOwnerId: handoff.salesOwnerId,
    salesDivision: handoff.salesDivision,
    firstMeetingAt: localIn(handoff.firstMeetingAt, timeZone),
    decisionTimeline: handoff.decisionTimeline,
    notes: handoff.notes ?? '',
  });
  const [budgetError, setBudgetError] = useState<string | undefined>();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const server = splitFieldErrors(error, names);
  const messageFor = (n: Name) => (n === 'budgetMinor' && budgetError) || (server.byField[n] ? fieldSentence(labels[n], server.byField[n]) : undefined);
  const control = (n: Name) => textControl(`${id}-${n}`, values[n], messageFor(n), (value) => setValues((v) => ({ ...v, [n]: value })));

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const budgetMinor = parseAmount(values.budgetMinor, currencyDigits(handoff.currency));
    setBudgetError(budgetMinor === undefined ? `Budget must be an amount in ${handoff.currency}.` : undefined);
    if (budgetMinor === undefined) return;
    setBusy(true);
    setError(null);
    try {
      onSaved(
        await updateHandoff(leadId, {
          needType: values.needType,
          budgetMinor,
          salesOwnerId: values.salesOwnerId,
          salesDivision: values.salesDivision,
          firstMeetingAt: instantIn(values.firstMeetingAt, timeZone),
          decisionTimeline: values.decisionTimeline,
          notes: values.notes.trim() || null,
        }),
      );
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={(event) => void submit(event)} noValidate className="handoff-result-form">
      <div className="form-row handoff-grid">
        <FormField id={`${id}-needType`} label={labels.needType} error={messageFor('needType')}>
          <input {...control('needType')} maxLength={200} />
        </FormField>
        <FormField id={`${id}-budgetMinor`} label={`${labels.budgetMinor} (${handoff.currency})`} error={messageFor('budgetMinor')}>
          <input {...control('budgetMinor')} inputMode="decimal" />
        </FormField>
        <FormField id={`${id}-salesOwnerId`} label={labels.salesOwnerId} error={messageFor('salesOwnerId')}>
          <select {...control('salesOwnerId')}>
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
        <FormField id={`${id}-firstMeetingAt`} label={labels.firstMeetingAt} error={messageFor('firstMeetingAt')} hint={`In ${timeZone}`}>
          <input {...control('firstMeetingAt')} type="datetime-local" />
        </FormField>
        <FormField id={`${id}-decisionTimeline`} label={labels.decisionTimeline} error={messageFor('decisionTimeline')}>
          <input {...control('decisionTimeline')} maxLength={500} />
        </FormField>
      </div>
      <FormField id={`${id}-notes`} label={labels.notes} className="">
        <textarea {...control('notes')} rows={3} maxLength={5000} />
      </FormField>
      {server.rest ? <ErrorMessage error={server.rest} /> : null}
      <div className="dialog-actions">
        <button type="button" className="button" onClick={onClose} disabled={busy}>
          Cancel
        </button>
        <button type="submit" className="button button-primary" disabled={busy}>
          {busy ? 'Saving…' : 'Save the details'}
        </button>
      </div>
    </form>
  );
}
