// A select of the workspace's people (active first), for owners and team members.
import type { WorkspaceUser } from '../api/users.api.ts';
import { roleLabel } from '../../../ui/labels.ts';

type UserSelectProps = {
  id: string;
  people: WorkspaceUser[] | undefined;
  value: string;
  onChange: (userId: string) => void;
  /** The label of the empty choice; without it a person must be chosen. */
  emptyLabel?: string;
  /** Shown as a choice even when the list has not loaded (or no longer holds the person). */
  current?: { id: string; name: string } | null;
  disabled?: boolean;
  className?: string;
  invalid?: boolean;
  describedBy?: string;
  label?: string;
};

export function UserSelect({ id, people, value, onChange, emptyLabel, current, disabled, className = 'input', invalid, describedBy, label }: UserSelectProps) {
  const list = [...(people ?? [])].sort((a, b) => Number(b.active) - Number(a.active) || a.name.localeCompare(b.name));
  const known = new Set(list.map((p) => p.id));
  return (
    <select
      id={id}
      className={className}
      value={value}
      disabled={disabled}
      aria-invalid={invalid || undefined}
      aria-describedby={describedBy}
      aria-label={label}
      onChange={(event) => onChange(event.target.value)}
    >
      {emptyLabel !== undefined || !value ? <option value="">{emptyLabel ?? 'Choose a person'}</option> : null}
      {current && !known.has(current.id) ? <option value={current.id}>{current.name}</option> : null}
      {list.map((p) => (
        <option key={p.id} value={p.id}>
          {p.name} ({roleLabel(p.role)}){p.active ? '' : ', inactive'}
        </option>
      ))}
    </select>
  );
}
