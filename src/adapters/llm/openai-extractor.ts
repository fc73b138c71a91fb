// The optional LLM extractor: any OpenAI-compatible chat completions API (Ollama, vLLM, a hosted one). Its JSON
// answer is validated against the brief's schema; Baton then drops every item whose quote is not in the sources.
import { Type, type Static } from 'typebox';
import { Value } from 'typebox/value';
import type { RawExtraction } from '../../domain/brief/brief.ts';
import { authorities, conflictKinds, itemKinds, promiseKinds, type BriefInput } from '../../domain/brief/types.ts';
import type { BriefExtractor } from '../../flows/brief.flow.ts';
import { contactsOf } from '../../domain/brief/people.ts';
import { segmentSource, whoIsWho, type Segment } from '../../domain/brief/segments.ts';

const literals = <T extends readonly string[]>(values: T) => Type.Union(values.map((v) => Type.Literal(v)));
const EvidenceSchema = Type.Object({ sourceId: Type.String({ minLength: 1 }), quote: Type.String({ minLength: 1 }) });

/** What the model says its item rests on; Baton turns it into a confidence (and checks the signed scope itself). */
export const llmBases = ['heading', 'answer', 'signed_scope', 'stated', 'inferred'] as const;
const basisConfidence: Record<(typeof llmBases)[number], { confidence: number; basis: string }> = {
  heading: { confidence: 0.85, basis: 'under a heading (per the model)' },
  answer: { confidence: 0.8, basis: 'answer to a question (per the model)' },
  signed_scope: { confidence: 0.6, basis: 'signed scope (per the model; not quoted from it)' },
  stated: { confidence: 0.65, basis: 'stated in so many words (per the model)' },
  inferred: { confidence: 0.4, basis: 'inferred by the model' },
};

/** The JSON the model must answer with. */
export const LlmBriefSchema = Type.Object({
  items: Type.Array(
    Type.Object({
      kind: literals(itemKinds.filter((k) => k !== 'question' && k !== 'kickoff_task')),
      text: Type.String({ minLength: 1, maxLength: 2000 }),
      evidence: Type.Array(EvidenceSchema, { minItems: 1, maxItems: 5 }),
      promiseKind: Type.Optional(Type.Union([literals(promiseKinds), Type.Null()])),
      basis: Type.Optional(Type.Union([literals(llmBases), Type.Null()])),
      stakeholder: Type.Optional(
        Type.Union([
          Type.Object({
            name: Type.String({ minLength: 1 }),
            title: Type.Optional(Type.Union([Type.String(), Type.Null()])),
            authority: literals(authorities),
            engaged: Type.Boolean(),
          }),
          Type.Null(),
        ]),
      ),
    }),
    { maxItems: 400 },
  ),
  conflicts: Type.Array(
    Type.Object({ kind: literals(conflictKinds), summary: Type.String({ minLength: 1, maxLength: 1000 }), notes: EvidenceSchema, scope: EvidenceSchema }),
    { maxItems: 50 },
  ),
  kickoffDate: Type.Optional(Type.Union([EvidenceSchema, Type.Null()])),
  timeline: Type.Optional(Type.Union([EvidenceSchema, Type.Null()])),
});
type LlmBrief = Static<typeof LlmBriefSchema>;

