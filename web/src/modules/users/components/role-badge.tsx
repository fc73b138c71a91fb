import { Badge, type BadgeTone } from '../../../ui/badge.tsx';
import { roleLabel } from '../../../ui/labels.ts';

const tones: Record<string, BadgeTone> = { admin: 'red', sales: 'blue', ops: 'amber', cs: 'green', pm: 'green', finance: 'grey', legal: 'grey' };

export function RoleBadge({ role }: { role: string }) {
  return (
    <Badge tone={tones[role] ?? 'neutral'} title="Role">
      {roleLabel(role)}
    </Badge>
  );
}
