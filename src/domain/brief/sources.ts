// The deal's fields and contacts written as sources, so an item can quote them like any note.
import type { ItemDraft, Source } from './types.ts';

export type ContactFacts = { id: string; name: string; title: string | null; buyingRole: string | null; email: string | null };

const roleWords: Record<string, string> = {
  sponsor: 'sponsor',
  decision_maker: 'decision maker',
  champion: 'champion',
  influencer: 'influencer',
  user: 'user',
  technical: 'technical contact',
  procurement: 'procurement',
  finance: 'finance',
  legal: 'legal',
};

/** "Maria Garcia, VP Operations, sponsor, maria@acme.example" */
export function contactSource(contact: ContactFacts): Source {
  const parts = [
    contact.name,
    contact.title,
    contact.buyingRole ? (roleWords[contact.buyingRole] ?? contact.buyingRole.replace(/_/g, ' ')) : null,
    contact.email,
  ].filter((p): p is string => !!p && p.trim() !== '');
  return { id: `contact:${contact.id}`, kind: 'contact', title: `Contact: ${contact.name}`, text: parts.join(', '), occurredAt: null };
}

export type DealFields = {
  id: string;
  name: string;
  amount: string;
  dealType: string;
  complexity: string;
  closeDate: string | null;
  paymentTerms: string | null;
  contractVersion: string | null;
  nonStandardClauses: string | null;
  custom: Record<string, unknown>;
  /** The deal's oldest activities a brief did not read (it reads the newest, up to briefReadLimits). */
  leftOut?: NotesLeftOut | null | undefined;
};

/** How much of a deal's history a brief reads: beyond it, the oldest notes are left out and the brief says so. */
export const briefReadLimits = { activities: 2_000, characters: 1_000_000 } as const;

export type NotesLeftOut = { count: number; from: string; to: string };

/**
 * From a deal's activities, newest first, the ones a brief reads (oldest first): the newest, up to the limits on
 * count and text; and what was left out (how many, from when to when), or null when nothing was.
 */
export function chooseActivities<A extends { body: string; occurredAt: string }>(
  newestFirst: readonly A[],
  total: { count: number; oldest: string | null },
  limits: { activities: number; characters: number } = briefReadLimits,
): { read: A[]; leftOut: NotesLeftOut | null } {
  const read: A[] = [];
  let characters = 0;
  for (const a of newestFirst.slice(0, limits.activities)) {
    if (read.length > 0 && characters + a.body.length > limits.characters) break;
    read.push(a);
    characters += a.body.length;
  }
  const count = total.count - read.length;
  if (count <= 0) return { read: read.reverse(), leftOut: null };
  const newestLeftOut = newestFirst[read.length]?.occurredAt ?? read[read.length - 1]?.occurredAt ?? total.oldest ?? '';
  return { read: read.reverse(), leftOut: { count, from: (total.oldest ?? newestLeftOut).slice(0, 10), to: newestLeftOut.slice(0, 10) } };
}

/** The deal-fields line that records notes left out; an item quotes it. */
export const leftOutLabel = 'Not read by this brief';

function leftOutLine(l: NotesLeftOut): string {
  const n = l.count.toLocaleString('en-US');
  return `${leftOutLabel}: the ${n} oldest ${l.count === 1 ? 'activity' : 'notes, calls, e-mails and meetings'} (${l.from} to ${l.to})`;
}

/** A risk naming what the brief did not read, quoting the deal-fields line; undefined when it read everything. */
export function notesLeftOutRisk(sources: readonly Source[]): ItemDraft | undefined {
  const fields = sources.find((s) => s.kind === 'fields');
  const line = fields?.text.split('\n').find((l) => l.startsWith(`${leftOutLabel}:`));
  if (!fields || !line) return undefined;
  return {
    kind: 'risk',
    text: `${line.replace(`${leftOutLabel}: t`, 'This brief did not read t')}: it was prepared from the newest ones only. Read the older history, or summarise it in a note, before relying on the brief.`,
    evidence: [{ sourceId: fields.id, quote: line }],
    confidence: 1,
    basis: 'sources left out for length',
  };
}

/** One line per field that has a value. */
export function fieldsSource(deal: DealFields): Source {
  const lines = [
    `Deal: ${deal.name}`,
    `Amount: ${deal.amount}`,
    `Deal type: ${deal.dealType.replace(/_/g, ' ')}`,
    `Complexity: ${deal.complexity}`,
    deal.closeDate && `Close date: ${deal.closeDate}`,
    deal.paymentTerms && `Payment terms: ${deal.paymentTerms}`,
    deal.contractVersion && `Contract version: ${deal.contractVersion}`,
    deal.nonStandardClauses && `Non-standard clauses: ${deal.nonStandardClauses}`,
    deal.leftOut && leftOutLine(deal.leftOut),
    ...Object.entries(deal.custom)
      .filter(([, v]) => v !== null && v !== undefined && v !== '')
      .map(([k, v]) => `${k.replace(/_/g, ' ')}: ${typeof v === 'string' ? v : JSON.stringify(v)}`),
  ].filter((l): l is string => !!l);
  return { id: `fields:${deal.id}`, kind: 'fields', title: 'Deal fields', text: lines.join('\n'), occurredAt: null };
}
