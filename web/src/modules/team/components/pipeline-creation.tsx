// Per pipeline: does winning a deal create its project at once, or wait for someone to press "Create project"?
import { useState } from 'react';
import { ErrorMessage } from '../../../ui/feedback.tsx';
import { setProjectCreation, type PipelineWithCreation, type ProjectCreation } from '../api/team.api.ts';

export function PipelineCreation({ pipelines, onSaved }: { pipelines: PipelineWithCreation[]; onSaved: (pipeline: PipelineWithCreation) => void }) {
  const [busyId, setBusyId] = useState<string | null>(null);
  const [error, setError] = useState<{ id: string; error: unknown } | null>(null);

  const change = async (pipeline: PipelineWithCreation, value: ProjectCreation) => {
    setBusyId(pipeline.id);
    setError(null);
    try {
      const saved = await setProjectCreation(pipeline.id, value);
      onSaved({ ...pipeline, ...saved, projectCreation: saved.projectCreation ?? value });
    } catch (caught) {
      setError({ id: pipeline.id, error: caught });
    } finally {
      setBusyId(null);
    }
  };

  return (
    <table className="table">
      <thead>
        <tr>
          <th scope="col">Pipeline</th>
          <th scope="col">When a deal is won</th>
        </tr>
      </thead>
      <tbody>
        {pipelines.map((p) => (
          <tr key={p.id}>
            <td>
              {p.name}
              {p.isDefault ? <span className="tag">default</span> : null}
            </td>
            <td>
              <select
                className="input input-inline"
                aria-label={`Project creation for ${p.name}`}
                value={p.projectCreation ?? 'automatic'}
                disabled={busyId === p.id}
                onChange={(event) => void change(p, event.target.value as ProjectCreation)}
              >
                <option value="automatic">Create the project automatically</option>
                <option value="manual">Offer a “Create project” button</option>
              </select>
              {error?.id === p.id ? <ErrorMessage error={error.error} /> : null}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