export const instructions = `You prepare a customer-success handoff brief for a deal that sales has won, from the deal's sources.
Answer with one JSON object and nothing else:
{"items":[{"kind":...,"text":...,"evidence":[{"sourceId":...,"quote":...}],"basis":...,"promiseKind":...,"stakeholder":{...}}],
 "conflicts":[{"kind":...,"summary":...,"notes":{"sourceId":...,"quote":...},"scope":{"sourceId":...,"quote":...}}],
 "kickoffDate":{"sourceId":...,"quote":...} or null, "timeline":{"sourceId":...,"quote":...} or null}

Item kinds:
- goal: the buyer's business outcome, why they bought.
- workflow: how the users will work day to day, what they must be able to do. Keep goals and workflows apart.
- success_criterion: how the customer will judge success, explicit or measurable.
- first_value: the first concrete milestone that shows value, usually early and dated.
- stakeholder: a person on the customer's side (never the seller's people). Give "stakeholder":{"name","title","authority","engaged"};
  authority is one of sponsor, decision_maker, champion, influencer, user, technical, procurement, finance, legal, unknown;
  engaged is true only if they took part themselves (spoke, attended, wrote).
- promise: a commitment the seller's side made (including offers on the table; never a wish the seller declined).
  promiseKind is one of custom, timeline, discount, integration, scope, pricing, sla.
- risk: anything said that threatens delivery, adoption or the relationship.
Every item also gives "basis": what it rests on. heading: a line under a heading or label that names its kind ("Goals",
"Success criteria", "Out of scope"); answer: the answer to a question asking for it; signed_scope: the signed scope says
it; stated: said in so many words elsewhere; inferred: you read it between the lines. Baton asks the AE to confirm
inferred items before it counts them, so say inferred when it is.
Conflicts: where the sales notes (note, call, email, meeting) and the signed scope (kind scope) disagree; kind is one of
timeline, integration, discount, scope, pricing, sla; quote both sides.
kickoffDate: a quote giving the kickoff's date or timing, if any. timeline: a quote giving the go-live date or delivery timeline, if any.

Who is who and how the sources are built (each source is followed by an outline Baton read from it):
- Speaker labels such as REP, AE, SE, PROSPECT, CUSTOMER are roles, not people: never list them as stakeholders.
- The seller's people (listed below, and anyone at the seller's e-mail domains) are never stakeholders; a buyer's
  decider named only by role ("our CFO") is a stakeholder with that role as the name.
- The buyer's answer to a discovery question is what the question asked for ("what would success look like?" gives a
  success criterion; "what are you trying to achieve?" a goal). The seller's answer to "how long?" is a timeline promise.
- Lines under "Goals" are goals, under "Success criteria" success criteria. Lines under "Out of scope", "Exclusions" or
  saying "X is not included" are exclusions: never promises. The buyer's own remarks, budget and to-dos are not promises.
- Risks include an open ask the seller will answer later, a budget below the quote, a hard deadline, a rep promising
  personal involvement, a competitor still in play.
- Conflicts compare what sales said with the signed scope, prices and durations included.

Evidence: every item cites the source id and the exact words, copied character for character from that source's text
(a sentence or the clause that carries the item), without the speaker label or markdown. Items whose words are not in
the source are thrown away. Do not translate: for a source not in English, quote its own words.`;

export type OpenAiExtractorOptions = {
  url: string;
  model: string;
  apiKey?: string | undefined;
  timeoutMs?: number;
  maxSourceChars?: number;
  /** The HTTP client (the platform's fetch unless a test or a replay of recorded answers gives its own). */
  fetch?: typeof fetch;
};

/** The source's outline as the embedded reader sees it: turns with speaker and side, headings, questions answered. */
function outlineOf(segments: Segment[]): string {
  const lines: string[] = [];
  let heading: string | null = null;
  let turn = '';
  for (const g of segments) {
    if (g.heading && g.heading !== heading) {
      heading = g.heading;
      lines.push(`heading: ${g.heading}`);
    }
    const who = g.speaker ?? g.role;
    const side = g.side === 'vendor' ? 'seller' : g.side === 'customer' ? 'buyer' : 'side unknown';
    const key = `${who}|${side}|${g.answerTo}`;
    if (who && key !== turn) {
      turn = key;
      lines.push(`turn: ${who} (${side})${g.answerTo ? ` answering "${g.answerTo.slice(0, 120)}"` : ''}: "${g.text.slice(0, 60)}"`);
    }
  }
  return lines.slice(0, 60).join('\n');
}

export function promptFor(input: BriefInput, maxChars = 120_000): string {
  const contacts = contactsOf(input.sources);
  const parties = whoIsWho(input.sources, input.vendor, contacts);
  const sellers = `The seller is ${input.vendor.company}; its people are ${parties.vendor.people.join(', ') || 'not listed'}${
    input.vendor.domains?.length ? `; its e-mail domains are ${input.vendor.domains.join(', ')}` : ''
  }.${
    contacts.length
      ? ` The buyer's people: ${contacts
          .slice(0, 40)
          .map((c) => (c.title ? `${c.name} (${c.title})` : c.name))
          .join(', ')}.`
      : ''
  }`;
  const deal = `Deal: ${input.deal.name} (account ${input.deal.accountName}, ${input.deal.dealType.replace('_', ' ')}, ${input.deal.complexity}).`;
  // The newest sources count most when the text must be cut: keep the signed scope, fields and contacts, then the latest activities.
  const ordered = [...input.sources].sort(
    (a, b) =>
      Number(b.kind === 'scope' || b.kind === 'fields' || b.kind === 'contact') - Number(a.kind === 'scope' || a.kind === 'fields' || a.kind === 'contact') ||
      (b.occurredAt ?? '').localeCompare(a.occurredAt ?? ''),
  );
  const kept: string[] = [];
  let used = 0;
  let left = 0;
  for (const s of ordered) {
    const outline =
      s.kind === 'contact' || s.kind === 'fields'
        ? ''
        : outlineOf(segmentSource(s, parties.vendor, parties.customerNames, parties.customerDomains, parties.speakerKey));
    const block = `<source id="${s.id}" kind="${s.kind}" title="${s.title.replace(/"/g, "'")}"${s.occurredAt ? ` date="${s.occurredAt.slice(0, 10)}"` : ''}>\n${s.text}\n</source>${
      outline ? `\n<outline of="${s.id}">\n${outline}\n</outline>` : ''
    }`;
    if (used + block.length > maxChars) {
      left++;
      continue;
    }
    kept.push(block);
    used += block.length;
  }
  return [sellers, deal, left ? `(${left} older source(s) left out for length.)` : '', ...kept].filter(Boolean).join('\n\n');
}

