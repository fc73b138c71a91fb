// The embedded extractor: deterministic, offline, English. It reads each sentence of the sources knowing who said
// it and where it sits, and takes out goals, workflows, success criteria, first value, promises and risks by their
// wording; people come from people.ts, conflicts from conflicts.ts.
import { findConflicts } from './conflicts.ts';
import { contactsOf, findStakeholders } from './people.ts';
import { nonEnglishLanguage } from './language.ts';
import { durations, moneyIn } from './quantities.ts';
import { salesKinds, segmentSource, whoIsWho, type Segment } from './segments.ts';
import type { RawExtraction } from './brief.ts';
import { sentenceKinds, type BriefInput, type ConfidenceBasis, type ItemDraft, type PromiseKind, type SentenceKind } from './types.ts';
import { judgeWith, loadSentenceModel, type SentenceModel, type SentenceModelJson } from './sentence-model.ts';
import sentenceModelData from './sentence-model.json' with { type: 'json' };

// ---- Words that carry each kind --------------------------------------------------------------------------------

const goalCue =
  /\b(goal|goals|objective|objectives|the (whole |main |real |big )?point|the why|aim is|aims? to|mission|north star|priority is|top priority|main driver|driver (is|here)|reason (they|we|for)|why (they|we)'?re (buying|doing)|the big one|looking to|trying to|wants? (one|a single)|need(s)? (one|a single)|so (that )?(they|we) can (stop|finally)|business case)\b/i;
const goalVerb =
  /\b(stop|cut|reduce|lower|grow|increase|improve|boost|raise|eliminate|consolidate|standardi[sz]e|replace|retire|modernize|automate|get (rid of|off|out of|every)|move (off|away)|scale|speed up|accelerate|shorten|win|comply|pass|publish|unify|centrali[sz]e|digiti[sz]e|have (one|a single)|stop losing|double|triple|hit|ramp)\b/i;
const outcomeNoun =
  /\b(revenue|margin|cost|costs|churn|retention|win rate|conversion|pipeline|forecast|visibility|growth|premium|bookings|sales|productivity|compliance|audit|efficiency|errors?|leakage|time to|turnaround|response time|backlog|spreadsheets?|paper|manual|re-?keying|one (view|place|version|source|intake|system)|single (view|source|intake|pipeline))\b/i;

const userNoun =
  /\b(reps?|agents?|coordinators?|managers?|mgrs?|dispatchers?|estimators?|associates?|counsel+ors?|nurses?|crews?|technicians?|techs|staff|users?|admins?|front (office|desk)|sdrs?|aes|bdrs?|field (team|staff|reps?|crews?)|drivers?|planners?|approvers?|underwriters?|supervisors?|teachers?|clerks?|analysts?|operators?|buyers?|sales (team|people|reps?)|ops team|team leads?|schedulers?|recruiters?|engineers?|physicians?|doctors?|providers?|agents|volunteers?|members|customers can|residents|families|parents|students|patients|stores?|site managers?|territory managers?|account managers?|inside sales|outside (sales|reps?))\b/i;
const workflowContext =
  /\b(from (their|the|a|my|our) (phone|mobile|tablet|ipad|laptop|desk|truck|car)|on (their|the) (phone|mobile|tablet|ipad)|mobile|offline|in one click|one click|same screen|single screen|one queue|without (calling|re-?keying|logging|switching)|re-?key|re-?typ|instead of|rather than|side by side|in slack|from slack|in outlook|from outlook|in teams|in excel|workflow|day[- ]to[- ]day|routing|approval|approve|hand ?off|queue|inbox|dashboard|template|portal|scorecard|ideally|automatically|flows? back|in (spanish|french|german|english))\b/i;

const successCue =
  /\b(success(ful)?( for (us|me|them|him|her)| means| looks like| is| =| criteria| metric| measure| per)?|measure(d|s)?( of| by| success)?|kpis?|metrics?|target(s|ed)?|benchmark|that'?s a win|counts? as a win|would be a win|we('ll| will) know|judge|judged|scorecard for (the|this) (project|rollout))\b/i;
const measurable =
  /(\d+\s?%|\bpercent\b|\bper cent\b|\b(under|below|within|less than|fewer than|more than|at least|no more than|over|above|up|down|by)\s+(\d|one|two|three|four|five|six|seven|eight|nine|ten|twelve|fifteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|half|a third|a quarter)|\bfrom\s+\S+\s+(\w+\s+){0,3}to\s+\S+|\bzero\b|\bevery (single )?\w+\b.*\b(within|under|in)\b|\b(never|no longer)\b.*\bagain\b|\bpts\b|\bpoints\b)/i;

const firstValueCue =
  /\b(first (value|win|milestone|step|deliverable|use ?case|site|clinic|store|team|office|branch|location|depot|terminal|property|hotel|school|region|department|quote|invoice|bid|project|order|shipment|report|forecast|campaign|workflow|month|thing|real|proof|result)|quick win|early win|first (one|ones) (run|live|through)|up first|live first|go(es)? first|pilot|phase (1|one)( is| =|:)|proof of value|day 30|first 30 days|first (two|three|four|six) weeks|in the first (week|weeks|month|30|60|90))\b/i;

