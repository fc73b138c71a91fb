import { useId, useState, type FormEvent } from 'react';
import { ErrorMessage } from '../../../ui/feedback.tsx';
import { activityKinds, createActivity, type Activity, type ActivityKind, type ActivitySubject } from '../api/activities.api.ts';

export function ActivityForm({ subject, onCreated }: { subject: ActivitySubject; onCreated: (activity: Activity) => void }) {
  const id = useId();
  const [kind, setKind] = useState<ActivityKind>('note');
  const [title, setTitle] = useState('');
  const [body, setBody] = useState('');
  const [occurredAt, setOccurredAt] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!body.trim()) {
      setError(new Error('Write something before saving.'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const activity = await createActivity({
        ...subject,
        kind,
        body: body.trim(),
        ...(title.trim() ? { subject: title.trim() } : {}),
        // datetime-local is the browser's local time; the API wants an instant.
        ...(occurredAt ? { occurredAt: new Date(occurredAt).toISOString() } : {}),
      });
      onCreated(activity);
      setTitle('');
      setBody('');
      setOccurredAt('');
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="activity-form" onSubmit={submit} aria-label="Add an activity">
      <div className="form-row">
        <div className="form-cell">
          <label className="label" htmlFor={`${id}-kind`}>
            Type
          </label>
          <select id={`${id}-kind`} className="input" value={kind} onChange={(event) => setKind(event.target.value as ActivityKind)}>
            {activityKinds.map((k) => (
              <option key={k.value} value={k.value}>
                {k.label}
              </option>
            ))}
          </select>
        </div>
        <div className="form-cell form-cell-grow">
          <label className="label" htmlFor={`${id}-subject`}>
            Subject (optional)
          </label>
          <input id={`${id}-subject`} className="input" value={title} onChange={(event) => setTitle(event.target.value)} />
        </div>
        <div className="form-cell">
          <label className="label" htmlFor={`${id}-when`}>
            When (optional)
          </label>
          <input id={`${id}-when`} className="input" type="datetime-local" value={occurredAt} onChange={(event) => setOccurredAt(event.target.value)} />
        </div>
      </div>
      <label className="label" htmlFor={`${id}-body`}>
        Description
      </label>
      <textarea id={`${id}-body`} className="input" rows={3} required value={body} onChange={(event) => setBody(event.target.value)} />
      <ErrorMessage error={error} />
      <div>
        <button type="submit" className="button button-primary" disabled={busy}>
          {busy ? 'Saving…' : `Add ${activityKinds.find((k) => k.value === kind)?.label.toLowerCase() ?? 'activity'}`}
        </button>
      </div>
    </form>
  );
}
