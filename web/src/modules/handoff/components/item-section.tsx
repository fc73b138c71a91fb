// A section of the brief for one kind of item: the active ones, those dismissed or no longer in the sources (collapsed), and "Add".
import type { ReactNode } from 'react';
import { EmptyState, Section } from '../../../ui/feedback.tsx';
import type { BriefItem, ItemKind } from '../api/brief.api.ts';
import { AddItemForm } from './add-item-form.tsx';
import { itemKindLabels } from './brief-badges.tsx';
import { BriefItemCard } from './brief-item.tsx';

/** Active items, withdrawn ones (no longer in the sources) and dismissed ones, apart. */
export function splitItems(items: BriefItem[]): { active: BriefItem[]; withdrawn: BriefItem[]; dismissed: BriefItem[] } {
  return {
    active: items.filter((i) => !i.dismissed && !i.withdrawn),
    withdrawn: items.filter((i) => i.withdrawn && !i.dismissed),
    dismissed: items.filter((i) => i.dismissed),
  };
}

const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** Items the extractor no longer finds: for questions that means the sources answer them now. */
function withdrawnSummary(kind: ItemKind, n: number): string {
  if (kind === 'question') return `${count(n, 'question', 'questions')} the sources answer now`;
  if (kind === 'kickoff_task') return `${count(n, 'task', 'tasks')} no longer needed`;
  return `${count(n, 'item', 'items')} no longer in the sources`;
}

function InactiveGroup({ summary, items }: { summary: string; items: BriefItem[] }) {
  if (items.length === 0) return null;
  return (
    <details className="inactive-group">
      <summary>{summary}</summary>
      <ul className="brief-items">
        {items.map((item) => (
          <BriefItemCard key={item.id} item={item} allowEdit={false} />
        ))}
      </ul>
    </details>
  );
}

type ItemSectionProps = {
  kind: ItemKind;
  items: BriefItem[];
  /** One line under the heading: what belongs here. */
  description: string;
  /** Shown when there is no active item. */
  emptyTitle: string;
  /** The active items; a list of cards unless the kind shows them otherwise (stakeholders as a table). */
  renderActive: (items: BriefItem[]) => ReactNode;
  /** Beside the heading, e.g. "1 without owner". */
  note?: ReactNode;
};

export function ItemSection({ kind, items, description, emptyTitle, renderActive, note }: ItemSectionProps) {
  const { active, withdrawn, dismissed } = splitItems(items);
  const labels = itemKindLabels[kind];
  return (
    <Section
      title={labels.plural}
      id={`brief-${kind.replace(/_/g, '-')}`}
      actions={
        <span className="section-count">
          {note}
          <span className="muted small">{count(active.length, labels.one, kind === 'success_criterion' ? 'success criteria' : `${labels.one}s`)}</span>
        </span>
      }
    >
      <p className="muted small section-description">{description}</p>
      {active.length > 0 ? renderActive(active) : <EmptyState title={emptyTitle} />}
      <InactiveGroup summary={withdrawnSummary(kind, withdrawn.length)} items={withdrawn} />
      <InactiveGroup summary={`${count(dismissed.length, 'item', 'items')} dismissed`} items={dismissed} />
      {kind !== 'question' ? <AddItemForm kind={kind} /> : null}
    </Section>
  );
}
