// The stakeholder map: the customer's people from the CRM contacts, the speakers, senders and attendees of the
// sources, and the people the sources name, each with a role, an authority, and whether they took part themselves.
import { isCamelCase, isFirstName, isLastName, isPlace, nameParticle } from './names.ts';
import type { Segment } from './segments.ts';
import type { Authority, Evidence, ItemDraft, Source, StakeholderFacts, Vendor } from './types.ts';

/** Capitalised words that are not people however they are written. */
const notNames = new Set([
  'i',
  'we',
  'they',
  'he',
  'she',
  'you',
  'it',
  'our',
  'their',
  'the',
  'a',
  'an',
  'and',
  'or',
  'but',
  'so',
  'ok',
  'okay',
  'yes',
  'no',
  'hi',
  'hey',
  'hello',
  'thanks',
  'thank',
  'dear',
  'great',
  'good',
  'sure',
  'yeah',
  'yep',
  'right',
  'well',
  'also',
  'just',
  'then',
  'now',
  'today',
  'tomorrow',
  'yesterday',
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
  'sunday',
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
  'jan',
  'feb',
  'mar',
  'apr',
  'jun',
  'jul',
  'aug',
  'sep',
  'sept',
  'oct',
  'nov',
  'dec',
  'q1',
  'q2',
  'q3',
  'q4',
  'ceo',
  'cfo',
  'cto',
  'cio',
  'coo',
  'vp',
  'it',
  'hr',
  'ops',
  'sso',
  'api',
  'crm',
  'erp',
  'sow',
  'po',
  'faq',
  'pm',
  'csm',
  'ae',
  'se',
  'sdr',
  'eoq',
  'eoy',
  'asap',
  'fyi',
  'tbd',
  'n/a',
  'pst',
  'est',
  'cet',
  'utc',
  'us',
  'uk',
  'eu',
  'usa',
  'will',
  'mark',
  'bill',
  'grant',
  'april',
  'june',
  'august',
  'may',
  'faith',
  'hope',
  'joy',
  'page',
  'chase',
  'frank',
  'rich',
  'sky',
  'summer',
  'winter',
  'autumn',
  'spring',
  'dawn',
  'ray',
  'hunter',
  'wade',
  'cash',
  'price',
  'lane',
  'read',
  'penny',
  'sandy',
  'guy',
  'gene',
  'rod',
  'sterling',
  'king',
  'prince',
  'major',
  'royal',
  'harmony',
  'destiny',
  'justice',
  'liberty',
  'chance',
  'miles',
  'dean',
  'rob',
  'pat',
  'sue',
  'don',
  'art',
  'cliff',
  'drew',
  'gale',
  'jack',
  'jean',
  'carol',
  'holly',
  'ivy',
  'iris',
  'rose',
  'lily',
  'daisy',
  'violet',
  'ruby',
  'pearl',
  'amber',
  'crystal',
  'jade',
  'jewel',
  'star',
  'sunny',
  'brook',
  'river',
  'forest',
  'stone',
  'rock',
  'storm',
  'angel',
  'christian',
  'german',
  'indiana',
  'virginia',
  'georgia',
  'carolina',
  'dakota',
  'kansas',
  'austin',
  'houston',
  'dallas',
  'denver',
  'phoenix',
  'orlando',
  'jackson',
  'madison',
  'lincoln',
  'washington',
  'paris',
  'london',
  'sydney',
  'florence',
  'chelsea',
  'victoria',
  'sierra',
  'aurora',
  'eastside',
  'westside',
  'north',
  'south',
  'east',
  'west',
]);