/** Words that on their own say something could go wrong. */
const riskStrong =
  /\b(risks?|risky|at risk|concern(s|ed)?|worr(y|ied|ies|ying)|nervous|afraid|scared|skeptic(al)?|sceptic(al)?|blockers?|deal-?breaker|critical path|heads up|fair warning|be aware|watch out|caveat|catch is|the catch|gotcha|hasn'?t (joined|been (on|in|involved)|seen|signed|responded|replied|met|approved)|has not (joined|been|seen|signed)|never (joined|attended|replied|responded|been on)|not going to join|won'?t join|not (on|in) any (call|meeting)|no call w|still no (call|reply|answer|word)|leaving|left the (company|business)|resign\w*|quit|retir\w+|only (one|person|admin|it person)|the only (one|person|admin|it|developer|engineer)|is the only|just me|one-person|1-person|part-?time|no replacement|turn ?over|backfill|vacanc\w+|paternity|maternity|on leave|sick leave|out (from|until|till|through|the last|the first|for (two|three|a few|several))|off (from|until|till|through) |tied up|heads down|stretched|overloaded|slammed|swamped|bandwidth|wears \w+ hats|in the middle of|freeze|frozen|peak|busy season|high season|hard (deadline|date|requirements?)|(before|ahead of) (the |their |our )?[\w-]+ season|in time for|push ?back|will want to (see|review|check)|(is going to|will) ask( you)?( about)?|has (a few |some )?questions|still reading|must not (hold|store|contain)|needs? to be comfortable|to a minimum|(reviews|approves|signs) every|as long as|must be retained|(isn'?t|is not|aren'?t) (set up|ready|done) (before|by)|one (it|i\.t\.) (guy|person)|1 (it|i\.t\.) (guy|person)|who also (does|runs|covers|supports)|also (runs|does|covers|supports) the|on the road a lot|\d+ days a week|two days a week|(mon|tues|wed|thurs|fri)\w*\/(mon|tues|wed|thurs|fri)\w* only|(logged|kept|lives?|stored|tracked) in (an? |the )?(old )?(access database|excel|spreadsheets?|pdfs?|paper|shared drive|whiteboards?)|built \w+ years ago|last time|all hands|(cannot|can'?t) be pulled|nothing changes|no changes (on|to|before)|wasn'?t sure|not sure who|(maternity|mat|paternity|parental|long service|annual|medical|garden) leave|out of (the )?office (until|till)|on leave (until|till|from)|handed in (his|her|their) notice|last day is|replacement (won'?t|will not|doesn'?t) start|part[- ]time|also (does|runs|handles|covers|looks after)|dropped off|win (him|her|them) over|could slip|might slip|may slip|keeps it (alive|running)|barely|held together|won'?t (get on|join|attend|come to) (a |any |the )?(call|meeting)|wants? to see it working|won'?t have time|no time (to|for)|(till|until|before) (january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|the new year|next year|q[1-4])|contract is up|talk of (switching|moving|replacing)|switching to|left (in|the company|last)|nobody knows|don'?t know (the|how|who|what)|no documentation|not computer people|not (very )?tech(-| )savvy|not online|don'?t speak english|english[- ]only|speaking|moving (everybody|everyone|all) to|migrat\w+ (all|every)|no capacity|not the capacity|simply the law|required by law|works council|betriebsrat|enterprise agreement|consult\w* (with )?(staff|the union|employees)|shared service|outsourced|managed service provider|\bmsp\b|go(es)? through (them|their|our|the)|lead time|change request|\bcab\b|firewall|liability|redlines?|questionnaire|security review|infosec|penetration test|cyber essentials|iso ?27001|soc ?2|tisax|gdpr|lgpd|hipaa|data protection|dpo\b|will not agree|won'?t agree|needs? (the|a|our|their) [\w ]{0,30}before (he|she|they|we) (can )?sign|before (we|they) can sign|cannot be (executed|signed)|until the [\w ]{0,30}(is|are) (closed|signed|done|complete)|between you and me|merged|merger|restructur\w*|reorg\w*|who (i|we) (will )?report to|abandoned|false start|went back to (excel|spreadsheets|paper)|gave up on|lives? in (about |around )?\w+ (spreadsheets|places|systems|tools)|scattered|every (office|site|team|branch|store) does it differently|whatever they had|replaced by|is the priority|priority for the next|funds? (lapse|expire)|goes back in the pot|use it or lose it|to hit (fy|the fiscal|the budget)|fiscal year|fy ?\d{2}|budget (year|cycle)|invoiced (before|by) .{0,20}or|not yet (published|confirmed|decided|named|nominated|approved)|to be (nominated|confirmed|decided)|no named contact|nobody (named|assigned)|might move to|may move to|thinking of leaving|skeptic\w*|questioned the roi|not convinced|push\w* back|hate\w*|resist\w*|older (staff|members|users|tenants|customers)|over (50|60|65)|peak|rush|busy (period|time|months?|season)|freeze|blackout|no (production )?changes between|during (harvest|the holidays|peak)|fixed date|can'?t (slip|move|miss)|failed|died|burn(ed|t)|went badly|didn'?t stick|nobody used|never used|roll their eyes|will not (log|use|update)|won'?t (log|use|update|adopt)|ignore (it|us|this)|not techy|fine with the spreadsheet|security review|legal review|redline|union|works council|consultation|non-?appropriation|appropriation|budget (cut|freeze|was cut|is flat)|cut (their |our )?(funding|budget)|flat budget|cut (\w+ )?(software )?(tools|vendors)|approves anything over|signs anything over|sign-?off|sign off|we lose it|has to be spent|use it or lose|not (be )?extended|triennial|inspection|examiners?|regulators?|exam prep|turnaround is|took (them |us )?(\w+ )?(weeks|months)|ticket queue|(run|hosted|managed|owned) by (their|an?|the) (msp|vendor|third|partner|parent)|all over the place|dupes|duplicates|messy|a mess|stale|never been entered|only exist|no (cell|mobile|phone|email)|paper (planners|forms|files)|moving offices|move offices|don'?t plan around|can'?t put (that|it) in writing|no (it|i\.t\.) (person|team|staff|department)|don'?t have an? (it|i\.t\.)|single point of failure|competitor|competing|reorg\w*|layoffs?|merger|acquisition|privacy agreement|data (privacy|protection) agreement|compliance officer|not (yet )?(engaged|involved|bought in)|(biggest|busiest) (weekend|week|month|day|days|time|period|quarter|season)( of the year)?|(typhoon|hurricane|monsoon|storm|flu|tax|exam|audit|filing|enrol+ment|admissions?|harvest|calving|lambing) season|waiting (on|for) (their|the|them|him|her|legal|it|procurement|security|finance|[A-Z][\w'’-]+)\b[^.;]{0,40}\b(to (approve|sign|confirm|review|install|whitelist|set up|open|grant|provide|send)|approv\w*|sign-?off|review)|blocked (on|by|until)|(until|before) we can (start|send|begin|kick|go|schedule|book|configure|connect|load|import)|red flags?|one-(man|woman|person) (band|show|shop|team|department)|no-show(ed)? again|no-showed|(was|were) a no-show|no-show (at|to|for) (the|our|his|her|a) (demo|call|meeting)|(didn'?t|did not) show( up)?|(gone|went|going) dark|radio silence|ghost(ed|ing)|no budget (line|yet|allocated|approved|for)|budget (isn'?t|is not|not) (yet )?(approved|allocated|confirmed|signed off)|(procurement|legal|security|purchasing|finance|it|infosec) (is |are |was |has been )?(slow|backed up|a bottleneck|swamped|dragging)|(legal|counsel|lawyers?) (wants?|asked for|is asking for) (changes|to change|redlines|edits|amendments)|(can'?t|cannot|won'?t) (have|make|do|allow) any (changes?|go-?lives?|rollouts?|training)|need(s)? (\w+'s|the|their|his|her) (okay|ok|approval|sign-?off|blessing|go-ahead|buy-?in)|needs? (the )?(okay|ok|blessing|go-ahead) (of|from))\b/i;
/** Words that say so only with another: a season, an approval, a dependency, a limit. */
const riskWeak =
  /\b(season|holiday|vacation|busy|approv\w+|board|legal|compliance|privacy|regulat\w+|audit|data|migration|legacy|upgrade|refresh|rollout|cutover|contractor|capacity|depend\w*|until|before|only|still|never|not yet|however|unless|slips?|can'?t|cannot|won'?t|will want|will ask|questions? about|review|requirement|mandatory|must not|no more than|limit\w*|deadline|tight|expensive|cost|budget|increase|pushback|push back|resist\w*|doubt\w*|adoption|training|older|turnaround|wait\w*|weeks|months)\b/gi;
const riskOpposite =
  /\b(goal|success|first (win|value)|we want to|the point|that'?s a win|healthy|covers|approved|is covered|no (risk|concerns?|blockers?|issues?))\b/i;
/** Saying outright that it is a risk. */
const riskExplicit =
  /\b(risks?|risky|red flags?|concern(s|ed)?|worr(y|ied|ies|ying)|nervous|blockers?|deal-?breaker|critical path|heads up|fair warning|be aware|watch out|caveat|the catch|skeptic(al)?)\b/i;

const riskNegation =
  /\b(no (risk|concerns?|blockers?)|not (a )?(concern|worried|an issue|a problem)|nothing to worry|low risk|no issues?|(concerns?|risks?|issues?|blockers?|objections?) (was |were |is |are |now |has been |have been )?(resolved|addressed|handled|cleared|closed|answered|put to bed)|no longer (a |an )?(concern|issue|risk|blocker|problem))\b/i;

// A commitment by the seller: their own words, or a note of what they said, offered or included.
const vendorCommit =
  /\b(we('ll| will| can| could| would|'d| are going to|'re going to|'re| are)|(is|are) (fully )?(available|supported) (in|for|on)|is fine( for us)?|(i'?ve|we'?ve) (cleared|approved|got) (that|it|\d+\s?%)|got \d+\s?% approved|cleared (that |it )?internally|—\s*agreed|-\s*agreed|->\s*agreed|\bagreed[,:]|i('ll| will| can)|our (team|side) will|you('ll| will) (get|have|be)|(is|are|'s|'re) (included|standard|std|part of|covered|free|at no (extra|additional) (cost|charge))|included|includes|including|std\b|standard|no (extra|additional) (cost|charge|fee)|at no (extra |additional )?(cost|charge)|free of charge|for free|out of the box|comes with|we (offered|agreed|promised|committed|confirmed|quoted|said|told|guaranteed|proposed|gave)|(promised|committed|guaranteed|offered|agreed(?! by)|confirmed|quoted|told (him|her|them)|said (we|yes)|sent (the )?quote)|best we can do|we commit|commit(s|ted)? to|committing to|we('ve| have) (agreed|approved|included)|approved \d+\s?%|\d+\s?% off|(offered|gave|give|giving|approved|apply|applied|extend(ed)?) (a |an |the )?(\d+\s?% )?([\w-]+ )?discount|(we|i) sign|we (have|support|offer|provide) (a|an|the|our|native|standard|built-in)\b|there is (a|an|one)\b|it'?s a toggle|happy to (include|throw|give|add|extend|waive)|throw(ing)? in|waive|locked|lock in|price (lock|hold|freeze)|guarantee)\b/i;
const declined =
  /\b(didn'?t promise|did not promise|no [\w-]+ (date )?(was )?agreed|not agreed|quoted? (it |that )?(separately|later)|could be quoted|we don'?t have|we do not have|we don'?t (currently )?(support|offer|integrate)|isn'?t (something|available|supported)|on (the |our )?roadmap|can'?t put (that|it) in writing|don'?t plan around|not promising|no promises|not (committing|commit|promised|included|on (the )?roadmap|something we (do|offer))|can'?t (do|offer|promise|commit|include|give)|cannot (do|offer|promise|commit|include)|won'?t (do|be able|include)|will not (be )?(do|include|offer)|(said|told (him|her|them)) no|declined|turned down|pushed back on|not able to|we don'?t (do|offer|support)|out of (our )?scope for now|would have to (run|check|ask)|have to run it by|need to check with|maybe look at|could maybe|might be able)\b/i;
const customerAsk =
  /^(?:[\w.'’ ]{0,40}\b)?(asked (for|about|if|whether)|wants|wanted|would (also |really )?(like|love)|we'?d (also |really )?(like|love)|requested|is asking|are asking|they want|they need|hoping for|can we|could we|can you|could you|do you|is there)\b|^\s*(wants?|needs?|asked|asking|hoping|would like|today|currently)\b|\b(asked|asking|requested|requests) (for|about|re)\b/i;

const exclusionHeading = /\b(out of scope|exclusions?|excluded|not included|not in scope|outside (the )?scope)\b/i;
const scopeCommitHeading =
  /\b(scope|deliverables?|services|included|inclusions|what'?s included|implementation|timeline|schedule|milestones?|plan|phases?|fees?|pricing|price|payment|commercials?|commercial terms|charges|investment|order|subscription|licen[cs]es?|products?|training|support|service levels?|sla|uptime|warranty|warranties|guarantees?|term)\b/i;
const scopeNoCommitHeading =
  /\b(customer (responsibilities|obligations|dependencies)|client (responsibilities|obligations)|responsibilities of|assumptions|definitions|signatures?|signed|purpose|background|recitals|parties|general|governing law|confidentiality|acceptance|change (control|requests?)|contacts?|notices|limitation of liability|termination)\b/i;

function promiseKind(text: string, heading: string | null): PromiseKind {
  if (heading && exclusionHeading.test(heading)) return 'scope';
  if (/\b(not included|out of scope|excluded|exclusions?)\b/i.test(text)) return 'scope';
  if (
    /(\d+\s?%|percent|per cent)\s*(off|discount)|\bdiscount(ed)?\b(?!s? (is|are) not)|\b\d+\s+months? (free|at no)|free (months?|for the first)|\bwaive[ds]?\b|\bcomplimentary\b|\bstartup program\b/i.test(
      text,
    ) &&
    !/\bno discount\b/i.test(text)
  )
    return 'discount';
  if (
    /\b(uptime|sla\b|service level|response time|resolution time|respond within|support (hours|response)|24\/7|24x7|guarantee|guaranteed|money[- ]back|service credits?|penalt|opt-?out|exit clause|termination for convenience|baa\b|business associate|dpa\b|data processing agreement|availability of \d)/i.test(
      text,
    )
  )
    return 'sla';
  if (
    /\b(integrat\w*|connectors?|connect(ed|ion)? (to|with)|sync(s|ed|ing|hroni[sz]\w*)?|\bapi\b|interface|feed|webhook|single sign-?on|\bsso\b|saml|okta|entra|azure ad|plug-?in|marketplace app|two-way|bi-?directional|import from|export to)\b/i.test(
      text,
    )
  )
    return 'integration';
  const money =
    /([$€£]\s?\d|\b(usd|eur|gbp|aud|cad|chf|sek|nok|dkk|inr|jpy|sgd|nzd)\s?\d|\d\s?(usd|eur|gbp|k\b)|\b\d[\d,.]*\s?(\/|per )(yr|year|month|mo|user|seat|student|site|annum)\b)/i.test(
      text,
    );
  if (money) return 'pricing';
  if (
    durations(text).some((d) => d.days < 365) ||
    /\b(go-?live|live (by|before|in|on)|kick ?off|launch|deadline|by (jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|the end|end of|q[1-4]|\d{1,2}\/\d{1,2}|monday|tuesday|wednesday|thursday|friday)|before (the )?(end|launch|season|registration|go-?live)|on time|timeline|phase \d)\b/i.test(
      text,
    )
  )
    return 'timeline';
  if (
    /\b(invoice[ds]?|invoicing|billing|billed|bill (us|them|quarterly|monthly|annually)|payment|payable|net ?\d{2}|price|pricing|list price|per (user|seat|month|year)|fee|fees|cost|costs|subscription|quote|po number|purchase order|renewal (price|cap|uplift)|price increase|cap)\b/i.test(
      text,
    )
  )
    return 'pricing';
  if (
    /\b(custom|bespoke|tailor|build (you|a|an|the|your)|we('ll| will) build|dedicated|special|purpose-built|one-off|templates? (per|for)|set up (your|the) .* templates?|configure (your|a) custom)\b/i.test(
      text,
    )
  )
    return 'custom';
  return 'scope';
}

/** Words that make a line of a signed scope a commitment (a deliverable, a date, a fee, a level of service). */
const scopeCommitWords =
  /\b(will|shall|include[sd]?|including|provide[sd]?|deliver\w*|configur\w*|implement\w*|migrat\w*|import\w*|training|train|sessions?|days?|weeks?|months?|go-?live|live|production|kick ?off|launch|phase|pilot|rollout|acceptance|fee|fees|price|subscription|licen[cs]e[sd]?|seats?|users?|invoice[ds]?|payable|payment|net ?\d+|billing|billed|annual(ly)?|monthly|quarterly|uptime|availability|sla|support|response|credits?|connector|integrat\w*|sync\w*|interface|single sign-?on|sso|report\w*|portal|module|dashboard|templates?|excluded|exclusions?|not included|out of scope|hosted|hosting|stored|retention|encrypt\w*|alerts?|access controls?|queue|intake|logging|write-?back|workflow|[$€£]|usd|eur|gbp|\d+\s?%|\d{1,2}\.\d{1,2}\.\d{2,4}|(january|february|march|april|may|june|july|august|september|october|november|december) \d{4}|\d{1,2} (january|february|march|april|may|june|july|august|september|october|november|december)|kick-?off|milestone|sign-?off|hypercare|localization|locali[sz]ed|language)/i;

// ---- Reading the sentences -------------------------------------------------------------------------------------

/** What a seller can promise: the product, its delivery, its terms. */
const offering =
  /\b(security pack|sub-?processor list|interface description|architecture doc\w*|in writing|dpa|avv|toms|data residency|hosting|hosted|region|localization|locali[sz]ed|language|available in|qbrs?|connector|integrat\w*|sync\w*|api|sso|single sign|saml|entra|okta|feed|interface|training|trainings|train|sessions?|workshops?|seats?|users?|licen[cs]es?|price|pricing|priced|[$€£]\s?\d|\d\s?(usd|eur|gbp)|usd|eur|gbp|fees?|discount|% off|percent off|free|no (extra |additional )?(cost|charge|fee)|included|includes?|std|standard|out of the box|onboarding|implementation|migrat\w*|import|templates?|reports?|dashboards?|portal|module|add-?on|plan|tier|uptime|sla|support|response|hosting|hosted|data (residency|center|centre|stays|stored)|region|live|go-?live|rollout|roll out|weeks?|days?|months?|billing|billed|invoice[ds]?|invoicing|payment|net \d+|term|renewal|uplift|cap|credits?|guarantee[ds]?|baa|dpa|opt-?out|business number|app|mobile|alerts?|feature|build|configure|configured|set (it )?up|setup|hold|lock|month-to-month|annual|quarterly|monthly|seat|number)\b/i;
const trivialAction =
  /\b(f\/u|follow-?up:|to ?do:|action items?|next steps?:|(wanted|want) to (land|cover|go over|walk through|talk about|discuss|recap)|kick ?-?off (is |was )?(booked|scheduled|set|planned|confirmed|penciled|pencilled|on|for)\b|signed (the |an |our |their |online )?(agreement|contract|order form|of\b|sow|paperwork)|show (you|that|it|them)|i'?ll show|share (my|the) screen|send (you )?(a |the |our )?(recap|summary|invite|calendar|notes|deck|link|agenda|follow-?up|click-?through)|let you know|follow up|circle back|loop (you|them|him|her) in|get back to you|be gentle|keep the asks|talk soon|see you|set up a call|schedule (a|the) (call|meeting)|book a time|we'?re all here|all here|here'?s what i can do|here is what|recap of what we agreed|agreed in the room)\b/i;
const hypothetical =
  /\b(if (you|they|we) (signed|sign|went|go|were|moved|move|commit|could|can|did|do|bought|buy|add|extend)\b.{0,80}\b(we|i) (could|might|would|can)|(we|i) could (look at|talk about|explore|consider|discuss|maybe|possibly)|might be able|could maybe|maybe we|not sure (we|if|whether)|i'?d (need|have) to (check|get|run|ask)|don'?t want to promise|can'?t promise|no promises|not promising|not committ?(ed|ing)|not on (the |our )?roadmap|hypothetically|in theory)\b/i;
const customerSubject =
  /^(?:[-*•]\s*)?(they|their|them|customer|client|prospect|she|he)\b.{0,40}\b(want|wants|wanted|need|needs|asked|ask|use|uses|run|runs|have|has|are|is|track|tracks|said|say|mentioned|prefer|worry|worried|hate|like|liked)\b/i;

/**
 * A line of a signed scope that is its form, not its content: a signature or attestation, a numbered clause's title,
 * a reference to terms written elsewhere, boilerplate, a table's header row, a total, a field of the cover sheet.
 * It is never a promise, whatever its words, so the model cannot make it one either.
 */
function scopeFormOnly(s: Segment, text: string): boolean {
  if (
    /^(page \d|(authori[sz]ed )?signature|signed|name:|title:|date:|by:|witness|billing contact|bill to|ship to|address|phone|e-?mail|attention)/i.test(
      text.trim(),
    )
  )
    return true;
  // A numbered clause's title on its own ("B.2 Deliverables.", "2.2 Scheduled Maintenance.") heads what follows; a
  // clause in sentence case ("7.2 No service credits apply.") says something.
  const title = /^(?:[A-Z]\.)?\d+(?:\.\d+)*\.?\s+([A-Z][A-Za-z'&/ -]{0,40})\.?$/.exec(text.trim());
  if (
    title &&
    title[1]!.split(/\s+/).length <= 4 &&
    (title[1]!.split(/\s+/).every((w) => w.length <= 3 || /^[A-Z&]/.test(w)) ||
      !/\b(is|are|was|were|be|will|shall|must|may|can|cannot|apply|applies|include[sd]?|exclude[sd]?|provided?|provides|covers?|not|no|none|only|within|per|each|all)\b/i.test(
        title[1]!,
      ))
  )
    return true;
  // A field of the cover sheet, or a heading ending in a colon: "Payment terms.", "Effective Date: 20/11/2025".
  if (
    /^(effective date|order date|start date|order start date|date of (this|the) (order|agreement|sow))\b/i.test(text.trim()) &&
    !/\||\S\s{2,}\S/.test(text.trim())
  )
    return true;
  if (/^[A-Z][\w ]{2,30}[.:]$/.test(text.trim()) && text.trim().split(/\s+/).length <= 3) return true;
  // A reference to terms written elsewhere commits to nothing here ("Fees are as set out in the Order Form",
  // "Service levels: as set out in Schedule 2", "All other terms per the existing MSA").
  if (
    /\b((as )?(set out|set forth|described|defined|specified|stated) in (the |this )?(order form|schedule|exhibit|appendix|annex|section|agreement|msa)|per the (existing )?(msa|agreement|master)|all other terms|(is|are) entered into|under (the )?(provider'?s|vendor'?s|our) standard [\w ]*polic(y|ies))\b/i.test(
      text,
    ) &&
    !/\d/.test(text.replace(/\b(schedule|exhibit|appendix|annex|section) [\w.]+/gi, ''))
  )
    return true;
  if (
    /\b(governed by|purchase order shall|shall not apply|entire agreement|supersedes|counterparts|master (subscription|services) agreement (dated|at)|order of precedence|in witness|hereby)\b/i.test(
      text,
    )
  )
    return true;
  // A table's header row names its columns ("Milestone | Description | Target date"): no figure, short cells.
  const cells = text
    .trim()
    .split(/\s*\|\s*|\s{2,}/)
    .filter(Boolean);
  if (
    cells.length >= 2 &&
    !/\d|[$€£]/.test(text.replace(/\([^)]*\)/g, '')) &&
    cells.every((c) => c.split(/\s+/).length <= 4 && !/^(included|excluded|yes|no|n\/a|tbd|none)$/i.test(c))
  )
    return true;
  // "A.9 Schedule", "ANNEX B — FAIR DEALING SERVICING REPORT (summary)": a heading standing alone.
  if (/^(annex|appendix|schedule|exhibit|attachment)\s+[A-Z0-9]+\b/i.test(text.trim()) && text.trim().split(/\s+/).length <= 10 && !/[.;]$/.test(text.trim()))
    return true;
  // "Authorized signature, Customer: Michael Hsu, Provost, 3/27/2026": a name, a title and the day it was signed.
  if (/\b(signature|signed|on behalf of)\b/i.test(text) && /(\d{1,2}[/.]\d{1,2}[/.]\d{2,4}|\d{1,2} \w+ \d{4}|\w+ \d{1,2}, \d{4})\s*$/.test(text.trim()))
    return true;
  return false;
}

function isPromise(s: Segment, text: string, sellers: RegExp, customerNames: ReadonlySet<string> = new Set()): boolean {
  if (s.source.kind === 'scope') {
    const heading = s.heading ?? '';
    if (scopeNoCommitHeading.test(heading) && !exclusionHeading.test(heading)) return false;
    if (
      /\b(customer|client|licensee|buyer) (will|shall|must|is responsible|agrees|acknowledges|may)\b/i.test(text) &&
      !/\b(we|vendor|provider|supplier) will\b/i.test(text)
    )
      return false;
    if (scopeFormOnly(s, text)) return false;
    // A clause's title, however worded; totals repeat the lines above them; a table row without a figure.
    if (/^([A-Z]\.)?\d+(\.\d+)*\.?\s+[A-Z][A-Za-z'&/ -]{0,40}\.?$/.test(text.trim()) && text.trim().split(/\s+/).length <= 5) return false;
    if (text.length < 12 || !/[a-z]{3}/.test(text)) return false;
    if (/\S\s{2,}\S/.test(text) && !/\d|[$€£]/.test(text.replace(/\([^)]*\)/g, ''))) return false;
    if (/^(sub-?)?total|^(subscription|order|grand|annual) total|^total (due|payable|contract value)|^amount due/i.test(text.trim())) return false;
    if (
      /\b(as (described|set out|set forth|defined|specified) in (this|the)|items? \d+(\.\d+)? (to|through|-) \d|subject to (the )?[\w ]*(terms|conditions|agreement)|prices? exclude|exclusive of (vat|tax)|taxes|is subject to|are subject to|obligations)\b/i.test(
        text,
      )
    )
      return false;
    if (
      /\b(customer|client|licensee|buyer|the (authority|county|city|district|state|bank|company|cooperative|co-op|university|college|school|hospital|agency|department))\b[^.]{0,15}\b(may|will|shall|must|agrees|acknowledges|is responsible)\b/i.test(
        text,
      ) &&
      !/\b(pay|payable|invoice)/i.test(text)
    )
      return false;
    if (
      s.label &&
      /^(provider|vendor|supplier|customer|client|effective date|start date|order start date|order date|end date|subscription term|renewal term|initial term|term|order number|order form|reference|sow reference|quote number|account|billing contact|bill to|ship to|prepared by|prepared for|valid until)$/.test(
        s.label,
      )
    )
      return false;
    if (/^(effective date|order start date|start date|initial term|renewal term|subscription term)\b/i.test(text.trim())) return false;
    // Under a heading of deliverables, exclusions, milestones or fees, each clause is one, whatever its words.
    if (
      (exclusionHeading.test(heading) || scopeCommitHeading.test(heading)) &&
      (s.listItem || /^\s*(\d+(\.\d+)*\.?|[a-z][.)]|m\d+)\s/i.test(text)) &&
      text.split(/\s+/).length >= 2
    )
      return true;
    return (scopeCommitHeading.test(heading) || exclusionHeading.test(heading) || scopeCommitWords.test(text)) && scopeCommitWords.test(text);
  }
  if (!salesKinds.has(s.source.kind)) return false;
  // "Wes agreed Baton would build that report": the seller's commitment, whoever wrote it down.
  if (
    !/\?/.test(text) &&
    !hypothetical.test(text) &&
    !declined.test(text) &&
    new RegExp(
      `\\b(${sellers.source})\\b[^.;]{0,30}\\b(agreed|confirmed|confirms|committed|promised|offered|guaranteed|accepts|accepted|said yes|will \\w+|would (build|include|deliver|provide))\\b`,
      'i',
    ).test(text)
  )
    return true;
  if (s.side === 'customer' || (s.quoted && s.side !== 'vendor')) return false;
  // Minutes reporting one of the buyer's people: "D. Walsh confirmed the budget was approved", "Femke: writing back
  // needs ChipSoft". Unless the seller is named or commits, it is what the buyer's side said, not a promise.
  const reported =
    /^(?:\d+(?:\.\d+)*\.?\s+)?(?:[A-Z]\.\s?)?([A-Z][\p{L}'’-]+(?:\s[A-Z][\p{L}'’-]+)?)(?:\s+\([^)]*\))?(?::|\s+(?:confirmed|noted|said|asked|raised|explained|mentioned|reported|questioned|stated|wants|wanted|needs|expects|expected|thinks|estimates|agreed to proceed))\s/u.exec(
      text,
    );
  if (
    reported &&
    reported[1]!
      .toLowerCase()
      .split(/\s+/)
      .some((w) => [...customerNames].some((n) => n.split(/\s+/).includes(w))) &&
    !new RegExp(`\\b(${sellers.source})\\b`, 'i').test(text) &&
    !/\b(we|i)('ll| will| can| would)\b/i.test(text)
  )
    return false;
  // "Your goal is ...": the seller restating what the buyer wants.
  if (/^(your|their) (goal|aim|objective|target|priority)s?\b/i.test(text.trim())) return false;
  if (/\?/.test(text) || /^(what|how|when|where|who|why|which)\b/i.test(text.trim()) || trivialAction.test(text) || !offering.test(text)) return false;
  if (s.label && /^(today|current|currently|situation|background|context|status|pain|problem|why|goal|goals|risk|risks)$/.test(s.label)) return false;
  // "First value: the Hamburg depot live in 30 days" is what the customer will see first, not a commitment.
  if (/\bfirst (value|win|milestone)\b/i.test(text) && !/\bwe('ll| will| can| committed| promised)\b/i.test(text)) return false;
  // Headings and fragments ("Training.", "On pricing.") say nothing yet.
  if (text.split(/\s+/).length < 4 && !/\d/.test(text)) return false;
  if (hypothetical.test(text) && !/\b(best we can do|what we can do)\b/i.test(text)) return false;
  if (declined.test(text)) {
    // "said no, best we can do is a 60-day opt-out": the part after the refusal can still be an offer.
    return /\b(best we can do|instead|but we (can|will|'ll)|what we can do)\b/i.test(text) && !/\b(no promises|not promising)\b/i.test(text);
  }
  const agreed =
    /\b(we|i|\w+) (agreed|said yes|confirmed|can do|will|offered|approved)\b|\b(we|i)('ll|'d| will)\b|->\s*\w+ (said yes|agreed|confirmed)|\bsaid yes\b|[—-]\s*agreed|\b(fine|ok|okay|sure)[,;]\s*(we|i)('ll| will)/i.test(
      text,
    );
  if ((customerAsk.test(text) || customerSubject.test(text)) && !agreed) return false;
  if (s.side === 'vendor' && (s.source.kind === 'call' || s.source.kind === 'email')) {
    // The seller talking: a commitment, or a concrete term (a figure, a date, what is included).
    return (
      vendorCommit.test(text) ||
      /(\d|\b(one|two|three|four|five|six|seven|eight|nine|ten|twelve)\b).*\b(weeks?|days?|months?|sessions?|seats?|users?|licen[cs]es?|hours?|percent|a month|a year|per)\b|\d\s?%|[$€£]\s?\d|\d\s?(usd|eur|gbp)\b|\b(you('ll| will| get| have)|comes with|is in the marketplace|native)\b/i.test(
        text,
      )
    );
  }
  // A seller's own notes: commitments, and the commercial terms and delivery facts they recorded.
  return (
    vendorCommit.test(text) ||
    /([$€£]\s?\d|\d\s?(usd|eur|gbp)\b|\b\d+\s+(addl |additional |named |pro |\w+ )?(seats?|users?|licen[cs]es?|properties|sites|locations|stores|training days?|sessions?)\b|\blive (by|for|before|on)\b|\/(mo|month|yr|year)\b|\bbilling\b)/i.test(
      text,
    )
  );
}

const goalAsk =
  /\b(i|we|they|she|he|[\p{Lu}][\p{Ll}]+)('s| is| are| has| have)? (want|wants|need|needs|has|have|'d like|would like|hope|hopes|aim|aims|plan|plans|expect|expects) (to|us to|the (firm|team|company|business|co-?op|district|county|bank) to) (stop|keep|grow|sell|lease|win|increase|reduce|cut|lower|lift|double|hit|reach|get (every|rid|off|out|more|better|to)|have (one|a single)|move off|replace|consolidate|standardi[sz]e|eliminate|improve|scale|retain|ramp|speed up|shorten|comply|pass|modernize|automate|unify)\b/iu;
const goalStatement =
  /\b(goal|objective|purpose|the (whole |main |real |big )?point|the why|why (we|they) (are|'re) buying|why we bought|why it matters|reason (for|they|we)|north star|mission|strategic plan|priority is|the big one|looking to|trying to|the ask (is|from)|business case|what (they|we|he|she) (really )?(care|cares) about)\b/i;

/** The buyer saying why they buy, whatever the verb: "the main thing is ...", "what's driving this is ...", "our main priority is ...". */
const goalAnnounced =
  /\b(the (main|big|real|whole|only|one|first) (thing|reason|issue|problem)( for us| here)? (is|was)|the (thing|one thing) (we|i) (really |most )?(need|want)|what'?s driving (this|it)|what is driving (this|it)|driving this (for us )?is|(our|my|the) (main|top|number one|biggest|first|key) priority|priority (for us )?is|the reason (we'?re|we are|we'?d be|i'?m) (doing|buying|looking at) this|why we'?re (doing|buying) this|what we'?re (really )?after|the problem we'?re (trying to )?solv|the whole reason|what (we|i) (really )?want (out of|from) this|(this|it)('s| is) (really |all |mostly )?about (getting|making|having|reaching|keeping|bringing|winning|growing|cutting|reducing|stopping)|at the end of the day,? (we|i) (need|want)|(our|the|my) (main|primary|key|overall|biggest|top|number one) (objective|goal|aim|challenge|problem|pain|headache|frustration)( right now| today| here| for (us|this|the \w+))? (is|was|are)|ultimately,? (we|i) (want|need)|what (we|i) (really )?(want|need|hope for) is|the (hope|idea|vision) (is|was) (to|that)|the reason (we'?re|we are|i'?m|i am) (reaching out|looking|talking to you)|(we'?re|we are) looking for a (way|tool|system|platform|solution) to)\b/i;

function isGoal(s: Segment, text: string): boolean {
  if (
    s.source.kind === 'scope' &&
    !/\b(purpose|objectives?|background|goals?|introduction|overview|business need|summary|project description|aims?)\b/i.test(s.heading ?? '')
  )
    return false;
  if (s.side === 'vendor' && s.source.kind !== 'note' && s.source.kind !== 'meeting' && !/\b(your|their) goal\b/i.test(text)) return false;
  if (/\?/.test(text)) return false;
  if (
    s.source.kind !== 'scope' &&
    s.side !== 'vendor' &&
    goalAnnounced.test(text) &&
    text.split(/\s+/).length >= 6 &&
    !/\b(not|isn'?t) the (main|big)/i.test(text)
  )
    return true;
  // A line under a scope's Objectives or Goals that names an outcome (not a task: "Provide training").
  if (
    s.source.kind === 'scope' &&
    /^(?:[\d.]+\s*)?(business |project )?(objectives?|goals?|aims?)$/i.test(s.heading ?? '') &&
    /^(?:[\d.]+\s*)?(reduce|cut|increase|grow|improve|eliminate|lower|raise|shorten|speed up|replace|retire|consolidate|standardi[sz]e|automate|digiti[sz]e|give|enable|ensure|achieve|meet|comply|pass|stop|re-?engage|modernize|modernise|unify|centrali[sz]e)\b/i.test(
      text,
    ) &&
    !moneyLike.test(text)
  )
    return true;
  // A scope's Purpose or Objectives: what the work is for ("... to digitise service reports and accelerate invoicing").
  if (s.source.kind === 'scope' && goalVerb.test(text) && /\b(to|so that|in order to|enabl\w+)\b/i.test(text) && text.split(/\s+/).length >= 6) return true;
  if (goalCue.test(text) && (goalVerb.test(text) || outcomeNoun.test(text) || /\bgoal\s*[:=]/i.test(text))) return true;
  if (goalStatement.test(text) && (goalVerb.test(text) || outcomeNoun.test(text) || measurable.test(text))) return true;
  // "I want to stop losing reorders", "Derek wants to keep the customers they already have": an outcome, not a screen.
  if (goalAsk.test(text) && !workflowContext.test(text)) return true;
  // Labels and openings that announce the why: "Why we are buying: ...", "the whole point of this is to lease units faster".
  if (
    s.label &&
    /^(goals?|objectives?|purpose|why|why (we are|we're|they are|they're) buying|why it matters( now)?|the big one|north star|mission|the ask)$/.test(s.label)
  )
    return true;
  if (/\b(the (whole |main |real )?point( of (this|it))? is to|strategic plan (says|is|calls for)|the target (in|for|of)\b|wants? (it|them|us) at)/i.test(text))
    return true;
  if (/\b(wants?|needs?) (every|all|one|a single) [\w ]{0,40}\b(in one place|one (system|view|pipeline|place)|single (view|system))/i.test(text)) return true;
  // Someone above the buyer asking for an outcome: "the board wants ...", "our CEO expects ...".
  if (
    !(s.side === 'vendor' && s.speaker) &&
    /\b(the|our|their) (board|ceo|owners?|sponsor|pe (sponsor|guys|firm)|investors?|leadership( team)?|management( team)?|executive team|head office|parent company|group|regulator|trustees|council|principal|md|managing director) (wants?|expects?|has asked (us )?(for|to)|is asking (us )?(for|to)|is pushing (us )?(for|to)|needs? us to)\b/i.test(
      text,
    ) &&
    (goalVerb.test(text) || outcomeNoun.test(text) || measurable.test(text) || /\b(has asked|is asking|is pushing|needs?) us to \w+/i.test(text))
  )
    return true;
  // The buyer's want set against today: "I want one way of doing recall across every office, not twenty two."
  if (s.side === 'customer' && !s.quoted && /\b(i|we) (want|need)\b[^,;]{6,}, not (\w+ ){0,3}\w+[.!]?$/i.test(text.trim())) return true;
  // Terse notes open with the verb: "stop branches competing for the same client", "grow repeat work from the top 25 clients".
  if (
    ((s.source.kind === 'note' || s.source.kind === 'meeting') &&
      /^(?:also:\s*)?(stop|grow|cut|reduce|increase|improve|lift|keep|win|eliminate|consolidate|standardi[sz]e)\b/i.test(text.trim()) &&
      outcomeNoun.test(text)) ||
    (/^(?:also:\s*)?(stop|grow|lift|win)\b/i.test(text.trim()) && (s.source.kind === 'note' || s.source.kind === 'meeting'))
  )
    return true;
  return (
    /\b(wants?|need(s)?|has|have) to (stop|cut|reduce|grow|increase|get|eliminate|consolidate|replace|move off|improve)\b/i.test(text) &&
    outcomeNoun.test(text) &&
    !userNoun.test(text.slice(0, 30))
  );
}

/** How users will work: someone doing something, in the product or because of it. */
const workflowNeed =
  /\b(need(s)? to( be able to)?|must( be able to)?|ha(ve|s) to( be able to)?|should( be able to)?|want(s)? to( be able to)?|be able to|able to|need(s)? (a|an|the|their|every|one|all)|want(s)? (a|an|the|their|every|one|all)|should (see|get|land|go|be)|gets? (a|an|the|nudged|notified|alerted|told)|will (log|see|use|approve|send|get|work|receive|book|scan|text|update|submit|close|review|respond)|can (see|log|book|approve|send|text|scan|update|submit)|review|reviews|respond|builds?|log|logs|approve|approves|submit|route|routes|text|texts|book|scan|receive|close|sign up|place)\b/i;
const workflowObject =
  /\b(see|view|log|book|approve|send|submit|route|text|scan|update|close|receive|respond|review|track|flag|sign up|place|refer|enter|fill|build|filter|assign|notify|nudge|alert|call|quote|land|lands|trigger|sync|pull|push|show|visible|history|queue|inbox|screen|record|profile|form|report|dashboard|template|portal|app|phone|mobile|tablet|ipad|automatically|one click|themselves|in one|from the|on the)\b/i;
const eventFlow =
  /^(?:[-*•]\s*)?(every|each|when|whenever|once|if)\b.{3,80}\b(must|should|needs? to|has to|have to|lands?|goes|go|gets?|triggers?|flows?|pushes?|comes?|shows?|appears?)\b/i;

function isWorkflow(s: Segment, text: string): boolean {
  if (s.source.kind === 'scope') return false;
  if (s.side === 'vendor' && (s.source.kind === 'call' || s.source.kind === 'email')) return false;
  if (goalAsk.test(text) && !workflowContext.test(text)) return false;
  if (/\b(goal|objective|purpose|the whole point|success|measure|kpi|first (win|value|milestone))\b/i.test(text)) return false;
  if (riskExplicit.test(text) || /\b(if this goes|sideways|my head)\b/i.test(text)) return false;
  if (riskStrong.test(text) && !/\b(be able to|need(s)? to (see|log|send|book|approve|get))\b/i.test(text)) return false;
  if (moneyLike.test(text) || successVerdict.test(text) || /\bwants? (one|a single)\b/i.test(text)) return false;
  if (s.label && /^(where we are|today|current|currently|background|context|situation|status|why)$/.test(s.label)) return false;
  // A customer asking whether the product can do something is stating a requirement: "Can the front office text families ...?"
  if (/\?/.test(text))
    return (
      s.side !== 'vendor' &&
      /^(can|could|will|does|is there a way)\b.{0,40}\b(we|i|the|our|my|it|they|you)\b/i.test(text.trim()) &&
      workflowObject.test(text) &&
      !/\b(price|cost|discount|contract|agreement|signature|sign|invoice|when|kickoff|meet|call you|also do)\b/i.test(text)
    );
  if (eventFlow.test(text) && workflowObject.test(text)) return true;
  if (/\b(ideally|should|must|has to|have to|needs? to)\b.*\b(automatically|flows? back|push(es)? to|sync|come (over )?from|land(s)? (in|on))\b/i.test(text))
    return true;
  // Someone needing to do something: "Lenders need to refer a client ...", "Merchandisers must be able to log a call ...".
  const who =
    /^(?:[-*•\d.)\s]*)?(?:(?:the|our|my|their|all|every|each)\s+)?([\p{L}-]+(?:\s[\p{L}-]+){0,2}?)\s+(need|needs|must|have to|has to|should|want|wants|would like|'d like|are going to want|is going to want)\b/iu.exec(
      text,
    );
  if (who && (userNoun.test(who[1]!) || /s$/i.test(who[1]!) || /^(i|we|she|he|they)$/i.test(who[1]!)) && workflowObject.test(text)) {
    if (/^(we|they|i|she|he)$/i.test(who[1]!) && !userNoun.test(text)) return workflowContext.test(text);
    return true;
  }
  if (!userNoun.test(text))
    return !!s.speaker && s.side === 'customer' && /^(i|we|my|our|so what i)\b/i.test(text.trim()) && workflowNeed.test(text) && workflowObject.test(text);
  return workflowNeed.test(text) && workflowObject.test(text);
}

const successVerdict =
  /\b(how (i|we|they|he|she|the \w+|\w+)('ll| will) (know|judge|measure|tell)|wants? (it|them|us) at|home run|worth it|paid for itself|pays for itself|that'?s a win|would be a win|counts as a win|i'?d be (happy|thrilled)|we'?ll be happy|(\w+'s|our|their|the) (number|metric|target|kpi|measure)\s*(=|is|:)|success (=|is|means|looks like|for (us|me|them|him|her))|measure(d)? (it |success |this )?by)\b/i;
const metricNoun =
  /\b(rate|ratio|time|turnaround|days?|hours?|minutes?|weeks?|percent|%|pts|points|leakage|accuracy|errors?|score|nps|csat|acsi|adoption|usage|share|retention|win rate|vacan\w+|response|responses|calls?|leads?|visits?|requests?|tickets?|orders?|accounts?|revenue|premium|balances?|bookings|volume|backlog|complaints?|referrals?|enrollments?|registrations?|packets?|clients?|customers?|members?|donors?|units?|logged|answered|closed|scheduled|resolved|lost|late)\b/i;
const moneyLike = /[$€£]|\b(usd|eur|gbp)\b|\bprice|\bfee|discount|\boff\b|per (seat|user|month|year)|invoice/i;

const isPromiseLike = (text: string) => /\b(confirmed|implementation in|weeks from kickoff|live first|we('ll| will))\b/i.test(text);

function isSuccess(s: Segment, text: string): boolean {
  if (s.source.kind === 'scope' || /\?/.test(text)) return false;
  // "How I'll know it worked: ...", "How the board will judge it: ..." announce the criteria; other wh- openings ask.
  if (/^(how|what|when)\b/i.test(text.trim()) && !/^how\b[^:]{0,40}\b(know|judge|measure|tell)\b/i.test(text.trim())) return false;
  if (s.side === 'vendor' && (s.source.kind === 'call' || s.source.kind === 'email') && !/\b(your|their) (success|goal|target)\b/i.test(text)) return false;
  if (moneyLike.test(text) && !/\b(revenue|balances?|premium|bookings|sales)\b/i.test(text)) return false;
  // "Student Success" in a title, "I'll tell you how I'll judge it" before saying it, "Tell a rep when ..." (a workflow).
  if (/\b(customer|student|client) success\b/i.test(text) && !/\bsuccess (for|means|is|=|looks)/i.test(text)) return false;
  if (/^(tell|send|show|notify|alert|let|give|make)\b/i.test(text.trim())) return false;
  if (successVerdict.test(text) && !/\b(i'?ll tell you|let me tell you)\b/i.test(text)) return true;
  if (successCue.test(text) && (measurable.test(text) || /success|win|measure|kpi|metric/i.test(text))) return !/\bsuccess (team|manager|plan)\b/i.test(text);
  // A number to reach: "90% of pothole requests closed within 5 business days", "days vacant from 38 to 28".
  const target =
    /\b(want|wants|wanted|target|aim|goal|by (the end|end|next|q[1-4]|\d{4}|fall|spring|summer|winter|year[- ]end)|get (it |them |us )?(to|under|below|down)|reach|hit|should|needs? to|has to|have to|from \S+ (\w+ ){0,3}to \S+|down to|at least|no more than|fewer than|less than)\b/i;
  const present =
    /\b(today|currently|right now|last (year|month|quarter)|this year so far|is about|are about|was about|we did an audit|on average|historically|never got|were late|duplicates|turn over)\b/i;
  const wanted = /\b(wants?|target|aim|goal|should|needs?)\b/i;
  return (
    measurable.test(text) &&
    metricNoun.test(text) &&
    target.test(text) &&
    (!present.test(text) || wanted.test(text)) &&
    !riskExplicit.test(text) &&
    !isPromiseLike(text)
  );
}

function isFirstValue(s: Segment, text: string): boolean {
  if (/\?/.test(text)) return false;
  if (s.source.kind === 'scope') return /\bpilot\b|first (site|store|clinic|location|team|region|wave|phase)/i.test(text) && !moneyLike.test(text);
  if (
    s.side === 'vendor' &&
    (s.source.kind === 'call' || s.source.kind === 'email') &&
    !/\bfirst (value|win|milestone|wave|clinic|site|store|location|team|region|office|branch)\b/i.test(text)
  )
    return false;
  if (/\bfirst (time|thing|call|year|day|days|3 months|three months|month of|meeting)\b/i.test(text) && !/\bfirst (value|win|milestone)\b/i.test(text))
    return false;
  if (/\b(last year|today|failed|failure)\b/i.test(text)) return false;
  return firstValueCue.test(text) || /\b(first (wave|test|storm|real test|region|market)|(up|live|going|go|goes) first|if it works (there|here))\b/i.test(text);
}

/** The buyer describing what they lack or what is slow, old or short: how delivery gets held up on their side. */
const buyerLimitation =
  /\b(only (one|two|a (few|couple)|\d+) (of|people|person|guys?|admins?|developers?|engineers?|it)|only (has|have|had) (one|two|a single|1|2) [\w-]+( [\w-]+)? (on|at|in|for) |(is|are|'re|'s) (slow|limited|outdated|ancient|not (great|good|fast|reliable|always))|not (always )?(reliable|fast)|(nobody|no one) (has (the )?time|knows|uses|used)|(don'?t|doesn'?t|do not|does not) (have (a|an|any|the)|speak|trust|do (calls|meetings))|can'?t (afford|spare|get (time|anyone))|(very|really|pretty|super) (high|tight|busy|slow)|is tight|terrified|(lost|losing) (two|three|\d+|our|a) |turnover|attrition)\b/i;

/** The seller saying what the product does not do yet: "we don't have a native connector today", "English-only right now". */
const sellerGap =
  /\b((we|it|the \w+) (don'?t|do not|doesn'?t|does not|can'?t|cannot) (have|support|offer|do|handle|read|write)\b[^.?!]{0,50}\b(today|yet|right now|at the moment|currently|natively|out of the box)|(is|are|isn'?t|aren'?t|not) (available|supported|ready) (yet|today)|[\w-]+-only (right now|today|at the moment|for now)|wouldn'?t bet on (a|the) date|no (native|built-in) (connector|integration|support))\b/i;

/** Someone else's process with a lead time: "Firewall changes go through them, normally 2-3 weeks", "infosec review — 4-6 weeks". */
const externalLeadTime =
  /\b(requires?|needs?|goes? through|go through|approv\w*|review|assessment|advice|involvement|sign-?off|consult\w*|test (cycle|window)|change (board|request))\b[^.;]{0,80}\b(\d+\s*(-|–|to)\s*\d+|\d+|two|three|four|five|six|eight|ten|twelve|thirty|sixty|ninety)\s*(business |working |calendar )?(weeks?|days?|months?)\b/i;
/** The buyer's users who will find a new tool hard: "many of our residents are elderly", "they don't have smartphones". */
const adoptionGap =
  /\b(elderly|(over|above) (6\d|70)\b|(limited|little|no|poor|basic) english|english is[^.]{0,20}limited|(don'?t|do not) have (a |any )?(smartphones?|computers?|laptops?|e-?mail|data plans?)|no data plan|(are|mostly|all) temps|temporary staff|brand new|(attrition|turnover) (is |of |at |runs )?(about |around |over )?\d+\s?%|\d+\s?% (annuali[sz]ed )?(attrition|turnover)|won'?t (learn|download|install|read|log in)|not downloading|no (cell |mobile )?(coverage|signal|reception)|(don'?t|do not) know if [^.]{0,40}\buse)\b/i;

const internal = new WeakMap<object, boolean>();
/** An e-mail whose addresses (From, To, Cc) are all at the sender's domains: written among the seller's own people. */
function internalEmail(source: Segment['source'], sellers: ReadonlySet<string> = new Set()): boolean {
  const known = internal.get(source);
  if (known !== undefined) return known;
  const lines = (re: RegExp) => [...source.text.matchAll(re)].map((m) => m[1]!);
  const fromLines = lines(/^\s*(?:\*\*)?from:(?:\*\*)?(.*)$/gim);
  const toLines = lines(/^\s*(?:\*\*)?(?:to|cc):(?:\*\*)?(.*)$/gim);
  const from = new Set(fromLines.flatMap((l) => [...l.matchAll(/[\w.+-]+@([\w-]+(?:\.[\w-]+)+)/g)].map((a) => a[1]!.toLowerCase())));
  // Each recipient is at the sender's domain or is one of the seller's people by name.
  const recipients = toLines
    .flatMap((l) => l.split(/[,;]/))
    .map((r) => r.trim())
    .filter(Boolean);
  const ours = (r: string) => {
    const address = /[\w.+-]+@([\w-]+(?:\.[\w-]+)+)/.exec(r);
    if (address) return from.has(address[1]!.toLowerCase());
    const name = r.replace(/["“”]/g, '').trim().toLowerCase();
    return sellers.has(name) || sellers.has(name.split(/\s+/)[0]!);
  };
  let result = fromLines.length > 0 && recipients.length > 0 && recipients.every(ours);
  // No header: an e-mail titled as the seller's own ("Internal: ...", "Handoff - ...", "Deal review").
  if (!result && toLines.length === 0) result = /\b(internal|hand-?off|handover|deal review|win (notes|report))\b/i.test(source.title ?? '');
  internal.set(source, result);
  return result;
}

/** The seller's own record of the deal (notes and minutes in their own voice, an e-mail among themselves): it reports
 * what the buyer said and how they stand, so the rules that read the buyer's words read it too. */
const reportsTheBuyer = (s: Segment) =>
  ((s.source.kind === 'note' || s.source.kind === 'meeting') && !s.speaker) ||
  (s.source.kind === 'email' && s.side === 'vendor' && internalEmail(s.source)) ||
  (s.source.kind === 'call' && !s.speaker && s.side === 'unknown');

/** Risk as what the product shows or the buyer's trade deals in ("flag at-risk accounts", "a churn risk score",
 * "low-risk merchants"): a feature or a category, not a threat to this deal. */
const riskAsTopic =
  /\b(at[- ]risk (accounts?|deals?|customers?|clients?|patients?|members?|students?|families|farms?|tenants?|donors?|renewals?|merchants?|loans?|youth|learners?)|(which|what|whose|who'?s) [\w ]{0,30}\b(are |is )?at[- ]risk|flag(ged|s|ging)? [\w"'“” ]{0,20}at[- ]risk|risk (scores?|scoring|flags?|tiers?|models?|signals?|alerts?|indicators?)|(low|medium|high)[- ]risk|churn risk|credit risk|fraud risk)\b/gi;

function isRisk(s: Segment, raw: string): boolean {
  if (riskNegation.test(raw)) return false;
  const text = raw.replace(riskAsTopic, ' ');
  if (s.source.kind === 'scope') {
    if (/\b(we|vendor|provider|supplier) (will|shall)\b/i.test(text)) return false;
    // What the contract leaves to the customer, with a date or a dependency, is what can hold delivery up.
    const onCustomer =
      /\b(customer|client|licensee|the (authority|county|city|district|bank|company|university|hospital|trust|council))\b[^.]{0,40}\b(will|shall|must|is responsible|to (provide|procure|obtain|complete|nominate|make))\b/i.test(
        text,
      );
    const hinge =
      /\b(no later than|by \d|within \d+|before|prior to|approval|approve|subject to|depend\w*|delay\w*|lead time|available|availability|nominat\w*|procure|obtain|complete|assessment|consent|extract)\b/i.test(
        text,
      );
    return (
      (onCustomer && hinge) ||
      /\b((schedule|timeline|dates?|plan|milestones?|fees|pricing)( in [\d.]+( and [\d.]+)?)? (assumes?|is based on|are based on|depends? on)|solely responsible|non-?appropriation|subject to (annual|board|budget)? ?appropriation|delays? caused by|any delay|will move|subject to [\w' ]*(availability|being concluded|approval)|applicable law|termination for convenience|no (production )?changes? (will be made )?between)\b/i.test(
        text,
      )
    );
  }
  if (s.label && /^(risks?|concerns?|constraints?|blockers?|watch ?outs?|issues?|caveats?)$/.test(s.label) && text.split(/\s+/).length > 3) return true;
  if (/^(risks?|concerns?|constraints?|issues?)\b/i.test(s.heading ?? '') && s.listItem && text.split(/\s+/).length > 3) return true;
  // The seller owning up to a gap: what the product does not do yet is what the customer will run into.
  if (s.side === 'vendor' && sellerGap.test(text) && !/\?\s*$/.test(text)) return true;
  // The seller talking or writing to the buyer answers, pitches and plans; what threatens delivery is what they flag as
  // such. An e-mail among the seller's own people (a handoff, a deal review) reports the buyer, like the notes.
  if (
    s.side === 'vendor' &&
    (s.source.kind === 'call' || (s.source.kind === 'email' && !internalEmail(s.source))) &&
    !/\b(concern|risk|worr|heads up|careful|be aware|don'?t plan around)\b/i.test(text)
  )
    return false;
  if (text.split(/\s+/).length < 4) return false;
  if (/\?\s*$/.test(text) && !riskExplicit.test(text)) return false;
  const strong = riskStrong.test(text);
  const weak = new Set((text.match(riskWeak) ?? []).map((w) => w.toLowerCase())).size;
  // A goal, a success criterion or a user's need is not a risk unless someone says it is.
  if ((riskOpposite.test(text) || isSuccess(s, text) || isGoal(s, text) || isWorkflow(s, text)) && !riskExplicit.test(text) && !(strong && weak >= 2))
    return false;
  // The seller's own notes and minutes report what the buyer told them: read like the buyer's words.
  const narrated = reportsTheBuyer(s);
  if ((s.side === 'customer' || narrated) && !s.quoted && buyerLimitation.test(text) && !/\?\s*$/.test(text)) return true;
  if ((s.side !== 'vendor' || narrated) && !/\?\s*$/.test(text) && (externalLeadTime.test(text) || adoptionGap.test(text))) return true;
  return strong || weak >= 3;
}

// ---- The structure of conversations and documents ----------------------------------------------------------

/** What a discovery question asks for: the buyer's answer is that kind of item. */
const asksSuccess =
  /\b(success|look like|how (will|would|do) you (know|measure|judge|tell)|what would (good|a win|great)|measure|kpis?|metrics?|win for you)\b/i;
const asksGoal =
  /\b(goals?|objectives?|trying to (achieve|solve|fix|do|get)|why (now|are you|did you|this|look)|what (problem|outcome|are you hoping|made you|prompted|'?s (behind|prompting|driving))|hoping to|main reason|driving this|what do you (want|need) (out of|from)|what would you (like|want) to (change|fix|achieve)|what are you (looking|hoping) (for|to)|(like|want|need) (it |things )?to (be |look )?different)\b/i;
/** A problem named in the buyer's words: what they lose, cannot do, or do by hand. */
const pain =
  /\b(lost|losing|lose|miss(ed|ing)?|can'?t|cannot|drowning|too (long|slow|many|much)|keep (losing|missing|getting)|nobody|no one|every time|by hand|manual(ly)?|chas(e|ing)|wast(e|ing)|fall(s|ing)? through|slips?|fail(ed|ing|s)?|complain\w*|broken|mess)\b/i;
/** Asking what set it off: the buyer's answer, pain or trigger, is why they buy. */
const asksWhy =
  /\b(why (now|are you looking|did you (start )?look)|what (made you|prompted|triggered|got you)|what'?s (behind|prompting|driving) (this|it)|what (problem|pain)s? (are you|do you)|what'?s (broken|not working))\b/i;
/** A question about what could stand in the way: the buyer's answer is a risk unless it says there is none. */
const asksRisk =
  /\b(concerns?|worr\w*|risks?|get in the way|blockers?|block (this|it|us)|hold (this|it|you|us) (up|back)|slow (this|it|you|us) down|challenges?|obstacles?|hurdles?|could go wrong|anything (else )?(i|we) should (know|be aware)|keep(s)? you up|hesitat\w*|reservations?|push ?back|blackout|freeze|who else (needs|has|will|would|is)|sign(s|ed)? off|approv\w*|procurement process|legal review|security review|(other|which) (vendors?|options|tools|solutions)|looking at anyone else|competit\w*|alternatives?|budget|what happens if|dependenc\w*|constraints?)\b/i;
const noneToSay = /^(no|nope|none|nothing|not really|not that i know|i don'?t think so|all good|we'?re good|no concerns?)\b/i;
const riskHeading =
  /^(?:(?:item|section|agenda item)?\s*\d+[.)]?\s*[-–:]?\s*)?(risks?|concerns?|constraints?|issues?|blockers?|watch[- ]?outs?|things to watch|red flags?|objections?|open questions?|hurdles?|challenges?|caveats?|gotchas?|headwinds?|risks? (and|&) (issues|dependencies|mitigations?))\b/i;
/** A line's label that says it is a risk: "Red flag: ...", "Watch: ...", "Objection: ...". */
const riskLabel =
  /^(risks?|concerns?|blockers?|watch|watch[- ]?outs?|watch ?list|red flags?|flags?|risk flags?|deal risks?|heads[- ]?up|objections?|caveats?|constraints?|dependenc(y|ies)|gaps?|worr(y|ies)|sticking points?|push ?back)$/;
/** The fields of a qualification framework (MEDDPICC, BANT) whose gap threatens the deal. */
const qualificationLabel =
  /^(economic buyer|eb|champion|coach|(exec(utive)? )?sponsor|decision (criteria|process|maker)|paper process|authority|budget|timing|timeline|compelling event|metrics|(identified|implicate[ds]?) pain|need|procurement|legal|security|it|technical (buyer|contact))$/;
/** What a qualification field says when it is not filled: nobody yet, not known, not met. */
const qualificationGap =
  /^(none|no|nobody|no one|unknown|unclear|tbd|tbc|n\/a|\?+|missing|not sure)\b|\b(not (yet )?(identified|known|confirmed|engaged|involved|met|clear|defined|agreed|approved|set|named|found|bought in|sure|in place)|unknown|unclear|tbd|tbc|(none|nobody|no one) (yet|so far|identified|named|engaged)|(haven'?t|have not|never|not) (yet )?(met|spoken to|engaged)|no (access|line|budget|champion|sponsor|date|owner|decision)\b|single[- ]threaded|at risk)\b/i;
const competitionLabel =
  /^(competition|competitors?|competitive( landscape| situation| mentions?)?|competitor mentions?|competing (vendors?|solutions?|offers?|bids?)|other vendors?|alternatives)$/;
const noCompetitor = /^(none|no|n\/a|nobody|not (that )?(we|i) know|no (competition|competitors?|one else)|sole source|single source)\b/i;
/** A step that waits on someone's approval, sign-off or review. */
const pendingApproval =
  /\b(sign-?off|sign off|signs? off|approv\w+|(reviewed|review) by|(legal|security|infosec|procurement|board|it|dpo|compliance) (review|approval|sign-?off|check)|change request|\bcab\b|budget (confirmation|sign-?off|approval))\b/i;
const asksDuration = /\b(how long|how soon|how quickly|how fast|timeline|time frame|when (can|could|will|would) (we|you|it)|lead time|go-?live)\b/i;

const goalHeading =
  /^(?:(?:item|section|agenda item)?\s*\d+[.)]?\s*[-–:]?\s*)?(business |project |key )?(goals?|objectives?|aims?|purpose|why (they|we) (are )?buying|why now|desired outcomes?|(business )?drivers|pain ?points?|what (they|we) (want|need) to (achieve|fix|solve))\b/i;
/** A Background or Context heading: its lines are a goal only when they name an outcome. */
const backgroundHeading = /^(?:\d+[.)]?\s*)?(background|context|the problem|problem statement|current (situation|state)|challenges? today)\b/i;
const successHeading =
  /^(?:\d+[.)]?\s*)?(success (criteria|metrics|measures|factors)|kpis?|how (we|they)('ll| will) (measure|know)|acceptance criteria|measures of success)\b/i;
const nextStepsHeading = /^(?:\d+[.)]?\s*)?(next steps?|action items?|actions|follow[- ]?ups?|to ?dos?|open items)\b/i;
const assumptionsHeading = /^(?:\d+[.)]?\s*)?(assumptions?|dependencies|customer (responsibilities|obligations))\b/i;
/** An exclusion said in words: "X is not included", "not in scope", "excluded". */
const exclusionWords =
  /\b(is not|are not|isn'?t|aren'?t|not) (included|in scope|part of (the|this) (scope|package|order|sow|agreement))\b|\b(out of scope|excluded|exclusions?|not covered|outside (the |this )?scope)\b/i;

/** An open ask: a question taken away to answer later ("let me check with product and get back to you"). Until it is
 * answered it can hold delivery up, whoever took it away. */
const openAsk =
  /\b(get back to (you|them|him|her)|come back to (you|them|him|her)|circle back|take (that|it|this) (away|back|offline)|(let me|i'?ll|i will|i'?d (need|have) to|i need to|i have to|we'?ll|we need to|we'?d (need|have) to|need to|have to) (check|confirm|verify|ask|run (it|that|this) (by|past)|double-check)\b[^.?!]{0,40}\b(with|by|past) (product|engineering|the team|our|my|legal|finance|security|it\b|procurement|the (board|boss|ceo|cfo|cto|owner|partners?|team))|check with (product|engineering|the team|legal|finance|my manager|our|my)|run (it|that|this) (by|past)|(let me|i'?ll|i will|we'?ll|i need to|i'?d (need|have) to) (find out|look into|dig into|chase)|(said|told (him|her|them)|promised) (we|i|he|she|they)'?d (check|find out|confirm|get back|come back|look into)|(no|still no|awaiting|waiting (on|for)) (an? )?(answer|reply|response|confirmation|decision)|(answer|reply|response|confirmation) (is )?(still )?(pending|outstanding|to follow)|don'?t (know|have) (that|the answer)( off (the top of my head|hand))?|not sure off ?hand|off the top of my head|(has|have) not (yet )?(tested|checked|verified|confirmed)|(hasn'?t|haven'?t) (yet )?(tested|checked|verified|confirmed)|will (confirm|come back) (by|whether|if|on)|(i'?ll|i will|let me|we'?ll) (ask|check with|run it (by|past)|talk to) (my|our) (manager|boss|director|vp|team|legal|finance|product|engineering|ceo|cfo|cto|leadership|partner))\b/i;
/** A rep promising to be there in person: the customer will expect it from whoever takes over. */
const personalInvolvement =
  /\b(i('ll| will)? personally|personally (be|join|attend|handle|oversee|make sure|see to|stay|look after|run|manage|lead)|i('ll| will) (be|sit|stay) (on|in|at|for|through) (every|each|all (the|your)|the whole|the entire)|i('ll| will) (stay|remain|keep) (involved|on (the|your) account|close to|engaged|hands-on)|i('ll| will) (be|remain) your (main|single|personal|primary|day-to-day|direct) (point|contact|person)|(my|his|her) (personal|own) (number|cell|mobile|phone|guarantee|commitment|word)|call me (directly|any ?time)|you can (always )?(call|text|reach) me( directly| any ?time)?|i('ll| will) (handle|run|manage|oversee|own|lead) (it|this|that|the (onboarding|implementation|rollout|project|migration|setup|kickoff)) (myself|personally)|i('ll| will) be (there|on ?site) (for|at|on) (the|your) (kickoff|go-?live|launch|training|first)|(promised|offered|committed) to (personally|be on every|join every|attend every|be on ?site for))/i;
/** Another vendor still in the running, said by the buyer or noted by the seller. */
const competitorInPlay =
  /\b((still|also) (talking to|looking at|evaluating|speaking (with|to)|in talks with|considering|comparing|demoing|trialing|trialling|getting (quotes?|proposals?|demos?) from)|other (vendors?|options|providers|suppliers|proposals|bids|quotes)|another (vendor|provider|supplier|proposal|bid|quote)|(two|three|a couple of|a few|several) (other )?(competing )?(quotes|proposals|bids|vendors)|shortlist(ed)?|short-?list|bake-?off|finalists?|head-?to-?head|side[- ]by[- ]side with|competing (offer|bid|quote|proposal)|(their|our|the) (current|incumbent|existing) (vendor|provider|supplier)|(quoted|offered) us|(cheaper|lower) (quote|price|bid|offer)|getting (an? |their )?(quotes?|proposals?|demos?|pitch(es)?) from|came in (cheaper|lower|under)|(had|have had|got|seen|saw|sat through|booked) (a |an |their )?(demo|pitch|proposal|quote|presentation) (from|with)|(seeing|meeting) [A-Z]\w+ (next|this|on) |(still )?in the running|compared us (with|to)|came in [^.;]{0,20}\b(cheaper|lower|under|less)|offered (them|us) [^.;]{0,25}\bfree)\b/i;
/** A question left open in the room: nobody knew, someone will find out. Until it is answered it can hold delivery up. */
const openQuestion =
  /\b((nobody|no one) (had|has|knew|knows) (an |the )?answer|(wasn'?t|was not|isn'?t|is not|not) sure (who|whether|if|what|when|how)|(he|she|they|i) (wasn'?t|weren'?t|was not) sure|said (he|she|they)'?d find out|(still )?to be (confirmed|decided|determined|clarified)|\btbd\b|open question)\b/i;
/** The buyer's people short of time for the project: whom delivery will wait on. */
const shortOfTime =
  /\b((very |really )?hard to get time (with|from)|(hard|difficult|impossible) to (pin down|get hold of|reach|get in front of)|can'?t be in the weeds|(no|little|limited) (time|capacity|bandwidth) (for|to)|(off|out|away) (from )?(june|july|august|december|jan\w*|\d{1,2}[./])[^.]{0,20}(through|until|till|to) |(give|spare|lend) (you )?(one|an?) (engineer|developer|person|admin)( \w+)? part-?time)\b/i;
/** The buyer's condition with a date or an event on it: "I need this before the holiday loads start", "before anything goes live". */
const needBefore =
  /\b((i|we) (need|have to have|must have) (this|it|that|the \w+)\b[^.]{0,50}\b(before|by) (the |our |their |mid|end|early|late|\d)|before (anything|we|it) (goes|go) live|can'?t take an? (increase|price increase|uplift))/i;
const hardDeadline =
  /\b((have|has|need|needs|got) to (be|go) (live|up|running|ready|done|in place|launched|working|operational|signed|finished|rolled out)\b[^.;]{0,40}\b(before|by|in time|ahead of|no later than)|must (be|go) (live|up|running|ready|done|in place|signed|rolled out)\b[^.;]{0,40}\b(before|by|in time|ahead of)|(need|needs|want|wants|wanted) (it |this |them |everything |the [\w-]+ )?(live|up and running|running|ready|done|in place|working|signed)\b[^.;]{0,30}\b(before|by|in time for|ahead of|no later than)|hard (deadline|date|cut-?off)|drop[- ]dead|(date|deadline) (isn'?t|is not|won'?t be) (moving|movable|negotiable|flexible)|can'?t (slip|move|miss|be moved|be late|go past)|no later than|at the (very )?latest|non-?negotiable|immovable|fixed (date|deadline)|the deadline (is|was)|deadline of)\b/i;

/**
 * What the buyer's side says about how their own organisation will hold delivery up, read from the buyer's turns and
 * the notes' own voice: someone else who must approve, install or review first (and how long they take), people who
 * are away or short, an earlier system or vendor that went badly, people against it, and old or patchy data.
 */
const month = '(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*';
const buyerHoldUps: RegExp[] = [
  // Someone else on their side has to act first.
  /\b(needs? (a|an) [\w ]{0,25}\b(ticket|change request|approval|sign-?off)|not (yet )?(been )?consulted|(has|have|need|needs|will need) to (approve|sign off on|sign off|review|install|notify|agree|be consulted)|needs? (their|our|an?|the|someone) [\w ]{0,25}\bto (approve|install|sign|review|set up|do|check)\b|need [A-Z][\w'’-]+,? ([^,.]{2,30},? )?to (approve|install|sign|review|check|sign off)\b|(goes|go|has to go|have to go|must go|needs? to go) through (their|our|the|a|legal|procurement|security|it)\b|awaiting [\w ]{0,25}(approval|sign-?off|review|decision)|(approval|review|sign-?off|assessment) (is )?(needed|required|pending|outstanding)|(takes?|took) (about |around |roughly |~|at least )?(\d+([-–]\d+)?|a few|several|two|three|four|six|eight) ?(weeks?|wks?|months?)|(typically|normally|usually) (\d+([-–]\d+)?|a few|several) ?(weeks?|wks?|months?)|(anything|everything|spend|purchases?) (over|above) [$€£]?\d[\w,.]*,? (also )?(goes|go|has to go|needs to go|needs|requires) (to|through)\b|(don'?t|do not) expect much (of )?(their|our|my) time|they take (weeks|months)|(days|weeks|months) minimum)\b/i,
  // People away or short: a window nobody is around, a part-time or shared IT person.
  new RegExp(
    `\\b((nobody|no one) (is (here|around|available)|has time)|my (whole )?team (is|gets) (pulled|\\w+ people)|${month} (to|through|until|till|-|–) ${month}\\b[^.]{0,40}\\b(is|are|season|nobody|no one|busy|pulled|off|away|closed)|(he|she)('s| is) (a|an outside) contractor|(it'?s|is) (just )?one (guy|person)|\\bin on (mon|tues|wednes|thurs|fri)days|\\d+ days?( a| per|\\/) ?(week|wk)|shared across|\\+ ?1 tech|not before ${month}|(isn'?t|is not|aren'?t) (going anywhere|available))\\b`,
    'i',
  ),
  // An earlier system, vendor or rollout that went badly.
  /\b((the |our )?(last|previous|old|former) (crm|system|vendor|provider|tool|platform|implementation|project|rollout|attempt)\b[^.]{0,60}\b(went|failed|never|didn'?t|wasn'?t|ran (over|late)|stopped|blocked|disaster)|how the (last|previous) [\w ]{0,20}went|(it was|was) a (disaster|nightmare|mess)|in (19|20)\d\d,? (we|they) (had|tried|bought)\b[^.]{0,60}\b(stopped|blocked|killed|failed|dropped|disaster)|(stopped|blocked|killed) it|(tried|had|bought|used|implemented|rolled out) (an?|the|another) [\w ]{0,25}\bin (19|20)\d\d\b[^.]{0,60}\b(bust|under|stopped|failed|lost|disaster|abandon\w*|dropped|never|pulled)|went (bust|under|out of business))\b/i,
  // People against it.
  /\b((he|she|they|[A-Z][a-z]+) (doesn'?t|does not|don'?t|won'?t|will not) (trust|like|learn|download|log in|touch)|not downloading|voted against|(isn'?t|is not|aren'?t|are not|not) (sold|convinced|bought in|on board)( on)?|thinks? (the |our |their )?[\w ]{0,20}(is|are) (fine|good enough)|the last to come round|put (his|her|their) stamp on|felt spied)\b/,
  // Old systems and patchy data.
  /\b((built|made|written|installed) (for us )?(in |back in )?(19|20)\d\d|since (19|20)\d\d|never (been )?(upgraded|updated|patched)|access database|foxpro|doesn'?t exist any ?more|\d+ (yrs?|years) old|patchy|(money|budget|cash ?flow)('s| is) tight)\b/i,
];

/** The seller saying what delivery will need from the customer: their data, their people, their access. */
const needsFromCustomer =
  /\b((we('ll| will| would|'d)|i('ll| will| would|'d)) (also |first |still )?need\b(?! to (talk|discuss|chat|catch up|schedule|set up a call))[^.?!]{0,60}\b(you|your)\b|you('ll| will| would|'d) (also |first )?need to (provide|give|send|get|set up|export|install|grant|open|nominate|assign|free up|clean))/i;
/** Reviews and approvals on the buyer's side not yet through: procurement, security, legal, a committee. */
const reviewPending =
  /\b((procurement|security|infosec|legal|compliance|privacy|vendor|risk|it|third[- ]party|supplier) (review|assessment|approval|questionnaire|due diligence|sign-?off|onboarding)|(mark-?ups?|comments|changes) (on|to) (the |our |your )?(contract|msa|dpa|terms|order form)|(liability|indemnity|indemnification) (cap|clause|terms)|(still|not yet|hasn'?t|have not|haven'?t) (been )?(signed off|approved|cleared|reviewed))\b/i;

/** Text that is not anyone's word to the customer: what a demo screen shows, a coach's note to the rep. */
const offstageLabel = /^(screen|on screen|slide|demo( screen)?|screen ?share|coach(ing)?( note)?|tip|note to self|rep note|manager note|talk track)$/;
const offstageHeading = /\b(coaching|talk track|battle ?card|objection handling|demo script|screen ?share|slides?)\b/i;
const offstageText = /^\s*[[(](on )?(screen|slide|demo|coach\w*)\b[^\])]*[\])]|\b(on (the )?screen|the slide) (shows?|says|reads)\b/i;
/** A seller's pitch of what customers in general get is not this customer's criterion. */
const pitch =
  /\b(customers (typically|usually|often|generally) (see|get|save|cut)|our customers (see|get|save|report)|on average,? (our )?customers|industry average|roi of|return on investment of|pays? for itself in)\b/i;

const successVerdictOpening =
  /^(?:[\w ,]{0,30}[,:]\s*)?(success (for (us|me|them|him|her)\b[^.]{0,30}?)?(=|is|means|looks like)|how (i|we|they)('ll| will) (know|judge|measure|tell)( it| this)?( worked)?\s*:)/i;

/** Verdicts the structure decides whatever the wording: headings, lists, question and answer, who is speaking. */
function structure(s: Segment, text: string): Partial<Record<SentenceKind, boolean>> {
  const v: Partial<Record<SentenceKind, boolean>> = {};
  const heading = s.heading ?? '';
  if ((s.label && offstageLabel.test(s.label)) || offstageHeading.test(heading) || offstageText.test(text))
    return { goal: false, workflow: false, success_criterion: false, first_value: false, promise: false, risk: false };
  if (s.side !== 'customer' && pitch.test(text)) Object.assign(v, { success_criterion: false, goal: false, promise: false });
  // "Success for us is ...", "How we'll judge it: ...": the buyer's yardstick, not the outcome they bought for (that is a
  // goal only when the sentence says so too).
  if (successVerdictOpening.test(text) && !/\b(goals?|objectives?|the (whole )?point|purpose|reason)\b/i.test(text)) v.goal = false;
  const sales = salesKinds.has(s.source.kind);
  // Exclusions are never promises: a line under "Out of scope", "X is not included".
  if (exclusionHeading.test(heading) || (exclusionWords.test(text) && !/\b(we|i)('ll| will| can)\b.{0,40}\b(include|add|cover)/i.test(text))) v.promise = false;
  if (assumptionsHeading.test(heading) && s.source.kind !== 'scope') v.promise = false;
  if (s.source.kind === 'scope' && scopeFormOnly(s, text)) v.promise = false;
  if (s.source.kind !== 'scope' && (s.listItem || s.label || s.source.kind === 'meeting' || /^\d+(\.\d+)+\s/.test(text)) && text.split(/\s+/).length >= 3) {
    // Under "Goals", a line saying what users must be able to do is how they will work: the wording decides it.
    if (goalHeading.test(heading) && !measurable.test(text) && !/\b(must|needs? to|should|ha(s|ve) to) be able to\b/i.test(text))
      Object.assign(v, { goal: true, promise: false, risk: false, workflow: false });
    else if (backgroundHeading.test(heading) && s.side !== 'vendor' && (goalVerb.test(text) || goalAsk.test(text)) && outcomeNoun.test(text)) v.goal = true;
    if (successHeading.test(heading)) Object.assign(v, { success_criterion: true, promise: false, risk: false, workflow: false });
    if (nextStepsHeading.test(heading)) {
      Object.assign(v, { risk: false, goal: false, success_criterion: false });
      // A next step on which the buyer's side must approve, sign off or review first: delivery waits on it.
      if ((s.side !== 'vendor' || reportsTheBuyer(s)) && pendingApproval.test(text) && !/^\s*(we|i)\b/i.test(text)) v.risk = true;
    }
    // A line under "Risks", "Concerns", "Blockers", "Open questions" is one, whatever its words.
    if (riskHeading.test(heading) && !riskNegation.test(text)) Object.assign(v, { risk: true, promise: false, goal: false, workflow: false });
  }
  if (s.label && riskLabel.test(s.label) && text.split(/\s+/).length > 3 && !riskNegation.test(text)) Object.assign(v, { risk: true, promise: false });
  // A qualification field the seller filled in (MEDDPICC, BANT) that says what is missing: "Economic Buyer: not met",
  // "Champion: none yet", "Decision criteria: unclear"; a competitor named under Competition.
  if (s.label && qualificationLabel.test(s.label) && s.source.kind !== 'scope') {
    const value = text.replace(/^[^:=]*[:=]\s*/, '');
    if (qualificationGap.test(value) && !riskNegation.test(value)) Object.assign(v, { risk: true, promise: false, goal: false, success_criterion: false });
  }
  if (s.label && competitionLabel.test(s.label) && s.source.kind !== 'scope' && !noCompetitor.test(text.replace(/^[^:=]*[:=]\s*/, '')))
    Object.assign(v, { risk: true, promise: false });
  // "Month 1 goal: ...", "Goal: ...": a goal by its label.
  if (s.label && /^(?:(?:month|week|phase|year|q)\s*\d+\s+)?(business )?goals?$/.test(s.label)) Object.assign(v, { goal: true, promise: false });
  if (s.label && /^success( criteria| metrics?| measures?)?$/.test(s.label)) Object.assign(v, { success_criterion: true, promise: false });
  if (!sales) return v;
  // The buyer's own remarks, budget and deadlines are not the seller's promises.
  if (s.side === 'customer' && (s.source.kind === 'call' || s.source.kind === 'email') && !s.quoted) v.promise = false;
  // Question and answer: the buyer's answer is what the question asked for; the seller's answer to "how long?" is a promise.
  if (s.answerTo) {
    const q = s.answerTo;
    // Notes in the author's own voice under "What does success look like?" record the buyer's answer.
    const notedAnswer = (s.source.kind === 'note' || s.source.kind === 'meeting') && !s.speaker;
    if (s.side !== 'vendor' || notedAnswer) {
      const status = /\b(today|currently|right now|last (year|month)|at the moment)\b/i.test(text);
      if (
        asksSuccess.test(q) &&
        !/\?/.test(text) &&
        !status &&
        (measurable.test(text) || goalVerb.test(text) || /\b(win|happy|success|worth it)\b/i.test(text))
      )
        v.success_criterion = true;
      else if (
        asksWhy.test(q) &&
        !/\?/.test(text) &&
        (goalVerb.test(text) || outcomeNoun.test(text) || goalAsk.test(text) || pain.test(text)) &&
        text.split(/\s+/).length >= 6 &&
        !/^(good|great|fair|that'?s a (good|great|fair)) (question|point)\b/i.test(text.trim())
      )
        v.goal = true;
      else if (
        asksGoal.test(q) &&
        !/\?/.test(text) &&
        !status &&
        (goalVerb.test(text) || outcomeNoun.test(text) || /\b(get|getting|make|making|have|having|so (that )?(we|they)|want|need|every|all)\b/i.test(text)) &&
        text.split(/\s+/).length >= 5 &&
        !/^(yeah|yes|no|ok(ay)?|sure|right|good question)[,.!]?\s*$/i.test(text.trim())
      )
        v.goal = true;
      // "Anything that could hold this up?" answered: what the buyer names is a risk, unless it is "no, nothing".
      if (
        asksRisk.test(q) &&
        (s.side === 'customer' || notedAnswer) &&
        !noneToSay.test(text.trim()) &&
        !riskNegation.test(text) &&
        text.split(/\s+/).length >= 5 &&
        !/^(good|great|fair|that'?s a (good|great|fair)) (question|point)\b/i.test(text.trim())
      )
        v.risk = true;
    } else if (asksDuration.test(q) && (durations(text).length > 0 || /\b(weeks?|days?|months?)\b/i.test(text))) v.promise = true;
  }
  // Risks the structure makes plain.
  // Notes and minutes in the author's own voice report what either side said; a seller's turn on a call is the seller's.
  const narrated = reportsTheBuyer(s);
  const sellerTurn = s.side === 'vendor' && !narrated;
  if (openAsk.test(text) && !/\?\s*$/.test(text)) Object.assign(v, { risk: true, promise: false });
  if ((s.side === 'vendor' || narrated) && personalInvolvement.test(text)) v.risk = true;
  if (!sellerTurn && competitorInPlay.test(text)) v.risk = true;
  if (!sellerTurn && hardDeadline.test(text)) Object.assign(v, { risk: true }, s.side === 'customer' && { promise: false });
  if (openQuestion.test(text) && !/\?\s*$/.test(text)) v.risk = true;
  if (!sellerTurn && shortOfTime.test(text)) Object.assign(v, { risk: true, promise: false });
  if (!sellerTurn && needBefore.test(text)) Object.assign(v, { risk: true, promise: false });
  if (sellerTurn && needsFromCustomer.test(text) && !/\?\s*$/.test(text)) v.risk = true;
  if ((s.side === 'customer' || narrated) && reviewPending.test(text) && !/\?\s*$/.test(text) && !nextStepsHeading.test(heading)) v.risk = true;
  // Minutes that say who sent apologies: someone whose say the project needs was not in the room.
  if (s.source.kind === 'meeting' && /^\s*(apologies|absent( with notice)?|not present|regrets|unable to attend)\s*[:-]\s*\S/i.test(text)) v.risk = true;
  if (
    (s.side === 'customer' || narrated) &&
    !/\?\s*$/.test(text) &&
    !nextStepsHeading.test(heading) &&
    text.split(/\s+/).length >= 4 &&
    buyerHoldUps.some((re) => re.test(text))
  )
    Object.assign(v, { risk: true, promise: false });
  return v;
}

/** Words that put a ceiling on what the buyer can spend. */
const budgetWords =
  /\b(budget\w*|set aside|earmarked|allocated|approved (for|up to)|(can|could|able to) (spend|afford|justify)|afford|ceiling|capped at|the most (we|i) can|can'?t go (above|over|beyond|past)|no more than|(have|got) (about|around|roughly|maybe) [$€£]?\d)/i;

/**
 * The buyer's budget below what was quoted or signed: a risk on the budget's own words. Amounts are compared over a
 * year when a period is given; a budget with none is taken as a year's, the way buyers say it.
 */
function budgetBelowQuote(sentences: ReadSentence[], items: ItemDraft[]): ItemDraft[] {
  const isBudget = (s: Segment) => budgetWords.test(s.text) && moneyIn(s.text).length > 0;
  const buyerVoice = (s: Segment) =>
    salesKinds.has(s.source.kind) && (s.side === 'customer' || ((s.source.kind === 'note' || s.source.kind === 'meeting') && !s.speaker));
  const quoted = sentences
    .map((r) => r.segment)
    .filter((s) => ((s.side === 'vendor' && salesKinds.has(s.source.kind)) || s.source.kind === 'scope') && !isBudget(s))
    .flatMap((s) => moneyIn(s.text))
    .map((m) => m.perYear ?? m.amount);
  if (quoted.length === 0) return [];
  const top = Math.max(...quoted);
  const out: ItemDraft[] = [];
  for (const r of sentences) {
    const s = r.segment;
    if (!buyerVoice(s) || !isBudget(s) || /\?\s*$/.test(s.text)) continue;
    const budget = moneyIn(s.text)[0]!;
    if ((budget.perYear ?? budget.amount) >= top * 0.98) continue;
    if (items.some((i) => i.kind === 'risk' && i.evidence[0]?.sourceId === s.source.id && i.evidence[0]?.quote === s.text)) continue;
    out.push({ kind: 'risk', text: s.text, evidence: [{ sourceId: s.source.id, quote: s.text }], confidence: 0.8, basis: 'budget below the quoted price' });
  }
  return out;
}

/** Kickoff dates and delivery timelines, for the questions: does any source say when? */
function mentionsOf(segments: Segment[]): RawExtraction['mentions'] {
  const dateWords =
    /\b(\d{1,2}\/\d{1,2}|\d{4}-\d{2}-\d{2}|(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,4}|(early|mid|late|end of|beginning of|start of|in)[- ](jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*|\d{1,2}(st|nd|rd|th)?\s+(of\s+)?(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*|monday|tuesday|wednesday|thursday|friday|next week|this week|week of|wk of|within \w+ (business )?days|tomorrow|day one|day 1)\b/i;
  let kickoffDate: RawExtraction['mentions']['kickoffDate'] = null;
  let timeline: RawExtraction['mentions']['timeline'] = null;
  for (const s of segments) {
    // "Kickoff on 14 December", "kick off within 10 business days"; not "live eight weeks after kickoff" (that is the timeline).
    const aboutKickoff = s.text.replace(/\b[\w()-]+\s+(business |working )?(days?|weeks?|months?)\s+(after|from|of|post)\s+(the\s+)?kick ?-?off\b/gi, '');
    if (
      !kickoffDate &&
      /\bkick ?-?off|kicking off|kick things off\b/i.test(aboutKickoff) &&
      (dateWords.test(aboutKickoff) || durations(aboutKickoff).length > 0)
    )
      kickoffDate = { sourceId: s.source.id, quote: s.text };
    if (
      !timeline &&
      (/\b(go-?live|live (by|before|in|on)|launch|roll ?out|cut ?over|deadline|timeline|live for|live at)\b/i.test(s.text) ||
        (/\b(implementation|rollout|onboarding|phase)\b/i.test(s.text) && durations(s.text).length > 0)) &&
      (dateWords.test(s.text) || durations(s.text).length > 0 || /\b(end of|before|by)\b/i.test(s.text))
    )
      timeline = { sourceId: s.source.id, quote: s.text };
    if (kickoffDate && timeline) break;
  }
  return { kickoffDate, timeline };
}

/** Names of organisations and products in play, which look like people's names but are not. */
function orgWordsOf(input: BriefInput): Set<string> {
  const words = new Set<string>();
  for (const name of [input.vendor.company, input.deal.accountName]) {
    const f = name
      .toLowerCase()
      .replace(/[^\p{L}\s]/gu, ' ')
      .trim();
    if (f) words.add(f);
    for (const w of f.split(/\s+/)) if (w.length > 2 && !['inc', 'ltd', 'llc', 'the', 'and', 'co', 'corp', 'group', 'gmbh'].includes(w)) words.add(w);
  }
  return words;
}

export type ReadSentence = {
  segment: Segment;
  rules: Record<SentenceKind, boolean>;
  features: string[];
  /** What the structure decides (headings, question and answer, sides): it stands over the rules and the model. */
  forced: Partial<Record<SentenceKind, boolean>>;
};

/** Words, pairs of words and what the rules and the layout say about a sentence: what the model reads. */
export function sentenceFeatures(s: Segment, rules: Record<SentenceKind, boolean>): string[] {
  const words = s.text
    .toLowerCase()
    .replace(/[$€£]\s?\d[\d,.]*/g, ' _money ')
    .replace(/\d+(\.\d+)?\s?%/g, ' _pct ')
    .replace(/\d+/g, ' _num ')
    .split(/[^a-z_']+/)
    .filter((w) => w.length > 1);
  const features = new Set(words);
  for (let i = 0; i + 1 < words.length; i++) features.add(`${words[i]}~${words[i + 1]}`);
  features.add(`=side:${s.side}`);
  features.add(`=source:${s.source.kind}`);
  if (s.quoted) features.add('=quoted');
  if (s.listItem) features.add('=list');
  if (s.label) features.add(`=label:${s.label.split(/\s+/)[0]}`);
  if (s.heading) for (const w of s.heading.split(/\s+/).slice(0, 3)) features.add(`=heading:${w}`);
  if (/\?/.test(s.text)) features.add('=question');
  if (riskStrong.test(s.text)) features.add('=cue:risk');
  if (riskExplicit.test(s.text)) features.add('=cue:risk-explicit');
  if (vendorCommit.test(s.text)) features.add('=cue:commit');
  if (declined.test(s.text) || hypothetical.test(s.text)) features.add('=cue:declined');
  if (measurable.test(s.text)) features.add('=cue:measurable');
  if (durations(s.text).length) features.add('=cue:duration');
  for (const kind of sentenceKinds) if (rules[kind]) features.add(`=rule:${kind}`);
  return [...features];
}

/** A sentence without a speaker's repeated words: "They're, they're slow." reads "They're slow." */
const unstutter = (text: string) => text.replace(/\b([\w'’]+)(,? \1\b)+/gi, '$1').replace(/\b(uh|um|er|erm),? /gi, '');

/** Every sentence of every claim-bearing source, with the rules' verdicts and the model's features. */
export function readSentences(input: BriefInput): {
  sentences: ReadSentence[];
  segments: Segment[];
  contacts: ReturnType<typeof contactsOf>;
  vendor: BriefInput['vendor'];
} {
  const contacts = contactsOf(input.sources);
  const parties = whoIsWho(input.sources, input.vendor, contacts);
  const vendor = parties.vendor;
  const segments = input.sources
    .filter((s) => s.kind !== 'contact' && s.kind !== 'fields')
    .flatMap((s) => segmentSource(s, vendor, parties.customerNames, parties.customerDomains, parties.speakerKey));
  const sellerNames = [vendor.company, ...vendor.people.flatMap((p) => [p, p.split(/\s+/)[0]!])]
    .filter((n) => n && n.length > 1)
    .map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  const sellers = new RegExp(sellerNames.length ? sellerNames.join('|') : '(?!)');
  const sellerPeople = new Set(vendor.people.flatMap((p) => [p.toLowerCase(), p.toLowerCase().split(/\s+/)[0]!]));
  for (const source of input.sources) if (source.kind === 'email') internalEmail(source, sellerPeople);
  const sentences: ReadSentence[] = [];
  for (const s of segments) {
    const text = s.text;
    if (text.length < 8 || !/[a-z]{3}/i.test(text)) continue;
    const rules: Record<SentenceKind, boolean> = {
      goal: isGoal(s, text),
      workflow: isWorkflow(s, text),
      success_criterion: isSuccess(s, text),
      first_value: isFirstValue(s, text),
      promise: isPromise(s, text, sellers, parties.customerNames),
      risk: isRisk(s, unstutter(text)),
    };
    const forced = structure(s, text);
    // A transcript's repeats ("they're, they're slow", "to, to install") hide the wording the risk rules read.
    const plain = unstutter(text);
    if (plain !== text && forced.risk === undefined) {
      const again = structure(s, plain).risk;
      if (again !== undefined) forced.risk = again;
    }
    for (const kind of sentenceKinds) if (forced[kind] !== undefined) rules[kind] = forced[kind]!;
    sentences.push({ segment: s, rules, features: sentenceFeatures(s, rules), forced });
  }
  return { sentences, segments, contacts, vendor };
}

/** Decides one kind for one sentence: the rule's verdict, or the trained model's when there is one. */
export type SentenceJudge = (kind: SentenceKind, sentence: ReadSentence) => boolean;
export const rulesOnly: SentenceJudge = (kind, sentence) => sentence.rules[kind];
/** The model trained on the development cases (eval/brief/train.ts), loaded once. */
const trainedModel = loadSentenceModel(sentenceModelData as unknown as SentenceModelJson);
const trainedJudge: SentenceJudge = judgeWith(trainedModel);

const voice = (s: Segment) =>
  s.source.kind === 'note' && !s.speaker
    ? 'in the notes'
    : s.side === 'customer'
      ? 'stated by the buyer'
      : s.side === 'vendor'
        ? 'said by the seller'
        : 'in the notes';

/**
 * How far a sentence's evidence carries the kind it was given: what the structure decides (a heading or label, a
 * direct answer, the signed scope) is high; wording the model also recognises is fair; a single cue the model doubts,
 * or the model alone, is low and goes to the AE to confirm.
 */
export function confidenceOf(kind: SentenceKind, r: ReadSentence, model: SentenceModel = trainedModel): ConfidenceBasis {
  const s = r.segment;
  if (s.source.kind === 'scope') return { confidence: 0.95, basis: 'signed scope' };
  if (r.forced[kind] === true) {
    if (s.answerTo && kind !== 'risk')
      return {
        confidence: 0.85,
        basis:
          (s.source.kind === 'note' || s.source.kind === 'meeting') && !s.speaker
            ? 'answer to a question in the notes'
            : s.side === 'vendor'
              ? "seller's answer to a question"
              : "buyer's answer to a question",
      };
    if (kind === 'risk') return { confidence: 0.75, basis: `explicit risk cue, ${voice(s)}` };
    return { confidence: 0.9, basis: s.label ? 'labelled line' : 'under a heading' };
  }
  if (!r.rules[kind]) return { confidence: 0.35, basis: 'inferred by the model' };
  const odds = model.odds(kind, r.features);
  if (kind === 'risk' && riskExplicit.test(s.text)) return { confidence: 0.75, basis: `named as a risk or concern, ${voice(s)}` };
  if (odds >= 4) return { confidence: 0.75, basis: `wording and model agree, ${voice(s)}` };
  if (odds > -2) return { confidence: 0.6, basis: `wording cue, ${voice(s)}` };
  return { confidence: 0.4, basis: `single weak cue, ${voice(s)}` };
}

/** The embedded extractor: every sentence of every source, read once. */
export function extractEmbedded(input: BriefInput, judge: SentenceJudge = trainedJudge): RawExtraction {
  const { sentences, segments, contacts, vendor } = readSentences(input);
  const items: ItemDraft[] = [];
  // A source in another language is said plainly and not read: English rules on Spanish words would only guess.
  const foreign = new Map<string, string>();
  for (const source of input.sources) {
    if (source.kind === 'contact' || source.kind === 'fields') continue;
    const language = nonEnglishLanguage(source.text);
    const first = segments.find((g) => g.source.id === source.id);
    if (!language || !first) continue;
    foreign.set(source.id, language);
    items.push({
      kind: 'risk',
      confidence: 1,
      basis: 'source not read',
      text: `Not read: "${source.title}" is in ${language}. The embedded extractor reads English only, so nothing was taken from it; someone who reads ${language} should go through it (or prepare the brief with the LLM extractor).`,
      evidence: [{ sourceId: source.id, quote: first.text }],
    });
  }
  for (const r of sentences) {
    const s = r.segment;
    if (foreign.has(s.source.id)) continue;
    for (const kind of sentenceKinds) {
      if (!(r.forced[kind] ?? judge(kind, r))) continue;
      items.push({
        kind,
        text: s.text,
        evidence: [{ sourceId: s.source.id, quote: s.text }],
        ...confidenceOf(kind, r),
        ...(kind === 'promise' && { promiseKind: promiseKind(s.answerTo && !durations(s.text).length ? s.text : `${s.answerTo ?? ''} ${s.text}`, s.heading) }),
      });
    }
  }
  items.push(...budgetBelowQuote(sentences, items));
  items.push(...findStakeholders(segments, contacts, vendor, orgWordsOf(input)));
  return { items, conflicts: findConflicts(segments, items), mentions: mentionsOf(segments) };
}
