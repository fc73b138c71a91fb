// Moves an open deal between open stages; won and lost go through Mark won / Mark lost.
import { useId } from 'react';
import type { Stage } from '../../pipeline/api/pipelines.api.ts';

type StageSelectProps = { stages: Stage[]; value: string; disabled: boolean; onChange: (stageId: string) => void };

export function StageSelect({ stages, value, disabled, onChange }: StageSelectProps) {
  const id = useId();
  const open = stages.filter((s) => s.category === 'open').sort((a, b) => a.position - b.position);
  return (
    <div className="inline-field">
      <label className="label" htmlFor={id}>
        Stage
      </label>
      <select id={id} className="input input-inline" value={value} disabled={disabled} onChange={(event) => onChange(event.target.value)}>
        {open.map((stage) => (
          <option key={stage.id} value={stage.id}>
            {stage.name} ({stage.probability}%)
          </option>
        ))}
      </select>
    </div>
  );
}
