// Where what sales promised and what the customer signed disagree: durations, integrations, discounts, counts of
// things included, billing and payment terms, service levels. Each conflict quotes both sides.
import {
  billingFrequency,
  counts,
  parseNumber,
  datesIn,
  durations,
  moneyIn,
  paymentDays,
  percentages,
  responseHours,
  type CalendarDate,
  type Money,
} from './quantities.ts';
import { isFirstName } from './names.ts';
import { salesKinds, type Segment } from './segments.ts';
import type { ConflictDraft, ItemDraft } from './types.ts';

const stop = new Set(
  'the a an and or of to in on for with by from at as is are be will we our you your they their it this that these those then than within after before into per each all any up down out over under about week weeks day days month months year years kickoff kick off live go-live golive phase first second new one two three four five six seven eight nine ten twelve via can could would should have has had not no yes'.split(
    ' ',
  ),
);
const genericWords = new Set([
  'site',
  'on',
  'onsite',
  'remote',
  'virtual',
  'training',
  'session',
  'beyond',
  'library',
  'other',
  'any',
  'additional',
  'customer',
  'client',
  'service',
]);
const topicWords = (text: string) =>
  new Set(
    text
      .toLowerCase()
      .replace(/[^a-z0-9\s-]/g, ' ')
      .split(/[\s-]+/)
      .filter((w) => w.length > 2 && !stop.has(w) && !/^\d+$/.test(w)),
  );
const shared = (a: Set<string>, b: Set<string>) => [...a].filter((w) => b.has(w));

/**
 * Work a phased scope puts off to a later phase or a separate SOW ("The remaining branches are deferred to a subsequent
 * phase", "to be scoped under a separate SOW"): not in what was signed, so read as an exclusion. "Phase 2: weeks 7-12"
 * alone schedules work and is not one.
 */
const deferred = /\b(?:deferred (to|until)|(subsequent|later|future) phases?|(under|in|by) a separate (sow|statement of work|order form|order|agreement))/;
// What a scope line puts off (the words before "deferred to" or "under a separate SOW"), read once per line.
const deferredRead = new WeakMap<Segment, string[] | null>();
function deferredWork(x: Segment): string[] | null {
  let theirs = deferredRead.get(x);
  if (theirs === undefined) {
    const m = deferred.exec(x.text);
    theirs = m
      ? [
          ...new Set(
            [...topicWords(x.text.slice(0, m.index))]
              .filter((w) => w.length >= 5 && !genericWords.has(w) && !boilerplate.test(w) && !/^(remain|other|rest)/.test(w))
              .map(stemOf),
          ),
        ]
      : null;
    deferredRead.set(x, theirs);
  }
  return theirs;
}
const exclusion = new RegExp(
  String.raw`\b(out of scope|exclusions?|excluded|excludes|not included|does not include|do not include|not in scope|outside (the )?scope|not part of|not covered|not provided|will not provide|shall not provide|separate change order|available (separately|as an add-on)|extra cost|billed separately|at (an )?additional (fee|cost|charge)|(shall|will|is|are) not (be )?(responsible|liable|obligated|required) (for|to)|(has|have|is under) no obligation to|does not cover|do not cover|${deferred.source})\b`,
  'i',
);
// Asked of every scope line for every promise: read once per line.
const excludedRead = new WeakMap<Segment, boolean>();
const isExcluded = (s: Segment) => {
  let excluded = excludedRead.get(s);
  if (excluded === undefined) excludedRead.set(s, (excluded = exclusion.test(s.heading ?? '') || exclusion.test(s.text)));
  return excluded;
};
/** Contract wording that names no work: the parties, modal verbs, cross-references. */
const boilerplate =
  /^(provider|vendor|supplier|contractor|licensor|company|shall|hereunder|herein|thereof|pursuant|prior|following|agreement|statement|section|including|include|such|services?|part|work|sow)$/;
/**
 * What an exclusion leaves out, one thing at a time: the words after "not responsible for" or "not included:", or
 * before "is not included"; a list in the clause ("(a) integrations ...; (b) custom development") is one thing per item.
 */
