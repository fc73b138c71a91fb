// Numbers as people write them ("four", "eight (8)", "thirty-four", "12"), and the durations, percentages and
// counts of things that the conflict check compares between the notes and the signed scope.

const units: Record<string, number> = {
  zero: 0,
  no: 0,
  a: 1,
  an: 1,
  one: 1,
  single: 1,
  two: 2,
  couple: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
  half: 0.5,
  dozen: 12,
};
const tens: Record<string, number> = { twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90 };

/** "four" -> 4, "thirty-four" -> 34, "12" -> 12, "1,500" -> 1500; undefined for anything else. */
export function parseNumber(word: string): number | undefined {
  const w = word.toLowerCase().replace(/,/g, '').trim();
  if (/^\d+(\.\d+)?$/.test(w)) return Number(w);
  if (w in units) return units[w];
  if (w in tens) return tens[w];
  const m = /^(twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)[- ](one|two|three|four|five|six|seven|eight|nine)$/.exec(w);
  if (m) return tens[m[1]!]! + units[m[2]!]!;
  if (w === 'a hundred' || w === 'one hundred' || w === 'hundred') return 100;
  return undefined;
}

const numberWord =
  '(?:\\d+(?:[.,]\\d+)?|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?|zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|a couple of|a|an|half a|a dozen)';
/** A number with an optional "(8)" after it, as contracts write them. */
const numberPattern = `(${numberWord})(?:\\s*\\((\\d+)\\))?`;

function readNumber(word: string, digits: string | undefined): number | undefined {
  if (digits) return Number(digits);
  if (/^a couple of$/i.test(word)) return 2;
  if (/^half a$/i.test(word)) return 0.5;
  if (/^a dozen$/i.test(word)) return 12;
  return parseNumber(word);
}

export type Duration = { days: number; text: string; index: number };
const durationUnit: Record<string, number> = {
  day: 1,
  days: 1,
  'business day': 1.4,
  'business days': 1.4,
  'working day': 1.4,
  'working days': 1.4,
  week: 7,
  weeks: 7,
  wk: 7,
  wks: 7,
  month: 30,
  months: 30,
  mo: 30,
  quarter: 91,
  quarters: 91,
  year: 365,
  years: 365,
  yr: 365,
};
const durationRe = new RegExp(
  `\\b${numberPattern}[\\s-]*(business days?|working days?|calendar days?|days?|weeks?|wks?|months?|mo|quarters?|years?|yr)(?:\\(s\\))?(?![\\w])`,
  'gi',
);
const weekNumberRe = /\bweeks?\s+(\d{1,2})(?:\s*(?:-|–|to|through)\s*(\d{1,2}))?\b/gi;

/** Durations in a sentence ("four-week rollout", "eight (8) weeks", "week 6", "weeks 9-12": the end of the range). */
export function durations(text: string): Duration[] {
  const found: Duration[] = [];
  for (const m of text.matchAll(durationRe)) {
    const n = readNumber(m[1]!, m[2]);
    const unit = m[3]!.toLowerCase();
    if (n === undefined || n === 0) continue;
    // "per year", "a year", "first year" are terms of a subscription, not how long delivery takes.
    if (/^an?$/i.test(m[1]!) && /year|yr|month|mo/.test(unit)) continue;
    found.push({ days: Math.round(n * (durationUnit[unit.replace(/^calendar /, '')] ?? 1)), text: m[0], index: m.index ?? 0 });
  }
  for (const m of text.matchAll(weekNumberRe)) {
    const n = Number(m[2] ?? m[1]);
    if (n > 0 && n < 104) found.push({ days: n * 7, text: m[0], index: m.index ?? 0 });
  }
  return found.sort((a, b) => a.index - b.index);
}

/** Percentages: "12%", "10 percent", "ten per cent", "99.9%". */
export function percentages(text: string): number[] {
  const out: number[] = [];
  for (const m of text.matchAll(new RegExp(`\\b${numberPattern}\\s*(?:%|percent\\b|per cent\\b|pct\\b)`, 'gi'))) {
    const n = readNumber(m[1]!, m[2]);
    if (n !== undefined) out.push(n);
  }
  // "three nines", "four nines" of uptime.
  const nines = /\b(two|three|four|five|2|3|4|5) nines\b/i.exec(text);
  if (nines) out.push(Number((100 - 100 / 10 ** (parseNumber(nines[1]!) ?? 3)).toFixed(5)));
  for (const m of text.matchAll(/(\d+(?:\.\d+)?)%/g)) {
    const n = Number(m[1]);
    if (!out.includes(n)) out.push(n);
  }
  return out;
}

