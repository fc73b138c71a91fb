// The workspace calendar due dates are counted on: time zone, working days and holidays.
import { useId, useState, type FormEvent } from 'react';
import { ErrorMessage } from '../../../ui/feedback.tsx';
import { formatDate } from '../../../ui/format.ts';
import { saveCalendar, type WorkCalendar } from '../api/team.api.ts';

const weekdays = [
  { value: 1, label: 'Monday' },
  { value: 2, label: 'Tuesday' },
  { value: 3, label: 'Wednesday' },
  { value: 4, label: 'Thursday' },
  { value: 5, label: 'Friday' },
  { value: 6, label: 'Saturday' },
  { value: 7, label: 'Sunday' },
];

function timeZones(): string[] {
  try {
    return (Intl as unknown as { supportedValuesOf?: (key: string) => string[] }).supportedValuesOf?.('timeZone') ?? [];
  } catch {
    return [];
  }
}

export function CalendarForm({ calendar, onSaved }: { calendar: WorkCalendar; onSaved: (calendar: WorkCalendar) => void }) {
  const id = useId();
  const [timeZone, setTimeZone] = useState(calendar.timeZone);
  const [businessDays, setBusinessDays] = useState<number[]>(calendar.businessDays);
  const [holidays, setHolidays] = useState(calendar.holidays);
  const [date, setDate] = useState('');
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const [zones] = useState(timeZones);

  const toggleDay = (day: number, on: boolean) => {
    setBusinessDays((current) => (on ? [...current, day].sort((a, b) => a - b) : current.filter((d) => d !== day)));
    setSaved(false);
  };

  const addHoliday = () => {
    if (!date) return;
    setHolidays((current) =>
      [...current.filter((h) => h.date !== date), { date, name: name.trim() || 'Holiday' }].sort((a, b) => a.date.localeCompare(b.date)),
    );
    setDate('');
    setName('');
    setSaved(false);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setSaved(false);
    if (!timeZone.trim()) {
      setError(new Error('Enter a time zone, e.g. Europe/Amsterdam.'));
      return;
    }
    if (businessDays.length === 0) {
      setError(new Error('Choose at least one working day.'));
      return;
    }
    setBusy(true);
    try {
      const result = await saveCalendar({ timeZone: timeZone.trim(), businessDays, holidays });
      setSaved(true);
      onSaved(result);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="stack" onSubmit={submit} noValidate aria-label="Work calendar">
      <div className="form-row">
        <div className="form-cell">
          <label className="label" htmlFor={`${id}-zone`}>
            Time zone
          </label>
          <input
            id={`${id}-zone`}
            className="input input-inline"
            list={`${id}-zones`}
            value={timeZone}
            onChange={(event) => {
              setTimeZone(event.target.value);
              setSaved(false);
            }}
          />
          <datalist id={`${id}-zones`}>
            {zones.map((z) => (
              <option key={z} value={z} />
            ))}
          </datalist>
        </div>
      </div>
      <fieldset className="fieldset">
        <legend className="label">Working days</legend>
        <div className="checkbox-row">
          {weekdays.map((d) => (
            <label key={d.value} className="checkbox">
              <input type="checkbox" checked={businessDays.includes(d.value)} onChange={(event) => toggleDay(d.value, event.target.checked)} />
              {d.label}
            </label>
          ))}
        </div>
      </fieldset>
      <div>
        <span className="label" id={`${id}-holidays`}>
          Holidays
        </span>
        {holidays.length === 0 ? (
          <p className="muted small">No holidays: every working day counts.</p>
        ) : (
          <table className="table table-compact" aria-labelledby={`${id}-holidays`}>
            <tbody>
              {holidays.map((h) => (
                <tr key={h.date}>
                  <td className="nowrap">
                    <time dateTime={h.date}>{formatDate(h.date)}</time>
                  </td>
                  <td>{h.name}</td>
                  <td className="cell-actions">
                    <button
                      type="button"
                      className="button button-small button-danger-outline"
                      aria-label={`Remove the holiday ${h.name} on ${formatDate(h.date)}`}
                      onClick={() => {
                        setHolidays(holidays.filter((x) => x.date !== h.date));
                        setSaved(false);
                      }}
                    >
                      Remove
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <div className="form-row add-holiday">
          <div className="form-cell">
            <label className="label" htmlFor={`${id}-date`}>
              Date
            </label>
            <input id={`${id}-date`} className="input" type="date" value={date} onChange={(event) => setDate(event.target.value)} />
          </div>
          <div className="form-cell form-cell-grow">
            <label className="label" htmlFor={`${id}-name`}>
              Name
            </label>
            <input
              id={`${id}-name`}
              className="input"
              placeholder="King's Day"
              value={name}
              onChange={(event) => setName(event.target.value)}
              onKeyDown={(event) => {
                if (event.key === 'Enter') {
                  event.preventDefault();
                  addHoliday();
                }
              }}
            />
          </div>
          <div className="form-cell form-cell-end">
            <button type="button" className="button" disabled={!date} onClick={addHoliday}>
              Add holiday
            </button>
          </div>
        </div>
      </div>
      <ErrorMessage error={error} />
      {saved ? (
        <p className="success" role="status">
          The calendar was saved. Plans made from now on count on it.
        </p>
      ) : null}
      <div>
        <button type="submit" className="button button-primary" disabled={busy}>
          {busy ? 'Saving…' : 'Save calendar'}
        </button>
      </div>
    </form>
  );
}
