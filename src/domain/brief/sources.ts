// The deal's fields and contacts written as sources, so an item can quote them like any note.
import type { Source } from './types.ts';

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
};

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
    ...Object.entries(deal.custom)
      .filter(([, v]) => v !== null && v !== undefined && v !== '')
      .map(([k, v]) => `${k.replace(/_/g, ' ')}: ${typeof v === 'string' ? v : JSON.stringify(v)}`),
  ].filter((l): l is string => !!l);
  return { id: `fields:${deal.id}`, kind: 'fields', title: 'Deal fields', text: lines.join('\n'), occurredAt: null };
}