export type Count = { n: number; noun: string; text: string };
// Days count only as training days: "45 days" is a duration, "3 training days" is scope.
const countNouns =
  '(training days?|days? of (?:on-?site |remote |virtual |in-person )?training|(?:on-?site|remote|virtual|in-person) (?:training )?(?:days?|sessions?)|(?:training )?sessions?|workshops?|seats?|users?|licen[cs]es?|sites?|locations?|stores?|clinics?|properties|hotels?|offices?|terminals?|depots?|warehouses?|plants?|schools?|branches?|reports?|templates?|dashboards?|integrations?|connectors?|admins?|administrators?|workflows?|sandbox(?:es)?)';
const countRe = new RegExp(
  `\\b${numberPattern}\\s+(?:(?:half|full)[- ]day\\s+|additional\\s+|addl\\s+|named\\s+|extra\\s+|standard\\s+|custom\\s+|remote\\s+|on-?site\\s+|virtual\\s+|[a-z]+\\s+)?${countNouns}\\b`,
  'gi',
);

/** Counted things: "3 training days", "one (1) day of virtual training", "400 named users", "6 templates". */
export function counts(text: string): Count[] {
  const out: Count[] = [];
  for (const m of text.matchAll(countRe)) {
    const n = readNumber(m[1]!, m[2]);
    // "a couple of clinic groups" is a manner of speaking, not a count.
    if (n === undefined || /^(an?|a couple of|half a|a dozen)$/i.test(m[1]!)) continue;
    // "one hundred forty stores": the words are part of a larger number this reading does not add up.
    if (/\b(hundred|thousand|million)( and)?\s+$/i.test(text.slice(Math.max(0, (m.index ?? 0) - 14), m.index ?? 0))) continue;
    out.push({ n, noun: nounKey(m[3]!, m[0]), text: m[0] });
  }
  return out;
}

/** What a count counts, folded: training days and sessions are training, seats and licences are seats. */
function nounKey(noun: string, whole: string): string {
  const n = noun.toLowerCase();
  if (/training|session|workshop/.test(n) || (/days?/.test(n) && /train/i.test(whole)))
    return /session|workshop/.test(n) ? 'training sessions' : 'training days';
  if (/seat|user|licen/.test(n)) return 'seats';
  if (/site|location|store|clinic|propert|hotel|office|terminal|depot|warehouse|plant|school|branch/.test(n)) return 'sites';
  if (/report|dashboard/.test(n)) return 'reports';
  if (/template/.test(n)) return 'templates';
  if (/integration|connector/.test(n)) return 'integrations';
  if (/^admin/.test(n)) return 'admins';
  if (/sandbox/.test(n)) return 'sandboxes';
  if (/hour/.test(n)) return 'hours';
  return n.replace(/s$/, '');
}

/** How often a bill comes: monthly, quarterly, twice a year, annually. */
export function billingFrequency(text: string): string | undefined {
  const t = text.toLowerCase();
  if (!/\b(bill|billed|billing|invoice|invoiced|invoicing|pay|payable|payment|paid|in advance|upfront|up front)/.test(t)) return undefined;
  if (/\bquarterly|per quarter|each quarter|every quarter/.test(t)) return 'quarterly';
  if (/\bmonthly|per month|each month|every month|\/mo\b/.test(t)) return 'monthly';
  if (/semi-?annual|twice a year|every six months/.test(t)) return 'semi-annual';
  if (/\bannual|annually|yearly|per year|each year|every year|upfront|up front/.test(t)) return 'annual';
  return undefined;
}

