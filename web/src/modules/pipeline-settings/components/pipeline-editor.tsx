// A pipeline's name and stages as one form: rename, reorder, re-weight, add and remove stages, then save at once.
// The server decides what is allowed (one won and one lost stage, no stage with deals removed) and says why per stage.
import { useState, type FormEvent } from 'react';
import { ApiError } from '../../../ui/http.ts';
import { ErrorMessage } from '../../../ui/feedback.tsx';
import type { DealField } from '../../loss-reasons/api/loss-reasons.api.ts';
import { createPipeline, updatePipeline, type Pipeline, type Stage } from '../api/pipeline-settings.api.ts';

type Category = Stage['category'];
type Row = { key: string; id?: string; name: string; category: Category; probability: string };

const categoryLabel: Record<Category, string> = { open: 'Open', won: 'Won', lost: 'Lost' };
let nextKey = 0;
const rowKey = () => `new-${++nextKey}`;

function rowsOf(pipeline: Pipeline | null): Row[] {
  if (!pipeline) return [];
  return pipeline.stages
    .filter((s) => !s.archivedAt)
    .map((s) => ({ key: s.id, id: s.id, name: s.name, category: s.category, probability: String(s.probability) }));
}

/** `body:/stages/2/name` -> { index: 2, message } ; other paths stay with the form. */
function stageErrors(error: unknown): { byRow: Map<number, string>; rest: unknown } {
  const byRow = new Map<number, string>();
  if (!(error instanceof ApiError)) return { byRow, rest: error };
  const other = error.fields.filter((f) => {
    const m = /stages\/(\d+)\//.exec(f.path);
    if (!m) return true;
    const index = Number(m[1]);
    byRow.set(index, [byRow.get(index), f.message].filter(Boolean).join('; '));
    return false;
  });
  return { byRow, rest: new ApiError(error.status, error.code, error.message, other) };
}

type PipelineEditorProps = {
  pipeline: Pipeline | null;
  /** The deal fields a pipeline may require before a win. */
  dealFields: readonly DealField[];
  onSaved: (saved: Pipeline) => void;
};

