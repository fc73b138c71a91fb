// The handoff's two people, the account executive and the CSM, and changing them (the "human owner" gate needs both).
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { ErrorMessage } from '../../../ui/feedback.tsx';
import { UserSelect } from '../../users/components/user-select.tsx';
import { assignBrief } from '../api/brief.api.ts';
import { useBriefAction } from '../hooks/use-brief-action.ts';
import { useBriefContext } from '../hooks/use-brief-context.tsx';

export function HandoffTeam() {
  const id = useId();
  const { brief, onBrief, mayWrite, people } = useBriefContext();
  const [editing, setEditing] = useState(false);
  const [aeId, setAeId] = useState(brief.ae?.id ?? '');
  const [csmId, setCsmId] = useState(brief.csm?.id ?? '');
  const action = useBriefAction(onBrief);
  const toggle = useRef<HTMLButtonElement>(null);
  const wasEditing = useRef(false);

  useEffect(() => {
    if (!editing && wasEditing.current) toggle.current?.focus();
    wasEditing.current = editing;
  }, [editing]);

  const save = async (event: FormEvent) => {
    event.preventDefault();
    const change = { ...(aeId !== (brief.ae?.id ?? '') ? { aeId: aeId || null } : {}), ...(csmId !== (brief.csm?.id ?? '') ? { csmId: csmId || null } : {}) };
    if (Object.keys(change).length === 0) return setEditing(false);
    if (await action.run(() => assignBrief(brief.id, change))) setEditing(false);
  };

  return (
    <div className="handoff-team">
      <dl className="team-list">
        <div>
          <dt>Account executive</dt>
          <dd>{brief.ae ? brief.ae.name : <span className="warning-text">Nobody</span>}</dd>
        </div>
        <div>
          <dt>CSM</dt>
          <dd>{brief.csm ? brief.csm.name : <span className="warning-text">Nobody</span>}</dd>
        </div>
      </dl>
      {mayWrite && !editing ? (
        <button
          ref={toggle}
          type="button"
          className="link-button small"
          onClick={() => {
            setAeId(brief.ae?.id ?? '');
            setCsmId(brief.csm?.id ?? '');
            action.clearError();
            setEditing(true);
          }}
        >
          Change people
        </button>
      ) : null}
      {editing ? (
        <form className="form-row team-form" onSubmit={save} aria-label="Change the handoff's people">
          <div className="form-cell">
            <label className="label" htmlFor={`${id}-ae`}>
              Account executive
            </label>
            <UserSelect id={`${id}-ae`} people={people} value={aeId} current={brief.ae} emptyLabel="Nobody" onChange={setAeId} />
          </div>
          <div className="form-cell">
            <label className="label" htmlFor={`${id}-csm`}>
              CSM
            </label>
            <UserSelect id={`${id}-csm`} people={people} value={csmId} current={brief.csm} emptyLabel="Nobody" onChange={setCsmId} />
          </div>
          <div className="form-cell form-cell-end">
            <div className="button-row">
              <button type="submit" className="button button-primary button-small" disabled={action.pending}>
                {action.pending ? 'Saving…' : 'Save'}
              </button>
              <button type="button" className="button button-small" onClick={() => setEditing(false)}>
                Cancel
              </button>
            </div>
          </div>
        </form>
      ) : null}
      <ErrorMessage error={action.error} />
    </div>
  );
}
