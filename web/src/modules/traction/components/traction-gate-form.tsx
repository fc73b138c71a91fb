// Settings: which traction signals a deal must show before delivery people join it (none: the gate is off).
import { useId, useState, type FormEvent } from 'react';
import { ErrorMessage } from '../../../ui/feedback.tsx';
import type { Stage } from '../../pipeline/api/pipelines.api.ts';
import { saveTractionGate, signalLabels, type TractionGate, type TractionSignal } from '../api/traction.api.ts';

const signals: TractionSignal[] = ['stage', 'meeting', 'budget'];

export function TractionGateForm({ gate, stages, onSaved }: { gate: TractionGate; stages: Stage[]; onSaved: (gate: TractionGate) => void }) {
  const id = useId();
  const [chosen, setChosen] = useState<TractionSignal[]>(gate.signals);
  const openStages = stages.filter((s) => s.category === 'open').sort((a, b) => a.position - b.position);
  const [position, setPosition] = useState<number | null>(gate.stagePosition ?? openStages[1]?.position ?? openStages[0]?.position ?? null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setSaved(false);
    try {
      onSaved(await saveTractionGate({ signals: chosen, stagePosition: chosen.includes('stage') ? position : null }));
      setSaved(true);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="stack" onSubmit={submit} noValidate aria-label="Traction gate">
      <p className="muted">
        Delivery people (PMs, CS and everyone on a delivery role above; not sales or admins) join a deal&apos;s tasks only once it shows every signal chosen
        here, or is won. A trial task is the explicit way to involve them before. Choose none to turn the gate off.
      </p>
      <fieldset className="fieldset">
        <legend className="label">Signals a deal must show</legend>
        <div className="checkbox-row">
          {signals.map((s) => (
            <label key={s} className="checkbox">
              <input
                type="checkbox"
                checked={chosen.includes(s)}
                onChange={(event) => {
                  setChosen((current) => (event.target.checked ? [...current, s] : current.filter((x) => x !== s)));
                  setSaved(false);
                }}
              />{' '}
              {signalLabels[s]}
            </label>
          ))}
        </div>
      </fieldset>
      {chosen.includes('stage') ? (
        <div className="form-cell">
          <label className="label" htmlFor={`${id}-stage`}>
            Stage reached (this stage or a later one)
          </label>
          <select
            id={`${id}-stage`}
            className="input input-inline"
            value={position ?? ''}
            onChange={(event) => {
              setPosition(event.target.value === '' ? null : Number(event.target.value));
              setSaved(false);
            }}
          >
            {openStages.map((s) => (
              <option key={s.id} value={s.position}>
                {s.name}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      <ErrorMessage error={error} />
      {saved ? (
        <p className="success" role="status">
          {chosen.length === 0 ? 'The traction gate is off.' : 'The traction gate was saved.'}
        </p>
      ) : null}
      <div>
        <button type="submit" className="button button-primary" disabled={busy}>
          {busy ? 'Saving…' : 'Save traction gate'}
        </button>
      </div>
    </form>
  );
}