const honorific = /^(dr|mr|mrs|ms|miss|prof|sir|dame)\.?$/i;
/** Forms of address that are not part of a name: "Ma'am Cora", "Madam Chair". */
const address = /^(ma['’]am|madam|maam|señora?|sra?\.?|don|doña)\s+/i;
const particle = { test: (word: string) => nameParticle.test(word.toLowerCase()) || /^o['’]$/i.test(word) };

export type ContactRecord = { sourceId: string; name: string; title: string | null; role: string | null; email: string | null; line: string };

/** Reads the contact sources Baton writes ("Name, Title, role words, e-mail"). */
export function contactsOf(sources: Source[]): ContactRecord[] {
  return sources
    .filter((s) => s.kind === 'contact')
    .map((s) => {
      const parts = s.text.split(/,\s*/);
      const name = parts[0]!.trim();
      const rest = parts.slice(1).filter((p) => !p.includes('@'));
      const roleWords = ['sponsor', 'decision maker', 'champion', 'influencer', 'user', 'technical contact', 'procurement', 'finance', 'legal'];
      const role = rest.find((p) => roleWords.includes(p.trim().toLowerCase())) ?? null;
      const title =
        rest
          .filter((p) => p !== role)
          .join(', ')
          .trim() || null;
      const email = parts.find((p) => p.includes('@'))?.trim() ?? null;
      return { sourceId: s.id, name, title, role: role ? role.trim().toLowerCase().replace(' contact', '').replace(' ', '_') : null, email, line: s.text };
    });
}

const titleAuthority: [RegExp, Authority][] = [
  [/\b(champion|project lead|project manager|main contact|point of contact|poc|day[- ]to[- ]day contact|owns the project|runs the project)\b/i, 'champion'],
  [/\b(procurement|purchasing|sourcing|vendor management|buyer)\b/i, 'procurement'],
  [/\b(legal|counsel|lawyer|attorney|paralegal|contracts? manager|privacy officer|compliance)\b/i, 'legal'],
  [/\b(cfo|chief financial|finance|financial|controller|comptroller|treasurer|accounting|accounts payable|\bap\b|bookkeep)/i, 'finance'],
  [
    /\b(cto|cio|ciso|chief (technology|information|digital|data)|it\b|i\.t\.|information technology|engineer|engineering|developer|architect|admin|administrator|sysadmin|security|infrastructure|network|devops|tech(nical)? (lead|contact|person|guy|gal)|data team|systems|dba|integration)/i,
    'technical',
  ],
  [/\b(sponsor|executive sponsor|exec sponsor)\b/i, 'sponsor'],
  [
    /\b(ceo|chief executive|president|owner|founder|managing director|\bmd\b|general manager|\bgm\b|decision maker|economic buyer|budget holder|final say|signs|signer|signatory|approver|approves)\b/i,
    'decision_maker',
  ],
  [/\b(coo|cmo|cro|cco|chief|vp|vice president|svp|evp|head of|director|principal|superintendent|dean|provost|commissioner|board|partner)\b/i, 'sponsor'],
  [
    /\b(user|rep|reps|agent|coordinator|dispatcher|dispatch|nurse|estimator|associate|supervisor|staff|clerk|planner|scheduler|analyst|specialist|manager|mgr|lead|officer|administrator|teacher|counselor|technician|driver|operator|assistant|receptionist|front desk)\b/i,
    'user',
  ],
];

/** An authority from a title or a description ("VP Operations", "their IT guy", "signs anything over 25k"). */
export function authorityFrom(text: string | null): Authority {
  if (!text) return 'unknown';
  for (const [re, authority] of titleAuthority) if (re.test(text)) return authority;
  return 'unknown';
}

const roleNames: Record<string, Authority> = {
  sponsor: 'sponsor',
  decision_maker: 'decision_maker',
  champion: 'champion',
  influencer: 'influencer',
  user: 'user',
  technical: 'technical',
  procurement: 'procurement',
  finance: 'finance',
  legal: 'legal',
};

type Candidate = StakeholderFacts & { evidence: Evidence[]; tookPart: boolean; notEngaged: boolean; strength: number; firstOnly: boolean };

const participation =
  /\b(said|says|asked|asks|mentioned|confirmed|wants|wanted|explained|noted|pushed back|joined|told (us|me|him|her)|agreed|walked us|shared|replied|responded|wrote|emailed|e-mailed|called|raised|suggested|prefers|liked|loved|demoed|presented|signed off|approved|dropped|chimed in|interrupted|walked through|showed|described|stressed|insisted|flagged|will send|sent)\b/i;
const notParticipated =
  /\b(hasn'?t|has not|haven'?t|have not|never|didn'?t|did not|not yet|no call|not on any|not on the|not (been )?(involved|engaged)|absent|apologies|regrets|couldn'?t make|could not make|unable to attend|out of office|not present|missing from)\b/i;
const attendeeHeading = /^(attendees|present|participants|in attendance|on (the )?call|people|who was there|attending|customer attendees|client attendees)\b/i;
const absentHeading = /^(not present|absent|apologies|regrets|unable to attend)\b/i;

type Mention = { name: string; index: number; end: number; firstOnly: boolean };

/** Job titles written in capitals, which may stand before a name. */
const titleAcronym = /^(CEO|CFO|COO|CTO|CIO|CISO|CMO|CRO|CPO|CCO|CHRO|VP|SVP|EVP|GM|MD|IT|HR|PM|PMO|QA|RN|DON|CNO|CMIO)$/;

const streetWord = /^(rd|st|ave|avenue|street|road|blvd|boulevard|drive|dr|lane|ln|way|suite|ste|court|ct|place|pl|square|sq|highway|hwy|parkway|pkwy)\.?$/i;
const productContext = /\b(system|platform|software|tool|erp|crm|core|suite|app|module|instance|stack|vendor|package)\s*\(?\s*$/i;

/**
 * Person names in a sentence: "Maria Garcia", "Dr. Okafor", "Robert J. Lindgren", "Ron" (a known or common first
 * name). Runs of capitalised words that look like products, places or companies are left out.
 */
function mentionsIn(text: string, known: ReadonlyMap<string, string>, blocked: ReadonlySet<string>): Mention[] {
  const mentions: Mention[] = [];
  const tokens = [...text.matchAll(/[\p{Lu}][\p{L}'’-]*\.?|[\p{Ll}][\p{L}'’-]*|\d+|\S/gu)].map((m) => ({ raw: m[0], index: m.index ?? 0 }));
  for (let i = 0; i < tokens.length; i++) {
    if (!/^\p{Lu}/u.test(tokens[i]!.raw)) continue;
    // The run of capitalised words (and initials, particles) starting here.
    let j = i;
    while (
      j + 1 < tokens.length &&
      /^\s+$/.test(text.slice(tokens[j]!.index + tokens[j]!.raw.length, tokens[j + 1]!.index)) &&
      !/[’']s$/.test(tokens[j]!.raw) &&
      // "+ Gemma. Raj dropped off": a full stop after a word (not an initial or a title) ends the name.
      !(/\.$/.test(tokens[j]!.raw) && tokens[j]!.raw.length > 2 && !honorific.test(tokens[j]!.raw)) &&
      (/^\p{Lu}/u.test(tokens[j + 1]!.raw) || (particle.test(tokens[j + 1]!.raw) && j + 2 < tokens.length && /^\p{Lu}/u.test(tokens[j + 2]!.raw))) &&
      j - i < 4
    )
      j++;
    let run = tokens.slice(i, j + 1).map((t) => ({ ...t, word: t.raw.replace(/[’']s$/, '').replace(/\.$/, '') }));
    // "Our CFO Raymond Lee", "IT Director Pete Shaw": a title in capitals before a name; the name is what follows it.
    const acronym = run.findLastIndex(
      (t) => t.word.length > 1 && t.word === t.word.toUpperCase() && /^\p{Lu}+$/u.test(t.word) && !known.has(t.word.toLowerCase()),
    );
    if (acronym >= 0 && acronym < run.length - 1 && titleAcronym.test(run[acronym]!.word)) run = run.slice(acronym + 1);
    const start = i;
    i = j;
    const before = text.slice(Math.max(0, run[0]!.index - 12), run[0]!.index);
    if (/\b(st|saint|mount|mt|port|fort|lake|san|santa)\.?\s*$/i.test(before)) continue;
    if (productContext.test(text.slice(Math.max(0, run[0]!.index - 40), run[0]!.index))) continue;
    // Products and acronyms: "SilverLake", "ADA", "OPERA".
    if (run.some((t) => isCamelCase(t.word) || (t.word.length > 1 && t.word === t.word.toUpperCase() && !known.has(t.word.toLowerCase())))) continue;
    const last = run[run.length - 1]!;
    const after = text.slice(last.index + last.raw.length, last.index + last.raw.length + 12);
    // "Elm Dr." is a street; "Dr. Hans Verbeek" opens with a title.
    if (run.some((t, x) => streetWord.test(t.word) && !(x === 0 && honorific.test(t.word))) || /^\s+(rd|st|ave|street|road|blvd)\b/i.test(after)) continue;
    let k = 0;
    // "G. Cole asked for service credits", "(L. Fitzgerald)": an initial and a surname, a person when the sentence
    // says so (the usual cues decide); "G. Cole" is the "Gavin Cole" the sources name elsewhere.
    if (
      run.length >= 2 &&
      /^\p{Lu}$/u.test(run[0]!.word) &&
      run[0]!.raw.endsWith('.') &&
      !/^\p{Lu}$/u.test(run[1]!.word) &&
      !notNames.has(run[1]!.word.toLowerCase()) &&
      !blocked.has(run[1]!.word.toLowerCase()) &&
      (run.length === 2 || !isFirstName(run[1]!.word)) &&
      !isPlace(run[1]!.word)
    ) {
      mentions.push({ name: `${run[0]!.word}. ${run[1]!.word}`, index: run[0]!.index, end: run[1]!.index + run[1]!.word.length, firstOnly: false });
      continue;
    }
    // Dr. Okafor, Ms. Patel
    if (honorific.test(run[0]!.word)) {
      if (run.length < 2 || notNames.has(run[1]!.word.toLowerCase())) continue;
      const name = run
        .slice(0, Math.min(run.length, 3))
        .map((t) => t.word)
        .join(' ')
        .replace(/^(\w+)\s/, '$1. ');
      mentions.push({
        name,
        index: run[0]!.index,
        end: run[Math.min(run.length, 3) - 1]!.index + run[Math.min(run.length, 3) - 1]!.word.length,
        firstOnly: false,
      });
      continue;
    }
    for (; k < run.length; k++) {
      const w = run[k]!;
      const lower = w.word.toLowerCase();
      if (blocked.has(lower) || notNames.has(lower)) continue;
      if (!known.has(lower) && !isFirstName(w.word)) continue;
      if (!known.has(lower) && isPlace(w.word)) continue;
      // A first name, then surname words: particles, initials ("J."), capitalised words.
      let end = k;
      while (end + 1 < run.length && end - k < 3) {
        const n = run[end + 1]!;
        const nl = n.word.toLowerCase();
        if (blocked.has(nl) || notNames.has(nl) || streetWord.test(n.word)) break;
        if (end > k && isFirstName(n.word) && !isLastName(n.word) && !particle.test(n.word)) break;
        end++;
        if (
          !particle.test(n.word) &&
          !/^[A-Z]$/.test(n.word) &&
          end - k >= 1 &&
          !(end + 1 < run.length && (/^[A-Z]$/.test(run[end + 1]!.word) || particle.test(run[end + 1]!.word)))
        ) {
          // Stop after one surname unless more particles or initials follow.
          if (!(end + 1 < run.length && isLastName(run[end + 1]!.word))) break;
        }
      }
      const parts = run.slice(k, end + 1);
      const name = parts.map((t) => (/^[A-Z]$/.test(t.word) ? `${t.word}.` : t.word)).join(' ');
      mentions.push({
        name,
        index: parts[0]!.index,
        end: parts[parts.length - 1]!.index + parts[parts.length - 1]!.word.length,
        firstOnly: parts.length === 1,
      });
      k = end;
    }
    void start;
  }
  return mentions;
}

/** The words around a mention that say what the person does: "(VP/GM)", ", the CFO,", "their IT guy (Pete)". */
function roleNear(text: string, m: Mention): string | null {
  const after = text.slice(m.end, m.end + 80);
  const before = text.slice(Math.max(0, m.index - 60), m.index);
  const paren = /^\s*\(([^)]{2,60})\)/.exec(after);
  if (paren && !/@|\d{3}/.test(paren[1]!)) return paren[1]!;
  const apposition = /^\s*[,=–—-]\s*(?:the |our |their |his |her |its )?([^,.;:!?()]{2,50}?)(?:[,.;:!?)]|\s+(?:is|was|who|and|has|will|at|for)\b|$)/i.exec(
    after,
  );
  if (apposition && authorityFrom(apposition[1]!) !== 'unknown') return apposition[1]!;
  const isRole = /^\s+(?:is|=|as)\s+(?:the |our |their |a |an )?([^,.;:!?()]{2,50}?)(?:[,.;:!?()]|\s+(?:and|who|for|at)\b|$)/i.exec(after);
  if (isRole && authorityFrom(isRole[1]!) !== 'unknown') return isRole[1]!;
  const dept =
    /^\s+(?:in|from|on|at|with|heads?|runs?|leads?|owns?)\s+(?:the\s+)?(it|i\.t\.|legal|finance|accounting|procurement|purchasing|security|compliance|operations|ops|engineering|hr|marketing|sales|support|infrastructure|networking?|data|analytics|payroll|billing|facilities|the \w+ team)\b/i.exec(
      after,
    );
  if (dept) return `${dept[1]}`;
  const title = /(?:^|[\s(,;:])(?:the |our |their |his |her |my |a |an )((?:[\w/&.-]+\s){0,3}[\w/&.-]+?),?\s*$/i.exec(before);
  if (title && authorityFrom(title[1]!) !== 'unknown' && title[1]!.split(/\s+/).length <= 4) return title[1]!.trim();
  const bare =
    /((?:[\w/&.-]+\s){0,2}(?:cfo|ceo|cto|cio|coo|ciso|vp[\w/ ]*|director[\w ]*|head of [\w ]+|manager|mgr|admin|counsel|officer|engineer|architect|controller|president|sponsor|champion|bookkeeper|coordinator|lead)),?\s*$/i.exec(
      before,
    );
  if (bare && authorityFrom(bare[1]!) !== 'unknown') return bare[1]!.trim();
  return null;
}

const foldName = (name: string) =>
  name
    .toLowerCase()
    .replace(address, '')
    .replace(/^(dr|mr|mrs|ms|miss|prof)\.?\s+/, '')
    // "Robert J. Lindgren" is the "Robert Lindgren" of the CRM: a middle initial is not part of the key.
    .replace(/(?<=\S)\s+\p{L}\.(?=\s+\S)/gu, '')
    .replace(/[^\p{L}\s'-]/gu, '')
    .replace(/\s+/g, ' ')
    .trim();

/**
 * Finds the customer's people. Contacts come first; sources add speakers, senders, attendees and people named
 * with a role or doing something. A first name alone joins the full name it belongs to.
 */
/** A contact on the account or someone who took part is certain; a name with a role fair; a name in passing low. */
function stakeholderConfidence(c: Candidate): { confidence: number; basis: string } {
  if (c.contactId) return { confidence: 0.95, basis: "a contact on the buyer's account" };
  if (c.tookPart) return { confidence: 0.85, basis: 'took part (spoke, attended or wrote)' };
  if (c.title && c.title === c.name) return { confidence: 0.6, basis: 'named by role only' };
  if (c.title) return { confidence: 0.7, basis: 'named with a role' };
  return { confidence: 0.45, basis: 'named in passing' };
}

/** A title before a name, "Dr. " or "Ms ", optional. */
const titleBefore = String.raw`(?:(?:Dr|Mr|Mrs|Ms|Mx|Prof)\.?\s+)?`;

/** A signature line of a signed scope: who signed (for whom), with the title. */
const signatory = new RegExp(
  String.raw`^\s*(?:signed|signature|executed|accepted(?: and agreed)?)(?: for(?: and on behalf of)?| by| on behalf of)?(?: (?:the )?([^:]{2,80}?))?\s*:\s*(${titleBefore}[\p{Lu}][\p{L}'’-]+(?:\s+(?:[\p{Lu}]\.|[\p{Lu}][\p{L}'’-]+)){1,3})\s*,\s*([^,—–\d]{2,60})`,
  'iu',
);
const sellerTitle = /\b(account (executive|manager|director)|sales|business development|customer success|partner manager)\b/i;

/** One to three capitalised words: a person's name as written in running text. */
const nameWords = String.raw`[\p{Lu}][\p{Ll}'’-]+(?:\s[\p{Lu}][\p{Ll}'’-]+){0,2}`;

export function findStakeholders(segments: Segment[], contacts: ContactRecord[], vendor: Vendor, orgWords: ReadonlySet<string>): ItemDraft[] {
  const people = new Map<string, Candidate>();
  const vendorNames = new Set(vendor.people.flatMap((p) => [foldName(p), foldName(p).split(/\s+/)[0]!]));
  const vendorSurnames = new Set(
    vendor.people
      .map((p) => foldName(p).split(/\s+/))
      .filter((parts) => parts.length > 1)
      .map((parts) => parts[parts.length - 1]!),
  );
  const isVendor = (name: string) => vendorNames.has(foldName(name)) || vendorNames.has(foldName(name).split(/\s+/)[0]!);
  const known = new Map<string, string>();
  for (const c of contacts) {
    const f = foldName(c.name);
    known.set(f, c.name);
    known.set(f.split(/\s+/)[0]!, c.name);
  }
  // The seller's people the workspace does not list: who speaks or writes for the seller, and whom the seller's side
  // names as its own ("my colleague Tom", "our solutions engineer, Priya", "Jen from our onboarding team").
  const sellerColleague = new RegExp(
    String.raw`\b(?:my|our) (?:colleague|teammate|co-?worker|partner in crime|(?:solutions?|sales|implementation|onboarding|support|customer success|technical|integrations?|product) (?:engineer|architect|consultant|lead|manager|specialist|director)|se|csm|cto|ceo|founder)\s*,?\s+(${nameWords})|\b(${nameWords}),? (?:from|on|in) (?:our|my) (?:side|team|\w+ team)\b`,
    'gu',
  );
  const addSeller = (name: string) => {
    const f = foldName(name);
    if (known.has(f) || known.has(f.split(/\s+/)[0]!)) return;
    vendorNames.add(f);
    if (f.includes(' ')) vendorNames.add(f.split(/\s+/)[0]!);
  };
  for (const s of segments) {
    if (s.quoted || s.source.kind === 'scope') continue;
    if (s.speaker && s.side === 'vendor') addSeller(s.speaker);
    if (s.side !== 'vendor') continue;
    for (const m of s.text.matchAll(sellerColleague)) addSeller((m[1] ?? m[2])!);
  }
  for (const s of segments) if (s.speaker && s.side !== 'vendor' && !isVendor(s.speaker)) known.set(foldName(s.speaker).split(/\s+/)[0]!, s.speaker);

  const get = (name: string): Candidate | undefined => {
    const f = foldName(name);
    if (people.has(f)) return people.get(f);
    const parts = f.split(/\s+/);
    const titled = /^(dr|mr|mrs|ms|miss|prof)\b/i.test(name);
    // "G. Cole" -> "Gavin Cole".
    if (parts.length === 2 && /^\p{L}\.?$/u.test(parts[0]!))
      for (const [key, c] of people) {
        const kp = key.split(/\s+/);
        if (kp.length > 1 && kp[kp.length - 1] === parts[1] && kp[0]![0] === parts[0]![0] && kp[0]!.length > 2) return c;
      }
    // "Ron" -> "Ron Batista"; "Dr. Okafor" -> "Helen Okafor"; "Beth Ann" -> "Beth Ann Sorensen"; "Deb" -> "Deborah Kline".
    for (const [key, c] of people) {
      const kp = key.split(/\s+/);
      if (titled && parts.length === 1 && kp.length > 1 && kp[kp.length - 1] === parts[0]) return c;
      if (titled) continue;
      const [short, long] = parts.length <= kp.length ? [parts, kp] : [kp, parts];
      if (short.every((p, i) => long[i] === p)) return c;
    }
    if (parts.length === 1 && parts[0]!.length >= 3) {
      const nick = [...people.entries()].filter(([key]) => key.split(/\s+/)[0]!.startsWith(parts[0]!) && key.split(/\s+/)[0] !== parts[0]);
      if (nick.length === 1) return nick[0]![1];
    }
    return undefined;
  };
  const add = (
    name: string,
    evidence: Evidence,
    facts: {
      title?: string | null;
      authority?: Authority;
      engaged?: boolean;
      tookPart?: boolean;
      notEngaged?: boolean;
      strength: number;
      contactId?: string | null;
    },
  ) => {
    const clean = name.replace(/\s+/g, ' ').trim().replace(address, '');
    if (!clean || isVendor(clean) || orgWords.has(foldName(clean))) return;
    let c = get(clean);
    if (!c) {
      c = {
        name: clean,
        title: null,
        authority: 'unknown',
        engaged: false,
        contactId: null,
        evidence: [],
        tookPart: false,
        notEngaged: false,
        strength: 0,
        firstOnly: !clean.includes(' '),
      };
      people.set(foldName(clean), c);
    } else if (clean.split(' ').length > c.name.split(' ').length && !/^(dr|mr|mrs|ms)\b/i.test(clean)) {
      // A fuller name for someone first met by first name.
      people.delete(foldName(c.name));
      c.name = clean;
      c.firstOnly = false;
      people.set(foldName(clean), c);
    }
    if (facts.contactId && !c.contactId) c.contactId = facts.contactId;
    if (facts.title && !c.title) c.title = facts.title;
    if (facts.authority && facts.authority !== 'unknown' && (c.authority === 'unknown' || facts.strength >= 3)) c.authority = facts.authority;
    if (facts.engaged) c.engaged = true;
    if (facts.tookPart) c.tookPart = true;
    if (facts.notEngaged) c.notEngaged = true;
    c.strength = Math.max(c.strength, facts.strength);
    // A whole sentence (or the contact record) as evidence, never the bare name; a few are enough to say who they are.
    if (c.evidence.length < 3 && !c.evidence.some((e) => e.sourceId === evidence.sourceId && e.quote === evidence.quote)) c.evidence.push(evidence);
  };

  for (const c of contacts) {
    add(
      c.name,
      { sourceId: c.sourceId, quote: c.line },
      {
        title: c.title,
        authority: c.role && roleNames[c.role] ? roleNames[c.role] : authorityFrom(c.title),
        strength: 3,
        contactId: c.sourceId.replace(/^contact:/, ''),
      },
    );
  }

  const blocked = new Set([...orgWords, ...vendorNames, ...vendorSurnames]);
  for (const s of segments) {
    if (s.source.kind === 'contact' || s.source.kind === 'fields') continue;
    // Names on a demo screen or a slide are the seller's sample data, not the buyer's people.
    if ((s.label && /^(screen|on screen|slide|demo( screen)?|screen ?share)$/.test(s.label)) || /^\s*[[(](on )?(screen|slide|demo)\b/i.test(s.text)) continue;
    // Speakers and senders on the customer's side took part themselves.
    if (
      s.speaker &&
      s.side !== 'vendor' &&
      !isVendor(s.speaker) &&
      /^[A-Z]/.test(s.speaker) &&
      s.speaker.length > 1 &&
      !/^(customer|client|prospect|speaker|unknown|participant|q|a)\b/i.test(s.speaker)
    ) {
      const note = s.speakerNote && authorityFrom(s.speakerNote) !== 'unknown' ? s.speakerNote : null;
      add(
        s.speaker,
        { sourceId: s.source.id, quote: s.text },
        { engaged: true, tookPart: true, strength: 2, ...(note && { title: note, authority: authorityFrom(note) }) },
      );
    }
    const heading = s.heading ?? '';
    const attendeeLine = /^\s*(attendees|present|participants|on (the )?call|in attendance|their side|customer side|client side|from \w+)\s*[:-]/i.exec(s.text);
    const absentLine = /^\s*(not present|absent( with (notice|apologies))?|apologies|regrets|unable to attend)\s*[:-]/i.exec(s.text);
    const inAttendees = attendeeHeading.test(heading) || !!attendeeLine;
    const inAbsent = absentHeading.test(heading) || !!absentLine;
    const mentions = mentionsIn(s.text, known, blocked);
    // "call w/ Lucía Ferrer (group DoS) + Tiago (revenue mgr)": everyone listed after "with" was there.
    const withList =
      /(?:^|\b(?:call|met|meeting|spoke|talked|chat|lunch|dinner|demo|sync|catch[- ]?up|session|visit|workshop|walkthrough|review|f\/u|follow[- ]up)\s+)(?:w\/|with)\s+/i.exec(
        s.text,
      );
    const listEnd = withList
      ? (() => {
          const rest = s.text.slice(withList.index + withList[0].length);
          const stopAt = rest.search(/[.;!?]\s|\s[-–—]\s|\b(about|re|regarding|on the|to discuss|for the)\b/i);
          return withList.index + withList[0].length + (stopAt < 0 ? rest.length : stopAt);
        })()
      : -1;
    // Names outside the lexicon, made plain by a title beside them: "our CIO, Rashid", "Jo, our volunteer coordinator", "Tiago (revenue mgr)".
    for (const a of s.text.matchAll(
      new RegExp(
        String.raw`\b(?:our|their|the)\s+((?:[\w/&-]+\s){0,2}[\w/&-]+)\s*,\s*${titleBefore}([\p{Lu}][\p{Ll}'’-]+(?:\s[\p{Lu}][\p{Ll}'’-]+)?)\b|\b${titleBefore}(?!(?:Dr|Mr|Mrs|Ms|Mx|Prof)\b)([\p{Lu}][\p{Ll}'’-]+(?:\s[\p{Lu}][\p{Ll}'’-]+)?)\s*(?:,\s*(?:our|their|the)\s+((?:[\w/&-]+\s){0,2}[\w/&-]+)\s*,|\(((?:[\w/&.-]+[ ,]*){1,4})\))`,
        'gu',
      ),
    )) {
      const name = (a[2] ?? a[3]!).replace(address, '');
      const title = (a[1] ?? a[4] ?? a[5] ?? '').trim();
      const index = a.index ?? 0;
      if (!title || authorityFrom(title) === 'unknown' || mentions.some((m) => m.index <= index + a[0].indexOf(name) && m.end >= index + a[0].indexOf(name)))
        continue;
      const first = name.split(' ')[0]!.toLowerCase();
      if (
        notNames.has(first) ||
        blocked.has(first) ||
        orgWords.has(name.toLowerCase()) ||
        /^(the|our|their|a|an|and|or|but|so|if|we|they|it)$/i.test(name) ||
        (!known.has(first) && name.split(' ').every((w) => isPlace(w)))
      )
        continue;
      if (index + a[0].indexOf(name) === 0 && !a[3]) continue;
      mentions.push({ name, index: index + a[0].indexOf(name), end: index + a[0].indexOf(name) + name.length, firstOnly: !name.includes(' ') });
    }
    for (const m of mentions) {
      if (isVendor(m.name)) continue;
      const role = roleNear(s.text, m);
      const local = s.text.slice(Math.max(0, m.index - 40), Math.min(s.text.length, m.end + 90));
      const afterName = s.text.slice(m.end, m.end + 70);
      const notEngaged =
        inAbsent ||
        notParticipated.test(afterName) ||
        /\b(no call|not met|haven'?t met|never met|no contact) (w\/|with) $/i.test(s.text.slice(Math.max(0, m.index - 20), m.index));
      const reported =
        participation.test(afterName.slice(0, 40)) && !/\b(will|would|going to|needs? to|has to|must|should)\s+\w*\s*$/i.test(afterName.slice(0, 12));
      const withWhom =
        /\b(call|met|meeting|spoke|talked|chat|lunch|demo|sync|catch[- ]up|f\/u|follow[- ]up)\s+(w\/|with)\s+(\w+\s+){0,3}$/i.test(
          s.text.slice(Math.max(0, m.index - 40), m.index),
        ) || /\b(w\/|with)\s+$/i.test(s.text.slice(Math.max(0, m.index - 6), m.index));
      const listed = withList !== null && m.index >= withList.index + withList[0].length && m.index < listEnd && s.source.kind !== 'scope';
      const engaged = !notEngaged && (inAttendees || withWhom || listed || (reported && s.source.kind !== 'scope'));
      const cue =
        role !== null ||
        engaged ||
        notEngaged ||
        listed ||
        inAttendees ||
        known.has(foldName(m.name)) ||
        known.has(foldName(m.name).split(' ')[0]!) ||
        /[’']s\b/.test(s.text.slice(m.end, m.end + 2));
      if (m.firstOnly && !cue) continue;
      if (!m.firstOnly && !cue && !isFirstName(m.name.split(' ')[0]!)) continue;
      const authority = role ? authorityFrom(role) : authorityFrom(local.replace(m.name, ''));
      add(
        m.name,
        { sourceId: s.source.id, quote: s.text },
        {
          title: role,
          authority: role ? authority : 'unknown',
          engaged,
          tookPart: engaged && (inAttendees || withWhom || listed),
          notEngaged,
          strength: role ? 2 : 1,
        },
      );
      if (!role) {
        const c = get(m.name);
        if (c && c.authority === 'unknown') {
          const weak = authorityFrom(local.replace(m.name, ''));
          if (weak !== 'unknown' && weak !== 'user') c.authority = weak;
        }
      }
    }
  }
  // The buyer's signatory on the signed scope: "Signed for Severnside Homes Limited: Lisa Grant, Director of Finance".
  // The seller's own signatory is told apart by the company named or a sales title.
  const company = foldName(vendor.company).split(/\s+/)[0] ?? '';
  for (const s of segments) {
    if (s.source.kind !== 'scope') continue;
    const m = signatory.exec(s.text);
    if (!m) continue;
    const [, org = '', name, title] = m;
    const rest = `${org} ${s.text.slice(m.index + m[0].length)}`.toLowerCase();
    if (isVendor(name!) || (company.length > 2 && rest.includes(company)) || sellerTitle.test(title!)) continue;
    add(name!, { sourceId: s.source.id, quote: s.text }, { title: title!.trim(), authority: authorityFrom(title!), notEngaged: true, strength: 1 });
  }
  // "Our CFO has not joined": an executive the sources name only by title is still someone to bring in.
  const execRe =
    /\b(our|their|the|his|her|your)\s+(cfo|ceo|coo|cto|cio|ciso|cro|cmo|general counsel|chief [a-z]+ officer|finance director|director of finance|head of (?:finance|it|procurement|legal|security|operations)|financial controller|compliance officer|data protection officer|it director|procurement (?:lead|manager|director)|purchasing manager|managing director)\b/gi;
  for (const s of segments) {
    if (s.source.kind === 'scope' || s.source.kind === 'contact' || s.source.kind === 'fields') continue;
    for (const m of s.text.matchAll(execRe)) {
      const owner = m[1]!.toLowerCase();
      const customerVoice =
        s.side === 'customer'
          ? owner === 'our' || owner === 'the'
          : s.side === 'vendor'
            ? owner === 'their' || owner === 'your' || (owner === 'the' && s.source.kind !== 'call')
            : owner === 'their' || owner === 'the';
      if (!customerVoice) continue;
      const role = m[2]!.length <= 4 ? m[2]!.toUpperCase() : m[2]!.replace(/\b\w/g, (x) => x.toUpperCase());
      // "Director of Finance" is the finance director, "Head of IT" the IT director.
      const sameRole = (title: string) =>
        title
          .toLowerCase()
          .replace(/\b(?:director|head) of (\w+)/, '$1 director')
          .replace(/\bit head\b/, 'it director');
      const titled = [...people.values()].some((c) => c.title && new RegExp(`\\b${sameRole(m[2]!)}\\b`, 'i').test(sameRole(c.title)));
      if (titled) continue;
      const afterRole = s.text.slice((m.index ?? 0) + m[0].length, (m.index ?? 0) + m[0].length + 60);
      // Named right after ("the CFO, Raymond"): that person is found by name.
      if (/^\s*[,(]?\s*(?:[A-Z][a-z]+|is [A-Z])/.test(afterRole)) continue;
      add(
        role,
        { sourceId: s.source.id, quote: s.text },
        { title: role, authority: authorityFrom(role), notEngaged: notParticipated.test(afterRole), strength: 1 },
      );
    }
  }
  return [...people.values()].map((c) => ({
    kind: 'stakeholder',
    text: c.title ? `${c.name}, ${c.title}` : c.name,
    evidence: c.evidence,
    // Speaking, writing or attending outweighs a note that they never joined; being quoted by someone else does not.
    stakeholder: { name: c.name, title: c.title, authority: c.authority, engaged: c.tookPart || (c.engaged && !c.notEngaged), contactId: c.contactId },
    ...stakeholderConfidence(c),
  }));
}