export function PipelineEditor({ pipeline, dealFields, onSaved }: PipelineEditorProps) {
  const [name, setName] = useState(pipeline?.name ?? '');
  const [required, setRequired] = useState<string[]>(pipeline?.requiredToWin ?? []);
  // A key the pipeline requires that no deal uses any more is still offered, so it can be unticked.
  const fieldChoices = [...dealFields, ...required.filter((k) => !dealFields.some((f) => f.key === k)).map((k) => ({ key: k, label: k }))];
  const toggleRequired = (key: string, on: boolean) =>
    setRequired((current) => (on ? fieldChoices.map((f) => f.key).filter((k) => k === key || current.includes(k)) : current.filter((k) => k !== key)));
  const [rows, setRows] = useState<Row[]>(() => rowsOf(pipeline));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const { byRow, rest } = stageErrors(error);

  const change = (index: number, patch: Partial<Row>) => setRows((current) => current.map((r, i) => (i === index ? { ...r, ...patch } : r)));
  const move = (index: number, by: -1 | 1) =>
    setRows((current) => {
      const next = [...current];
      const [row] = next.splice(index, 1);
      next.splice(index + by, 0, row!);
      return next;
    });
  const addStage = () =>
    setRows((current) => {
      const firstClosed = current.findIndex((r) => r.category !== 'open');
      const at = firstClosed === -1 ? current.length : firstClosed;
      return [...current.slice(0, at), { key: rowKey(), name: '', category: 'open', probability: '' }, ...current.slice(at)];
    });

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setSaved(false);
    const stages = rows.map((r) => ({
      ...(r.id && { id: r.id }),
      name: r.name,
      category: r.category,
      ...(r.probability.trim() !== '' && { probability: Number(r.probability) }),
    }));
    try {
      const result = pipeline
        ? await updatePipeline(pipeline.id, { name, requiredToWin: required, ...(rows.length > 0 && { stages }) })
        : await createPipeline({ name, requiredToWin: required, ...(rows.length > 0 && { stages }) });
      setRows(rowsOf(result));
      setRequired(result.requiredToWin);
      setSaved(true);
      onSaved(result);
      if (!pipeline) {
        setName('');
        setRows([]);
        setRequired([]);
      }
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  const prefix = pipeline ? `pipeline-${pipeline.id}` : 'new-pipeline';
  return (
    <form className="form" onSubmit={(e) => void submit(e)} aria-label={pipeline ? `Pipeline ${pipeline.name}` : 'New pipeline'}>
      <label className="field" htmlFor={`${prefix}-name`}>
        <span>Name</span>
        <input id={`${prefix}-name`} className="input" value={name} maxLength={120} required onChange={(e) => setName(e.target.value)} />
      </label>
      {!pipeline && rows.length === 0 ? (
        <p className="muted">
          Starts with the usual stages (Lead in, Qualified, Discovery, Proposal, Negotiation, Closed won, Closed lost).{' '}
          <button
            type="button"
            className="button button-small"
            onClick={() =>
              setRows([
                { key: rowKey(), name: 'Qualified', category: 'open', probability: '' },
                { key: rowKey(), name: 'Closed won', category: 'won', probability: '' },
                { key: rowKey(), name: 'Closed lost', category: 'lost', probability: '' },
              ])
            }
          >
            Choose the stages instead
          </button>
        </p>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Stage</th>
              <th scope="col">Category</th>
              <th scope="col">Probability %</th>
              <th scope="col">
                <span className="visually-hidden">Order and removal</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row, index) => (
              <tr key={row.key}>
                <td>
                  <input
                    className="input"
                    aria-label={`Stage ${index + 1} name`}
                    value={row.name}
                    maxLength={80}
                    required
                    aria-invalid={byRow.has(index) || undefined}
                    onChange={(e) => change(index, { name: e.target.value })}
                  />
                  {byRow.has(index) ? <p className="field-error">{byRow.get(index)}</p> : null}
                </td>
                <td>
                  <select
                    className="input input-inline"
                    aria-label={`Stage ${index + 1} category`}
                    value={row.category}
                    onChange={(e) => change(index, { category: e.target.value as Category })}
                  >
                    {(Object.keys(categoryLabel) as Category[]).map((c) => (
                      <option key={c} value={c}>
                        {categoryLabel[c]}
                      </option>
                    ))}
                  </select>
                </td>
                <td>
                  <input
                    className="input input-inline"
                    type="number"
                    min={0}
                    max={100}
                    step={1}
                    aria-label={`Stage ${index + 1} probability`}
                    placeholder="auto"
                    value={row.probability}
                    onChange={(e) => change(index, { probability: e.target.value })}
                  />
                </td>
                <td className="actions">
                  <button
                    type="button"
                    className="button button-small"
                    aria-label={`Move ${row.name || 'stage'} up`}
                    disabled={index === 0}
                    onClick={() => move(index, -1)}
                  >
                    ↑
                  </button>
                  <button
                    type="button"
                    className="button button-small"
                    aria-label={`Move ${row.name || 'stage'} down`}
                    disabled={index === rows.length - 1}
                    onClick={() => move(index, 1)}
                  >
                    ↓
                  </button>
                  <button
                    type="button"
                    className="button button-small"
                    aria-label={`Remove ${row.name || 'stage'}`}
                    title={row.id ? 'Archived when saved; refused while deals are in it' : undefined}
                    onClick={() => setRows((current) => current.filter((_, i) => i !== index))}
                  >
                    Remove
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <fieldset className="fieldset">
        <legend className="label">Required to win</legend>
        <p className="muted small">A deal of this pipeline cannot be marked won while any of these is empty.</p>
        <div className="checkbox-row">
          {fieldChoices.map((f) => (
            <label key={f.key} className="checkbox">
              <input type="checkbox" checked={required.includes(f.key)} onChange={(e) => toggleRequired(f.key, e.target.checked)} />
              {f.label}
            </label>
          ))}
        </div>
      </fieldset>
      <ErrorMessage error={rest} />
      <div className="form-actions">
        {rows.length > 0 ? (
          <button type="button" className="button" onClick={addStage}>
            Add a stage
          </button>
        ) : null}
        <button type="submit" className="button button-primary" disabled={busy}>
          {busy ? 'Saving…' : pipeline ? 'Save pipeline' : 'Create pipeline'}
        </button>
        {saved ? (
          <span className="muted" role="status">
            Saved
          </span>
        ) : null}
      </div>
    </form>
  );
}
