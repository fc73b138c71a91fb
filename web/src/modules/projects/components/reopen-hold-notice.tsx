// The warning a project carries while its won deal is reopened: on hold until the deal is won again or someone decides.
import { formatDateTime } from '../../../ui/format.ts';

type ReopenHoldNoticeProps = { since: string | null; dealName: string; timeZone: string; mayDecide: boolean };

export function ReopenHoldNotice({ since, dealName, timeZone, mayDecide }: ReopenHoldNoticeProps) {
  if (!since) return null;
  return (
    <p className="notice notice-block" role="alert" data-testid="reopen-hold-warning">
      On hold since {formatDateTime(since, timeZone)}: the deal “{dealName}” was reopened. Its tasks stay and no new ones are created.{' '}
      {mayDecide ? 'Win the deal again to resume it, or set the status to Active or Cancelled below.' : 'It resumes when the deal is won again.'}
    </p>
  );
}
