// A team role chosen by its name from the roster; the role's key is what the template stores. Templates give
// delivery work, so only delivery roles are offered (the server refuses a sales role).
import type { TeamRole } from '../../team/api/team.api.ts';

type RolePickerProps = {
  id: string;
  roles: readonly TeamRole[];
  value: string;
  /** What the empty choice says ("Choose a role", "No owner role"). */
  emptyLabel: string;
  invalid?: boolean | undefined;
  onChange: (key: string) => void;
};

export function RolePicker({ id, roles, value, emptyLabel, invalid, onChange }: RolePickerProps) {
  // A key the roster lacks (a role removed since, or a template imported from elsewhere) stays visible and chosen.
  const unknown = value !== '' && !roles.some((r) => r.key === value);
  const sales = roles.find((r) => r.key === value && r.kind === 'sales');
  return (
    <select id={id} className="input" value={value} aria-invalid={invalid || undefined} onChange={(event) => onChange(event.target.value)}>
      <option value="">{emptyLabel}</option>
      {unknown ? <option value={value}>{value} (not in the roster)</option> : null}
      {sales ? <option value={value}>{sales.name} (a sales role: choose a delivery role)</option> : null}
      {roles
        .filter((r) => r.kind === 'delivery')
        .map((r) => (
          <option key={r.id} value={r.key}>
            {r.name}
          </option>
        ))}
    </select>
  );
}
