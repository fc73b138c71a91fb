// Sources cut into sentences the extractor reads one at a time, each an exact span of its source, knowing who
// said it (a transcript's speaker, an e-mail's sender), which side they are on, and what it sits under.
import winkNLP, { type ItemSentence } from 'wink-nlp';
import model from 'wink-eng-lite-web-model';
import { isPersonLabel, nameParticles } from './names.ts';
import type { Source, SourceKind, Vendor } from './types.ts';

const nlp = winkNLP(model);

export type Side = 'vendor' | 'customer' | 'unknown';

export type Segment = {
  source: Source;
  /** Exact span of the source's text. */
  start: number;
  end: number;
  text: string;
  speaker: string | null;
  /** What the speaker label said in brackets: "Maria (VP Ops):" gives "VP Ops". */
  speakerNote: string | null;
  side: Side;
  /** A quoted reply ("> ..."): someone else's words, already said in an earlier e-mail. */
  quoted: boolean;
  /** The heading it sits under, in lower case ("out of scope", "action items"), or null. */
  heading: string | null;
  /** A list item (a bullet, a numbered line, a line of terse notes). */
  listItem: boolean;
  /** The field label the line starts with, in lower case ("goal", "attendees", "risk"), when it is not a speaker. */
  label: string | null;
  /** A transcript label that names a role, not a person ("REP", "PROSPECT", "AE"): the side it stands for, no name. */
  role: string | null;
  /** In a transcript, the other side's question this turn answers ("What would success look like?"). */
  answerTo: string | null;
  /** A markdown table row's column headings ("Item", "Qty", "Annual fee"), when the table has a header row. */
  columns?: string[];
};

/** Transcript labels that are roles, not names: the seller's side and the buyer's. */
const sellerRoles =
  /^(rep|sales ?rep|sales|seller|vendor|ae|se|sa|csm|am|sdr|bdr|account exec(utive)?|account (manager|director)|solutions? (engineer|architect|consultant)|sales (engineer|director|manager|lead)|customer success( manager| lead)?|implementation (consultant|manager|lead)|onboarding (manager|specialist)|interviewer|host)$/i;
/** A speaker by letter or number: "A:", "Speaker 2:", "SPEAKER_01:", "S1:". */
const idLabelRe =
  /^\s*(?:\*\*)?((?:Speaker|Spk|Person|Participant|Caller|Guest|Voice)\s*[A-Z0-9]{1,2}|SPEAKER_\d{1,2}|S\d{1,2}|[A-Z])(?:\*\*)?\s*:(?:\*\*)?\s+(?=\S)/;
/** A job title used as a transcript label ("Operations Director:", "Head of Finance:", "IT Lead:"): a role speaking. */
const titleLabel =
  /^\s*(?:\*\*)?((?:[A-Z][A-Za-z&/.-]*|VP|IT|HR)(?:\s+(?:of|for|and|&|[A-Z][A-Za-z&/.-]*)){0,4})(?:\s*\(([^)]{1,60})\))?(?:\*\*)?\s*:(?:\*\*)?\s+(?=\S)/;
const titleWords =
  /\b(director|manager|head|vp|vice president|chief|officer|lead|cfo|cto|ceo|coo|cio|ciso|cmo|controller|administrator|analyst|coordinator|specialist|supervisor|president|founder|counsel|engineer|architect|buyer|procurement|finance|marketing|operations|executive|consultant|representative|superintendent|principal|dean|registrar|treasurer|champion|sponsor)\b/i;
const buyerRoles = /^(prospect|customer|client|buyer|caller|guest)$/i;
export function roleSide(label: string): Side | null {
  const l = label.replace(/\s*\d+$/, '').trim();
  if (sellerRoles.test(l)) return 'vendor';
  if (buyerRoles.test(l)) return 'customer';
  return null;
}

/** E-mail domains in a text, lower case. */
export const domainsIn = (text: string): string[] => [...text.matchAll(/[\w.+-]+@([\w-]+(?:\.[\w-]+)+)/g)].map((m) => m[1]!.toLowerCase());

export type SourceKindSet = ReadonlySet<SourceKind>;
export const salesKinds: SourceKindSet = new Set(['note', 'call', 'email', 'meeting']);

const headerLine = /^\s*(?:\*\*)?(from|to|cc|bcc|sent|date|subject|re|fwd?|attachments?)(?:\*\*)?\s*:/i;
/** An e-mail header in another language, or in bold: "Von:", "De:", "Betreff:", "**From:**" (e-mails only). */
const localHeaderLine =
  /^\s*(?:\*\*)?(von|de|da|van|från|fra|od|an|para|à|aan|till|til|cc|kopie|betreff|asunto|objet|oggetto|onderwerp|assunto|ämne|emne|gesendet|enviado|envoyé|inviato|verzonden|datum|fecha)(?:\*\*)?\s*:/i;
const localFrom = /^\s*(?:\*\*)?(from|von|de|da|van|från|fra|od)(?:\*\*)?\s*:/i;
/** Gmail's header of a message in a thread: "Dana Okoye <dana@baton.example>" alone on its line, perhaps with a date. */
const addressHeader =
  /^\s*(?:\*\*)?([\p{Lu}][\p{L}'’.-]*(?:\s+[\p{L}'’.-]+){0,3})(?:\*\*)?\s*<[\w.+-]+@[\w-]+(?:\.[\w-]+)+>\s*(?:[-–—,]\s*.{0,40}|wrote on .{0,60}:)?\s*$/u;
const separatorLine = /^\s*(-{2,}|_{3,}|={3,}|\*{3,})\s*(original message|forwarded message)?\s*-*\s*$/i;
const forwardedMarker = /^\s*(-+\s*)?(original message|forwarded message|begin forwarded message)/i;
const onWroteLine = /^\s*on .{6,120}wrote:\s*$/i;
const signOff = /^\s*(best|best regards|kind regards|warm regards|regards|thanks|thank you|many thanks|cheers|sincerely|talk soon|br)[,!.]?\s*$/i;
const disclaimer =
  /(this (e-?mail|message)( and any attachments?)? (is|are|may be|may contain) (confidential|intended|privileged)|if you (have )?received (it|this) in error|if you (have )?received this (e-?mail|message) in error|do not print this|sent from my (iphone|ipad|android)|confidentiality notice)/i;
