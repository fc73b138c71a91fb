import { Badge, type BadgeTone } from '../../../ui/badge.tsx';

const tones: Record<string, BadgeTone> = { admin: 'red', sales: 'blue', ops: 'amber', cs: 'green', pm: 'green', finance: 'grey', legal: 'grey' };

export function RoleBadge({ role }: { role: string }) {
  return (
    <Badge tone={tones[role] ?? 'neutral'} title="Role">
      {role}
    </Badge>
  );
}