/** Payment terms in days: "net 30", "30 days from invoice", "payable within 45 days". */
export function paymentDays(text: string): number | undefined {
  const m =
    /\bnet[- ]?(\d{1,3})\b/i.exec(text) ??
    /\(?(\d{1,3})\)?\s+(?:calendar\s+)?day(?:s|\(s\))?\s+(?:from|of|after|following)\s+(?:the\s+)?(?:[\w’']+\s+){0,3}?(?:date of\s+)?(?:invoice|receipt)/i.exec(
      text,
    ) ??
    /\bpayment (?:period|terms?)\b[^.\d]{0,20}\(?(\d{1,3})\)?\s+(?:calendar\s+)?day(?:s|\(s\))?/i.exec(text) ??
    /\b(?:payable|pay[\w ]{0,30}?)\s+within\s+(?:[a-z-]+\s+)?\(?(\d{1,3})\)?\s+days/i.exec(text);
  return m ? Number(m[1]) : undefined;
}

/** Response or resolution times in hours: "4h response", "respond within 2 business hours", "24-hour". */
export function responseHours(text: string): number[] {
  const out: number[] = [];
  for (const m of text.matchAll(new RegExp(`\\b${numberPattern}[\\s-]*(?:business |working )?(hours?|hrs?|h|minutes?|mins?)\\b`, 'gi'))) {
    const n = readNumber(m[1]!, m[2]);
    if (n !== undefined && !/^an?$/i.test(m[1]!)) out.push(/^min/i.test(m[3]!) ? Math.round((n / 60) * 100) / 100 : n);
  }
  // "within the hour", "within an hour".
  if (/\bwithin (the|an|one) hour\b/i.test(text) && !out.includes(1)) out.push(1);
  return out;
}

export type Money = { amount: number; currency: string | null; perYear: number | null; period: string | null; text: string; index: number };

const periodsPerYear: [RegExp, number, string][] = [
  [/^(year|yr|annum|annual(ly)?|p\.?a\.?)$/i, 1, 'year'],
  [/^(quarter|qtr|quarterly)$/i, 4, 'quarter'],
  [/^(month|mo|monthly)$/i, 12, 'month'],
  [/^(week|wk|weekly)$/i, 52, 'week'],
];

/**
 * Sums of money as people say and sign them: "USD 14,000 per quarter", "$48k a year", "40,000 a year", "€2.5k/month".
 * A bare number counts only with a currency, a "k" or a period after it (years and counts are not money). `perYear`
 * is the amount over a year when a period is given.
 */
export function moneyIn(text: string): Money[] {
  const out: Money[] = [];
  const re =
    /(?:([$€£]|\b(?:usd|eur|gbp|aud|cad|chf|nzd|sgd)\b)\s?)?(\d{1,3}(?:[,.\s]\d{3})+|\d+(?:\.\d+)?)\s?(k|m|thousand|million)?\b(?:\s?(usd|eur|gbp|dollars|euros|pounds))?(?:\s*(?:\/|per|a|an|each|every)\s*(year|yr|annum|quarter|qtr|month|mo|week|wk)\b|\s+(annually|quarterly|monthly|p\.?a\.?))?/gi;
  for (const m of text.matchAll(re)) {
    const currency = (m[1] ?? m[4] ?? null)?.toUpperCase() ?? null;
    const scale = m[3] ? (/^(k|thousand)$/i.test(m[3]) ? 1000 : 1_000_000) : 1;
    const periodWord = m[5] ?? m[6] ?? null;
    if (!currency && !m[3] && !periodWord) continue;
    const amount = Number(m[2]!.replace(/[,\s]/g, '').replace(/\.(\d{3})(?!\d)/g, '$1')) * scale;
    if (!Number.isFinite(amount) || amount < 100) continue;
    const p = periodWord ? periodsPerYear.find(([r]) => r.test(periodWord)) : undefined;
    out.push({ amount, currency, perYear: p ? amount * p[1] : null, period: p ? p[2] : null, text: m[0].trim(), index: m.index ?? 0 });
  }
  // Said, not written: "forty thousand dollars a year", "fifty grand", "twelve thousand a quarter".
  const spoken = new RegExp(
    `\\b(${numberWord})[- ](hundred thousand|thousand|grand|million)\\b(?:\\s+(dollars|euros|pounds|bucks))?(?:\\s*(?:\\/|per|a|an|each|every)\\s*(year|yr|annum|quarter|qtr|month|mo|week|wk)\\b|\\s+(annually|quarterly|monthly))?`,
    'gi',
  );
  for (const m of text.matchAll(spoken)) {
    const n = readNumber(m[1]!, undefined);
    if (n === undefined || /^(an?|a couple of|half a)$/i.test(m[1]!)) continue;
    // "40 thousand" is read above already.
    if (out.some((o) => o.index <= (m.index ?? 0) && (m.index ?? 0) < o.index + o.text.length)) continue;
    const scale = /million/i.test(m[2]!) ? 1_000_000 : /hundred/i.test(m[2]!) ? 100_000 : 1000;
    const amount = n * scale;
    const periodWord = m[4] ?? m[5] ?? null;
    const p = periodWord ? periodsPerYear.find(([r]) => r.test(periodWord)) : undefined;
    const currency = m[3] ? ({ dollars: '$', bucks: '$', euros: '€', pounds: '£' } as Record<string, string>)[m[3].toLowerCase()]! : null;
    out.push({ amount, currency, perYear: p ? amount * p[1] : null, period: p ? p[2] : null, text: m[0].trim(), index: m.index ?? 0 });
  }
  return out.sort((a, b) => a.index - b.index);
}

const monthNames = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const ordinalWords: Record<string, number> = {
  first: 1,
  second: 2,
  third: 3,
  fourth: 4,
  fifth: 5,
  sixth: 6,
  seventh: 7,
  eighth: 8,
  ninth: 9,
  tenth: 10,
  eleventh: 11,
  twelfth: 12,
  thirteenth: 13,
  fourteenth: 14,
  fifteenth: 15,
  sixteenth: 16,
  seventeenth: 17,
  eighteenth: 18,
  nineteenth: 19,
  twentieth: 20,
  thirtieth: 30,
};
function dayOf(word: string): number | undefined {
  const w = word.toLowerCase().replace(/(st|nd|rd|th)$/, '');
  if (/^\d{1,2}$/.test(w)) return Number(w);
  const full = word.toLowerCase();
  if (full in ordinalWords) return ordinalWords[full];
  const m = /^(twenty|thirty)[- ](first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)$/.exec(full);
  return m ? (m[1] === 'twenty' ? 20 : 30) + ordinalWords[m[2]!]! : undefined;
}

export type CalendarDate = { month: number; day: number; year: number | null; text: string; index: number };
const dayWord =
  '(\\d{1,2}(?:st|nd|rd|th)?|(?:twenty|thirty)[- ](?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|thirtieth)';
const monthWord =
  '(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\\.?';

/** Calendar dates written or said: "October 15", "15 October 2026", "Oct. 15th", "October fifteenth", "the 1st of June", "2026-11-30". */
export function datesIn(text: string): CalendarDate[] {
  const out: CalendarDate[] = [];
  const year = (y: string | undefined) => (y ? Number(y) : null);
  const push = (month: string, day: string, y: string | undefined, m: RegExpMatchArray) => {
    const d = dayOf(day);
    const mo = monthNames.indexOf(month.toLowerCase().slice(0, 3)) + 1;
    if (d && d >= 1 && d <= 31 && mo > 0 && !out.some((o) => o.index === m.index))
      out.push({ month: mo, day: d, year: year(y), text: m[0], index: m.index ?? 0 });
  };
  for (const m of text.matchAll(new RegExp(`\\b${monthWord}\\s+(?:the\\s+)?${dayWord}\\b(?:,?\\s+(20\\d{2}))?`, 'gi'))) push(m[1]!, m[2]!, m[3], m);
  for (const m of text.matchAll(new RegExp(`\\b(?:the\\s+)?${dayWord}\\s+(?:of\\s+)?${monthWord}(?:,?\\s+(20\\d{2}))?\\b`, 'gi'))) push(m[2]!, m[1]!, m[3], m);
  // US numeric dates, as forms and SOWs write them: "01/15/2027", "1/15/27".
  for (const m of text.matchAll(/\b(\d{1,2})\/(\d{1,2})\/(20\d{2}|\d{2})\b/g)) {
    const mo = Number(m[1]);
    const d = Number(m[2]);
    if (mo >= 1 && mo <= 12 && d >= 1 && d <= 31) out.push({ month: mo, day: d, year: 2000 + (Number(m[3]) % 100), text: m[0], index: m.index ?? 0 });
  }
  // A month alone after "by" or "end of" ("live by the end of March", "before March 2027"): its last day; a quarter its
  // last month's. "In May" is no deadline ("we may 5x the volume in May").
  for (const m of text.matchAll(
    /\b(?:by|before|until|end of)\s+(?:the\s+)?(?:end of\s+)?(January|February|March|April|May|June|July|August|September|October|November|December)\b(?!\s+\d{1,2}\b)(?:,?\s+(20\d{2}))?/g,
  )) {
    const mo = monthNames.indexOf(m[1]!.toLowerCase().slice(0, 3)) + 1;
    if (!out.some((o) => Math.abs(o.index - (m.index ?? 0)) < m[0].length))
      out.push({ month: mo, day: 31, year: m[2] ? Number(m[2]) : null, text: m[0], index: m.index ?? 0 });
  }
  for (const m of text.matchAll(/\b(?:by|before|end of)\s+(?:the\s+)?(?:end of\s+)?Q([1-4])(?:\s+(20\d{2}))?\b/g))
    out.push({ month: Number(m[1]) * 3, day: 31, year: m[2] ? Number(m[2]) : null, text: m[0], index: m.index ?? 0 });
  for (const m of text.matchAll(/\b(20\d{2})-(\d{2})-(\d{2})\b/g)) {
    const mo = Number(m[2]);
    const d = Number(m[3]);
    if (mo >= 1 && mo <= 12 && d >= 1 && d <= 31) out.push({ month: mo, day: d, year: Number(m[1]), text: m[0], index: m.index ?? 0 });
  }
  return out.sort((a, b) => a.index - b.index);
}
