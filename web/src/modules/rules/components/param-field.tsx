// One param of an action as a form field, chosen by its kind in the catalog (number, select, person, role, JSON ...).
import { roles } from '../../../../../src/domain/roles.ts';
import type { WorkspaceUser } from '../../users/api/users.api.ts';
import { UserSelect } from '../../users/components/user-select.tsx';
import type { ParamSpec } from '../api/rules.api.ts';

export type ParamLists = { people: WorkspaceUser[] | undefined; teamRolesListId: string; templatesListId: string };

type ParamFieldProps = {
  id: string;
  spec: ParamSpec;
  value: unknown;
  /** The JSON text of a "json" param. */
  jsonText: string;
  invalid: boolean;
  lists: ParamLists;
  onChange: (value: unknown) => void;
  onJsonChange: (text: string) => void;
};

const asText = (value: unknown): string => (value === undefined || value === null ? '' : typeof value === 'string' ? value : JSON.stringify(value));

export function ParamField({ id, spec, value, jsonText, invalid, lists, onChange, onJsonChange }: ParamFieldProps) {
  const label = (
    <label className="label" htmlFor={id}>
      {spec.label}
      {spec.required ? '' : ' (optional)'}
    </label>
  );
  const common = { id, 'aria-invalid': invalid || undefined } as const;
  const setText = (text: string) => onChange(text === '' ? undefined : text);

  switch (spec.kind) {
    case 'number':
      return (
        <div className="form-cell form-cell-narrow">
          {label}
          <input
            {...common}
            className="input"
            type="number"
            value={asText(value)}
            onChange={(event) => {
              const text = event.target.value;
              const n = Number(text);
              onChange(text === '' ? undefined : Number.isFinite(n) ? n : text);
            }}
          />
        </div>
      );
    case 'select':
      return (
        <div className="form-cell">
          {label}
          <select {...common} className="input" value={asText(value)} onChange={(event) => setText(event.target.value)}>
            {spec.required && value !== undefined ? null : <option value="">{spec.required ? 'Choose' : 'None'}</option>}
            {value !== undefined && !(spec.options ?? []).includes(asText(value)) ? <option value={asText(value)}>{asText(value)}</option> : null}
            {(spec.options ?? []).map((o) => (
              <option key={o} value={o}>
                {o}
              </option>
            ))}
          </select>
        </div>
      );
    case 'user':
      return (
        <div className="form-cell">
          {label}
          <UserSelect
            id={id}
            people={lists.people}
            value={asText(value)}
            emptyLabel={spec.required ? undefined : 'Nobody'}
            invalid={invalid}
            onChange={setText}
          />
        </div>
      );
    case 'role':
      return (
        <div className="form-cell">
          {label}
          <select {...common} className="input" value={asText(value)} onChange={(event) => setText(event.target.value)}>
            <option value="">{spec.required ? 'Choose a role' : 'None'}</option>
            {roles.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
        </div>
      );
    case 'longtext':
      return (
        <div className="form-cell form-cell-full">
          {label}
          <textarea {...common} className="input" rows={3} value={asText(value)} onChange={(event) => setText(event.target.value)} />
        </div>
      );
    case 'json':
      return (
        <div className="form-cell form-cell-full">
          {label}
          <textarea
            {...common}
            className="input input-mono"
            rows={4}
            spellCheck={false}
            value={jsonText}
            onChange={(event) => onJsonChange(event.target.value)}
          />
        </div>
      );
    case 'team_role':
    case 'template':
    default:
      return (
        <div className="form-cell form-cell-grow">
          {label}
          <input
            {...common}
            className={`input ${spec.kind === 'team_role' || spec.kind === 'template' ? 'input-mono' : ''}`}
            list={spec.kind === 'team_role' ? lists.teamRolesListId : spec.kind === 'template' ? lists.templatesListId : undefined}
            value={asText(value)}
            onChange={(event) => setText(event.target.value)}
          />
        </div>
      );
  }
}
