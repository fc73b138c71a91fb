// The demo's handoffs: won deals get a discovery call transcript and their signed SOW, so each brief has something
// to read; one SOW disagrees with what was promised (a paused handoff), one brief is returned by the CSM for a
// missing piece, one is accepted with its kickoff tasks. Written through the same flows people use.
import type { Actor } from '../domain/actor.ts';
import type { Role } from '../domain/roles.ts';
import { needsConfirmation } from '../domain/brief/review.ts';
import { listBriefsInAeReview, listItems } from '../adapters/db/briefs.repo.ts';
import { listDealActivityBodies } from '../adapters/db/activities.repo.ts';
import { listWonDealsForHandoff } from '../adapters/db/opportunities.repo.ts';
import { logActivity } from '../flows/activities.flow.ts';
import { acceptBrief, returnBrief, reviewPromise, submitBrief, updateItem, type BriefCaller } from '../flows/brief-review.flow.ts';
import type { Deps } from '../flows/deps.ts';
import { attachScopeDocument } from '../flows/scope-documents.flow.ts';

type Person = { id: string; name: string };

function transcript(contact: string, seller: string, deal: string, weeks: number): string {
  return [
    `${seller}: Thanks for the time today, ${contact.split(' ')[0]}. I wanted to recap the ${deal} before we send the paperwork.`,
    `${contact}: Sure. For us the whole point is to stop losing context between sales and delivery; every new site today starts with the same questions again.`,
    `${contact}: Our site leads need to see the open tasks for their location on a tablet, without logging into three systems.`,
    `${seller}: Understood. We will have you live ${weeks === 4 ? 'four' : 'six'} weeks after kickoff, and two remote training sessions for the site leads are included.`,
    `${contact}: Good. Success for us is every new site onboarded in under ten working days by the end of the year.`,
    `${contact}: One thing to know: our IT team is in the middle of an ERP upgrade until the end of next month, so their time is tight.`,
    `${seller}: Noted. We will keep the asks on IT small and put the access requests in the first week.`,
  ].join('\n');
}

function statementOfWork(account: string, deal: string, amount: string, weeks: number, discount: boolean): string {
  const spelled: Record<number, string> = { 4: 'four (4)', 6: 'six (6)', 8: 'eight (8)' };
  return [
    'STATEMENT OF WORK',
    `between Demo Company and ${account} for the ${deal}`,
    '',
    '1. DELIVERABLES',
    '1.1 Configuration of the delivery workspace for all sites, with task templates per site type.',
    '1.2 Two (2) remote training sessions for site leads, with recordings.',
    '1.3 Migration of open onboarding checklists from spreadsheets, one time.',
    '',
    '2. OUT OF SCOPE',
    '2.1 Custom reports beyond the standard report library.',
    '2.2 On-site training.',
    '',
    '3. TIMELINE',
    'Kickoff: within ten (10) business days of signature.',
    `Go-live: ${spelled[weeks]} weeks after kickoff.`,
    '',
    '4. FEES',
    `4.1 Subscription: ${amount} per year, invoiced annually in advance.`,
    '4.2 Payment terms: net 30.',
    ...(discount ? ['4.3 Discount: 10% off the first year, for a two-year term.'] : []),
  ].join('\n');
}

const asPerson = (workspaceId: string, person: Person, role: Role): BriefCaller => ({
  workspaceId,
  role,
  userId: person.id,
  actor: { type: 'user', id: person.id, label: person.name },
});

/** Gives the demo's won deals their handoff sources, then walks two briefs through the review. `settle` runs the automation. */
export async function seedHandoffs(deps: Deps, workspaceId: string, people: { cs: Person }, settle: () => Promise<unknown>): Promise<void> {
  const won = await listWonDealsForHandoff(deps.db, workspaceId);
  const deals = won.filter((d) => d.is_default && d.first_name);
  for (const [i, d] of deals.entries()) {
    const seller: Actor = { type: 'user', id: d.owner_id, label: d.owner_name ?? 'Sales' };
    // The SOW says what sales said (the weeks, a discount), except on every fourth deal, where it says eight weeks:
    // a conflict that pauses the handoff.
    const earlier = await listDealActivityBodies(deps.db, workspaceId, d.id);
    const weeks = earlier.some((a) => /four-week/.test(a.body)) ? 4 : 6;
    const discount = earlier.some((a) => /10% off/.test(a.body));
    const conflicting = i % 4 === 1;
    await logActivity(
      deps,
      { workspaceId, actor: seller },
      {
        kind: 'call',
        subject: 'Recap call before signature',
        body: transcript(`${d.first_name} ${d.last_name}`, d.owner_name ?? 'Sam Seller', d.name, weeks),
        opportunityId: d.id,
      },
    );
    const amount = new Intl.NumberFormat('en-US', { style: 'currency', currency: d.currency }).format(d.amount_minor / 100);
    await attachScopeDocument(deps, { workspaceId, actor: seller }, d.id, {
      kind: 'sow',
      title: `SOW: ${d.name} (signed)`,
      body: statementOfWork(d.account, d.name, amount, conflicting ? 8 : weeks, discount),
      fileName: `sow-${i + 1}.txt`,
      signedOn: null,
    });
  }
  await settle();

  const briefs = await listBriefsInAeReview(deps.db, workspaceId, people.cs.id);
  const csm = asPerson(workspaceId, people.cs, 'cs');
  const withFirstValue: typeof briefs = [];
  for (const b of briefs) {
    const items = await listItems(deps.db, b.id);
    if (items.some((i) => i.kind === 'first_value' && !i.withdrawn) && items.some((i) => i.kind === 'goal' && !i.withdrawn)) withFirstValue.push(b);
  }
  // One handoff accepted: risks owned, promises confirmed by the AE, sent, accepted by the CSM.
  const ready = withFirstValue[0];
  if (ready) {
    const ae = asPerson(workspaceId, { id: ready.ae_id, name: ready.ae_name }, 'sales');
    const items = await listItems(deps.db, ready.id);
    // The AE (the deal's owner) gives the risks to the CSM: only the deal owner, a manager or an admin changes owners.
    for (const risk of items.filter((r) => r.kind === 'risk' && !r.withdrawn)) await updateItem(deps, ae, ready.id, risk.id, { ownerId: people.cs.id });
    for (const promise of items.filter((p) => p.kind === 'promise' && !p.withdrawn))
      await reviewPromise(deps, ae, ready.id, promise.id, { decision: 'confirmed' });
    // What the extractor read from weak evidence, the AE confirms (the demo's recap call says it, if loosely).
    for (const weak of items.filter((i) => i.kind !== 'promise' && !i.withdrawn && needsConfirmation(i)))
      await updateItem(deps, ae, ready.id, weak.id, { confirmed: true });
    await submitBrief(deps, ae, ready.id, 'Promises checked against the SOW.');
    await acceptBrief(deps, csm, ready.id);
  }
  // One handoff returned: the CSM wants the first-value milestone spelled out.
  const returned = briefs.find((b) => !withFirstValue.includes(b));
  if (returned) {
    await submitBrief(deps, asPerson(workspaceId, { id: returned.ae_id, name: returned.ae_name }, 'sales'), returned.id);
    await returnBrief(deps, csm, returned.id, [
      { field: 'first_value', text: 'What will the customer see working first, and by when? The notes only give the go-live.' },
    ]);
  }
  await settle();
}
