// The brief's sources: a list (with how many items cite each) and the chosen one's full text, where every quote of an
// active item is highlighted and the quote asked for is scrolled to and focused.
import { useEffect, useMemo, useRef, type ReactNode } from 'react';
import { ErrorMessage, Loading } from '../../../ui/feedback.tsx';
import { dateIn, formatDate } from '../../../ui/format.ts';
import type { Brief, Source } from '../api/brief.api.ts';
import { SourceKindTag, sourceKindLabels } from './brief-badges.tsx';

/** The quote to show, asked for by an evidence chip; `stamp` changes with every click so the same quote scrolls again. */
export type SourceSelection = { sourceId: string; quote: string | null; stamp: number };

type Range = { start: number; end: number; focus: boolean };

/** Every place a quote occurs in the text, merged where they overlap; the asked-for quote keeps its focus mark. */
export function highlightRanges(text: string, quotes: Iterable<string>, focusQuote: string | null): Range[] {
  const ranges: Range[] = [];
  const add = (quote: string, focus: boolean) => {
    if (quote.length === 0) return;
    for (let at = text.indexOf(quote); at !== -1; at = text.indexOf(quote, at + quote.length)) ranges.push({ start: at, end: at + quote.length, focus });
  };
  for (const quote of quotes) if (quote !== focusQuote) add(quote, false);
  if (focusQuote) add(focusQuote, true);
  ranges.sort((a, b) => a.start - b.start || b.end - a.end);
  const merged: Range[] = [];
  for (const r of ranges) {
    const last = merged[merged.length - 1];
    if (last && r.start < last.end) {
      last.end = Math.max(last.end, r.end);
      last.focus = last.focus || r.focus;
    } else merged.push({ ...r });
  }
  return merged;
}

function HighlightedText({ text, ranges }: { text: string; ranges: Range[] }) {
  const parts: ReactNode[] = [];
  let at = 0;
  let focused = false;
  for (const r of ranges) {
    if (r.start > at) parts.push(text.slice(at, r.start));
    const first = r.focus && !focused;
    if (r.focus) focused = true;
    parts.push(
      <mark key={r.start} className={r.focus ? 'mark-focus' : undefined} tabIndex={first ? -1 : undefined} data-focus={first ? 'true' : undefined}>
        {text.slice(r.start, r.end)}
      </mark>,
    );
    at = r.end;
  }
  if (at < text.length) parts.push(text.slice(at));
  return <div className="source-text">{parts}</div>;
}

/** A calendar date stays as it is; an instant is shown on its day in the workspace time zone. */
const dayOf = (value: string, timeZone: string) => formatDate(/^\d{4}-\d{2}-\d{2}$/.test(value) ? value : dateIn(timeZone, value));

const activeClaims = (brief: Brief) =>
  Object.values(brief.items)
    .flat()
    .filter((i) => !i.dismissed && !i.withdrawn && i.kind !== 'kickoff_task' && i.kind !== 'question');

type SourcePanelProps = {
  brief: Brief;
  sources: Source[] | undefined;
  loading: boolean;
  error: unknown;
  onRetry: () => void;
  selection: SourceSelection | null;
  onSelect: (sourceId: string) => void;
  timeZone: string;
};