// A speaker label: "Maria:", "Maria Garcia (Acme):", "[00:12:03] Chen Kim:", "00:12 - Sam:", "SAM SELLER:", "Q:".
const speakerLabel = new RegExp(
  `^\\s*(?:\\*\\*)?(?:\\[?\\(?\\d{1,2}:\\d{2}(?::\\d{2})?\\)?\\]?\\s*[-–—]?\\s*)?(?:\\*\\*)?([A-Z][\\p{L}'’.-]*(?:\\s+(?:[A-Z][\\p{L}'’.-]*|${nameParticles})){0,3}|[A-Z]{2,}(?:\\s+[A-Z]{2,})?)(?:\\s*\\(([^)]{1,60})\\))?(?:\\*\\*)?\\s*[:：](?:\\*\\*)?\\s+`,
  'u',
);
const timestampOnly = /^\s*\[?\(?\d{1,2}:\d{2}(?::\d{2})?\)?\]?\s*[-–—]?\s*/;
// A speaker on a line of its own, the words on the lines below, as transcription tools export them:
// "Dana Okoye  0:04", "**Priya (Northgate)** [00:01:12]", "[00:03:10] Tom Ellery", "Speaker 2  12:40", "DANA:".
const nameRun = `[\\p{Lu}][\\p{L}'’.-]*(?:\\s+(?:[\\p{Lu}][\\p{L}'’.-]*|${nameParticles})){0,3}`;
const headerName = new RegExp(`^(?:(?:Speaker|Participant|Spk)\\s*\\d+|${nameRun})$`, 'u');
const headerTime = /\[?\(?\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?\)?\]?/;
const headerTimeAtEdge = new RegExp(`^${headerTime.source}\\s*[-–—|]?\\s*|\\s*[-–—|]?\\s*${headerTime.source}$`);
/** "Dana Okoye [00:01:23] Thanks ...", "[Dana Okoye] 00:01:23 Thanks ...": a name and a time, then the words, on one line. */
const timedLabel = new RegExp(
  `^\\s*(?:\\[(${nameRun})\\]\\s*[[(]?|(${nameRun})\\s*[[(])\\d{1,2}:\\d{2}(?::\\d{2})?(?:[.,]\\d{1,3})?[\\])]?\\s*[-–—:]?\\s*(?=\\S)`,
  'u',
);
function turnHeaderOf(line: string): { name: string; note: string | null; timed: boolean } | null {
  let t = line.replace(/\*\*/g, '').trim();
  if (!t || t.length > 80) return null;
  const timed = headerTimeAtEdge.test(t);
  t = t.replace(headerTimeAtEdge, '').trim();
  // "[Dana Okoye] 00:01:23": the name in brackets.
  if (timed) t = t.replace(/^\[([^\]]+)\]$/, '$1');
  if (!timed && !/:$/.test(t)) return null;
  t = t.replace(/\s*:$/, '');
  const m = /^(.*?)(?:\s*\(([^)]{1,60})\))?$/.exec(t);
  const name = m?.[1]?.trim() ?? '';
  if (!headerName.test(name)) return null;
  return { name, note: m?.[2]?.trim() ?? null, timed };
}
const bullet = /^\s*(?:[-*•·▪◦–—>]|\d{1,2}[.)]|\(?[a-z]\)|[ivx]{1,4}[.)])\s+/i;
const numberedHeading = /^\s*(?:\d{1,2}(?:\.\d{1,2})*\.?|[A-Z][.)]|schedule [a-z0-9]+|annex [a-z0-9]+|appendix [a-z0-9]+|section \d+(?:\.\d+)*)\s+(.{2,80})$/i;

const vendorSides = new WeakMap<Vendor, { names: Set<string>; company: string }>();
function vendorIndex(vendor: Vendor) {
  let v = vendorSides.get(vendor);
  if (!v) {
    const names = new Set<string>();
    for (const p of vendor.people) {
      const parts = p.toLowerCase().split(/\s+/).filter(Boolean);
      names.add(parts.join(' '));
      if (parts[0]) names.add(parts[0]);
    }
    v = { names, company: vendor.company.toLowerCase() };
    vendorSides.set(vendor, v);
  }
  return v;
}

/** Which side a named person or a "(Company)" label is on. */
const honorific = /^(dr|mr|mrs|ms|miss|mx|prof|sir|dame)\.?\s+/i;

