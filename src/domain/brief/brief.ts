// From what an extractor offers to what the brief holds: evidence checked, duplicates merged, the questions and
// the kickoff list derived, and each item given a key that stays the same when the brief is refreshed.
import { createHash } from 'node:crypto';
import { kickoffTasks, missingContext, type Mentions } from './derived.ts';
import { checkEvidence, locateQuote } from './evidence.ts';
import { notesLeftOutRisk } from './sources.ts';
import type { BriefInput, ConflictDraft, DroppedItem, Extraction, ItemDraft } from './types.ts';

/** What an extractor returns before Baton checks it. */
export type RawExtraction = { items: ItemDraft[]; conflicts: ConflictDraft[]; mentions: Mentions };

const digest = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 16);
const foldKey = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();

/** The identity of an item across refreshes: its kind and what it cites (a stakeholder: the person). */
export function itemKey(item: ItemDraft): string {
  if (item.key) return item.key;
  if (item.kind === 'question') return `question:${item.field ?? digest(item.text)}`;
  if (item.kind === 'stakeholder' && item.stakeholder) return `stakeholder:${foldKey(item.stakeholder.name)}`;
  const first = item.evidence[0];
  return `${item.kind}:${digest(first ? `${first.sourceId}|${foldKey(first.quote)}` : foldKey(item.text))}`;
}

export const conflictKey = (c: ConflictDraft): string =>
  `${c.kind}:${digest(`${c.notes.sourceId}|${foldKey(c.notes.quote)}|${c.scope.sourceId}|${foldKey(c.scope.quote)}`)}`;

/** A digest of the sources: the same sources prepare the same brief, so a repeat is a no-op. */
export function sourcesDigest(input: BriefInput): string {
  return digest(JSON.stringify([input.sources.map((s) => [s.id, s.kind, s.title, s.text]), input.vendor, input.deal]));
}

function mergeDuplicates(items: ItemDraft[]): ItemDraft[] {
  const byKey = new Map<string, ItemDraft>();
  for (const item of items) {
    const key = itemKey(item);
    const seen = byKey.get(key);
    if (!seen) {
      byKey.set(key, { ...item, evidence: [...item.evidence] });
      continue;
    }
    for (const e of item.evidence) if (!seen.evidence.some((x) => x.sourceId === e.sourceId && x.quote === e.quote)) seen.evidence.push(e);
    // Two readings of the same words: the better-supported one speaks for the item.
    if ((item.confidence ?? 0) > (seen.confidence ?? 0)) Object.assign(seen, { confidence: item.confidence, basis: item.basis });
    if (item.kind === 'stakeholder' && item.stakeholder && seen.stakeholder) {
      // What one source says about a person adds to what another says: a title, an authority, taking part.
      seen.stakeholder = {
        name: seen.stakeholder.name.length >= item.stakeholder.name.length ? seen.stakeholder.name : item.stakeholder.name,
        title: seen.stakeholder.title ?? item.stakeholder.title,
        authority: seen.stakeholder.authority === 'unknown' ? item.stakeholder.authority : seen.stakeholder.authority,
        engaged: seen.stakeholder.engaged || item.stakeholder.engaged,
        contactId: seen.stakeholder.contactId ?? item.stakeholder.contactId,
      };
    }
  }
  return [...byKey.values()];
}

/** Checks and completes an extractor's output; whichever extractor produced it, unevidenced claims are dropped. */
export function completeExtraction(raw: RawExtraction, input: BriefInput, extractor: string): Extraction {
  const unread = notesLeftOutRisk(input.sources);
  const claims = [...raw.items.filter((i) => i.kind !== 'question' && i.kind !== 'kickoff_task'), ...(unread ? [unread] : [])];
  const checked = checkEvidence(claims, input.sources);
  const items = mergeDuplicates(checked.items);
  const dropped: DroppedItem[] = [...checked.dropped];
  const byId = new Map(input.sources.map((s) => [s.id, s]));
  const conflicts: ConflictDraft[] = [];
  for (const c of raw.conflicts) {
    const notesSource = byId.get(c.notes.sourceId);
    const scopeSource = byId.get(c.scope.sourceId);
    const notes = notesSource && notesSource.kind !== 'scope' ? locateQuote(notesSource, c.notes.quote) : undefined;
    const scope = scopeSource && scopeSource.kind === 'scope' ? locateQuote(scopeSource, c.scope.quote) : undefined;
    if (!notes || !scope) {
      dropped.push({
        kind: 'conflict',
        text: c.summary,
        reason: !notes ? "the notes' side is not quoted from a note, call, e-mail or meeting" : "the scope's side is not quoted from the signed scope",
      });
      continue;
    }
    const conflict = { ...c, notes: { sourceId: c.notes.sourceId, quote: notes.text }, scope: { sourceId: c.scope.sourceId, quote: scope.text } };
    if (!conflicts.some((x) => conflictKey(x) === conflictKey(conflict))) conflicts.push(conflict);
  }
  const mentions = {
    kickoffDate:
      (raw.mentions.kickoffDate && checkEvidence([{ kind: 'goal', text: '', evidence: [raw.mentions.kickoffDate] }], input.sources).items[0]?.evidence[0]) ||
      null,
    timeline:
      (raw.mentions.timeline && checkEvidence([{ kind: 'goal', text: '', evidence: [raw.mentions.timeline] }], input.sources).items[0]?.evidence[0]) || null,
  };
  const questions = missingContext(items, input.sources, mentions);
  const signed = new Set(input.sources.filter((x) => x.kind === 'scope').map((x) => x.id));
  return { items: [...items, ...questions, ...kickoffTasks([...items, ...questions], signed)], conflicts, extractor, dropped };
}