export function SourcePanel({ brief, sources, loading, error, onRetry, selection, onSelect, timeZone }: SourcePanelProps) {
  const viewRef = useRef<HTMLElement>(null);
  const handled = useRef<number | null>(null);

  // Quotes to highlight per source: the evidence of active items and both sides of open conflicts.
  const { quotes, counts } = useMemo(() => {
    const quotes = new Map<string, Set<string>>();
    const counts = new Map<string, number>();
    const addQuote = (sourceId: string, quote: string) => {
      if (!quotes.has(sourceId)) quotes.set(sourceId, new Set());
      quotes.get(sourceId)!.add(quote);
    };
    for (const item of activeClaims(brief)) {
      for (const e of item.evidence) addQuote(e.sourceId, e.quote);
      for (const sourceId of new Set(item.evidence.map((e) => e.sourceId))) counts.set(sourceId, (counts.get(sourceId) ?? 0) + 1);
    }
    for (const c of brief.conflicts.filter((x) => x.status === 'open')) {
      addQuote(c.notes.sourceId, c.notes.quote);
      addQuote(c.scope.sourceId, c.scope.quote);
    }
    return { quotes, counts };
  }, [brief]);

  const list = sources ?? [];
  const selectedId = selection && list.some((s) => s.id === selection.sourceId) ? selection.sourceId : (list.find((s) => counts.has(s.id)) ?? list[0])?.id;
  const selected = list.find((s) => s.id === selectedId);
  const focusQuote = selection && selection.sourceId === selectedId ? selection.quote : null;
  const ranges = selected ? highlightRanges(selected.text, quotes.get(selected.id) ?? [], focusQuote) : [];
  const found = !focusQuote || ranges.some((r) => r.focus);

  // Scroll to the quote asked for and move focus to it so it is read out: once per click, not on every reload.
  useEffect(() => {
    if (!selection || handled.current === selection.stamp || !selected || selected.id !== selection.sourceId) return;
    handled.current = selection.stamp;
    const view = viewRef.current;
    if (!view) return;
    const mark = view.querySelector<HTMLElement>('mark[data-focus="true"]');
    if (mark) {
      mark.scrollIntoView({ block: 'center', behavior: 'smooth' });
      mark.focus({ preventScroll: true });
    } else if (selection.quote) {
      view.scrollIntoView({ block: 'nearest' });
      view.focus({ preventScroll: true });
    }
  });

  return (
    <div className="source-panel">
      <div className="source-panel-head">
        <h2 id="brief-sources-title">Sources</h2>
        <span className="muted small">{brief.sources.length} on the deal</span>
      </div>
      {error && !sources ? <ErrorMessage error={error} onRetry={onRetry} /> : null}
      {/* Still loading, or holding the empty answer from before the brief arrived: not "no sources" yet. */}
      {(!sources || sources.length === 0) && loading ? <Loading label="Loading the sources…" /> : null}
      {list.length > 0 ? (
        <ul className="source-list" aria-label="Sources of the brief">
          {list.map((s) => {
            const n = counts.get(s.id) ?? 0;
            return (
              <li key={s.id}>
                <button type="button" className="source-button" aria-pressed={s.id === selectedId} onClick={() => onSelect(s.id)} data-testid="source-button">
                  <SourceKindTag kind={s.kind} />
                  {/* The tag says "Contact" already. */}
                  <span className="source-title">{s.kind === 'contact' ? s.title.replace(/^Contact:\s*/, '') : s.title}</span>
                  <span className="source-meta">
                    {s.occurredAt ? <span className="muted small">{dayOf(s.occurredAt, timeZone)}</span> : null}
                    <span className={`source-count${n ? '' : ' source-count-none'}`}>{n === 1 ? '1 item' : `${n} items`}</span>
                  </span>
                </button>
              </li>
            );
          })}
        </ul>
      ) : sources && !loading ? (
        <p className="muted">No sources yet: log a note, call, e-mail or meeting on the deal, or attach the signed scope.</p>
      ) : null}
      {selected ? (
        <article className="source-view" ref={viewRef} tabIndex={-1} aria-labelledby="source-view-title" data-testid="source-view">
          <h3 id="source-view-title" className="source-view-title">
            {selected.title}
          </h3>
          <p className="muted small">
            {sourceKindLabels[selected.kind]}
            {selected.occurredAt ? ` · ${dayOf(selected.occurredAt, timeZone)}` : ''} · highlighted: what the brief quotes
          </p>
          {found ? null : (
            <p className="notice small" role="status">
              That quote is not in this text any more: the source changed since the brief was prepared.
            </p>
          )}
          <HighlightedText text={selected.text} ranges={ranges} />
        </article>
      ) : null}
      {brief.dropped.length > 0 ? (
        <details className="inactive-group dropped">
          <summary>
            {brief.dropped.length} {brief.dropped.length === 1 ? 'item' : 'items'} left out: not quoted from a source
          </summary>
          <ul className="plain-list small">
            {brief.dropped.map((d, i) => (
              <li key={i}>
                <strong>{d.kind.replace(/_/g, ' ')}:</strong> {d.text} <span className="muted">({d.reason})</span>
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </div>
  );
}