export function sideOf(name: string | null, affiliation: string | null, vendor: Vendor, customerNames: ReadonlySet<string>): Side {
  const v = vendorIndex(vendor);
  // "Dana Okoye (00:03):" gives a time, not a company.
  if (affiliation && /^\s*\d{1,2}:\d{2}(:\d{2})?(\.\d+)?\s*$/.test(affiliation)) affiliation = null;
  if (affiliation) {
    const a = affiliation.toLowerCase();
    if (v.company && (a.includes(v.company) || v.company.includes(a))) return 'vendor';
    if (/\b(us|ours?|we|vendor|sales|ae|se|csm)\b/.test(a)) return 'vendor';
    return 'customer';
  }
  if (!name) return 'unknown';
  const n = name
    .toLowerCase()
    .replace(honorific, '')
    .replace(/[^\p{L}\s'-]/gu, '')
    .trim();
  if (v.names.has(n) || v.names.has(n.split(/\s+/)[0] ?? '')) return 'vendor';
  if (customerNames.has(n) || customerNames.has(n.split(/\s+/)[0] ?? '')) return 'customer';
  return 'unknown';
}

type Line = { start: number; end: number; text: string };

function linesOf(text: string): Line[] {
  const lines: Line[] = [];
  let start = 0;
  for (let i = 0; i <= text.length; i++) {
    if (i === text.length || text[i] === '\n') {
      let end = i;
      if (end > start && text[end - 1] === '\r') end--;
      lines.push({ start, end, text: text.slice(start, end) });
      start = i + 1;
    }
  }
  return lines;
}

/** The section names of sellers' notes and call summaries, written alone on a line with no colon. */
const sectionName =
  /^(risks?|(key |deal )?risks?( and| &) (issues|dependencies|mitigations?)|deal risks?|risk flags?|red flags?|concerns?|blockers?|objections?( raised)?|watch ?outs?|things to watch|open (questions|issues|items)|dependencies|competition|competitive (landscape|mentions?)|competitor mentions?|next steps?|action items?|follow[- ]?ups?|goals?|objectives?|success criteria|pain points?|identified pain|key (points|moments|takeaways)|background|decision process|paper process)$/i;

/** A bulleted line: what makes the short title above it a heading over that list. */
const listBelow = /^\s*[-*•·▪◦–]\s+\S/;

function isHeading(line: string, sourceKind: SourceKind, next = ''): string | null {
  const t = line
    .trim()
    .replace(/^#+\s*/, '')
    .replace(/\*\*/g, '');
  if (!t || t.length > 90) return null;
  if (/^#{1,6}\s/.test(line.trim())) return t.replace(/[:.]$/, '').toLowerCase();
  if (/^[^.!?]{2,70}:$/.test(t) && t.split(/\s+/).length <= 8) return t.slice(0, -1).toLowerCase();
  // "**Red flags**": a line wholly in bold, short and with no full stop, heads what follows.
  if (/^\*\*[^*]{2,60}\*\*:?$/.test(line.trim()) && t.split(/\s+/).length <= 6 && !/[.!?]$/.test(t)) return t.replace(/:$/, '').toLowerCase();
  // "Next steps", "Red flags", "Objections" alone on a line: the section names of notes and call summaries.
  if (sourceKind !== 'scope' && sectionName.test(t)) return t.toLowerCase();
  const letters = t.replace(/[^A-Za-z]/g, '');
  if (letters.length >= 4 && letters === letters.toUpperCase() && t.split(/\s+/).length <= 8 && !/[.!?]$/.test(t)) return t.replace(/[:.]$/, '').toLowerCase();
  if (sourceKind === 'scope') {
    // "Scope and deliverables": a short title-cased line with no figures or full stop; "Onboarding Fee (one-time)", a
    // label over its value on an order form's cover page, may end in a short aside in brackets.
    if (/^[A-Z][A-Za-z&/,' -]{2,60}(?: \([A-Za-z -]{2,20}\))?$/.test(t) && t.split(/\s+/).length <= 5 && !/[.;]$/.test(t)) return t.toLowerCase();
    const m = numberedHeading.exec(t);
    if (m && m[1] && m[1].split(/\s+/).length <= 7 && !/[.!?;,]$/.test(m[1]) && /^[A-Z]/.test(m[1])) return m[1].replace(/[:.]$/, '').toLowerCase();
  }
  // "Where they are today" over a bulleted list heads that list.
  if (/^[A-Z][\p{L}&/' -]{2,50}$/u.test(t) && t.split(/\s+/).length <= 5 && listBelow.test(next)) return t.toLowerCase();
  // "1. Why the County is doing this" over "- ..." bullets: a numbered title heads the dashed list below it, in notes
  // and minutes too.
  const numbered = /^\d{1,2}[.)]\s+([A-Z][^.!?;:]{2,60})$/.exec(t);
  if (numbered && numbered[1]!.split(/\s+/).length <= 7 && listBelow.test(next)) return numbered[1]!.toLowerCase();
  return null;
}

/** Sentences of one stretch of text, as spans relative to it. */
function sentenceSpans(text: string, semicolons = true): { start: number; end: number }[] {
  if (!/[A-Za-z0-9]/.test(text)) return [];
  const spans: { start: number; end: number }[] = [];
  let cursor = 0;
  const doc = nlp.readDoc(text);
  doc.sentences().each((s: ItemSentence) => {
    const sentence = s.out().trim();
    if (!sentence) return;
    let at = text.indexOf(sentence, cursor);
    if (at < 0) {
      // The tokenizer rewrote spacing: fall back to the first token.
      const first = s.tokens().itemAt(0)?.out() ?? '';
      at = first ? text.indexOf(first, cursor) : -1;
      if (at < 0) return;
      const nextStart = text.length;
      spans.push({ start: at, end: Math.min(nextStart, at + sentence.length) });
      cursor = at + 1;
      return;
    }
    spans.push({ start: at, end: at + sentence.length });
    cursor = at + sentence.length;
  });
  // "Lumio Systems Pte. Ltd.: Tan Wei Ling": a company's "Pte." or "Co." does not end the sentence its suffix continues.
  const joined: { start: number; end: number }[] = [];
  for (const sp of spans) {
    const prev = joined[joined.length - 1];
    if (
      prev &&
      /\b(pte|pty|co|corp|inc|sdn|s\.a|n\.a)\.$/i.test(text.slice(prev.start, prev.end)) &&
      /^(ltd|limited|bhd|inc|llc|plc|gmbh|ag|l\.?l\.?c)\b/i.test(text.slice(sp.start, sp.end))
    )
      prev.end = sp.end;
    else joined.push({ ...sp });
  }
  // Sentences split on semicolons too: notes chain separate points with them (contracts list items with them).
  if (!semicolons) return joined;
  return joined.flatMap((sp) => {
    const parts: { start: number; end: number }[] = [];
    let from = sp.start;
    const body = text.slice(sp.start, sp.end);
    const re = /;\s+|\s+[–—-]{1,2}\s+(?=[a-z])/g;
    for (let m = re.exec(body); m; m = re.exec(body)) {
      const cut = sp.start + m.index;
      if (cut - from >= 12 && sp.end - (cut + m[0].length) >= 12) {
        parts.push({ start: from, end: cut });
        from = cut + m[0].length;
      }
    }
    parts.push({ start: from, end: sp.end });
    return parts;
  });
}

/** Who wrote an e-mail: the name in its From: line. */
function senderOf(line: string): string | null {
  line = line.replace(localFrom, 'from:').replace(/\*\*/g, '');
  const byAddress = addressHeader.exec(line);
  if (byAddress) return byAddress[1]!.trim();
  const m = /^\s*from\s*:\s*"?([^"<@\n]+?)"?\s*(?:<[^>]*>|\[[^\]]*\]|\([^)]*\))?\s*$/i.exec(line);
  // "Microsoft Outlook on behalf of Gareth Lewis": the person, not the mail program.
  if (m && m[1] && /[A-Za-z]/.test(m[1])) return m[1].replace(/^.*\bon behalf of\s+/i, '').trim();
  const email = /^\s*from\s*:.*?([\w.+-]+)@/i.exec(line);
  return email?.[1] ? email[1].replace(/[._]/g, ' ') : null;
}

/**
 * Cuts a source into sentences. Lines are grouped into blocks (a speaker's turn, a list item, a wrapped paragraph),
 * and blocks into sentences; e-mail headers, signatures and disclaimers are left out.
 */
export function segmentSource(
  source: Source,
  vendor: Vendor,
  customerNames: ReadonlySet<string> = new Set(),
  customerDomains: ReadonlySet<string> = new Set(),
  sharedSpeakerKey: ReadonlyMap<string, { name: string; affiliation: string | null }> = new Map(),
): Segment[] {
  const vendorDomains = new Set((vendor.domains ?? []).map((d) => d.toLowerCase()));
  /** A sender's side by name, else by the domain of their address. */
  const senderSide = (sender: string | null, line: string): Side => {
    const byName = sideOf(sender, null, vendor, customerNames);
    if (byName !== 'unknown') return byName;
    const domain = domainsIn(line)[0];
    if (domain && vendorDomains.has(domain)) return 'vendor';
    if (domain && customerDomains.has(domain)) return 'customer';
    return 'unknown';
  };
  // The last finished turn of a transcript, for question and answer pairs.
  const turns: { last: { text: string; side: Side } | null } = { last: null };
  const segments: Segment[] = [];
  const lines = linesOf(source.text);
  const known = new Set([...customerNames, ...vendor.people.flatMap((p) => [p.toLowerCase(), p.toLowerCase().split(/\s+/)[0]!])]);
  let heading: string | null = null;
  let listHeading = false;
  // In notes and minutes, "What does success look like?" on its own line over what the buyer answered.
  let noteQuestion: string | null = null;
  let noteAnswered = false;
  let speaker: string | null = null;
  let speakerNote: string | null = null;
  let speakerSide: Side = source.kind === 'note' || source.kind === 'meeting' ? 'vendor' : 'unknown';
  let inSignature = false;
  let emailSender: string | null = null;
  let emailSenderSide: Side = 'unknown';
  let afterAddress = 0;
  let block: {
    start: number;
    end: number;
    listItem: boolean;
    quoted: boolean;
    label: string | null;
    speaker?: string | null;
    side?: Side;
    note?: string | null;
    role?: string | null;
    answerTo?: string | null;
    columns?: string[];
  } | null = null;

  const flush = () => {
    if (!block) return;
    const text = source.text.slice(block.start, block.end);
    // A list item or a line of a contract is one point: keep it whole unless it runs long.
    // Contract clauses are split into sentences (a clause each), except table rows, whose columns belong together.
    const tableRow = /\S\s{3,}\S|\.{4,}|^\s*\|.*\|\s*$/.test(text);
    const whole = !text.includes('\n') && text.length <= 320 && (tableRow || (source.kind !== 'scope' && (block.listItem || block.label !== null)));
    for (const sp of whole ? [{ start: 0, end: text.length }] : sentenceSpans(text, source.kind !== 'scope')) {
      let start = block.start + sp.start;
      let end = block.start + sp.end;
      // Trim stray markup at the edges so the quote is the words.
      while (start < end && /[\s*_>"“|]/.test(source.text[start]!)) start++;
      while (end > start && /[\s*_|]/.test(source.text[end - 1]!)) end--;
      if (source.text.slice(Math.max(start, end - 4), end) === '</v>') end -= 4;
      if (end - start < 3) continue;
      segments.push({
        source,
        start,
        end,
        text: source.text.slice(start, end),
        speaker: block.speaker ?? null,
        speakerNote: block.note ?? null,
        side: block.side ?? 'unknown',
        quoted: block.quoted,
        heading,
        listItem: block.listItem,
        label: block.label,
        role: block.role ?? null,
        answerTo: block.answerTo ?? null,
        ...(block.columns && { columns: block.columns }),
      });
    }
    if (block.speaker || block.role) turns.last = { text: text.trim(), side: block.side ?? 'unknown' };
    block = null;
  };

  // A turn whose speaker stood on the line above: its question, its role label, and that the transcript is laid out so.
  let pendingAnswer: string | null = null;
  let headerRole: string | null = null;
  let headerTurns = false;
  let columns: string[] | null = null;
  // A transcript whose turns are labelled by job title: three or more such lines, two titles at least.
  const titles =
    source.kind === 'call' || source.kind === 'meeting'
      ? lines.map((l) => titleLabel.exec(l.text)?.[1]).filter((t): t is string => !!t && titleWords.test(t))
      : [];
  const titledTurns = titles.length >= 3 && new Set(titles).size >= 2;
  const idTurns =
    (source.kind === 'call' || source.kind === 'meeting') &&
    lines.filter((l) => idLabelRe.test(l.text.slice(timestampOnly.exec(l.text)?.[0].length ?? 0))).length >= 3;
  // Its key, when the transcript gives one: "Speakers: A = Ines Varga (Baton), B = Colin Fraser (Quarry Hill)".
  const speakerKey = new Map<string, { name: string; affiliation: string | null }>();
  if (idTurns)
    for (const l of lines.slice(0, 15))
      for (const m of l.text.matchAll(
        /(?:^|[,;:]\s*)((?:Speaker|Spk|S)\s*[A-Z0-9]{1,2}|SPEAKER_\d{1,2}|[A-Z])\s*[=–-]\s*([\p{Lu}][\p{L}'’.-]*(?:\s+[\p{Lu}][\p{L}'’.-]*){0,3})\s*(?:\(([^)]{1,60})\))?/gu,
      ))
        speakerKey.set(m[1]!.toLowerCase().replace(/\s+/g, ' '), { name: m[2]!, affiliation: m[3] ?? null });
  let quotedSpeaker: string | null = null;
  let quotedSide: Side = 'unknown';
  let wasQuoted = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const quoted = /^\s*>/.test(line.text);
    const q = quoted ? /^(\s*>[\s>]*)/.exec(line.text)![1]! : '';
    const raw = line.text.slice(q.length);
    const contentStart = line.start + q.length;
    const body = raw;
    if (quoted !== wasQuoted) {
      flush();
      inSignature = false;
      wasQuoted = quoted;
    }
    if (raw.trim() === '') {
      flush();
      if (noteAnswered) noteQuestion = null;
      continue;
    }
    if (source.kind === 'email' || source.kind === 'note' || source.kind === 'meeting') {
      const wrote = onWroteLine.exec(raw);
      if (wrote) {
        // "On Tue, Jordan Blake <jordan@...> wrote:": what follows is Jordan's, quoted.
        flush();
        const who =
          /([\p{Lu}][\p{L}'’.-]+(?:\s+[\p{Lu}][\p{L}'’.-]+){0,3})\s*(?:<[^>]*>|\[[^\]]*\]|\([^)]*\))?\s*wrote:\s*$/u.exec(raw)?.[1] ??
          /([\w.+-]+)@[\w.-]+>?\s*wrote:/i.exec(raw)?.[1]?.replace(/[._]/g, ' ') ??
          null;
        quotedSpeaker = who?.replace(/^(?:(?:AM|PM|A\.M\.|P\.M\.|UTC|GMT|[A-Z]{3,4}T)\s+)+/, '').trim() || null;
        quotedSide = sideOf(quotedSpeaker, null, vendor, customerNames);
        inSignature = false;
        continue;
      }
      // Under Gmail's "Name <address>": its date and "to me" lines.
      if (afterAddress > 0 && raw.trim().length <= 60 && /^\s*(to|cc)\s+\S|\d{1,2}:\d{2}|\b(19|20)\d{2}\b/i.test(raw) && !/[.!?]\s*$/.test(raw)) {
        afterAddress--;
        continue;
      }
      afterAddress = 0;
      const header =
        (headerLine.test(raw) && !/^\s*re\s*:\s*\S.{40,}/i.test(raw)) || (source.kind === 'email' && (localHeaderLine.test(raw) || addressHeader.test(raw)));
      if (header) {
        flush();
        if (source.kind === 'email' && addressHeader.test(raw)) afterAddress = 2;
        if (/^\s*(?:\*\*)?from(?:\*\*)?\s*:/i.test(raw) || (source.kind === 'email' && (localFrom.test(raw) || addressHeader.test(raw)))) {
          const sender = senderOf(raw);
          if (quoted) {
            quotedSpeaker = sender;
            quotedSide = senderSide(sender, raw);
          } else {
            emailSender = sender;
            speaker = sender;
            speakerSide = senderSide(sender, raw);
            emailSenderSide = speakerSide;
          }
          inSignature = false;
        }
        continue;
      }
      if (separatorLine.test(raw) || forwardedMarker.test(raw)) {
        flush();
        inSignature = false;
        continue;
      }
      const writer = quoted ? quotedSpeaker : emailSender;
      const signsAs =
        writer &&
        raw.trim().length <= 40 &&
        writer
          .toLowerCase()
          .split(/\s+/)
          .some(
            (part) =>
              part.length > 1 &&
              raw
                .trim()
                .toLowerCase()
                .replace(/[^a-z\s'-]/g, '')
                .split(/\s+/)[0] === part,
          );
      if (/^\s*--\s*$/.test(raw) || signOff.test(raw) || (signsAs && source.kind === 'email')) {
        flush();
        inSignature = true;
        continue;
      }
      if (inSignature) {
        // A signature ends at a new header or a new quoted reply; its lines carry no items.
        if (headerLine.test(raw)) inSignature = false;
        else continue;
      }
    }
    if (disclaimer.test(raw)) {
      flush();
      continue;
    }
    if (quoted) {
      speaker = quotedSpeaker;
      speakerSide = quotedSide;
    } else if (wasQuoted === false && emailSender && source.kind === 'email') {
      speaker = emailSender;
      speakerSide = emailSenderSide;
    }
    // "Dana Okoye  0:04" on its own line: the lines below are Dana's turn, until the next such line.
    const header =
      (source.kind === 'call' || source.kind === 'meeting') && !quoted
        ? (turnHeaderOf(body) ??
          // "Dana Okoye" alone on a line, then what she said: a known person's full name heads her turn.
          (/^\s*(?:\*\*)?[\p{Lu}][\p{L}'’.-]+(?:\s+[\p{L}'’.-]+){1,3}(?:\*\*)?\s*$/u.test(body) &&
          known.has(body.replace(/\*\*/g, '').trim().toLowerCase()) &&
          (lines[i + 1]?.text.trim() ?? '') !== ''
            ? { name: body.replace(/\*\*/g, '').trim(), note: null, timed: false }
            : null))
        : null;
    const headerRoleSide = header ? roleSide(header.name) : null;
    if (
      header &&
      (headerRoleSide || /^(speaker|participant|spk)\s*\d/i.test(header.name) || isPersonLabel(header.name, known, header.timed && source.kind === 'call'))
    ) {
      flush();
      const side = headerRoleSide ?? sideOf(header.name, header.note, vendor, customerNames);
      const last = turns.last;
      pendingAnswer = last && (last.side !== side || side === 'unknown') && /\?\s*$/.test(last.text) ? last.text : null;
      speaker = headerRoleSide ? null : header.name;
      headerRole = headerRoleSide ? header.name : null;
      speakerSide = side;
      speakerNote = header.note;
      headerTurns = true;
      continue;
    }
    let n = i + 1;
    while (n < lines.length && lines[n]!.text.trim() === '') n++;
    const next = lines[n]?.text ?? '';
    const h = isHeading(body, source.kind, next);
    if (h && !(speakerLabel.exec(body) && isPersonLabel(speakerLabel.exec(body)![1]!, known))) {
      flush();
      heading = h;
      noteQuestion = null;
      // A title that is a heading only because a list follows it heads that list, and no further.
      listHeading = !/^\s*#/.test(body) && listBelow.test(next);
      continue;
    }
    // A short question on its own line in notes or minutes, with a line below that is no question: the lines below
    // (to the next blank line) are the answer, read as the buyer's answer to it.
    if (
      (source.kind === 'note' || (source.kind === 'meeting' && !headerTurns)) &&
      !quoted &&
      /^[^:]{3,120}\?\s*$/.test(
        body
          .replace(/\*\*/g, '')
          .replace(/^\s*(?:[-*•]|\d{1,2}[.)]|q\d*[.:)])\s*/i, '')
          .trim(),
      ) &&
      body.trim().split(/\s+/).length <= 15 &&
      next.trim() !== '' &&
      !/\?\s*$/.test(next) &&
      !bullet.test(body)
    ) {
      flush();
      noteQuestion = body.replace(/\*\*/g, '').trim();
      noteAnswered = false;
      continue;
    }
    if (listHeading && !bullet.test(body) && !/^\s{2,}\S/.test(body)) {
      flush();
      heading = null;
      listHeading = false;
    }
    // A bullet or a timestamp first, then perhaps "Name:" (a speaker) or "Goal:" (a field label).
    let prefix = 0;
    let listItem = false;
    const b = bullet.exec(body);
    const ts = timestampOnly.exec(body);
    if (b) {
      prefix = b[0].length;
      listItem = true;
    } else if (ts && ts[0].length > 0 && /\d:\d/.test(ts[0])) prefix = ts[0].length;
    const rest = body.slice(prefix);
    // WebVTT's voice tag, "<v Dana Okoye>Thanks for joining.</v>", names the speaker as "Dana Okoye:" would.
    const voice = source.kind === 'call' || source.kind === 'meeting' ? /^<v(?:\.[^\s>]+)?\s+([^>]+)>\s*/.exec(rest) : null;
    const timed = source.kind === 'call' || source.kind === 'meeting' ? timedLabel.exec(rest) : null;
    const label = voice
      ? (Object.assign([voice[0], voice[1]!.trim(), undefined], { index: 0, input: rest }) as unknown as RegExpExecArray)
      : timed
        ? (Object.assign([timed[0], (timed[1] ?? timed[2])!.trim(), undefined], { index: 0, input: rest }) as unknown as RegExpExecArray)
        : speakerLabel.exec(rest);
    const labelName = label?.[1]?.trim();
    // "REP:", "PROSPECT:", "AE:": a role speaking. The side is known; there is no name to take as a person.
    const roleOf =
      label &&
      labelName &&
      !label[2] &&
      (source.kind === 'call' || source.kind === 'meeting' || labelName === labelName.toUpperCase()) &&
      source.kind !== 'scope'
        ? roleSide(labelName)
        : null;
    // "A: ...", "Speaker 2: ...", "SPEAKER_01: ...": a transcript's speaker by letter or number, named by its key if any.
    const idLabel = idTurns ? idLabelRe.exec(rest) : null;
    if (idLabel) {
      flush();
      const id = idLabel[1]!.toLowerCase().replace(/\s+/g, ' ');
      // The transcript's own key first; else a key written down elsewhere ("Speaker 2 = Angela Moreno" in a note).
      const who = speakerKey.get(id) ?? (speakerKey.size === 0 ? sharedSpeakerKey.get(id.replace(/^(?:speaker|spk|s)[ _]?0?(\d+)$/, 'speaker $1')) : undefined);
      // The seller's own people by name first: the key's "(Baton)" may not be the workspace's name for itself.
      const byName = who ? sideOf(who.name, null, vendor, customerNames) : 'unknown';
      const side = who ? (byName !== 'unknown' ? byName : sideOf(who.name, who.affiliation, vendor, customerNames)) : 'unknown';
      const last = turns.last;
      const question = last && (last.side !== side || side === 'unknown') && /\?\s*$/.test(last.text) ? last.text : null;
      speaker = who?.name ?? null;
      speakerSide = side;
      speakerNote = who?.affiliation ?? null;
      headerRole = null;
      pendingAnswer = null;
      block = {
        start: contentStart + prefix + idLabel[0].length,
        end: line.end,
        listItem,
        quoted,
        label: null,
        speaker,
        side,
        note: speakerNote,
        role: who ? null : idLabel[1]!,
        answerTo: question,
      };
      continue;
    }
    // "Operations Director: ...": in a transcript whose turns are labelled by job title, a role of the buyer's side
    // unless the title is the seller's ("Account Executive", "Solutions Engineer").
    const title = titledTurns && !roleOf ? titleLabel.exec(rest) : null;
    if (title && titleWords.test(title[1]!) && !/^(next steps?|action items?|decisions?|owner|status)$/i.test(title[1]!)) {
      flush();
      const side = roleSide(title[1]!) ?? (title[2] ? sideOf(null, title[2], vendor, customerNames) : 'customer');
      const last = turns.last;
      const question = last && last.side !== side && /\?\s*$/.test(last.text) ? last.text : null;
      speaker = null;
      speakerSide = side;
      speakerNote = null;
      headerRole = null;
      pendingAnswer = null;
      block = {
        start: contentStart + prefix + title[0].length,
        end: line.end,
        listItem,
        quoted,
        label: null,
        speaker: null,
        side,
        note: null,
        role: title[1]!,
        answerTo: question,
      };
      continue;
    }
    if (label && labelName && roleOf) {
      flush();
      headerRole = null;
      pendingAnswer = null;
      const last = turns.last;
      const question = last && last.side !== roleOf && /\?\s*$/.test(last.text) ? last.text : null;
      speaker = null;
      speakerSide = roleOf;
      speakerNote = null;
      block = {
        start: contentStart + prefix + label[0].length,
        end: line.end,
        listItem,
        quoted,
        label: null,
        speaker: null,
        side: roleOf,
        note: null,
        role: labelName,
        answerTo: question,
      };
      continue;
    }
    // In a call transcript a short capitalised name before a colon is a speaker, whatever the name.
    const callSpeaker =
      source.kind === 'call' && !!labelName && /^[\p{Lu}][\p{L}'’.-]*(\s[\p{Lu}][\p{L}'’.-]*){0,2}$/u.test(labelName) && isPersonLabel(labelName, known, true);
    if (label && labelName && source.kind !== 'scope' && (callSpeaker || isPersonLabel(labelName, known))) {
      flush();
      headerRole = null;
      pendingAnswer = null;
      speaker = labelName;
      speakerSide = sideOf(labelName, label[2] ?? null, vendor, customerNames);
      speakerNote = label[2]?.trim() ?? null;
      const last = turns.last;
      const question = last && (last.side !== speakerSide || speakerSide === 'unknown') && /\?\s*$/.test(last.text) ? last.text : null;
      block = {
        start: contentStart + prefix + label[0].length,
        end: line.end,
        listItem,
        quoted,
        label: null,
        speaker,
        side: speakerSide,
        note: speakerNote,
        answerTo: question,
      };
      continue;
    }
    // In notes and minutes a "Name:" line is that line's speaker only; the next line is the author's again.
    if ((source.kind === 'note' || (source.kind === 'meeting' && !headerTurns)) && !quoted && (prefix > 0 || !block)) {
      speaker = emailSender;
      speakerSide = emailSender ? emailSenderSide : 'vendor';
    }
    // A row of a markdown table ("| Subscription Fee | USD 7,500 per quarter |"): one point, labelled by its first cell.
    const row = /^\s*\|(.+)\|\s*$/.exec(rest);
    if (row) {
      flush();
      const cells = row[1]!.split('|').map((c) => c.replace(/\*\*/g, '').trim());
      if (cells.every((c) => /^:?-{2,}:?$/.test(c))) continue;
      // A header row (the next line is |---|---|) names the columns of the rows below; it says nothing itself.
      if (/^\s*\|?\s*:?-{3,}/.test(lines[i + 1]?.text ?? '')) {
        columns = cells;
        continue;
      }
      block = {
        start: contentStart + prefix,
        end: line.end,
        listItem: true,
        quoted,
        label: cells.length > 1 && cells[0] && cells[0].length <= 40 ? cells[0].toLowerCase() : null,
        speaker,
        side: speakerSide,
        columns: columns && columns.length === cells.length ? columns : undefined,
      };
      flush();
      continue;
    }
    if (!/^\s*\|?\s*:?-{3,}/.test(rest)) columns = null;
    const field = /^\s*([A-Za-z][\w /&'’.-]{0,40}?)\s*(?:\([^)]{0,40}\))?\s*[:=]\s+\S/.exec(rest);
    if (prefix > 0 || field) {
      flush();
      if (!listItem && speaker && source.kind === 'call') speaker = null;
      block = {
        start: contentStart + prefix,
        end: line.end,
        listItem: listItem || source.kind === 'note',
        quoted,
        label: field ? field[1]!.trim().toLowerCase() : null,
        speaker,
        side: speakerSide,
        answerTo: noteQuestion,
      };
      noteAnswered = noteQuestion !== null;
      continue;
    }
    // Continue a wrapped paragraph or a speaker's turn; start a new block otherwise.
    const prev = i > 0 ? lines[i - 1]!.text : '';
    // A wrapped paragraph: a long line cut mid-sentence. Table rows (columns apart by runs of spaces) never wrap.
    const wraps =
      block &&
      !block.listItem &&
      prev.trim().length >= 55 &&
      !/[.!?:;]["')\]]?\s*$/.test(prev) &&
      !/\S\s{3,}\S/.test(prev) &&
      !/\S\s{3,}\S/.test(body) &&
      (/^\s*[a-z(]/.test(body) ||
        /[,]\s*$|\b(a|an|the|and|or|of|to|with|for|in|on|by|at|from|that|which|is|are|be|will|shall)\s*$/i.test(prev) ||
        prev.trim().length >= 66);
    const turnContinues = block && !block.listItem && (speaker || block.role) && (source.kind === 'call' || headerTurns) && !/[A-Z][^:]{0,30}:\s/.test(body);
    const listContinues = block && block.listItem && /^\s{2,}\S/.test(raw);
    if ((wraps || turnContinues || listContinues) && block && block.quoted === quoted) {
      block.end = line.end;
      continue;
    }
    flush();
    if ((source.kind === 'note' || (source.kind === 'meeting' && !headerTurns)) && !quoted) {
      speaker = emailSender;
      speakerSide = emailSender ? emailSenderSide : 'vendor';
    }
    const terse = source.kind === 'note' && raw.trim().length < 120;
    block = {
      start: contentStart,
      end: line.end,
      listItem: terse,
      quoted,
      label: null,
      speaker,
      side: speakerSide,
      note: speaker ? speakerNote : null,
      role: headerTurns ? headerRole : null,
      answerTo: headerTurns ? pendingAnswer : noteQuestion,
    };
    noteAnswered = noteQuestion !== null;
    pendingAnswer = null;
  }
  flush();
  if (source.kind === 'email') unsignedMessage(source, segments, vendor, customerNames);
  if (source.kind === 'call') sideByVoice(segments, vendor);
  // A call where the seller's people are known by name: anyone else who speaks in it is on the buyer's side (the
  // account's people missing from the CRM, "MARCUS FELD: I need them ramped in a quarter").
  if (source.kind === 'call' && segments.some((g) => g.speaker && g.side === 'vendor'))
    for (const g of segments) if (g.speaker && g.side === 'unknown' && !g.quoted) g.side = 'customer';
  return segments;
}

/**
 * An e-mail pasted without its From line: its sign-off names the writer ("Best,\nSam"), or its greeting the reader
 * ("Hi Sam," to the seller's Sam is the buyer writing). Only the message on top, before any quoted or forwarded one.
 */
function unsignedMessage(source: Source, segments: Segment[], vendor: Vendor, customerNames: ReadonlySet<string>): void {
  const lines = linesOf(source.text);
  const first = lines.findIndex((l) => l.text.trim() !== '');
  if (first < 0 || headerLine.test(lines[first]!.text)) return;
  let last = lines.findIndex(
    (l) => /^\s*>/.test(l.text) || onWroteLine.test(l.text) || headerLine.test(l.text) || separatorLine.test(l.text) || forwardedMarker.test(l.text),
  );
  if (last < 0) last = lines.length;
  const end = last < lines.length ? lines[last]!.start : source.text.length;
  const open = segments.filter((g) => g.start < end && g.side === 'unknown' && !g.quoted && !g.speaker);
  if (open.length === 0) return;
  const body = lines.slice(first, last).filter((l) => l.text.trim() !== '');
  const nameAt = /^\s*([\p{Lu}][\p{L}'’-]+(?:\s+[\p{Lu}][\p{L}'’.-]+){0,2})\s*$/u;
  let signer: string | null = null;
  for (let i = body.length - 2; i >= Math.max(0, body.length - 5); i--)
    if (signOff.test(body[i]!.text)) {
      signer = nameAt.exec(body[i + 1]!.text)?.[1] ?? null;
      break;
    }
  const greeted =
    /^\s*(?:[Hh]i|[Hh]ello|[Hh]ey|[Dd]ear|[Gg]ood (?:morning|afternoon|evening)),?\s+([\p{Lu}][\p{L}'’-]+)/u.exec(body[0]!.text)?.[1] ??
    /^\s*([\p{Lu}][\p{L}'’-]+),\s*$/u.exec(body[0]!.text)?.[1] ??
    null;
  const bySigner = sideOf(signer, null, vendor, customerNames);
  const byReader = sideOf(greeted, null, vendor, customerNames);
  const side: Side = bySigner !== 'unknown' ? bySigner : byReader === 'vendor' ? 'customer' : byReader === 'customer' ? 'vendor' : 'unknown';
  if (side === 'unknown') return;
  for (const g of open) {
    g.side = side;
    if (bySigner !== 'unknown') g.speaker = signer;
  }
}

/**
 * Numbered speakers nobody named ("Speaker 1", "Person 2"): the seller talks about "you" and "your" and names the
 * seller's product; the buyer talks about "we" and "our". The voice that leans to "you" clearly more than any other
 * (or alone names the seller) is the seller's; voices that lean to "we" are the buyer's; the rest keep no side.
 */
function sideByVoice(segments: Segment[], vendor: Vendor): void {
  const voices = new Map<string, Segment[]>();
  for (const g of segments) if (g.role && !g.speaker && g.side === 'unknown' && !g.quoted) voices.set(g.role, [...(voices.get(g.role) ?? []), g]);
  if (voices.size < 2) return;
  const company = vendor.company.toLowerCase();
  const scored = [...voices].map(([id, turns]) => {
    const text = turns.map((t) => t.text.toLowerCase()).join(' ');
    const you = (text.match(/\b(you|your|yours|you'll|you're|you've)\b/g) ?? []).length;
    const we = (text.match(/\b(we|our|us|we're|we've|we'll)\b/g) ?? []).length;
    return { id, lean: (you + 1) / (we + 1), names: company.length > 2 ? text.split(company).length - 1 : 0 };
  });
  scored.sort((x, y) => y.lean - x.lean || y.names - x.names);
  const [top, next] = [scored[0]!, scored[1]!];
  // The seller leans clearly more to "you" than anyone else, or alone says the seller's name.
  const named = scored.filter((x) => x.names > 0);
  const seller = top.lean >= 1.5 * next.lean && top.names >= next.names ? top : named.length === 1 ? named[0]! : null;
  if (!seller) return;
  for (const x of scored) {
    const side: Side = x === seller ? 'vendor' : x.lean <= 1 ? 'customer' : 'unknown';
    for (const t of voices.get(x.id)!) t.side = side;
  }
}

/** The key of a transcript whose speakers are letters or numbers: "A = Ines Varga (Baton)", "Speaker 2: Colin Fraser". */
const speakerKeyPrefix = /^\s*(?:[A-Z]|(?:Speaker|Spk|S)\s*[A-Z0-9]{1,2}|SPEAKER_\d{1,2})\s*[=:–-]\s*(?=\p{Lu})/u;
const participantLine =
  /^\s*(?:[-*•]\s*)?(?:\*\*)?(participants|attendees|present|on (?:the )?call|in attendance|people|speakers|from \w+)(?:\*\*)?\s*[:-]\s*(.+)$/i;
const freeMail = /^(gmail|googlemail|outlook|hotmail|yahoo|icloud|me|aol|proton|protonmail|gmx|live|msn)\./i;

/**
 * Who is who before any sentence is read: participant lists with affiliations ("Dana Okoye (Baton)"), addresses at
 * the seller's or the account's domains, the seller's users and the account's contacts. The seller's people found
 * here join the vendor's; everyone else listed with an affiliation is the buyer's.
 */
export function whoIsWho(
  sources: Source[],
  vendor: Vendor,
  contacts: { name: string; email: string | null }[],
): {
  vendor: Vendor;
  customerNames: Set<string>;
  customerDomains: Set<string>;
  speakerKey: Map<string, { name: string; affiliation: string | null }>;
} {
  const company = vendor.company.toLowerCase().trim();
  const vendorDomains = new Set((vendor.domains ?? []).map((d) => d.toLowerCase()));
  const customerDomains = new Set(
    contacts.map((c) => (c.email ? domainsIn(c.email)[0] : undefined)).filter((d): d is string => !!d && !freeMail.test(d) && !vendorDomains.has(d)),
  );
  // "Dr. Anita Sharma" in the CRM signs her e-mails "Anita Sharma": names are compared without titles.
  const customerNames = new Set(
    contacts.flatMap((c) => {
      const name = c.name.toLowerCase().replace(honorific, '').trim();
      return [name, name.split(/\s+/)[0]!];
    }),
  );
  // Addresses at a domain named after the seller ("dana@batonhq.com" for Baton) are the seller's, as are those at the
  // workspace's own domains; the others in a deal's sources, when they are not free mail, are the buyer's.
  const companyKey = company.replace(/[^a-z0-9]/g, '');
  if (companyKey.length >= 4)
    for (const source of sources)
      for (const d of domainsIn(source.text))
        if (
          d
            .split('.')[0]!
            .replace(/[^a-z0-9]/g, '')
            .includes(companyKey)
        )
          vendorDomains.add(d);
  if (vendorDomains.size)
    for (const source of sources)
      if (source.kind === 'email')
        for (const line of source.text.split('\n'))
          if (/^\s*(from|to|cc)\s*:/i.test(line)) for (const d of domainsIn(line)) if (!vendorDomains.has(d) && !freeMail.test(d)) customerDomains.add(d);
  const sellers = new Set(vendor.people);
  const isSellerWord = (a: string) => {
    const l = a.toLowerCase();
    return (company.length > 1 && l.includes(company)) || domainsIn(a).some((d) => vendorDomains.has(d)) || /\b(us|our side|vendor|seller)\b/.test(l);
  };
  for (const source of sources) {
    if (source.kind === 'contact' || source.kind === 'fields' || source.kind === 'scope') continue;
    for (const line of source.text.split('\n').slice(0, 40)) {
      const m = participantLine.exec(line);
      if (!m) continue;
      const fromSide = /^from\s/i.test(m[1]!) ? (isSellerWord(m[1]!.slice(5)) ? 'vendor' : 'customer') : null;
      // Split on commas and semicolons outside brackets.
      const parts: string[] = [];
      let depth = 0;
      let cur = '';
      for (const ch of m[2]!) {
        if (ch === '(' || ch === '<' || ch === '[') depth++;
        if (ch === ')' || ch === '>' || ch === ']') depth = Math.max(0, depth - 1);
        if ((ch === ',' || ch === ';') && depth === 0) {
          parts.push(cur);
          cur = '';
        } else cur += ch;
      }
      parts.push(cur);
      for (const part of parts) {
        const p = /^\s*([\p{Lu}][\p{L}'’.-]*(?:\s+[\p{Lu}][\p{L}'’.-]*){0,3})\s*(?:[(<[]\s*([^)>\]]*)[)>\]]|[-–—]\s*(.+))?\s*$/u.exec(
          part.replace(/\*\*/g, '').replace(speakerKeyPrefix, ''),
        );
        if (!p) continue;
        const name = p[1]!.trim();
        const affiliation = (p[2] ?? p[3] ?? '').trim();
        const side =
          fromSide ??
          (affiliation
            ? isSellerWord(affiliation)
              ? 'vendor'
              : domainsIn(affiliation).some((d) => customerDomains.has(d)) || affiliation
                ? 'customer'
                : null
            : null);
        if (side === 'vendor') sellers.add(name);
        else if (side === 'customer' && !vendor.people.some((v) => v.toLowerCase() === name.toLowerCase())) {
          customerNames.add(name.toLowerCase());
          customerNames.add(name.toLowerCase().split(/\s+/)[0]!);
        }
      }
    }
  }
  // Who a numbered speaker is, when someone wrote it down beside the transcript: "Speaker 2 = Angela Moreno (CFO)",
  // "Speaker 1 is Dana from Baton". Read only with "=", "is" or "was" (a transcript's "Speaker 2: Thanks" is a turn).
  const speakerKey = new Map<string, { name: string; affiliation: string | null }>();
  for (const source of sources) {
    if (source.kind === 'contact' || source.kind === 'fields' || source.kind === 'scope') continue;
    for (const m of source.text.matchAll(
      /\b(?:Speaker|SPEAKER)[ _]?0?(\d{1,2})\s*(?:=|\bis\b|\bwas\b|[–—])\s*([\p{Lu}][\p{L}'’.-]*(?:\s+[\p{Lu}][\p{L}'’.-]*){0,3})(?:\s*\(([^)]{1,60})\)|\s+from\s+([\p{Lu}][\p{L}&'’.-]*(?:\s+[\p{Lu}][\p{L}&'’.-]*){0,3}))?/gu,
    )) {
      const name = m[2]!.trim();
      const affiliation = (m[3] ?? m[4] ?? '').trim() || null;
      if (!speakerKey.has(`speaker ${m[1]}`)) speakerKey.set(`speaker ${m[1]}`, { name, affiliation });
      if (affiliation && isSellerWord(affiliation)) sellers.add(name);
    }
  }
  return { vendor: { ...vendor, people: [...sellers], domains: [...vendorDomains] }, customerNames, customerDomains, speakerKey };
}