/** The first JSON object in a model's answer, which some models wrap in a code fence or a sentence. */
export function parseJsonAnswer(content: string): unknown {
  const fenced = /```(?:json)?\s*([\s\S]*?)```/i.exec(content);
  const text = (fenced ? fenced[1]! : content).trim();
  const start = text.indexOf('{');
  const end = text.lastIndexOf('}');
  if (start < 0 || end <= start) throw new Error('the model did not answer with a JSON object');
  try {
    return JSON.parse(text.slice(start, end + 1));
  } catch (error) {
    throw new Error(`the model's JSON does not parse: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}

/** Checks the answer against the schema; names the first problems when it does not fit. */
export function validateLlmBrief(value: unknown): LlmBrief {
  if (Value.Check(LlmBriefSchema, value)) return value;
  const errors = [...Value.Errors(LlmBriefSchema, value)].slice(0, 3).map((e) => `${e.instancePath || '/'} ${e.message}`);
  throw new Error(`the model's answer does not fit the brief's schema: ${errors.join('; ')}`);
}

/**
 * The model's answer as an extraction. Its confidence comes from the basis it gave, except that Baton itself knows
 * which sources are the signed scope: an item quoted only from them is high whatever the model said.
 */
export function toRawExtraction(brief: LlmBrief, input?: BriefInput): RawExtraction {
  const signed = new Set((input?.sources ?? []).filter((x) => x.kind === 'scope').map((x) => x.id));
  const confidenceOf = (i: LlmBrief['items'][number]) =>
    i.evidence.length > 0 && i.evidence.every((e) => signed.has(e.sourceId))
      ? { confidence: 0.95, basis: 'signed scope' }
      : i.basis
        ? basisConfidence[i.basis]
        : { confidence: 0.6, basis: 'the model gave no basis' };
  return {
    items: brief.items.map((i) => ({
      kind: i.kind,
      text: i.text,
      evidence: i.evidence,
      ...confidenceOf(i),
      ...(i.kind === 'promise' && { promiseKind: i.promiseKind ?? 'custom' }),
      ...(i.kind === 'stakeholder' &&
        i.stakeholder && {
          stakeholder: {
            name: i.stakeholder.name,
            title: i.stakeholder.title ?? null,
            authority: i.stakeholder.authority,
            engaged: i.stakeholder.engaged,
            contactId: null,
          },
        }),
    })),
    conflicts: brief.conflicts,
    mentions: { kickoffDate: brief.kickoffDate ?? null, timeline: brief.timeline ?? null },
  };
}

export function createOpenAiExtractor(options: OpenAiExtractorOptions): BriefExtractor {
  const base = options.url.replace(/\/+$/, '');
  const endpoint = /\/chat\/completions$/.test(base) ? base : `${base}/chat/completions`;
  const send = options.fetch ?? fetch;
  return {
    name: `llm:${options.model}`,
    async extract(input) {
      const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
      if (options.apiKey) headers.authorization = `Bearer ${options.apiKey}`;
      let response: Response;
      try {
        response = await send(endpoint, {
          method: 'POST',
          headers,
          body: JSON.stringify({
            model: options.model,
            temperature: 0,
            response_format: { type: 'json_object' },
            messages: [
              { role: 'system', content: instructions },
              { role: 'user', content: promptFor(input, options.maxSourceChars ?? 120_000) },
            ],
          }),
          signal: AbortSignal.timeout(options.timeoutMs ?? 120_000),
        });
      } catch (error) {
        throw new Error(
          `${endpoint} unreachable: ${error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error)}`,
          { cause: error },
        );
      }
      const body = await response.text();
      if (!response.ok) throw new Error(`${endpoint} answered ${response.status}: ${body.slice(0, 300)}`);
      let content: unknown;
      try {
        content = (JSON.parse(body) as { choices?: { message?: { content?: unknown } }[] }).choices?.[0]?.message?.content;
      } catch {
        throw new Error(`${endpoint} did not answer in the chat completions format`);
      }
      if (typeof content !== 'string') throw new Error(`${endpoint} answered without a message`);
      return toRawExtraction(validateLlmBrief(parseJsonAnswer(content)), input);
    },
  };
}
