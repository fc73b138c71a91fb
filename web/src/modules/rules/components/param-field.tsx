// One param of an action as a form field, chosen by its kind in the catalog (number, select, person, role, JSON ...).
import type { WorkspaceUser } from '../../users/api/users.api.ts';
import { UserSelect } from '../../users/components/user-select.tsx';
import type { ParamSpec, RuleCatalog } from '../api/rules.api.ts';

export type ParamLists = { people: WorkspaceUser[] | undefined; names: RuleCatalog['names'] };

/** The words for a select param's options (who a notification goes to, its channel); the key when there are none. */
function optionLabel(spec: ParamSpec, value: string, names: RuleCatalog['names']): string {
  const list = spec.name === 'recipientType' ? names.recipientTypes : spec.name === 'channel' ? names.channels : [];
  return list.find((o) => o.value === value)?.label ?? value;
}

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
                {optionLabel(spec, o, lists.names)}
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
            {value !== undefined && !lists.names.roles.some((r) => r.value === asText(value)) ? (
              <option value={asText(value)}>{asText(value)} (unknown)</option>
            ) : null}
            {lists.names.roles.map((r) => (
              <option key={r.value} value={r.value}>
                {r.label}
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
    case 'document_template':
    case 'approval_policy': {
      const options =
        spec.kind === 'team_role'
          ? lists.names.teamRoles
          : spec.kind === 'template'
            ? lists.names.templates
            : spec.kind === 'approval_policy'
              ? (lists.names.approvalPolicies ?? [])
              : (lists.names.documentTemplates ?? []);
      return (
        <div className="form-cell form-cell-grow">
          {label}
          <select {...common} className="input" value={asText(value)} onChange={(event) => setText(event.target.value)}>
            <option value="">
              {spec.required
                ? spec.kind === 'team_role'
                  ? 'Choose a team role'
                  : spec.kind === 'approval_policy'
                    ? 'Choose a policy'
                    : 'Choose a template'
                : 'None'}
            </option>
            {value !== undefined && !options.some((o) => o.value === asText(value)) ? <option value={asText(value)}>{asText(value)} (unknown)</option> : null}
            {options.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
        </div>
      );
    }
    default:
      return (
        <div className="form-cell form-cell-grow">
          {label}
          <input {...common} className="input" value={asText(value)} onChange={(event) => setText(event.target.value)} />
        </div>
      );
  }
}
