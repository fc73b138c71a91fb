import { Badge, type BadgeTone } from '../../../ui/badge.tsx';
import type { StageCategory } from '../../pipeline/api/pipelines.api.ts';

const tones: Record<StageCategory, BadgeTone> = { open: 'blue', won: 'green', lost: 'red' };

export function StageBadge({ name, category }: { name: string; category: StageCategory }) {
  return (
    <Badge tone={tones[category]} title={`${category} stage`}>
      {name}
    </Badge>
  );
}
