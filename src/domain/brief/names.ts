// Whether a word is a person's first or last name: compromise's English lexicon of given names and surnames.
import nlp from 'compromise/two';

const lexicon = (nlp.model() as { one: { lexicon: Record<string, string | string[] | undefined> } }).one.lexicon;
const tagOf = (word: string): string => {
  const t = lexicon[word.toLowerCase()];
  return Array.isArray(t) ? t.join(',') : (t ?? '');
};

export const isFirstName = (word: string): boolean => /(MaleName|FemaleName|FirstName)/.test(tagOf(word));
export const isLastName = (word: string): boolean => /LastName/.test(tagOf(word));
/** A country, region or city ("Australia", "Singapore", "Texas") that is not also a given name. */
export const isPlace = (word: string): boolean => /(Country|Region|City|Place)/.test(tagOf(word)) && !isFirstName(word);

/**
 * A word written in mixed case like a product ("SilverLake", "HubSpot"), not a name: "McAllister", "MacLeod",
 * "DeShawn", "LaToya" and "O'Neill" are names.
 */
export const isCamelCase = (word: string): boolean =>
  /\p{Ll}\p{Lu}/u.test(word) && !/^(Mc|Mac|De|Di|Da|Du|La|Le|Van|Von|Fitz|St)\p{Lu}\p{Ll}+$/u.test(word.replace(/[’']s$/, ''));
/** Lower-case words inside a person's name: "Ramon dela Cruz", "Ludwig van Beethoven", "Nurul binte Rahman". */
export const nameParticles = 'de|dela|del|della|der|den|di|da|das|do|dos|du|van|von|la|le|ter|ten|y|bin|binti|binte|bint|ibn|al|el';
export const nameParticle = new RegExp(`^(${nameParticles})$`);

/** Labels that end in a colon but name a field, not a speaker. */
const fieldLabels =
  /^(attendees?|present|participants?|absent|apologies|regrets|not present|on (the )?call|in attendance|cc|bcc|to|from|date|subject|re|fwd|sent|note|notes|next steps?|action items?|summary|agenda|update|ps|p\.s|nb|fyi|todo|risks?|pricing|price|timeline|scope|goals?|decisions?|outcome|owner|status|budget|deliverables?|exclusions?|assumptions?|payment|term|fees?|important|edit|tl;?dr|questions?|answer|location|customer|client|provider|vendor|supplier|subscription|kickoff|go-?live|phase \w+|pilot|training|support|integrations?|contact|contacts|account|opportunity|deal|amount|total|invoic\w*|billing|renewal|effective date|start date|end date|order \w+|sow \w+|reference|executed|signed|signature|name|title|by|company|address|phone|email|e-mail|website|industry|stage|products?|services?|seats?|users?|licen[cs]es?|term|duration|region|tier|plan|package|module|first value|success|success criteria|first win|win|why|pain|problem|need|needs|requirements?|context|background|competition|competitors?|competitor mentions?|competitive mentions?|champion|coach|sponsor|decision maker|economic buyer|decision (criteria|process)|paper process|identified pain|implicate pain|metrics|authority|timing|blockers?|concerns?|objections?|red flags?|flags?|watch|heads[- ]up|deal risks?|risk flags?|dependenc(y|ies)|gaps?|key (points|moments|takeaways)|highlights?|recap|sentiment|q|a|yes|no|ok|hi|hello|thanks|update \d+|day \d+|week \d+|step \d+)$/i;

/** Whether a "Name:" label is a person speaking rather than a field of a form or a heading. */
export function isPersonLabel(label: string, known: ReadonlySet<string>, anyName = false): boolean {
  const clean = label.replace(/\s*\(.*\)\s*$/, '').trim();
  if (!clean || fieldLabels.test(clean)) return false;
  const words = clean.split(/\s+/);
  if (words.length > 4) return false;
  // Products ("Jack Henry SilverLake") and titles ("Clerk of the Board") are not speakers.
  if (words.some((w) => isCamelCase(w) || (/^\p{Ll}/u.test(w) && !nameParticle.test(w)))) return false;
  const first = words[0]!.toLowerCase().replace(/\.$/, '');
  if (known.has(clean.toLowerCase()) || known.has(first)) return true;
  if (/^(dr|mr|mrs|ms|miss|prof)$/.test(first)) return words.length > 1;
  // ALL-CAPS transcripts: "MARCUS FELD".
  if (isFirstName(words[0]!) || anyName) return true;
  return words.length >= 2 && words.length <= 3 && words.every((w) => /^[\p{Lu}][\p{Ll}'’-]+$/u.test(w)) && isLastName(words[words.length - 1]!);
}
