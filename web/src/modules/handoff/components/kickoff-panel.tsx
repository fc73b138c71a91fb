// The kickoff (scheduled, moved, held) and first value (due, reached or missed), recorded as they happen, with the delays.
import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { Badge } from '../../../ui/badge.tsx';
import { ErrorMessage, Field } from '../../../ui/feedback.tsx';
import { daysBetween, formatDate, formatDateTime, dateIn } from '../../../ui/format.ts';
import { recordFirstValue, recordKickoff, type Brief } from '../api/brief.api.ts';
import { useBriefAction } from '../hooks/use-brief-action.ts';
import { useBriefContext } from '../hooks/use-brief-context.tsx';

const days = (n: number) => `${n} ${Math.abs(n) === 1 ? 'day' : 'days'}`;

/** One input and its button, saving on its own. */
function RecordForm({
  label,
  type,
  button,
  pendingLabel,
  disabled,
  onSave,
}: {
  label: string;
  type: 'date' | 'text';
  button: string;
  pendingLabel: string;
  disabled?: boolean;
  onSave: (value: string) => Promise<Brief>;
}) {
  const id = useId();
  const { onBrief } = useBriefContext();
  const [value, setValue] = useState('');
  const action = useBriefAction(onBrief);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!value.trim()) return;
    if (await action.run(() => onSave(value.trim()))) setValue('');
  };
  return (
    <form className="record-form" onSubmit={submit} noValidate>
      <label className="label" htmlFor={id}>
        {label}
      </label>
      <div className={`record-row${type === 'text' ? ' record-row-wide' : ''}`}>
        <input id={id} className="input" type={type} value={value} disabled={disabled} onChange={(event) => setValue(event.target.value)} />
        <button type="submit" className="button" disabled={disabled || action.pending || !value.trim()}>
          {action.pending ? pendingLabel : button}
        </button>
      </div>
      <ErrorMessage error={action.error} />
    </form>
  );
}

export function KickoffPanel() {
  const { brief, mayRecord, timeZone } = useBriefContext();
  const { kickoff, firstValue } = brief;
  const today = dateIn(timeZone);

  const kickoffNotes: ReactNode[] = [];
  if (kickoff.scheduledOn && kickoff.firstScheduledOn && kickoff.scheduledOn > kickoff.firstScheduledOn) {
    kickoffNotes.push(
      `Moved ${days(daysBetween(kickoff.firstScheduledOn, kickoff.scheduledOn))} later than first planned (${formatDate(kickoff.firstScheduledOn)}).`,
    );
  }
  if (kickoff.heldOn && kickoff.firstScheduledOn) {
    const late = daysBetween(kickoff.firstScheduledOn, kickoff.heldOn);
    kickoffNotes.push(late > 0 ? `Held ${days(late)} after the first planned date.` : 'Held on time.');
  }
  if (!kickoff.heldOn && kickoff.scheduledOn && kickoff.scheduledOn < today)
    kickoffNotes.push(`The date passed ${days(daysBetween(kickoff.scheduledOn, today))} ago and it is not marked held.`);

  const firstValueOverdue = Boolean(firstValue.dueOn && !firstValue.reachedOn && !firstValue.missedAt && firstValue.dueOn < today);
  const reachedLate = firstValue.reachedOn && firstValue.dueOn ? daysBetween(firstValue.dueOn, firstValue.reachedOn) : 0;

  return (
    <div className="kickoff-grid">
      <div className="kickoff-block" role="group" aria-labelledby="kickoff-title">
        <h3 id="kickoff-title">
          Kickoff{' '}
          {kickoff.heldOn ? (
            <Badge tone="green">Held</Badge>
          ) : kickoff.scheduledOn ? (
            <Badge tone="blue">Scheduled</Badge>
          ) : (
            <Badge tone="grey">Not scheduled</Badge>
          )}
        </h3>
        <dl className="fields fields-compact">
          <Field label="Scheduled for" value={formatDate(kickoff.scheduledOn)} />
          <Field label="First planned" value={formatDate(kickoff.firstScheduledOn)} />
          <Field label="Held on" value={formatDate(kickoff.heldOn)} />
        </dl>
        {kickoffNotes.map((note, i) => (
          <p key={i} className={i === 0 && kickoff.scheduledOn !== kickoff.firstScheduledOn ? 'warning-text small' : 'small'}>
            {note}
          </p>
        ))}
        {mayRecord ? (
          <>
            <RecordForm
              label={kickoff.scheduledOn ? 'Move the kickoff to' : 'Kickoff date'}
              type="date"
              button={kickoff.scheduledOn ? 'Reschedule' : 'Schedule'}
              pendingLabel="Saving…"
              disabled={Boolean(kickoff.heldOn)}
              onSave={(scheduledOn) => recordKickoff(brief.id, { scheduledOn })}
            />
            <RecordForm
              label="Held on"
              type="date"
              button="Mark held"
              pendingLabel="Saving…"
              disabled={Boolean(kickoff.heldOn)}
              onSave={(heldOn) => recordKickoff(brief.id, { heldOn })}
            />
          </>
        ) : null}
      </div>
      <div className="kickoff-block" role="group" aria-labelledby="first-value-title">
        <h3 id="first-value-title">
          First value{' '}
          {firstValue.reachedOn ? (
            <Badge tone="green">Reached</Badge>
          ) : firstValue.missedAt ? (
            <Badge tone="red">Missed</Badge>
          ) : firstValueOverdue ? (
            <Badge tone="red">Overdue</Badge>
          ) : firstValue.dueOn ? (
            <Badge tone="blue">Due</Badge>
          ) : (
            <Badge tone="grey">No date</Badge>
          )}
        </h3>
        <dl className="fields fields-compact">
          <Field label="Due" value={formatDate(firstValue.dueOn)} />
          <Field label="Reached" value={formatDate(firstValue.reachedOn)} />
          <Field label="Missed" value={firstValue.missedAt ? formatDateTime(firstValue.missedAt, timeZone) : '—'} />
        </dl>
        {firstValueOverdue && firstValue.dueOn ? (
          <p className="warning-text small">Due {days(daysBetween(firstValue.dueOn, today))} ago and not reached yet.</p>
        ) : null}
        {firstValue.reachedOn && firstValue.dueOn ? (
          <p className="small">{reachedLate > 0 ? `Reached ${days(reachedLate)} after it was due.` : 'Reached on time.'}</p>
        ) : null}
        {mayRecord ? (
          <>
            <RecordForm
              label={firstValue.dueOn ? 'Move the due date to' : 'Due on'}
              type="date"
              button="Set due date"
              pendingLabel="Saving…"
              onSave={(dueOn) => recordFirstValue(brief.id, { dueOn })}
            />
            <RecordForm
              label="Reached on"
              type="date"
              button="Mark reached"
              pendingLabel="Saving…"
              disabled={Boolean(firstValue.reachedOn || firstValue.missedAt)}
              onSave={(reachedOn) => recordFirstValue(brief.id, { reachedOn })}
            />
            <RecordForm
              label="Missed: why?"
              type="text"
              button="Mark missed"
              pendingLabel="Saving…"
              disabled={Boolean(firstValue.reachedOn || firstValue.missedAt)}
              onSave={(missed) => recordFirstValue(brief.id, { missed })}
            />
          </>
        ) : null}
      </div>
    </div>
  );
}
