// An item's evidence as chips (the source's title, and the quote when it differs from the item's words); a click shows it in its source.
import { useState } from 'react';
import type { Evidence } from '../api/brief.api.ts';
import { sourceTitleOf, useBriefContext } from '../hooks/use-brief-context.tsx';

const short = (text: string, max = 70) => (text.length > max ? `${text.slice(0, max - 1).trimEnd()}…` : text);
const fold = (text: string) => text.toLowerCase().replace(/\s+/g, ' ').trim();

/** `max` chips at first (the rest behind "+n more"), so an item citing many quotes stays short. */
export function EvidenceChips({ evidence, itemText, max = 4 }: { evidence: Evidence[]; itemText?: string; max?: number }) {
  const { brief, showEvidence } = useBriefContext();
  const [all, setAll] = useState(false);
  const unique = evidence.filter((e, i) => evidence.findIndex((x) => x.sourceId === e.sourceId && x.quote === e.quote) === i);
  if (unique.length === 0) return null;
  const shown = all || unique.length <= max + 1 ? unique : unique.slice(0, max);
  return (
    <ul className="evidence-list" aria-label="Evidence">
      {shown.map((e) => {
        const title = sourceTitleOf(brief, e.sourceId);
        const sameWords = itemText !== undefined && fold(e.quote) === fold(itemText);
        return (
          <li key={`${e.sourceId}|${e.quote}`}>
            <button type="button" className="evidence-chip" title={`“${e.quote}” in ${title}: show it in the source`} onClick={() => showEvidence(e)}>
              <span className="evidence-mark" aria-hidden="true">
                ❝
              </span>
              <span className="visually-hidden">Show the quote in </span>
              <span className="evidence-source">{title}</span>
              {sameWords ? null : <q className="evidence-quote">{short(e.quote)}</q>}
            </button>
          </li>
        );
      })}
      {shown.length < unique.length ? (
        <li>
          <button type="button" className="evidence-more" onClick={() => setAll(true)}>
            +{unique.length - shown.length} more<span className="visually-hidden"> quotes</span>
          </button>
        </li>
      ) : null}
    </ul>
  );
}
