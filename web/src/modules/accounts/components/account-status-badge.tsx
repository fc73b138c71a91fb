import { Badge, type BadgeTone } from '../../../ui/badge.tsx';
import { humanize } from '../../../ui/format.ts';
import type { AccountStatus } from '../api/accounts.api.ts';

const tones: Record<AccountStatus, BadgeTone> = { prospect: 'amber', active: 'green', inactive: 'grey', churned: 'red' };

export function AccountStatusBadge({ status }: { status: AccountStatus }) {
  return (
    <span data-testid="account-status">
      <Badge tone={tones[status] ?? 'neutral'} title="Account status">
        {humanize(status)}
      </Badge>
    </span>
  );
}
