// How far the extractor's evidence carries an item or a conflict: a quiet note when it is well supported, a "To confirm"
// mark when it is weak (gates, scores and the pause leave it out until the AE confirms it), and who confirmed it.
import { Badge } from '../../../ui/badge.tsx';
import { formatDateTime } from '../../../ui/format.ts';
import type { Brief, BriefItem, Conflict } from '../api/brief.api.ts';
import { isActiveItem, toConfirm } from '../api/brief.api.ts';
import { useBriefContext } from '../hooks/use-brief-context.tsx';

const percent = (n: number) => `${Math.round(n * 100)}%`;

/** What an item and a conflict share about their confidence (the server's own fields). */
type Confidence = Pick<BriefItem, 'confidence' | 'confidenceBasis' | 'needsConfirmation' | 'confirmed'> &
  Pick<Conflict, 'confidence' | 'confidenceBasis' | 'needsConfirmation' | 'confirmed'>;

function Mark({ subject, waits }: { subject: Confidence; waits: string }) {
  const { timeZone } = useBriefContext();
  if (subject.confidence === null) return null;
  const basis = subject.confidenceBasis ?? 'the extractor';
  if (subject.needsConfirmation)
    return (
      <Badge tone="amber" title={`Confidence ${percent(subject.confidence)}: ${basis}. ${waits}`}>
        To confirm
        <span className="visually-hidden">
          : weak evidence ({basis}), confidence {percent(subject.confidence)}
        </span>
      </Badge>
    );
  if (subject.confirmed)
    return (
      <span className="muted small" data-testid="confirmed-mark">
        Confirmed by {subject.confirmed.by}, {formatDateTime(subject.confirmed.at, timeZone)}
      </span>
    );
  return (
    <span className="muted small" title="How far the evidence carries this">
      Confidence {percent(subject.confidence)} · {basis}
    </span>
  );
}

export function ConfidenceMark({ item }: { item: BriefItem }) {
  if (!isActiveItem(item)) return null;
  return <Mark subject={item} waits="Not counted by the gates and scores until the AE confirms it." />;
}

/** A conflict's confidence: a weak one neither pauses the handoff nor fails the gate until the AE confirms it. */
export function ConflictConfidenceMark({ conflict }: { conflict: Conflict }) {
  return <Mark subject={conflict} waits="It does not pause the handoff until the AE confirms it." />;
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
