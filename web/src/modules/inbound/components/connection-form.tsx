// An inbound connection's settings: name, sender, secrets, the stages that mean won and lost per pipeline, the field
// map, the pipeline new deals go to, the public address (HubSpot signs it) and whether it is active.
import { useId, useState, type FormEvent } from 'react';
import { ErrorMessage } from '../../../ui/feedback.tsx';
import {
  connectionKinds,
  dealTargets,
  defaultStageMap,
  kindLabels,
  secretNames,
  type Connection,
  type ConnectionInput,
  type ConnectionKind,
  type ConnectionPatch,
} from '../api/inbound.api.ts';

type StageRow = { pipeline: string; won: string; lost: string };
type FieldRow = { source: string; target: string };

const list = (text: string) =>
  text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

const stageRows = (kind: ConnectionKind, c: Connection | null): StageRow[] =>
  (c ? c.stageMap : defaultStageMap[kind]).map((m) => ({ pipeline: m.pipeline, won: m.won.join(', '), lost: m.lost.join(', ') }));

type Props = {
  connection: Connection | null;
  pipelines: { id: string; name: string }[];
  onSave: (input: ConnectionInput | ConnectionPatch) => Promise<void>;
  submitLabel: string;
};

export function ConnectionForm({ connection, pipelines, onSave, submitLabel }: Props) {
  const id = useId();
  const [name, setName] = useState(connection?.name ?? '');
  const [kind, setKind] = useState<ConnectionKind>(connection?.kind ?? 'hubspot');
  const [secrets, setSecrets] = useState<Record<string, string>>(connection?.secrets ?? {});
  const [stages, setStages] = useState<StageRow[]>(stageRows(connection?.kind ?? 'hubspot', connection));
  const [fields, setFields] = useState<FieldRow[]>(Object.entries(connection?.fieldMap ?? {}).map(([source, target]) => ({ source, target })));
  const [pipelineId, setPipelineId] = useState(connection?.pipelineId ?? '');
  const [publicUrl, setPublicUrl] = useState(connection?.publicUrl ?? '');
  const [active, setActive] = useState(connection?.active ?? true);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setSaved(false);
    try {
      const changedSecrets = Object.fromEntries(Object.entries(secrets).filter(([k, v]) => v.trim() && v !== connection?.secrets[k]));
      const body = {
        name: name.trim(),
        stageMap: stages.filter((s) => s.pipeline.trim()).map((s) => ({ pipeline: s.pipeline.trim(), won: list(s.won), lost: list(s.lost) })),
        fieldMap: Object.fromEntries(fields.filter((f) => f.source.trim()).map((f) => [f.source.trim(), f.target.trim()])),
        pipelineId: pipelineId || null,
        publicUrl: publicUrl.trim() || null,
        active,
      };
      await onSave(
        connection ? { ...body, ...(Object.keys(changedSecrets).length > 0 && { secrets: changedSecrets }) } : { ...body, kind, secrets: changedSecrets },
      );
      if (connection) setSaved(true);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="stack" onSubmit={submit} noValidate aria-label="Connection settings">
      <div className="form-row">
        <div className="form-cell form-cell-grow">
          <label className="label" htmlFor={`${id}-name`}>
            Name
          </label>
          <input id={`${id}-name`} className="input" value={name} maxLength={200} onChange={(e) => setName(e.target.value)} required />
        </div>
        <div className="form-cell">
          <label className="label" htmlFor={`${id}-kind`}>
            Sender
          </label>
          <select
            id={`${id}-kind`}
            className="input"
            value={kind}
            disabled={!!connection}
            onChange={(e) => {
              const next = e.target.value as ConnectionKind;
              setKind(next);
              setSecrets({});
              setStages(stageRows(next, null));
            }}
          >
            {connectionKinds.map((k) => (
              <option key={k} value={k}>
                {k === 'generic' ? 'Generic JSON (Standard Webhooks)' : kindLabels[k]}
              </option>
            ))}
          </select>
        </div>
        <div className="form-cell">
          <label className="label" htmlFor={`${id}-pipeline`}>
            New deals go to
          </label>
          <select id={`${id}-pipeline`} className="input" value={pipelineId} onChange={(e) => setPipelineId(e.target.value)}>
            <option value="">The default pipeline</option>
            {pipelines.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </div>
      </div>

      <fieldset className="fieldset-plain stack-small">
        <legend className="label">Secrets</legend>
        <div className="form-row">
          {secretNames[kind].map((s) => (
            <div className="form-cell form-cell-grow" key={s.name}>
              <label className="label" htmlFor={`${id}-secret-${s.name}`}>
                {s.label}
                {s.generated && !connection ? <span className="muted small"> (made for you when left empty)</span> : null}
              </label>
              <input
                id={`${id}-secret-${s.name}`}
                className="input input-mono"
                autoComplete="off"
                spellCheck={false}
                value={secrets[s.name] ?? ''}
                onChange={(e) => setSecrets({ ...secrets, [s.name]: e.target.value })}
              />
            </div>
          ))}
        </div>
      </fieldset>

      <fieldset className="fieldset-plain stack-small">
        <legend className="label">Stages that mean won and lost, per pipeline of the sender</legend>
        <p className="muted small">
          Stage ids (Salesforce: stage names), separated by commas. HubSpot's default pipeline uses closedwon and closedlost; a custom pipeline has its own
          numeric ids. Pipeline * matches any. Pipedrive and Salesforce also say won or lost outright.
        </p>
        <table className="table table-compact">
          <thead>
            <tr>
              <th scope="col">Pipeline</th>
              <th scope="col">Won stages</th>
              <th scope="col">Lost stages</th>
              <th scope="col">
                <span className="visually-hidden">Remove</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {stages.map((row, i) => (
              <tr key={i}>
                {(['pipeline', 'won', 'lost'] as const).map((key) => (
                  <td key={key}>
                    <input
                      className="input input-mono"
                      aria-label={`${key === 'pipeline' ? 'Pipeline' : key === 'won' ? 'Won stages' : 'Lost stages'}, row ${i + 1}`}
                      value={row[key]}
                      onChange={(e) => setStages(stages.map((r, j) => (j === i ? { ...r, [key]: e.target.value } : r)))}
                    />
                  </td>
                ))}
                <td>
                  <button type="button" className="button button-small" onClick={() => setStages(stages.filter((_, j) => j !== i))}>
                    Remove
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <div>
          <button type="button" className="button button-small" onClick={() => setStages([...stages, { pipeline: '', won: '', lost: '' }])}>
            Add a pipeline
          </button>
        </div>
      </fieldset>

      <fieldset className="fieldset-plain stack-small">
        <legend className="label">Field map</legend>
        <p className="muted small">
          The sender's field names Baton reads, beyond the usual ones
          {connection
            ? `: ${Object.entries(connection.effectiveFieldMap)
                .map(([s, t]) => `${s} → ${t}`)
                .join(', ')}`
            : ''}
          . Targets: {dealTargets.join(', ')} or custom.&lt;key&gt;.
        </p>
        {fields.length > 0 ? (
          <table className="table table-compact">
            <thead>
              <tr>
                <th scope="col">Sender field</th>
                <th scope="col">Baton field</th>
                <th scope="col">
                  <span className="visually-hidden">Remove</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {fields.map((row, i) => (
                <tr key={i}>
                  {(['source', 'target'] as const).map((key) => (
                    <td key={key}>
                      <input
                        className="input input-mono"
                        aria-label={`${key === 'source' ? 'Sender field' : 'Baton field'}, row ${i + 1}`}
                        value={row[key]}
                        onChange={(e) => setFields(fields.map((r, j) => (j === i ? { ...r, [key]: e.target.value } : r)))}
                      />
                    </td>
                  ))}
                  <td>
                    <button type="button" className="button button-small" onClick={() => setFields(fields.filter((_, j) => j !== i))}>
                      Remove
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
        <div>
          <button type="button" className="button button-small" onClick={() => setFields([...fields, { source: '', target: '' }])}>
            Add a field
          </button>
        </div>
      </fieldset>

      <div className="form-row">
        <div className="form-cell form-cell-grow">
          <label className="label" htmlFor={`${id}-url`}>
            Public address of this server (when a proxy stands in front)
          </label>
          <input id={`${id}-url`} className="input" placeholder="https://baton.example.com" value={publicUrl} onChange={(e) => setPublicUrl(e.target.value)} />
        </div>
        <label className="checkbox form-cell-end">
          <input type="checkbox" checked={active} onChange={(e) => setActive(e.target.checked)} /> Active (an inactive connection answers 404)
        </label>
      </div>
      <ErrorMessage error={error} />
      {saved ? (
        <p className="success" role="status">
          Saved.
        </p>
      ) : null}
      <div>
        <button type="submit" className="button button-primary" disabled={busy}>
          {busy ? 'Saving…' : submitLabel}
        </button>
      </div>
    </form>
  );
}