const excludedThingsRead = new WeakMap<Segment, string[]>();
function excludedThings(s: Segment): string[] {
  let things = excludedThingsRead.get(s);
  if (!things) excludedThingsRead.set(s, (things = readExcludedThings(s)));
  return things;
}
function readExcludedThings(s: Segment): string[] {
  if (exclusion.test(s.heading ?? '') && !exclusion.test(s.text)) return [s.text];
  const m = exclusion.exec(s.text);
  if (!m) return [s.text];
  const rest = s.text.slice(m.index + m[0].length);
  const after = rest.replace(/^\W*(?:\b(?:in|from|under|by|of)\b)?\s*(?:\bthe\s+)?(?:\b(?:services?|scope|this sow|fees?)\b)?\s*[:,-]?\s*/i, '');
  const before = s.text.slice(0, m.index).replace(/^[A-Z]?[\d.]+\s+/, '');
  // "X is not included", "X will be excluded from the mapping": the thing comes first. "excludes X", "not
  // responsible for X", "Excluded: X", "The following are not included: X": it comes after.
  const active =
    /^(excludes|does not include|do not include|exclusions?|(shall|will|is|are) not (be )?(responsible|liable|obligated|required)|(has|have|is under) no obligation|does not cover|do not cover|will not provide|shall not provide)/i;
  const named = [...topicWords(before)].filter((w) => !boilerplate.test(w) && !genericWords.has(w));
  // The thing before the words reads as the whole line does ("Data migration is not included"): nothing to part.
  if (!(active.test(m[0]) || /^\s*:/.test(rest) || named.length === 0) || after.split(/\s+/).length < 2) return [s.text];
  const object = after;
  return object
    .split(/\s*(?:\((?:[a-z]|[ivx]+|\d+)\)|;|\u2022)\s*/i)
    .map((x) => x.replace(/^(and|or)\s+/i, '').trim())
    .filter((x) => /[a-z]{3}/i.test(x));
}
/** What the customer is told to do themselves: "you'll need to", "your team will" (not "you won't have to"). */
const customerDoes = /\b(you|your (team|it|people|admins?))(?:'ll| will| need to| have to| must| would need to)\b/i;
/** Kinds of integration, so a promise and a clause about the same kind meet: single sign-on, an API, webhooks, the rest. */
function integrationFamilies(text: string): string[] {
  const out: string[] = [];
  if (/\b(single sign-?on|sso|saml|identity provider|idp|okta|azure ad|entra id|scim)\b/i.test(text)) out.push('sso');
  if (/\b(apis?|endpoints?)\b/i.test(text)) out.push('api');
  if (/\bwebhooks?\b/i.test(text)) out.push('webhook');
  if (/\b(integrat\w*|connectors?|sync\w*|interfaces?|feeds?)\b/i.test(text)) out.push('integration');
  return out;
}
/** Integrations left out in general: third-party, external or custom integrations, interfaces to other systems. */
const anyIntegration =
  /\b(third[- ]party|external|other|any|all|custom|additional|bespoke)\b[^.;]{0,30}\b(integrat\w*|interfaces?|connectors?|apis?)\b|\b(integrat\w*|interfaces?|connectors?)\b[^.;]{0,30}\b(third[- ]party|external|other|customer'?s?) (systems?|applications?|software|platforms?|tools?)\b/i;
/** What the signed scope leaves to the customer: a responsibilities section, or "Customer is responsible for ...". */
const customersPart = (s: Segment) =>
  !isExcluded(s) &&
  (/\b(customer|client|buyer|government|county|city|agency|authority|university|district|owner)('s)? (responsibilities|obligations|dependencies)|\bresponsibilities of the (customer|client)|government[- ]furnished|customer[- ]furnished/i.test(
    s.heading ?? '',
  ) ||
    /^(?:[\d.]+\s+)?(?:the\s+)?(customer|client|buyer|government|county|city|agency|authority|university|district|owner|licensee|subscriber)\b[^.]{0,40}\b(is|are|will be|shall be|remains?) (solely )?responsible for\b/i.test(
      s.text,
    ) ||
    /^(?:[\d.]+\s+)?(?:the\s+)?(customer|client|licensee|subscriber) (shall|will|must) (perform|complete|migrate|extract|load|prepare|cleanse|build|configure)\b/i.test(
      s.text,
    ));
/** A line of the signed scope with the heading or label it sits under ("Annual Fee" over "$30,000"). */
function scopeText(s: Segment): string {
  // A table row reads with its columns: "Annual fee: $24,000" where the row says "| Platform | 50 users | $24,000 |".
  if (s.columns) {
    const cells = s.text.split('|').map((c) => c.trim());
    if (cells.length === s.columns.length) return cells.map((c, i) => (i === 0 ? c : `${s.columns![i]}: ${c}`)).join('; ');
  }
  return s.heading && !s.label && !s.text.toLowerCase().includes(s.heading) ? `${s.heading}: ${s.text}` : s.text;
}

/** System names near integration words: "the Epic referral intake feed", "OPERA Cloud", "Procore connector". */
function systemsIn(text: string): string[] {
  const names = new Set<string>();
  const re = /\b([A-Z][A-Za-z0-9]*(?:[ -][A-Z][A-Za-z0-9]+){0,2})\b/g;
  for (const m of text.matchAll(re)) {
    const name = m[1]!.replace(/^(The|Our|Their|Your|A|An|And|Yes|So|Also)\s+/, '');
    // A capital at the start of a sentence is no name, unless an integration word follows ("Salesforce sync is included").
    if (m.index === 0 && !/[A-Z].*[A-Z]/.test(name) && !new RegExp(`^\\s+${integrationWords.source}`, 'i').test(text.slice(m[0].length))) continue;
    // People are not systems ("Ben owns the DocuSign admin").
    if (!name.includes(' ') && isFirstName(name) && !/[A-Z].*[A-Z]/.test(name)) continue;
    if (
      /^(I|We|The|Our|Their|They|You|Yes|No|Ok|Okay|So|And|But|If|SOW|SLA|API|SSO|IT|CRM|ERP|US|UK|EU|Q[1-4]|Phase|Week|Weeks|Pro|Growth|Enterprise|Standard|Implementation|Customer|Client|Vendor|Monday|Tuesday|Wednesday|Thursday|Friday|January|February|March|April|May|June|July|August|September|October|November|December)$/.test(
        name,
      )
    )
      continue;
    names.add(name);
  }
  return [...names];
}

/** A system's name as a whole word: "Okta", "Dynamics 365". */
const nameRe = (system: string) => new RegExp(`\\b${system.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`, 'i');
const integrationWords = /\b(integrat\w*|connectors?|sync\w*|interface|feed|api|sso|single sign-?on|webhook|plug-?in)\b/i;
/** Data flowing back into the customer's system: what a read-only connection or an excluded write-back leaves out. */
const writeBack =
  /\b(writ(e|es|ing|ten)[- ]?back|write-?back|written back|writes? (it |them |data |changes )?(back )?(in)?to|two[- ]way|bi-?directional|read\/write|read-write|push(es|ed|ing)? (it |them |data |changes )?(back )?(in)?to|round[- ]trip|(goes|go|works|syncs?) both ways|in both directions|back and forth|updat\w* (the |it |them )?(\w+ )?back (in|into|to)|sync\w* (it |them |changes )?back)\b/i;
/** A connection that only reads: "read-only", "one-way", and contract wording: "provides read access to ticket data only", "view-only". */
const readOnly = /\b(read[- ]only|one[- ]way|no write[- ]?back|import only|inbound only|view[- ]only|read access (to [^.;]{0,40})?only|unidirectional)\b/i;

/** Stems for comparing what was promised with what is excluded: "migrate" and "migration", "reports" and "report". */
const stemOf = (w: string) => (w.length > 5 ? w.slice(0, 5) : w.replace(/(ies|es|s)$/, ''));

/** What a date is about: the start of the work, or the customer being live. */
const dateAnchor = (text: string): 'kickoff' | 'live' | null =>
  /\b(go-?live|live|launch\w*|roll-?out|cut-?over|in production|up and running)\b/i.test(text)
    ? 'live'
    : /\bkick-?\s?off|kicking off|project start\b/i.test(text)
      ? 'kickoff'
      : null;
/** The signed day is no later than the promised one (a date a year on is later whatever its month). */
const noLater = (signed: CalendarDate, promised: CalendarDate) =>
  signed.year !== null && promised.year !== null && signed.year !== promised.year
    ? signed.year < promised.year
    : signed.month * 31 + signed.day <= promised.month * 31 + promised.day + 1;

const priceWords =
  /^(fees?|price|pricing|cost|costs|charge|charges|usd|eur|gbp|annual|monthly|subscription|plan|total|item|amount|included|includes|free|per|year|month)$/;
const waivedFee =
  /\b(waiv\w*|no charge for|free of charge)\b[^.;]{0,40}?\b(implementation|onboarding|set-?up|setup|training|migration|services)\b|\b(implementation|onboarding|set-?up|setup|training|migration|services)( fee)?( is| will be)? (waived|free|at no (extra )?(cost|charge))\b/i;
/** Response or resolution times in hours, days counted whole ("within one (1) business day" is 24). */
const responseTimes = (text: string): number[] => [
  ...responseHours(text),
  ...durations(text)
    .filter((d) => d.days <= 5 && /day/i.test(d.text))
    .map((d) => Math.round(d.days) * 24),
];
/** Support by e-mail, ticket or the portal only: "via e-mail or the portal only", "Customer Portal and e-mail only". */
const supportByMailOnly =
  /\b((e-?mail|ticket|portal|web form|chat)[- ](only|based)|only (by|via) (e-?mail|ticket|the portal|chat)|(by|via|through) (e-?mail|tickets?|chat|the (web |customer |support )?portal|web form)(,? (and|or) (e-?mail|tickets?|chat|the (web |customer |support )?portal|web form))? only|no (tele)?phone support|(e-?mail|ticket|portal) support only)\b/i;
// `alone`: the signed wording names what it is about (support by e-mail only), so no other word need be shared.
const contrasts: { said: RegExp; signed: RegExp; kind: ConflictDraft['kind']; summary: string; alone?: boolean }[] = [
  {
    said: /\b(on-?\s?site|in[- ]person|at your (office|site|premises))\b/i,
    signed: /\b(remote(ly)?|virtual(ly)?|online|via (zoom|teams|video)|web-?based)\b/i,
    kind: 'scope',
    summary: 'On site in the notes; remote in the signed scope',
  },
  {
    said: /\b(dedicated|named (csm|customer success manager|account manager|support engineer|consultant|contact))\b/i,
    signed: /\b(shared|pooled|pool of|general support queue|team-based|(standard|general) support (team|queue))\b/i,
    kind: 'scope',
    summary: 'Dedicated in the notes; shared in the signed scope',
  },
  {
    said: /\b(phone|call us|hotline|by telephone|support line|call (our|the) (support|help) ?(line|desk|team))\b/i,
    signed: supportByMailOnly,
    kind: 'sla',
    summary: 'Support by phone in the notes; by e-mail or ticket only in the signed scope',
    alone: true,
  },
  {
    // Chat with the support team said ("a shared Slack channel", "just message us"); e-mail or the portal only signed.
    said: /\b(slack|shared (slack |teams )?channel|whatsapp|text (me|us)|message us)\b/i,
    signed: supportByMailOnly,
    kind: 'sla',
    summary: 'Support by chat in the notes; by e-mail or the portal only in the signed scope',
    alone: true,
  },
  {
    // A live connection said ("we'll connect straight into their ILS"); files the customer sends signed ("patron
    // records as a CSV extract", "flat file", "manual upload"), compared for the same data.
    said: /\b(integrat\w*|connect(s|ed|ing)? (straight |directly )?(in)?to|sync\w*|api|automatic(ally)?)\b/i,
    // The files are how the data comes ("as a CSV extract", "via SFTP"), not data to migrate ("one membership spreadsheet").
    signed: /\b(as|via|by|through|using) (an? |the )?(flat[- ]files?|csv|sftp|file (drop|extract|export|upload)s?)\b|\bmanual(ly)? (upload|import)\w*\b/i,
    kind: 'integration',
    summary: 'A live connection in the notes; files supplied by the customer in the signed scope',
  },
  {
    said: /\b(mobile app|ios|android|on (their|your) phones?|mobile)\b/i,
    signed: /\b(web[- ]only|browser[- ]only|desktop[- ]only|web (application|browser) only|no mobile|mobile (apps? )?(is |are )?(not|excluded))\b/i,
    kind: 'scope',
    summary: 'A mobile app in the notes; the web only in the signed scope',
  },
  {
    said: /\b(we'?ll (set|configure|build|do) (it|everything|all of it|that) (up )?for you|white[- ]glove|done for you|hands-on|we do (all )?the (setup|configuration|set-up))\b/i,
    signed: /\b(self[- ]serv\w*|train[- ]the[- ]trainer|advisory|guidance only|customer (will|shall) configure)\b/i,
    kind: 'scope',
    summary: "The seller's own work in the notes; the customer's, with guidance, in the signed scope",
  },
  {
    said: /\b(premium|priority|enterprise|platinum|gold) support\b/i,
    signed: /\b(standard|basic|base|bronze) support\b/i,
    kind: 'sla',
    summary: 'A higher support level in the notes; standard support in the signed scope',
    alone: true,
  },
  {
    said: /\b(real[- ]time|instant(ly)?|live sync|within seconds)\b/i,
    signed: /\b(nightly|daily|once a day|batch|every \d+ hours|hourly)\b/i,
    kind: 'integration',
    summary: 'Real time in the notes; in batches in the signed scope',
  },
  {
    said: /\b(bilingual|multilingual|multi-language|in (spanish|french|german|chinese|portuguese))\b/i,
    signed: /\b(english only|only in english|in english)\b/i,
    kind: 'scope',
    summary: 'More than one language in the notes; English in the signed scope',
  },
  {
    said: /\b(hosted|host|data|servers?|region)\b[^.]{0,30}\b(EU|Europe|European|Germany|Frankfurt|Ireland|UK|Canada|Australia)\b|\b(EU|European|UK|Canadian|Australian)[- ](hosted|hosting|data residency|region)\b/,
    signed: /\b(US|USA|United States|us-east-\d|us-west-\d)\b/,
    kind: 'scope',
    summary: 'Hosted in one region in the notes; another in the signed scope',
  },
];
/**
 * Said to cost nothing on top: "included", "free", and as people say it: "baked into the subscription", "rolled in",
 * "part of the subscription", "nothing extra".
 */
const included =
  /\b(included|includes|at no (extra |additional )?(cost|charge)|free( of charge)?|no charge|complimentary|thrown? in|on the house|comes with|baked in(to)?|rolled in(to)?|part of the (subscription|licen[cs]e|package|plan)|nothing extra|no extra charge)\b/i;
/**
 * A price said to stay as it is, as people say it: "the $3,200 a month stays where it is", "pricing remains the same",
 * "that rate is yours for as long as you're with us".
 */
const priceStays =
  /(\b(price|pricing|rate|fees?)\b|[$€£]\s?\d[\d,.]*( a| per) \w+)[^.]{0,30}\b(stays?|remains?|will stay|will remain) (where it is|the same|flat|fixed|put|locked)\b|\b(price|pricing|rate)\b[^.]{0,40}\bfor (as long as you|the life of)\b/i;
/**
 * All of something said, no limit: "everybody", "every branch", "the whole call center", "all your history", "as far
 * back as you have it", "as many users as you need".
 */
const everyone =
  /\b(every(one|body)|all (of )?(your|the|their) (\w+ )?(staff|people|users|team|teams|branches|sites|locations|stores|clinics|offices|agents|reps|history|data|records)|every (branch|site|location|store|clinic|office|user|agent|rep)|the whole (team|floor|staff|company|call cent(er|re)|org\w*)|as many \w+ as you (like|want|need)|as far back as)\b/i;
/** Where a percentage is the time the service is up: uptime, availability, an SLA or service level, "up 99.9% of the time". */
const serviceLevel = /\b(up-?time|availab\w*|sla|service levels?|service level agreement|up \d+(\.\d+)?% of the time|nines|downtime)\b/i;
/** Fees paid once: set-up, onboarding, implementation, services, training. */
const oneTime = /\b(one-?time|once|implementation|onboarding|set-?up|services fee|professional services|migration fee|training fee|upfront fee)\b/i;

/**
 * Recurring sums over a year: a period after the figure ("14,000 per quarter"), or one the line names for it
 * ("Annual subscription: USD 60,000", "Monthly fee: $5,000").
 */
function recurringIn(text: string): (Money & { perYear: number })[] {
  const named = oneTime.test(text)
    ? undefined
    : /\b(annual|annually|yearly|per annum|per year|each year|year (1|one)|first year)\b/i.test(text)
      ? 1
      : /\b(monthly|per month|each month)\b/i.test(text)
        ? 12
        : /\b(quarterly|per quarter|each quarter)\b/i.test(text)
          ? 4
          : undefined;
  return moneyIn(text)
    .map((m) => (m.perYear === null && named !== undefined && !/\b(total|contract value|tcv)\b/i.test(text) ? { ...m, perYear: m.amount * named } : m))
    .filter((m): m is Money & { perYear: number } => m.perYear !== null);
}

/** Prices per seat, user or licence ("$45 per user per month", "EUR 39/seat/month"), over a year when a period is given. */
function unitPricesIn(text: string): { amount: number; perYear: boolean; text: string }[] {
  const out: { amount: number; perYear: boolean; text: string }[] = [];
  const re =
    /(?:[$€£]|\b(?:usd|eur|gbp|aud|cad)\s?)(\d+(?:[.,]\d{1,2})?)\s*(?:\/|per|a|each)\s*(?:named\s+|active\s+|concurrent\s+)?(?:user|seat|licen[cs]e|agent|member|employee|head)s?\b(?:\s*(?:\/|per|a|each)\s*(month|mo|year|yr|annum))?/gi;
  for (const m of text.matchAll(re)) {
    const n = Number(m[1]!.replace(',', '.'));
    const period = m[2]?.toLowerCase();
    const monthly = period === 'month' || period === 'mo' || (!period && /\b(monthly|a month|per month)\b/i.test(text));
    out.push({ amount: monthly ? n * 12 : n, perYear: !!period || monthly || /\b(annual|per year|a year)\b/i.test(text), text: m[0] });
  }
  // Said: "forty dollars per user per month", "35 bucks a seat".
  const spoken =
    /\b(\d+(?:\.\d{1,2})?|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?|ten|eleven|twelve|fifteen)\s+(?:dollars|euros|pounds|bucks)\s*(?:\/|per|a|each)\s*(?:named\s+|active\s+)?(?:user|seat|licen[cs]e|agent|member|employee|head)s?\b(?:\s*(?:\/|per|a|each)\s*(month|mo|year|yr|annum))?/gi;
  for (const m of text.matchAll(spoken)) {
    const n = parseNumber(m[1]!);
    if (n === undefined) continue;
    const period = m[2]?.toLowerCase();
    const monthly = period === 'month' || period === 'mo' || (!period && /\b(monthly|a month|per month)\b/i.test(text));
    out.push({ amount: monthly ? n * 12 : n, perYear: !!period || monthly, text: m[0] });
  }
  return out;
}

/** What the seller said that was left out of the promises but still states a term: their own turn on a call or in an e-mail. */
const sellerStatement = (s: Segment) =>
  (s.source.kind === 'email' || ((s.source.kind === 'call' || s.source.kind === 'meeting') && (s.speaker !== null || s.role !== null))) &&
  s.side === 'vendor' &&
  !exclusion.test(s.heading ?? '') &&
  !s.quoted &&
  !/\?/.test(s.text) &&
  // "you won't have to do anything there" and "Not a problem, ..." reassure; they do not take the statement back.
  !/\b(not|no|don'?t|doesn'?t|won'?t|can'?t|isn'?t|aren'?t|never|unless|if|maybe|might|could)\b/i.test(
    s.text.replace(
      // "If something breaks, ..." sets the scene of a commitment; "if we can" hedges it.
      /\byou (won'?t|don'?t|will not|do not|shouldn'?t) (have|need) to\b|\b(not an? (problem|issue)|no (problem|worries))\b|\bif (something|anything|it) (breaks|goes (down|wrong))\b/gi,
      '',
    ),
  );

export function findConflicts(segments: Segment[], items: ItemDraft[]): ConflictDraft[] {
  // The signed scope's lines are read with the heading, label or columns they sit under; quoted as written.
  const original = new Map<Segment, Segment>();
  const scope = segments
    .filter((s) => s.source.kind === 'scope')
    .map((s) => {
      const text = scopeText(s);
      if (text === s.text) return s;
      const read = { ...s, text };
      original.set(read, s);
      return read;
    });
  const raw = (s: Segment) => original.get(s) ?? s;
  // Lines of the scope read once, not once per promise: what it leaves to the customer, what it prices.
  const customersLines = scope.map(raw).filter(customersPart);
  const pricedLines = scope.flatMap((x) => {
    if (isExcluded(x) || /\b(included|no charge|at no (extra |additional )?cost|complimentary|free|waived)\b/i.test(x.text)) return [];
    const fee = moneyIn(x.text).find((m) => m.amount > 0);
    if (!fee) return [];
    const named = (line: string) => {
      const item = line.split(/[:|;(]|\s[-–—]\s/)[0] ?? '';
      return [...new Set([...topicWords(item)].filter((w) => w.length >= 4 && !genericWords.has(w) && !priceWords.test(w)).map(stemOf))];
    };
    // A value under its label names nothing ("USD 4,500" under "Onboarding Fee (one-time)"): the label does.
    const own = named(raw(x).text);
    const theirs = own.length ? own : named(x.text);
    return [{ x, fee, theirs }];
  });
  if (scope.length === 0) return [];
  const bySpan = new Map(segments.map((s) => [`${s.source.id}|${s.text}`, s]));
  const promises = items
    .filter((i) => i.kind === 'promise')
    .map((i) => ({ item: i, segment: bySpan.get(`${i.evidence[0]?.sourceId}|${i.evidence[0]?.quote}`) }))
    .filter((p): p is { item: ItemDraft; segment: Segment } => !!p.segment && salesKinds.has(p.segment.source.kind));
  // The seller's plain statements of a term ("the sync is two-way", "onboarding is $6,000") are compared too.
  const taken = new Set(promises.map((p) => p.segment));
  const statements = new Set<Segment>();
  for (const s of segments)
    if (
      !taken.has(s) &&
      sellerStatement(s) &&
      (moneyIn(s.text).length ||
        datesIn(s.text).length ||
        integrationWords.test(s.text) ||
        unitPricesIn(s.text).length ||
        responseHours(s.text).length ||
        contrasts.some((c) => c.said.test(s.text)) ||
        durations(s.text).length ||
        counts(s.text).length ||
        /\b(month[- ]to[- ]month|cancel (at )?any ?time|unlimited|24\/7|uptime|net[- ]?\d{2})\b/i.test(s.text) ||
        included.test(s.text) ||
        everyone.test(s.text))
    ) {
      statements.add(s);
      promises.push({ item: { kind: 'promise', text: s.text, evidence: [{ sourceId: s.source.id, quote: s.text }] }, segment: s });
    }
  // Each sales sentence's predecessor in the same turn or paragraph (no line between them).
  const previous = new Map<Segment, Segment>();
  for (let i = 1; i < segments.length; i++) {
    const a = segments[i - 1]!;
    const b = segments[i]!;
    if (
      a.source === b.source &&
      b.source.kind !== 'scope' &&
      a.side === b.side &&
      a.speaker === b.speaker &&
      !a.source.text.slice(a.end, b.start).includes('\n')
    )
      previous.set(b, a);
  }
  const conflicts: ConflictDraft[] = [];
  const add = (kind: ConflictDraft['kind'], notes: Segment, read: Segment, summary: string, confidence: number, basis: string) => {
    const scopeSide = raw(read);
    // One conflict per disagreement: the same promise repeated in several notes, or against the same clause, is one.
    // One sentence or one clause read by two comparisons (an uptime and a support line said together; a count and a
    // custom build on one long line) is two.
    const sameNotes = (c: ConflictDraft) => c.notes.sourceId === notes.source.id && c.notes.quote === notes.text;
    const sameScope = (c: ConflictDraft) => c.scope.sourceId === scopeSide.source.id && c.scope.quote === scopeSide.text;
    if (conflicts.some((c) => c.kind === kind && ((sameNotes(c) && sameScope(c)) || ((sameNotes(c) || sameScope(c)) && (c.basis ?? '').startsWith(basis)))))
      return;
    // What the seller said in passing, not read as a promise, carries a conflict less far than a promise does.
    const plain = statements.has(notes);
    conflicts.push({
      kind,
      summary,
      notes: { sourceId: notes.source.id, quote: notes.text },
      scope: { sourceId: scopeSide.source.id, quote: scopeSide.text },
      confidence: Math.round((plain ? confidence - 0.2 : confidence) * 100) / 100,
      basis: plain ? `${basis}; said by the seller, not read as a promise` : basis,
    });
  };
  const deliverables = scope.find((s) => /\b(scope|deliverables?|services|included)\b/i.test(s.heading ?? '') && !isExcluded(s)) ?? scope[0]!;
  const fees = scope.find((s) => /([$€£]|usd|eur|gbp)\s?\d/i.test(s.text) && /\b(total|subscription|fee|price|annual|year)\b/i.test(s.text)) ?? deliverables;

  // Each excluded line read once: the whole line, then each thing it leaves out when it lists several ("(a) ...; (b)
  // custom development") or says it in contract words ("Provider shall not be responsible for cleansing ... Customer Data").
  const excludedLines = scope
    .filter(isExcluded)
    .map(raw)
    .map((s) => {
      const things = excludedThings(s);
      const headed = exclusion.test(s.heading ?? '');
      const readings = [
        { what: s.text, listed: false },
        ...(things.length === 1 && things[0] === s.text ? [] : things.map((what) => ({ what, listed: true }))),
      ].map(({ what, listed }) => {
        const rest = what.replace(exclusion, '');
        // What the clause excludes, word for word, must be what was promised ("custom board report" / "custom reports").
        const theirs = [...new Set([...topicWords(rest)].filter((w) => !genericWords.has(w) && !(listed && boilerplate.test(w))).map(stemOf))];
        // The head of an excluded line, before what qualifies it: "Data migration" of "Data migration from third-party help desks".
        const head = [
          ...new Set(
            [...topicWords(rest.split(/\b(?:from|for|of|to|with|beyond|other than|into|including|such as|via|outside)\b|[,(:;]/i)[0] ?? '')]
              .filter((w) => !genericWords.has(w))
              .map(stemOf),
          ),
        ];
        return {
          what,
          theirs,
          head,
          headed,
          // A bare line under "Out of scope" ("Data migration", "Translation") names the whole of what it excludes; so
          // does one item of a list of exclusions.
          bare: ((headed && !exclusion.test(s.text)) || listed) && theirs.length <= 3,
          // Integrations and write-back are read by their own comparison above.
          eligible: theirs.length > 0 && !integrationWords.test(what) && !writeBack.test(what),
        };
      });
      return { s, readings };
    });

  for (const { item, segment: p } of promises) {
    const text = p.text;
    // A bare answer ("Three weeks.") is about what the question asked ("How long will the rollout take?").
    // The sentence before in the same turn names what this one is about ("The Salesforce piece. That's included.").
    const before = previous.get(p);
    const context = [p.answerTo, before?.text, text].filter(Boolean).join(' ');
    const topics = topicWords(context);

    // Timeline: how long the promised thing takes, against the scope's figure for the same thing.
    const promised = durations(text).filter(
      (d) => d.days < 365 && !/opt-?out|free|trial|notice|terms?|net/i.test(text.slice(Math.max(0, d.index - 15), d.index + d.text.length + 15)),
    );
    if (
      promised.length &&
      (item.promiseKind === 'timeline' || /\b(live|go-?live|rollout|implementation|launch|deliver|ready|done|complete|up and running)\b/i.test(context))
    ) {
      let best: { s: Segment; overlap: number } | undefined;
      for (const s of scope) {
        if (isExcluded(s)) continue;
        const theirs = durations(s.text).filter((d) => d.days < 365);
        if (theirs.length === 0 || !/\b(live|go-?live|rollout|implementation|launch|deliver|phase|complete|from kickoff|after kickoff|weeks?)\b/i.test(s.text))
          continue;
        // "Up and running" is going live, as people say it.
        const anchor = /\b(live|go-?live|launch|roll-?out|implementation|deploy\w*|complete\w*|delivered|up and running)\b/i;
        const overlap = shared(topics, topicWords(s.text)).length + (anchor.test(context) && anchor.test(s.text) ? 1 : 0);
        if (!best || overlap > best.overlap) best = { s, overlap };
      }
      if (best && best.overlap >= 1) {
        const theirs = durations(best.s.text).filter((d) => d.days < 365);
        // Agreement anywhere in the scope's timeline counts: a table may give the same date in another row.
        // Only lines that time the work: a payment term's "30 days" does not agree with a 30-day rollout.
        const anywhere = scope
          .filter((s) => !isExcluded(s) && !/\b(invoice|payment|payable|notice|terminat\w*|respon\w*|resolution|renew\w*|net)\b/i.test(s.text))
          .flatMap((s) => durations(s.text).filter((d) => d.days < 365));
        const agree = promised.some((d) => anywhere.some((t) => Math.abs(t.days - d.days) <= 1));
        if (!agree)
          add(
            'timeline',
            p,
            best.s,
            `The notes say ${promised.map((d) => d.text).join(', ')}; the signed scope says ${theirs.map((d) => d.text).join(', ')}`,
            best.overlap >= 2 ? 0.8 : 0.6,
            best.overlap >= 2 ? 'durations compared for the same work' : 'durations compared; the work they time may differ',
          );
      }
    }

    // Integration: a system promised on a call that the scope leaves out or excludes.
    if (integrationWords.test(text) && !/\b(not|no|don'?t|won'?t|can'?t)\b.{0,25}\b(integrat|connector|sync|interface|feed)/i.test(text)) {
      const named = systemsIn(text);
      for (const system of named.length || !before ? named : systemsIn(before.text)) {
        const re = nameRe(system);
        const mentions = scope.filter((s) => re.test(s.text));
        const excluded = mentions.find(isExcluded);
        if (excluded && !mentions.some((s) => !isExcluded(s)))
          add('integration', p, excluded, `${system}: promised in sales, excluded by the signed scope`, 0.85, 'the system named in an exclusion');
        else if (
          writeBack.test(context) &&
          !/\b(no|not|without|never)\s+(\w+\s+){0,2}(writ|write|two|bi|push)/i.test(context) &&
          mentions.some((s) => (isExcluded(s) && writeBack.test(s.text)) || readOnly.test(s.text))
        ) {
          const s = mentions.find((x) => isExcluded(x) && writeBack.test(x.text)) ?? mentions.find((x) => readOnly.test(x.text))!;
          add('integration', p, s, `${system}: data written back in sales; the signed scope reads only`, 0.75, 'write-back promised; the scope reads only');
        }
        // A system the signed scope does not name is no conflict: scopes leave out what they do not limit (that reading,
        // marked for the AE to confirm, was right in none of the cases where it fired, development or hold-out).
      }
      // An integration promised that the scope excludes in general ("integrations with third-party systems are not
      // included") or leaves to the customer ("Customer is responsible for configuring its identity provider for single
      // sign-on"), unless the scope takes on this system by name elsewhere.
      const systems = named.length || !before ? named : systemsIn(before.text);
      const signedFor = systems.some((system) => scope.some((s) => !isExcluded(s) && !customersLines.includes(raw(s)) && nameRe(system).test(s.text)));
      const ourWork = /\b(we|we'?ll|we will|our (team|engineers?|developers?|consultants?|people|side)|us)\b/i.test(text) && !customerDoes.test(text);
      if (!signedFor && ourWork && !conflicts.some((c) => c.notes.sourceId === p.source.id && c.notes.quote === p.text)) {
        const families = integrationFamilies(context);
        const used = (x: Segment) => conflicts.some((c) => c.kind === 'integration' && c.scope.sourceId === x.source.id && c.scope.quote === x.text);
        const excludedLines = scope
          .filter(isExcluded)
          .map(raw)
          .filter((x) => !used(x));
        const theirLines = customersLines.filter((x) => !used(x));
        // The same kind of integration (single sign-on, an API) or the same system first; integrations in general after.
        const same = (x: string) =>
          integrationFamilies(x).some((f) => f !== 'integration' && families.includes(f)) ||
          (integrationWords.test(x) && systems.some((system) => nameRe(system).test(x)));
        const general = (x: string) => anyIntegration.test(x);
        const excluded = excludedLines.find((x) => excludedThings(x).some(same)) ?? excludedLines.find((x) => excludedThings(x).some(general));
        const leftToThem = theirLines.find((x) => same(x.text)) ?? theirLines.find((x) => general(x.text));
        const specific = (x: Segment | undefined) => !!x && (x === leftToThem ? same(x.text) : excludedThings(x).some(same));
        const pick = specific(excluded) || !specific(leftToThem) ? (excluded ?? leftToThem) : leftToThem;
        if (pick && pick === excluded)
          add('integration', p, pick, 'An integration promised in sales; the signed scope excludes it', 0.65, 'integrations excluded by the signed scope');
        else if (pick)
          add(
            'integration',
            p,
            pick,
            "An integration promised in sales as the seller's work; the signed scope leaves it to the customer",
            0.6,
            'the signed scope makes the customer responsible for it',
          );
      }
    }

    // Discount: offered in the notes, absent from or different in the order form.
    const off = /(\d+(?:\.\d+)?)\s?%\s*(?:off|discount)|discount of (\d+(?:\.\d+)?)\s?%|(\d+(?:\.\d+)?)\s?%\s+(?:[\w-]+\s+){0,3}(?:off|discount)/i.exec(text);
    // A discount the buyer asked for and the seller turned down ("asked for 5% off — no") was never offered.
    const declined =
      /\b(asked for|asking for|wanted|requested|pushed for)\b[^.;]{0,25}%[^.;]{0,12}?(—|–|-|:|,)?\s*(no\b|declined|refused|said no|turned (it )?down)/i.test(
        text,
      );
    if (off && !declined && !/\bno discount\b/i.test(text)) {
      const pct = Number(off[1] ?? off[2] ?? off[3]);
      const inScope = scope.filter((s) => /discount|% off|\boff\b|promotional|promo/i.test(s.text));
      if (inScope.length === 0)
        add('discount', p, fees, `${pct}% off in the notes; the signed order form has no discount`, 0.6, 'no discount in the signed scope');
      else if (!inScope.some((s) => percentages(s.text).includes(pct)))
        add('discount', p, inScope[0]!, `${pct}% off in the notes; the signed scope says otherwise`, 0.8, 'discounts compared');
    }

    // Counts of what is included: training days, seats, sites, templates... (a pilot's count is not the whole).
    const partial = /\b(pilot|first|phase|wave)\b/i;
    // "2 extra training days" adds to a count, it is not the count.
    for (const c of partial.test(text) ? [] : counts(text).filter((c) => !/\b(extra|additional|more|another|further|addl)\b/i.test(c.text))) {
      for (const s of scope) {
        if (isExcluded(s)) continue;
        if (partial.test(s.text)) continue;
        const theirs = counts(s.text).filter((x) => x.noun === c.noun);
        if (theirs.length && !theirs.some((x) => x.n === c.n)) {
          add('scope', p, s, `${c.text} in the notes; ${theirs.map((x) => x.text).join(', ')} in the signed scope`, 0.75, 'counts compared');
          break;
        }
      }
    }
    // Unlimited said in sales, a number signed ("unlimited agent seats" / "up to 60 agent seats").
    const unlimited =
      /\bunlimited\s+(?:[a-z-]+\s+){0,2}?(seats?|users?|licen[cs]es?|sites?|locations?|stores?|clinics?|offices?|reports?|dashboards?|templates?|integrations?|connectors?|admins?|(?:training )?sessions?)\b/i.exec(
        text,
      );
    if (unlimited && !/\b(not|no|isn'?t|aren'?t)\b[^.]{0,20}\bunlimited/i.test(text)) {
      const noun = counts(`2 ${unlimited[1]}`)[0]?.noun;
      const s = scope.find((x) => !isExcluded(x) && counts(scopeText(x)).some((c) => c.noun === noun) && !/\bunlimited\b/i.test(x.text));
      if (noun && s)
        add(
          'scope',
          p,
          s,
          `Unlimited ${unlimited[1]} in the notes; ${counts(scopeText(s)).find((c) => c.noun === noun)!.text} in the signed scope`,
          0.75,
          'unlimited against a signed count',
        );
    }
    // Everyone said in sales, a limit signed for the same work ("We'll train everybody, every branch" / "Training is
    // limited to one (1) session for up to eight (8) administrators"): the limit is a word with a figure after it.
    if (everyone.test(text) && !/\b(not|no|won'?t|can'?t)\b[^.]{0,15}\b(every|all|whole)\b/i.test(text)) {
      const ours = new Set([...topicWords(text)].filter((w) => w.length >= 5 && !genericWords.has(w) && !/^(every|whole)/.test(w)).map(stemOf));
      // Bringing data over is migrating it ("bring over all your history" / "Data migration is limited to ...").
      if (/\b(bring|move|carry|port|pull)\w* (it |them |everything |all )?(over|across)\b|\bimport\w*/i.test(text)) ours.add(stemOf('migration'));
      // The limit: a word of limit with a figure in the same clause ("limited to records from the last twenty-four (24) months").
      const limit = /\b(limited to|up to|no more than|maximum of|not to exceed|capped at)\b[^.;]{0,60}?\(?\d+\)?/i;
      const s = scope.find(
        (x) =>
          !isExcluded(x) &&
          limit.test(x.text) &&
          // "all five clinics" said, "up to 5 clinic locations" signed: the same figure is no conflict.
          !counts(x.text).some((c) => counts(text).some((o) => o.n === c.n)) &&
          // Training is what such a clause most often limits: here it names the work.
          [...topicWords(x.text.slice(0, limit.exec(x.text)!.index + 40))].some(
            (w) => w.length >= 5 && (w === 'training' || !genericWords.has(w)) && ours.has(stemOf(w)),
          ),
      );
      if (s) add('scope', p, s, 'Everyone in the notes; a limit in the signed scope', 0.6, 'everyone said, a limit signed for the same work');
    }
    // Promised for now in sales, put off to a later phase or a separate SOW in the signed scope ("all nine branches plus
    // the bookmobile at go-live" / "The remaining branches and the bookmobile are deferred to a subsequent phase").
    if (!/\b(phase[ds]?|later|second wave|next year)\b/i.test(text)) {
      const ours = new Set([...topicWords(context)].filter((w) => w.length >= 5 && !genericWords.has(w)).map(stemOf));
      for (const x of scope.map(raw)) {
        const theirs = deferredWork(x);
        if (!theirs) continue;
        const common = theirs.filter((w) => ours.has(w));
        if (theirs.length && common.length >= Math.min(2, theirs.length)) {
          add('scope', p, x, 'Promised in sales; deferred to a later phase by the signed scope', 0.6, 'work the signed scope defers');
          break;
        }
      }
    }
    // Work the seller said they would do that the signed scope leaves to the customer ("We'll migrate the records" /
    // "The County is responsible for migrating historical records").
    if (/\b(we|we'?ll|we will|we'?d|our team|us)\b/i.test(text) && !/\b(you|your team|yourselves)\b[^.]{0,30}\b(will|need to|have to|must)\b/i.test(text)) {
      const ours = new Set([...topics].filter((w) => w.length >= 5 && !genericWords.has(w)).map(stemOf));
      for (const s of customersLines) {
        const duty = s.text.replace(/^.*?\b(responsible for|shall|will|must|to)\b/i, '');
        const theirs = [
          ...new Set(
            [...topicWords(duty)]
              .filter((w) => w.length >= 5 && !genericWords.has(w) && !/^(customer|client|provide|responsible|ensure|shall)/.test(w))
              .map(stemOf),
          ),
        ];
        const common = theirs.filter((w) => ours.has(w));
        if (common.length >= 3 || (common.length >= 2 && common.length >= theirs.length * 0.6)) {
          add(
            'scope',
            p,
            s,
            `Promised in sales as the seller's work; the signed scope leaves it to the customer`,
            0.6,
            "the seller's promise names work the scope gives the customer",
          );
          break;
        }
      }
    }
    // Something promised that the scope excludes outright ("on-site training" promised, "On-site training" excluded).
    const ours = new Set([...topics].filter((w) => !genericWords.has(w)).map(stemOf));
    const denies = /\b(not|no|never|won'?t|excluded|out of scope|isn'?t|aren'?t)\b/i.test(text) || /\b(std|standard)\b/i.test(text);
    exclusions: for (const { s, readings } of excludedLines) {
      for (const { what, theirs, bare, head, headed, eligible } of readings) {
        if (denies) break;
        if (!eligible) continue;
        const common = theirs.filter((w) => ours.has(w));
        // One long word can be the whole head ("Migration of historical transaction data and points balances") when
        // more of the line was promised too.
        const headMatch =
          (headed && head.length >= 2 && head.length <= 3 && head.every((w) => ours.has(w))) ||
          (head.length === 1 && head[0]!.length >= 5 && ours.has(head[0]!) && common.length >= 3);
        if (
          headMatch ||
          ((common.length >= 2 || (bare && common.length >= 1 && common.some((w) => w.length >= 5))) && common.length >= theirs.length * (bare ? 0.5 : 0.6))
        ) {
          const words = [...topicWords(what.replace(exclusion, ''))].filter((w) => common.includes(stemOf(w)));
          add(
            'scope',
            p,
            s,
            `Promised in sales (${words.join(', ')}), excluded by the signed scope`,
            common.length >= 2 ? 0.7 : 0.5,
            common.length >= 2 ? 'the promise names what an exclusion names' : 'one word in common with a line under Out of scope',
          );
          break exclusions;
        }
      }
      if (/\bon-?\s?site\b/i.test(text) && /\bon-?\s?site\b/i.test(s.text) && /train/i.test(text) && /train/i.test(s.text)) {
        add('scope', p, s, 'On-site training promised in sales, excluded by the signed scope', 0.8, 'on-site training excluded');
        break;
      }
    }

    // Included or free in sales, a fee for the same thing signed ("premium support is included" / "Premium support: USD 6,000 per year").
    if (included.test(text) && !/\b(not|no|isn'?t|aren'?t|won'?t)\b\s+(\w+\s+){0,2}(included|free)/i.test(text) && !waivedFee.test(text)) {
      // What is said to be included: the words before "is included" or "free", after "includes" or "comes with".
      const cue = /\b(includes|comes with|thrown? in|we'?ll throw in)\b/i.exec(text);
      const at =
        /\b(included|at no (extra |additional )?(cost|charge)|free( of charge)?|no charge|complimentary|on the house|baked in(to)?|rolled in(to)?|part of the (subscription|licen[cs]e|package|plan))\b/i.exec(
          text,
        );
      const what = cue
        ? text
            .slice(cue.index + cue[0].length)
            .split(/\s+/)
            .slice(0, 8)
            .join(' ')
        : at
          ? text.slice(0, at.index).split(/\s+/).slice(-8).join(' ')
          : '';
      const said = [...topicWords(what)].filter((w) => w.length >= 4 && !genericWords.has(w) && !priceWords.test(w));
      const ours = new Set((said.length ? said : [...topicWords(before?.text ?? '')]).map(stemOf));
      for (const { x, fee, theirs } of pricedLines) {
        if (theirs.length >= 1 && theirs.length <= 4 && theirs.every((w) => ours.has(w))) {
          add('pricing', p, x, `Included in the notes; ${fee.text} in the signed scope`, 0.7, 'included in sales, a fee for the same thing signed');
          break;
        }
      }
    }

    // The same thing said one way and signed the other: on-site and remote, dedicated and shared, real time and nightly,
    // two languages and one, hosting in one region and another.
    for (const c of contrasts) {
      if (!c.said.test(text) || c.signed.test(text)) continue;
      const ours = new Set([...topics].filter((w) => w.length >= 5 && !genericWords.has(w) && !c.said.test(w)).map(stemOf));
      const s = scope.find(
        (x) =>
          !isExcluded(x) &&
          c.signed.test(x.text) &&
          !c.said.test(x.text) &&
          (c.alone || [...topicWords(x.text)].some((w) => w.length >= 5 && !genericWords.has(w) && ours.has(stemOf(w)))),
      );
      if (s) {
        add(c.kind, p, s, c.summary, 0.45, 'the same thing said one way and signed another');
        break;
      }
    }

    // Custom said, standard signed, for the same thing ("custom dashboards for each site" / "standard dashboards"); also
    // built for the customer ("We'll build you that board report" / "the standard report library").
    for (const m of text.matchAll(
      /\b(?:(?:custom|bespoke|tailored)(?:[- ]built)?|(?:build|create|make)\s+(?:you|them)(?:\s+(?:an?|the|that|this|your|those|some))?)\s+((?:[a-z-]+\s+){0,2}?)([a-z]{4,})\b(?![- ](?:library|builder|tool))/gi,
    )) {
      // The thing built is the word found or one of the next two ("that board report": "board", then "report").
      const next = /^\s+([a-z]{4,})\b(?:\s+([a-z]{4,})\b)?/i.exec(text.slice(m.index + m[0].length));
      const nouns = [m[2]!, next?.[1], next?.[2]].filter((w): w is string => !!w);
      if (/\b(not|no|don'?t|won'?t)\s+(\w+\s+){0,2}(custom|bespoke)/i.test(text)) break;
      let noun = '';
      const s = scope.find(
        (x) =>
          !isExcluded(x) &&
          !/\b(custom|bespoke|tailored)\b/i.test(x.text) &&
          [...x.text.matchAll(/\b(?:standard|out[- ]of[- ]the[- ]box|pre-?built|predefined|templated)\s+(?:[a-z-]+\s+){0,2}?([a-z]{4,})\b/gi)].some(
            (y) => !!(noun = nouns.find((n) => stemOf(n.toLowerCase()) === stemOf(y[1]!.toLowerCase())) ?? ''),
          ),
      );
      if (s) {
        add('scope', p, s, `Custom ${noun} in the notes; standard ${noun} in the signed scope`, 0.6, 'custom said, standard signed, for the same thing');
        break;
      }
    }

    // A custom build promised ("build that report for the board") that the scope excludes as custom work.
    const built =
      /\b(build|custom|bespoke|tailor(ed)?|create)\b[^.;]{0,40}?\b(reports?|dashboards?|integrations?|features?|templates?|workflows?|fields?)\b/i.exec(text);
    if (built) {
      const noun = built[3]!.toLowerCase().replace(/s$/, '');
      const s = scope.find((x) => isExcluded(x) && /\bcustom\b/i.test(x.text) && new RegExp(`\\b${noun}s?\\b`, 'i').test(x.text));
      if (s) add('scope', p, s, `A custom ${noun} promised in sales; the signed scope excludes custom ${noun}s`, 0.7, 'custom work excluded');
    }

    // A price held in the notes, increases allowed by the scope.
    if (
      /\b(no (uplift|increase|price increase)s?|lock(ed|ing)? (in )?(the |that |this |your |our )?(rate|price|pricing|[$€£]|\d)|price (lock|hold|freeze|protection|guarantee)|hold (the |that |our |this |your )?(rate|price|pricing|[$€£]\d[\d,.]*)|same (rate|price)|flat for|fixed for|won'?t (go up|increase|change))/i.test(
        text,
      ) ||
      priceStays.test(text)
    ) {
      const s = scope.find(
        (x) =>
          /\b(increase|uplift|then-current|escalat|cpi|index(ed|ation))\w*/i.test(x.text) &&
          !/\bno (increase|uplift)|shall not (increase|change)/i.test(x.text),
      );
      if (s) add('pricing', p, s, 'The price is held in the notes; the signed scope allows increases', 0.7, 'a held price against allowed increases');
    }

    // Prices: a recurring figure said in sales against the signed one for the same period of time (over a year).
    const said = recurringIn(text);
    if (said.length && !/\b(discount|off|budget|was|used to|last year|competitor)\b/i.test(text)) {
      const signed = scope
        .filter((x) => !isExcluded(x))
        .map((x) => ({ x, money: recurringIn(x.text).filter(() => !/one-?time|implementation|setup|set-up|services fee/i.test(x.text)) }))
        .filter((x) => x.money.length > 0);
      const recurring = signed.flatMap((x) => x.money.map((m) => m.perYear!));
      for (const m of said) {
        if (recurring.length === 0 || recurring.some((y) => Math.abs(y - m.perYear!) <= Math.max(1, 0.01 * y))) continue;
        const best =
          signed.find((x) => shared(topics, topicWords(x.x.text)).length > 0) ??
          signed.find((x) => /\b(subscription|platform|licen[cs]e|annual|fee)\b/i.test(x.x.text)) ??
          signed[0]!;
        const theirs = best.money[0]!;
        const same = shared(topics, topicWords(best.x.text)).length > 0;
        add(
          'pricing',
          p,
          best.x,
          `${m.text} in the notes; ${theirs.text} in the signed scope`,
          same ? 0.85 : 0.6,
          same ? 'prices compared over a year' : 'prices compared over a year; what they price may differ',
        );
        break;
      }
    }

    // Prices per seat or user: the figure said against the signed one.
    const perSeat = unitPricesIn(text);
    if (perSeat.length && !/\b(discount|off|budget|was|used to|last year|competitor|list)\b/i.test(text)) {
      const signed = scope.filter((x) => !isExcluded(x)).flatMap((x) => unitPricesIn(x.text).map((u) => ({ x, u })));
      const m = perSeat[0]!;
      const comparable = signed.filter(({ u }) => u.perYear === m.perYear);
      if (comparable.length && !comparable.some(({ u }) => Math.abs(u.amount - m.amount) <= 0.01 * u.amount))
        add('pricing', p, comparable[0]!.x, `${m.text} in the notes; ${comparable[0]!.u.text} in the signed scope`, 0.8, 'prices per seat compared');
      else if (signed.length === 0 && m.perYear) {
        // No price per seat signed: the seats and the yearly fee on one line ("50 users | Annual fee: USD 30,000").
        const line = scope.find((x) => !isExcluded(x) && counts(x.text).some((c) => c.noun === 'seats') && recurringIn(x.text).length && !oneTime.test(x.text));
        if (line) {
          const seats = counts(line.text).find((c) => c.noun === 'seats')!;
          const fee = recurringIn(line.text)[0]!;
          if (Math.abs(m.amount * seats.n - fee.perYear) > 0.02 * fee.perYear)
            add(
              'pricing',
              p,
              line,
              `${m.text} in the notes, ${m.amount * seats.n} a year for ${seats.text}; ${fee.text} in the signed scope`,
              0.75,
              'price per seat times the signed seats against the signed fee',
            );
        }
      }
    }

    // The length of the commitment: a year, or a way out, said in sales; longer or no way out signed.
    const termSaid =
      /\b(month[- ]to[- ]month|cancel (at )?any ?time|break clause|opt[- ]?out|out clause|exit clause|(one|1|twelve|12)[- ](year|month) (term|contract|agreement|commitment|deal))\b/i.exec(
        text,
      );
    if (termSaid && !/\b(no|not|without)\b[^.]{0,20}\b(break|opt|out|exit|cancel)/i.test(text)) {
      // How long the seller said the customer is bound: a month to month, a year, "a two-year term".
      const saidDays = /month[- ]to[- ]month|cancel|opt[- ]?out|out clause|exit clause|break clause/i.test(termSaid[0])
        ? 31
        : (durations(termSaid[0])[0]?.days ?? 365);
      const s = scope.find(
        (x) =>
          /\b(may not be terminated|non-?cancell?able|no termination for convenience|not terminable)\b/i.test(x.text) ||
          (/\b(term|commitment|subscription period|initial period|period of performance|contract period|minimum period)\b/i.test(x.text) &&
            !/\b(notice|payment|invoice)\b/i.test(x.text) &&
            durations(x.text).some((d) => d.days >= Math.max(300, saidDays + 60))),
      );
      if (s && !/month[- ]to[- ]month|cancel/i.test(s.text))
        add('timeline', p, s, `${termSaid[0]} in the notes; the signed scope commits for longer`, 0.7, 'terms compared');
    }

    // Support hours: around the clock said, office hours signed.
    if (/\b(24\/7|24x7|24 ?hours? a day|round[- ]the[- ]clock|around the clock)\b/i.test(text) && /\bsupport|help ?desk|on-?call\b/i.test(context)) {
      const s = scope.find(
        (x) =>
          /\bsupport|help ?desk\b/i.test(x.text) &&
          /\b(business hours|office hours|working hours|\d{1,2}(:\d{2})?\s?(am|a\.m\.)?\s?(-|–|to)\s?\d{1,2}(:\d{2})?\s?(pm|p\.m\.)|mon(day)?\s?(-|–|to)\s?fri)/i.test(
            x.text,
          ),
      );
      if (s && !scope.some((x) => /\b(24\/7|24x7|around the clock)\b/i.test(x.text) && !isExcluded(x)))
        add('sla', p, s, 'Support around the clock in the notes; business hours in the signed scope', 0.7, 'support hours compared');
    }

    // A fee waived in sales that the signed scope still charges.
    const waived =
      /\b(waiv\w*|no charge for|free of charge)\b[^.;]{0,40}?\b(implementation|onboarding|set-?up|setup|training|migration|services)\b|\b(implementation|onboarding|set-?up|setup|training|migration|services)( fee)?( is| will be)? (waived|free|at no (extra )?(cost|charge))\b/i.exec(
        text,
      );
    if (waived) {
      const what = (waived[2] ?? waived[3])!.toLowerCase().replace(/-/g, '');
      const s = scope.find(
        (x) =>
          !isExcluded(x) &&
          new RegExp(`\\b${what.replace('setup', 'set-?up')}\\b`, 'i').test(x.text) &&
          moneyIn(x.text).some((m) => m.amount > 0) &&
          !/\b(waived|no charge|at no (extra )?cost|included|complimentary|free)\b/i.test(x.text),
      );
      if (s) add('discount', p, s, `The ${what} fee waived in the notes; the signed scope charges it`, 0.8, 'a waived fee still charged');
    }

    // Fees paid once or other figures said without a period, against the signed figure for the same thing.
    const once = moneyIn(text).filter((m) => m.perYear === null && !recurringIn(text).some((r) => r.index === m.index));
    if (once.length && !/\b(discount|off|budget|was|used to|last year|competitor|save|saves|saving)\b/i.test(text)) {
      const oursTopics = new Set([...topicWords(context)].map(stemOf));
      for (const m of once) {
        const near = text.slice(Math.max(0, m.index - 40), m.index + m.text.length + 30);
        const isOnce = oneTime.test(near);
        const signed = scope
          .filter((x) => !isExcluded(x))
          .flatMap((x) => moneyIn(x.text).map((mm) => ({ x, mm })))
          .filter(({ x, mm }) => mm.perYear === null && !recurringIn(x.text).some((r) => r.index === mm.index) && oneTime.test(x.text) === isOnce);
        if (signed.length === 0 || signed.some(({ mm }) => Math.abs(mm.amount - m.amount) <= Math.max(1, 0.01 * mm.amount))) continue;
        const about = signed.find(({ x }) => [...topicWords(x.text)].map(stemOf).some((w) => oursTopics.has(w) && !/^(fee|price|cost|usd|eur|gbp)$/.test(w)));
        if (!about) continue;
        add('pricing', p, about.x, `${m.text} in the notes; ${about.mm.text} in the signed scope`, 0.8, 'fees compared for the same thing');
        break;
      }
    }

    // Dates: the day promised for go-live (or kickoff) against the signed day for the same.
    const promisedDates = datesIn(text);
    const anchor = dateAnchor(context);
    if (promisedDates.length && anchor) {
      const signedDates = scope.filter((x) => !isExcluded(x) && dateAnchor(x.text) === anchor && datesIn(x.text).length);
      // Live earlier than promised is no broken promise; later is.
      const agrees = signedDates.some((x) => datesIn(x.text).some((d) => promisedDates.some((o) => noLater(d, o))));
      if (signedDates.length && !agrees) {
        const about = signedDates.find((x) => shared(topics, topicWords(x.text)).length > 0);
        const best = about ?? signedDates[0]!;
        add(
          'timeline',
          p,
          best,
          `${promisedDates.map((d) => d.text).join(', ')} in the notes; ${datesIn(best.text)
            .map((d) => d.text)
            .join(', ')} in the signed scope`,
          about ? 0.8 : 0.6,
          about ? 'dates compared for the same milestone' : 'dates compared; the milestones may differ',
        );
      }
    }

    // A day promised for go-live against a signed duration from signature or kickoff ("live by March 1" / "Go-live
    // within sixteen (16) weeks of the Effective Date"), counted from the day the scope was signed.
    if (promisedDates.length && anchor === 'live' && !conflicts.some((c) => c.kind === 'timeline' && c.notes.quote === p.text)) {
      for (const x of scope) {
        if (isExcluded(x) || !x.source.occurredAt || dateAnchor(x.text) !== 'live' || datesIn(x.text).length) continue;
        const d = durations(x.text).find((d) => d.days < 365 && d.days >= 7);
        if (
          !d ||
          !/\b(of|from|after|following)\b[^.;]{0,25}\b(effective date|signature|signing|execution|kick-?off|order (form )?date|contract start|start date|this (sow|agreement|order))/i.test(
            x.text,
          )
        )
          continue;
        const signed = new Date(`${String(x.source.occurredAt).slice(0, 10)}T00:00:00Z`);
        if (Number.isNaN(signed.getTime())) continue;
        const due = new Date(signed.getTime() + d.days * 86_400_000);
        const dueDate = { month: due.getUTCMonth() + 1, day: due.getUTCDate(), year: due.getUTCFullYear() };
        // A promised day without a year is the next one after signature.
        const late = promisedDates.every((o) => {
          const year =
            o.year ?? (o.month * 31 + o.day >= (signed.getUTCMonth() + 1) * 31 + signed.getUTCDate() ? signed.getUTCFullYear() : signed.getUTCFullYear() + 1);
          return !noLater({ ...dueDate, text: '', index: 0 }, { ...o, year });
        });
        if (late) {
          add(
            'timeline',
            p,
            x,
            `${promisedDates.map((o) => o.text).join(', ')} in the notes; ${d.text} in the signed scope, ${due.toISOString().slice(0, 10)} counted from its signature`,
            0.6,
            'a promised day against a signed duration counted from the signature',
          );
          break;
        }
      }
    }

    // Billing frequency and payment terms.
    // Paying in parts said, in full up front signed: "we can split the first-year invoice into two payments".
    if (
      /\b(split (the |your |that )?([\w-]+ )?(invoice|payment|bill)s?|in (two|three|four|\d) (payments|instal+ments|parts|tranches)|instal+ments|spread (the )?(payments?|cost))\b/i.test(
        text,
      ) &&
      !/\b(not|no|can'?t|won'?t)\b[^.]{0,20}\bsplit/i.test(text)
    ) {
      const s = scope.find(
        (x) =>
          !isExcluded(x) &&
          /\b(in full|100 ?%)\b[^.;]{0,30}\b(upon|on|at|before) (signature|signing|execution|the effective date|order)|\b(entire|full) (fee|amount)s? (is |are )?(due|payable) (upon|on|at)/i.test(
            x.text,
          ),
      );
      if (s) add('pricing', p, s, 'Payment in parts in the notes; in full up front in the signed scope', 0.75, 'payment schedule compared');
    }
    const freq = billingFrequency(text);
    if (freq) {
      const s = scope.find(
        (x) => billingFrequency(x.text) && billingFrequency(x.text) !== freq && !/one-?time|implementation|setup|set-up|services fee/i.test(x.text),
      );
      if (s && !scope.some((x) => billingFrequency(x.text) === freq))
        add('pricing', p, s, `Billed ${freq} in the notes; ${billingFrequency(s.text)} in the signed scope`, 0.75, 'billing compared');
    }
    const days = paymentDays(text);
    if (days !== undefined) {
      const s = scope.find((x) => paymentDays(x.text) !== undefined && paymentDays(x.text) !== days);
      if (s && !scope.some((x) => paymentDays(x.text) === days))
        add('pricing', p, s, `Payment in ${days} days in the notes; ${paymentDays(s.text)} in the signed scope`, 0.85, 'payment terms compared');
    }

    // Service levels: uptime and response times.
    if (serviceLevel.test(context)) {
      const ours = percentages(text).filter((n) => n > 90);
      const s = scope.find((x) => serviceLevel.test(scopeText(x)) && percentages(x.text).some((n) => n > 90));
      if (ours.length && s && !percentages(s.text).some((n) => ours.includes(n)))
        add(
          'sla',
          p,
          s,
          `${ours.join(', ')}% uptime in the notes; ${percentages(s.text)
            .filter((n) => n > 90)
            .join(', ')}% in the signed scope`,
          0.85,
          'uptime compared',
        );
    }
    // How fast someone responds, also as people say it: "someone will jump on it within the hour", "we'll get back to you".
    if (
      /\b(respon\w*|resolution|support|jump(s|ing)? on (it|that|them)|get back to you|call you back|pick (it|that) up|turnaround)\b/i.test(text) &&
      responseTimes(text).length
    ) {
      const ours = responseTimes(text);
      const s = scope.find((x) => /\b(respon\w*|resolution)\b/i.test(x.text) && responseTimes(x.text).length);
      if (s && !responseTimes(s.text).some((n) => ours.includes(n)))
        add(
          'sla',
          p,
          s,
          `Response in ${ours.join(', ')} h in the notes; ${responseTimes(s.text).join(', ')} h in the signed scope`,
          0.7,
          'response times compared',
        );
    }
  }
  return conflicts;
}
