// The workspace's active people as choices of an owner or CSM select.
import type { InlineOption } from '../../../ui/inline-field.tsx';
import { usePeople } from './use-people.ts';

export function usePeopleOptions(): InlineOption[] {
  const people = usePeople();
  return (people.data ?? [])
    .filter((p) => p.active)
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((p) => ({ value: p.id, label: p.name }));
}
