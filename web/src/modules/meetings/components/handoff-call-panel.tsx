// The won deal's handoff call on its page: owner and required attendees, the proposed free times, sending,
// rescheduling and cancelling the invitation, and recording who attended and how it went.
import { useState } from 'react';
import { Badge, type BadgeTone } from '../../../ui/badge.tsx';
import { EmptyState, ErrorMessage, Loading, Section } from '../../../ui/feedback.tsx';
import { formatDateTime } from '../../../ui/format.ts';
import { useResource } from '../../../ui/use-resource.ts';
import { cancel, getHandoffCall, proposeHandoffCall, recordOutcome, reschedule, sendInvite, type Meeting } from '../api/meetings.api.ts';

const roleWords: Record<Meeting['attendees'][number]['role'], string> = { sales_rep: 'Sales rep', pm: 'PM', tech_lead: 'Technical lead' };
const statusTone: Record<Meeting['status'], BadgeTone> = { proposed: 'amber', invited: 'blue', held: 'green', no_show: 'red', cancelled: 'grey' };

/** A datetime-local value (the browser's clock) as an ISO instant. */
const toIso = (local: string) => new Date(local).toISOString();

export function HandoffCallPanel({
  opportunityId,
  stageCategory,
  timeZone,
  mayWrite,
}: {
  opportunityId: string;
  stageCategory: string;
  timeZone: string;
  mayWrite: boolean;
}) {
  const call = useResource(() => getHandoffCall(opportunityId), [opportunityId, stageCategory]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const [start, setStart] = useState('');
  const [moveTo, setMoveTo] = useState('');
  const [attended, setAttended] = useState<Set<string>>(new Set());
  const [notes, setNotes] = useState('');

  async function act(step: () => Promise<unknown>) {
    setBusy(true);
    setError(undefined);
    try {
      await step();
      await call.reload();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  if (stageCategory !== 'won' && !call.data) return null;
  const m = call.data;
  const when = (iso: string | null) => formatDateTime(iso, timeZone);
  return (
    <Section title="Handoff call" id="handoff-call">
      {call.error ? <ErrorMessage error={call.error} onRetry={() => void call.reload()} /> : null}
      <ErrorMessage error={error} />
      {m === undefined ? (
        call.loading ? (
          <Loading />
        ) : null
      ) : m === null ? (
        <EmptyState title="No handoff call yet">
          The sales rep hands the client to the PM (and the technical lead on complex deals) in a call.{' '}
          {mayWrite ? (
            <button
              type="button"
              className="button button-small button-primary"
              disabled={busy}
              onClick={() => void act(() => proposeHandoffCall(opportunityId))}
            >
              Propose the handoff call
            </button>
          ) : null}
        </EmptyState>
      ) : (
        <div className="stack-small" data-testid="handoff-call">
          <p>
            <Badge tone={statusTone[m.status]}>{m.status.replace('_', ' ')}</Badge> <strong>{m.title}</strong>
            {m.startsAt ? (
              <>
                {' '}
                on {when(m.startsAt)}{' '}
                <span className="muted small">
                  ({m.timeZone}, invitation version {m.sequence})
                </span>
              </>
            ) : null}
          </p>
          <p className="small">
            Owner: {m.owner?.name ?? 'nobody'} · <a href={`/api/meetings/${encodeURIComponent(m.id)}/invite.ics`}>invite.ics</a>
          </p>
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Required attendee</th>
                <th scope="col">As</th>
                <th scope="col">Attended</th>
              </tr>
            </thead>
            <tbody>
              {m.attendees.map((a) => (
                <tr key={a.userId}>
                  <td>
                    {a.name} <span className="muted small">{a.email}</span>
                  </td>
                  <td>{roleWords[a.role]}</td>
                  <td>
                    {m.status === 'invited' && mayWrite ? (
                      <label>
                        <input
                          type="checkbox"
                          checked={attended.has(a.userId)}
                          onChange={(event) => {
                            const next = new Set(attended);
                            if (event.target.checked) next.add(a.userId);
                            else next.delete(a.userId);
                            setAttended(next);
                          }}
                        />{' '}
                        was there
                      </label>
                    ) : a.attended === null ? (
                      '—'
                    ) : a.attended ? (
                      'yes'
                    ) : (
                      'no'
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {m.status === 'proposed' ? (
            <>
              <p className="small">Free times (1 hour, working hours, {m.timeZone}):</p>
              {m.proposedTimes.length === 0 ? <p className="muted">No free time in the next 20 business days: pick one.</p> : null}
              <div className="button-row">
                {m.proposedTimes.map((t) => (
                  <button
                    key={t.start}
                    type="button"
                    className="button button-small"
                    disabled={busy || !mayWrite}
                    onClick={() => void act(() => sendInvite(m.id, t.start))}
                  >
                    Send for {when(t.start)}
                  </button>
                ))}
              </div>
              {mayWrite ? (
                <div className="button-row">
                  <input className="input" type="datetime-local" aria-label="Another time" value={start} onChange={(event) => setStart(event.target.value)} />
                  <button
                    type="button"
                    className="button button-small"
                    disabled={busy || !start}
                    onClick={() => void act(() => sendInvite(m.id, toIso(start)))}
                  >
                    Send for this time
                  </button>
                </div>
              ) : null}
            </>
          ) : null}
          {(m.status === 'invited' || m.status === 'no_show') && mayWrite ? (
            <>
              <div className="button-row">
                <input className="input" type="datetime-local" aria-label="New time" value={moveTo} onChange={(event) => setMoveTo(event.target.value)} />
                <button
                  type="button"
                  className="button button-small"
                  disabled={busy || !moveTo}
                  onClick={() => void act(() => reschedule(m.id, toIso(moveTo)))}
                >
                  Reschedule (sends an update)
                </button>
                <button type="button" className="button button-small" disabled={busy} onClick={() => void act(() => cancel(m.id))}>
                  Cancel the call
                </button>
              </div>
              <div className="button-row">
                <input className="input" aria-label="Outcome notes" placeholder="Notes" value={notes} onChange={(event) => setNotes(event.target.value)} />
                <button
                  type="button"
                  className="button button-small button-primary"
                  disabled={busy || attended.size === 0}
                  onClick={() => void act(() => recordOutcome(m.id, { outcome: 'held', attended: [...attended], ...(notes.trim() ? { notes } : {}) }))}
                >
                  Record: held
                </button>
                <button
                  type="button"
                  className="button button-small"
                  disabled={busy}
                  onClick={() => void act(() => recordOutcome(m.id, { outcome: 'no_show', attended: [...attended] }))}
                >
                  Record: no show
                </button>
              </div>
            </>
          ) : null}
          {m.outcome ? (
            <p className="small">
              Outcome: {m.outcome.replace('_', ' ')} {m.outcomeAt ? `(${when(m.outcomeAt)})` : ''}
              {m.outcomeNotes ? ` — ${m.outcomeNotes}` : ''}
            </p>
          ) : null}
        </div>
      )}
    </Section>
  );
}
