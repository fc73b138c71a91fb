// One item of the brief: its words, an "edited" marker with the extracted wording, its evidence, what its kind adds, and its controls.
import type { ReactNode } from 'react';
import { Badge } from '../../../ui/badge.tsx';
import { formatDateTime } from '../../../ui/format.ts';
import type { BriefItem } from '../api/brief.api.ts';
import { useBriefContext } from '../hooks/use-brief-context.tsx';
import { itemKindLabels } from './brief-badges.tsx';
import { ConfidenceMark } from './confidence-mark.tsx';
import { EvidenceChips } from './evidence-chips.tsx';
import { useItemControls } from './item-controls.tsx';

const short = (text: string, max = 60) => (text.length > max ? `${text.slice(0, max - 1).trimEnd()}…` : text);

/** How the item's controls and screen readers name it: its kind and its first words. */
export const itemLabel = (item: BriefItem): string => `${itemKindLabels[item.kind].one} “${short(item.text)}”`;

export function EditedMarker({ item }: { item: BriefItem }) {
  const { timeZone } = useBriefContext();
  if (!item.edited) return null;
  return (
    <details className="edited-marker">
      <summary>
        Edited<span className="visually-hidden">: show the extracted wording</span>
      </summary>
      <div className="edited-body">
        {item.extractedText !== null ? (
          <p>
            <span className="muted">Extracted: </span>“{item.extractedText}”
          </p>
        ) : (
          <p className="muted">Added by a person; no extracted wording.</p>
        )}
        <p className="muted small">
          By {item.edited.by}, {formatDateTime(item.edited.at, timeZone)}
        </p>
      </div>
    </details>
  );
}

type BriefItemCardProps = {
  item: BriefItem;
  /** Badges beside the text (owner, review, kind). */
  marks?: ReactNode;
  /** What the item's kind adds under it: an owner picker, the promise review, an answer. */
  children?: ReactNode;
  /** Needs someone's attention (a risk without owner, a promise not reviewed). */
  attention?: boolean;
  allowEdit?: boolean;
};

export function BriefItemCard({ item, marks, children, attention, allowEdit }: BriefItemCardProps) {
  const { timeZone } = useBriefContext();
  const controls = useItemControls(item, itemLabel(item), { edits: allowEdit === false ? 'nothing' : 'text' });
  const inactive = Boolean(item.dismissed || item.withdrawn);
  return (
    <li
      className={`brief-item${(attention || item.needsConfirmation) && !inactive ? ' brief-item-attention' : ''}${inactive ? ' brief-item-inactive' : ''}`}
      data-testid="brief-item"
      data-kind={item.kind}
    >
      <div className="brief-item-main">
        <p className="brief-item-text">{item.text}</p>
        <div className="brief-item-meta">
          {marks}
          <ConfidenceMark item={item} />
          {item.origin === 'person' && !item.raisedBy ? <Badge tone="grey">Added by a person</Badge> : null}
          <EditedMarker item={item} />
          {item.dismissed ? (
            <span className="muted small">
              Dismissed by {item.dismissed.by}, {formatDateTime(item.dismissed.at, timeZone)}
              {item.dismissed.reason ? `: ${item.dismissed.reason}` : ''}
            </span>
          ) : null}
          {item.withdrawn && !item.dismissed ? <span className="muted small">No longer found in the sources</span> : null}
        </div>
        <EvidenceChips evidence={item.evidence} itemText={item.text} max={item.kind === 'kickoff_task' ? 2 : 4} />
        {children}
      </div>
      {controls.actions}
      {controls.panel}
    </li>
  );
}
