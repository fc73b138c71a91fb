// Evidence is checked, never trusted: a quote must be found in the source it names, or the item is dropped.
import { isClaimKind, type DroppedItem, type Evidence, type ItemDraft, type Source } from './types.ts';

/** Folds what copying text tends to change (curly quotes, dashes, runs of spaces, case); keeps a map to the original. */
function fold(text: string): { folded: string; at: number[] } {
  let folded = '';
  const at: number[] = [];
  let space = false;
  for (let i = 0; i < text.length; i++) {
    let ch = text[i]!;
    if (/\s/.test(ch)) {
      if (space || folded === '') continue;
      space = true;
      folded += ' ';
      at.push(i);
      continue;
    }
    space = false;
    if (ch === '\u2018' || ch === '\u2019' || ch === '\u02bc') ch = "'";
    else if (ch === '\u201c' || ch === '\u201d') ch = '"';
    else if (ch === '\u2013' || ch === '\u2014') ch = '-';
    else if (ch === '\u00a0') ch = ' ';
    folded += ch.toLowerCase();
    at.push(i);
  }
  return { folded, at };
}

const folds = new WeakMap<Source, ReturnType<typeof fold>>();
function foldedSource(source: Source) {
  let f = folds.get(source);
  if (!f) {
    f = fold(source.text);
    folds.set(source, f);
  }
  return f;
}

/** Where a quote is in a source's text, as the source's own characters; undefined when it is not there. */
export function locateQuote(source: Source, quote: string): { start: number; end: number; text: string } | undefined {
  const q = fold(quote.trim()).folded.trim();
  if (q.length < 3) return undefined;
  const s = foldedSource(source);
  const i = s.folded.indexOf(q);
  if (i < 0) return undefined;
  const start = s.at[i]!;
  const end = s.at[i + q.length - 1]! + 1;
  return { start, end, text: source.text.slice(start, end) };
}

/**
 * Keeps the evidence that is really in the sources (rewritten to the source's exact words) and drops every claim
 * left with none. Questions and kickoff tasks are about what is missing or what to do: they keep what they cite.
 */
export function checkEvidence(items: ItemDraft[], sources: Source[]): { items: ItemDraft[]; dropped: DroppedItem[] } {
  const byId = new Map(sources.map((s) => [s.id, s]));
  const kept: ItemDraft[] = [];
  const dropped: DroppedItem[] = [];
  for (const item of items) {
    const evidence: Evidence[] = [];
    for (const e of item.evidence) {
      const source = byId.get(e.sourceId);
      const found = source && locateQuote(source, e.quote);
      if (found && !evidence.some((x) => x.sourceId === e.sourceId && x.quote === found.text)) evidence.push({ sourceId: e.sourceId, quote: found.text });
    }
    if (isClaimKind(item.kind) && evidence.length === 0) {
      const first = item.evidence[0];
      dropped.push({
        kind: item.kind,
        text: item.text,
        reason: !first
          ? 'no evidence given'
          : !byId.has(first.sourceId)
            ? `cites a source that is not the deal's (${first.sourceId})`
            : `the quoted words are not in the source: "${first.quote.slice(0, 120)}"`,
      });
      continue;
    }
    kept.push({ ...item, evidence: isClaimKind(item.kind) ? evidence : item.evidence });
  }
  return { items: kept, dropped };
}
