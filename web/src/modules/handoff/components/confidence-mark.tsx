// How far the extractor's evidence carries an item: a quiet note when it is well supported, a "To confirm" mark when
// it is weak (gates and scores leave it out until the AE confirms it or drops it), and who confirmed it.
import { Badge } from '../../../ui/badge.tsx';
import { formatDateTime } from '../../../ui/format.ts';
import type { Brief, BriefItem } from '../api/brief.api.ts';
import { isActiveItem, toConfirm } from '../api/brief.api.ts';
import { useBriefContext } from '../hooks/use-brief-context.tsx';

const percent = (n: number) => `${Math.round(n * 100)}%`;

export function ConfidenceMark({ item }: { item: BriefItem }) {
  const { timeZone } = useBriefContext();
  if (item.confidence === null || !isActiveItem(item)) return null;
  const basis = item.confidenceBasis ?? 'the extractor';
  if (item.needsConfirmation)
    return (
      <Badge tone="amber" title={`Confidence ${percent(item.confidence)}: ${basis}. Not counted by the gates and scores until the AE confirms it.`}>
        To confirm
        <span className="visually-hidden">
          : weak evidence ({basis}), confidence {percent(item.confidence)}
        </span>
      </Badge>
    );
  if (item.confirmed)
    return (
      <span className="muted small" data-testid="confirmed-mark">
        Confirmed by {item.confirmed.by}, {formatDateTime(item.confirmed.at, timeZone)}
      </span>
    );
  return (
    <span className="muted small" title="How far the evidence carries this item">
      Confidence {percent(item.confidence)} · {basis}
    </span>
  );
}

/** Above the sections: how many items wait for the AE's word. */
export function ToConfirmNotice({ brief }: { brief: Pick<Brief, 'items'> }) {
  const count = toConfirm(brief).length;
  if (count === 0) return null;
  return (
    <p className="notice" role="status" data-testid="to-confirm-notice">
      {count === 1 ? '1 item was' : `${count} items were`} read from weak evidence and {count === 1 ? 'is' : 'are'} marked “To confirm”: the gates and scores
      leave {count === 1 ? 'it' : 'them'} out until the AE confirms or dismisses {count === 1 ? 'it' : 'them'}.
    </p>
  );
}
