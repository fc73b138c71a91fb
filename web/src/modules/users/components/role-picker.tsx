// The role picker with what the chosen role may do beneath it (adding a person, creating an API token).
import { roleDescriptions, roles } from '../api/users.api.ts';
import type { Role } from '../../session/api/session.api.ts';
import { roleLabel } from '../../../ui/labels.ts';

type RolePickerProps = {
  id: string;
  label: string;
  value: Role;
  onChange: (role: Role) => void;
  invalid?: boolean;
  /** Extra ids to describe the select with (an error message); the hint is always included. */
  describedBy?: string;
};

export function RolePicker({ id, label, value, onChange, invalid = false, describedBy }: RolePickerProps) {
  const hintId = `${id}-hint`;
  return (
    <>
      <label className="label" htmlFor={id}>
        {label}
      </label>
      <select
        id={id}
        className="input"
        value={value}
        aria-invalid={invalid || undefined}
        aria-describedby={[hintId, describedBy].filter(Boolean).join(' ')}
        onChange={(event) => onChange(event.target.value as Role)}
      >
        {roles.map((r) => (
          <option key={r} value={r}>
            {roleLabel(r)}
          </option>
        ))}
      </select>
      <p id={hintId} className="muted small">
        {roleDescriptions[value]}
      </p>
    </>
  );
}
