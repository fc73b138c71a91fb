// The handoff brief as data: its sources, the items taken from them (each with its evidence), conflicts between
// the sales notes and the signed scope, and the vocabularies every extractor and every person shares.

/** Kinds of items a brief holds. Questions and kickoff tasks are derived from the others. */
export const itemKinds = ['goal', 'workflow', 'success_criterion', 'first_value', 'stakeholder', 'promise', 'risk', 'question', 'kickoff_task'] as const;
export type ItemKind = (typeof itemKinds)[number];

/** Kinds that state something the sources said: they cannot exist without evidence. */
export const claimKinds = ['goal', 'workflow', 'success_criterion', 'first_value', 'stakeholder', 'promise', 'risk'] as const satisfies readonly ItemKind[];
export type ClaimKind = (typeof claimKinds)[number];
export const isClaimKind = (kind: string): kind is ClaimKind => (claimKinds as readonly string[]).includes(kind);

export const promiseKinds = ['custom', 'timeline', 'discount', 'integration', 'scope', 'pricing', 'sla'] as const;
export type PromiseKind = (typeof promiseKinds)[number];

export const authorities = ['sponsor', 'decision_maker', 'champion', 'influencer', 'user', 'technical', 'procurement', 'finance', 'legal', 'unknown'] as const;
export type Authority = (typeof authorities)[number];

/** What a CSM needs before kickoff; a question names the one the sources do not answer. */
export const questionFields = ['goals', 'success_criteria', 'first_value', 'sponsor', 'technical_contact', 'kickoff_date', 'timeline', 'signed_scope'] as const;
export type QuestionField = (typeof questionFields)[number];

export const conflictKinds = ['timeline', 'integration', 'discount', 'scope', 'pricing', 'sla'] as const;
export type ConflictKind = (typeof conflictKinds)[number];

/** What a signed scope document is. */
export const scopeDocumentKinds = ['sow', 'order_form', 'contract', 'other'] as const;
export type ScopeDocumentKind = (typeof scopeDocumentKinds)[number];

/** Where the words come from: the deal's activities, its signed scope, its fields and its contacts. */
export const sourceKinds = ['note', 'call', 'email', 'meeting', 'scope', 'fields', 'contact'] as const;
export type SourceKind = (typeof sourceKinds)[number];

export type Source = {
  id: string;
  kind: SourceKind;
  title: string;
  text: string;
  /** When it happened (activities) or was signed (scope); null for fields and contacts. */
  occurredAt: string | null;
};

/** The seller's side: its people are never stakeholders, and their words can be promises. */
export type Vendor = {
  company: string;
  people: string[];
  /** The seller's e-mail domains (from the workspace's users): a sender or participant at one is on the seller's side. */
  domains?: string[] | undefined;
};

/** What an extractor reads: the sources and who is who. */
export type BriefInput = { sources: Source[]; vendor: Vendor; deal: { name: string; accountName: string; complexity: string; dealType: string } };

export type Evidence = { sourceId: string; quote: string };

export type StakeholderFacts = { name: string; title: string | null; authority: Authority; engaged: boolean; contactId: string | null };

/** One item as an extractor (or a person) states it. */
export type ItemDraft = {
  kind: ItemKind;
  /** The item in words: the quote, tidied, for most kinds; the person for stakeholders. */
  text: string;
  evidence: Evidence[];
  promiseKind?: PromiseKind | undefined;
  stakeholder?: StakeholderFacts | undefined;
  /** For questions: what is missing. */
  field?: QuestionField | undefined;
  /** A stable identity across refreshes, for derived items (kickoff tasks) whose words change with the brief. */
  key?: string | undefined;
  /** How far the evidence carries the item, 0..1: a heading, a direct answer or the signed scope is high, a single weak cue low. */
  confidence?: number | undefined;
  /** Why, in a few words: "under a heading", "buyer's answer to a question", "signed scope", "inferred by the model". */
  basis?: string | undefined;
};

/** Below this confidence an extracted item is marked for the AE to confirm, and gates and scores do not count it until then. */
export const confirmBelow = 0.5;

export type ConfidenceBasis = { confidence: number; basis: string };

export type ConflictDraft = {
  kind: ConflictKind;
  summary: string;
  notes: Evidence;
  scope: Evidence;
  /** How far the comparison carries the conflict, 0..1: figures compared are high, a word match or an absence low. */
  confidence?: number | undefined;
  /** Why, in a few words: "prices compared over a year", "the same thing said one way and signed another". */
  basis?: string | undefined;
};

export type Extraction = { items: ItemDraft[]; conflicts: ConflictDraft[]; extractor: string; dropped: DroppedItem[] };

/** An item an extractor offered whose quote is not in the sources: kept out of the brief, counted. */
export type DroppedItem = { kind: string; text: string; reason: string };

/** The sentence kinds the embedded extractor decides one sentence at a time (by rule, and by its trained model). */
export const sentenceKinds = ['goal', 'workflow', 'success_criterion', 'first_value', 'promise', 'risk'] as const;
export type SentenceKind = (typeof sentenceKinds)[number];
