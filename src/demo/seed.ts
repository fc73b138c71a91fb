// The demo workspace: a user per role, accounts, contacts, a pipeline, opportunities across stages,
// activities and nurture sequences. Deterministic, and written through the same flows a user runs.
import type { Actor } from '../domain/actor.ts';
import { roles, type Role } from '../domain/roles.ts';
import { createAccount, createContact, createOpportunity, changeStage } from '../flows/crm.flow.ts';
import { logActivity } from '../flows/activities.flow.ts';
import { createSequence, enrolContact } from '../flows/sequences.flow.ts';
import { loseDeal, winDeal } from '../flows/close-deal.flow.ts';
import { createUser, createWorkspace } from '../flows/identity.flow.ts';
import type { Deps } from '../flows/deps.ts';
import { listLossReasons } from '../adapters/db/loss-reasons.repo.ts';
import { listStages } from '../adapters/db/pipelines.repo.ts';
import { seedLossReasons } from '../flows/loss-reasons.flow.ts';
import { seedDocumentTemplates } from '../flows/documents.flow.ts';
import { seedApprovalPolicies, seedLegalClause } from './approvals.ts';
import { createPipeline } from '../flows/pipelines.flow.ts';
import { seedDelivery } from './delivery.ts';
import { seedHandoffs } from './handoffs.ts';
import { seedLeads } from './leads.ts';

export const demoPassword = 'baton-demo';
export const demoEmail = (role: Role) => `${role}@baton.demo`;

const people: Record<Role, string> = {
  admin: 'Ada Admin',
  sales: 'Sam Seller',
  cs: 'Casey Success',
  pm: 'Pat Manager',
  ops: 'Olive Ops',
  finance: 'Fin Ledger',
  legal: 'Lee Counsel',
};

const companies: [string, string, string][] = [
  ['Northwind Logistics', 'northwind.example', 'Logistics'],
  ['Acme Manufacturing', 'acme.example', 'Manufacturing'],
  ['Globex Health', 'globex.example', 'Healthcare'],
  ['Initech Software', 'initech.example', 'Software'],
  ['Umbrella Retail', 'umbrella.example', 'Retail'],
  ['Hooli Media', 'hooli.example', 'Media'],
  ['Stark Energy', 'stark.example', 'Energy'],
  ['Wayne Foods', 'waynefoods.example', 'Food & beverage'],
  ['Cyberdyne Robotics', 'cyberdyne.example', 'Robotics'],
  ['Soylent Nutrition', 'soylent.example', 'Food & beverage'],
  ['Tyrell Biotech', 'tyrell.example', 'Biotech'],
  ['Wonka Confectionery', 'wonka.example', 'Manufacturing'],
  ['Vandelay Imports', 'vandelay.example', 'Wholesale'],
  ['Pied Piper Cloud', 'piedpiper.example', 'Software'],
  ['Massive Dynamic', 'massive.example', 'Research'],
  ['Oceanic Airlines', 'oceanic.example', 'Travel'],
  ['Gringotts Finance', 'gringotts.example', 'Financial services'],
  ['Dunder Paper', 'dunder.example', 'Wholesale'],
  ['Prestige Worldwide', 'prestige.example', 'Events'],
  ['Blue Sun Mining', 'bluesun.example', 'Mining'],
];

const firstNames = ['Maria', 'James', 'Aisha', 'Chen', 'Lukas', 'Priya', 'Tom', 'Sofia', 'Omar', 'Hannah', 'Diego', 'Yuki', 'Grace', 'Noah', 'Elena', 'Kwame'];
const lastNames = ['Garcia', 'Okafor', 'Nguyen', 'Schmidt', 'Patel', 'Rossi', 'Kim', 'Haddad', 'Novak', 'Brennan', 'Silva', 'Tanaka'];
const contactRoles: [string, 'sponsor' | 'decision_maker' | 'user' | 'technical'][] = [
  ['VP Operations', 'sponsor'],
  ['Chief Financial Officer', 'decision_maker'],
  ['Operations Lead', 'user'],
  ['IT Manager', 'technical'],
];
const dealKinds = [
  { suffix: 'platform rollout', dealType: 'new_business', complexity: 'complex' as const, amount: [4_000_000, 12_000_000] },
  { suffix: 'starter package', dealType: 'new_business', complexity: 'simple' as const, amount: [800_000, 2_500_000] },
  { suffix: 'analytics add-on', dealType: 'upsell', complexity: 'simple' as const, amount: [500_000, 1_500_000] },
  { suffix: 'ERP integration', dealType: 'new_business', complexity: 'complex' as const, amount: [6_000_000, 20_000_000] },
  { suffix: 'renewal', dealType: 'renewal', complexity: 'simple' as const, amount: [1_000_000, 4_000_000] },
];
type NoteKind = 'note' | 'call' | 'email' | 'meeting';
const notes: ((contact: string, deal: string) => { kind: NoteKind; subject: string; body: string })[] = [
  (c, d) => ({
    kind: 'call',
    subject: 'Discovery call',
    body: `Call with ${c} about the ${d}. Their goal is to cut onboarding time for new sites from six weeks to two. Today they track handoffs in spreadsheets and lose context between sales and delivery.`,
  }),
  (c, d) => ({
    kind: 'email',
    subject: 'Pricing follow-up',
    body: `${c} asked for quarterly billing on the ${d} and net 30 payment terms. Finance on their side wants the invoice to reference their PO number.`,
  }),
  (c, d) => ({
    kind: 'meeting',
    subject: 'Technical deep dive',
    body: `Reviewed the ERP integration for the ${d} with ${c}. They need single sign-on before go-live; their IT team can provide credentials in week one.`,
  }),
  (c, d) => ({
    kind: 'note',
    subject: 'Success criteria',
    body: `First value for ${c}'s team on the ${d}: the first delivery project created from a template within ten days of signing. The sponsor wants a weekly status e-mail.`,
  }),
  (c, d) => ({
    kind: 'call',
    subject: 'Stakeholder check-in',
    body: `Spoke with ${c} about the ${d}. The CFO has not joined any call yet; we should get her into the kickoff. Risk: their busy season starts in March.`,
  }),
  (c, d) => ({
    kind: 'email',
    subject: 'Security questionnaire',
    body: `${c} sent the security questionnaire for the ${d}. Data must stay in the EU; they asked whether audit logs can be exported monthly.`,
  }),
  (c, d) => ({
    kind: 'meeting',
    subject: 'Demo for the operations team',
    body: `Demoed the ${d} to ${c} and four site managers. They liked the task templates; they asked for a Slack notification when a task is overdue.`,
  }),
  (c, d) => ({
    kind: 'note',
    subject: 'Timeline',
    body: `${c} wants the ${d} live before the end of the quarter. We said a four-week rollout is realistic if their IT lead is available from day one.`,
  }),
  (c, d) => ({
    kind: 'call',
    subject: 'Negotiation',
    body: `${c} pushed back on the price of the ${d}. We offered 10% off the first year for a two-year term; waiting for their procurement.`,
  }),
  (c, d) => ({
    kind: 'email',
    subject: 'References',
    body: `${c} asked for a reference customer in their industry before signing the ${d}. Sent two names; calls planned next week.`,
  }),
];

/** A small deterministic generator, so every demo database looks the same. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** `settle` runs the automation (rules on the wins) before the handoffs are walked through their review. */
export async function seedDemo(deps: Deps, options: { slug?: string; name?: string; settle?: () => Promise<unknown> } = {}): Promise<{ workspaceId: string }> {
  const random = rng(42);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const workspace = await createWorkspace(deps, { name: options.name ?? 'Demo Company', slug: options.slug ?? 'demo', timeZone: 'Europe/Berlin' });
  const ws = workspace.id;
  const system: Actor = { type: 'system', id: null, label: 'demo seed' };
  const ctx = { workspaceId: ws, actor: system };

  const users = {} as Record<Role, string>;
  for (const role of roles) {
    users[role] = (await createUser(deps, ctx, { email: demoEmail(role), name: people[role], role, password: demoPassword })).id;
  }
  // A second person in Sales and in Operations, so lists and notifications have more than one name.
  const sales2 = (await createUser(deps, ctx, { email: 'sales2@baton.demo', name: 'Riley Rep', role: 'sales', password: demoPassword })).id;
  await createUser(deps, ctx, { email: 'ops2@baton.demo', name: 'Omar Onboarding', role: 'ops', password: demoPassword });
  const sellers = [users.sales, sales2];
  const salesActor = (id: string): Actor => ({ type: 'user', id, label: id === users.sales ? people.sales : 'Riley Rep' });

  const stageDefs: [string, 'open' | 'won' | 'lost', number][] = [
    ['Lead in', 'open', 10],
    ['Qualified', 'open', 25],
    ['Discovery', 'open', 40],
    ['Proposal', 'open', 60],
    ['Negotiation', 'open', 80],
    ['Closed won', 'won', 100],
    ['Closed lost', 'lost', 0],
  ];
  const pipelineId = (
    await createPipeline(deps, ctx, {
      name: 'Sales pipeline',
      isDefault: true,
      stages: stageDefs.map(([name, category, probability]) => ({ name, category, probability })),
    })
  ).id;
  const stages = await listStages(deps.db, ws, pipelineId);
  await seedLossReasons(deps, ctx);
  await seedDocumentTemplates(deps, ctx);
  await seedApprovalPolicies(deps, ctx, { managerId: users.admin, of: [users.finance, users.legal, users.sales, sales2] });
  const lossReasons = new Map((await listLossReasons(deps.db, ws)).map((r) => [r.key, r.id]));
  await seedDelivery(deps, ws, users, demoPassword);
  const openStages = stages.filter((s) => s.category === 'open');

  const nurture = await createSequence(deps, ctx, { name: 'Prospect nurture', description: 'Monthly product stories for prospects', steps: 5 });
  const trial = await createSequence(deps, ctx, { name: 'Proposal follow-up', description: 'Reminders while a proposal is open', steps: 3 });

  let opportunityCount = 0;
  const wonDeals: string[] = [];
  const proposalFollowUps = new Set<string>();
  for (const [index, [name, domain, industry]] of companies.entries()) {
    const owner = sellers[index % 2]!;
    // Deals alternate between the two sellers, so each has won deals whose handoff they review.
    const dealOwner = (d: number) => sellers[(index + d) % 2]!;
    const account = await createAccount(deps, ctx, { name, domain, industry, ownerId: owner, csmId: users.cs });
    const contacts = [];
    for (const [title, buyingRole] of contactRoles.slice(0, 2 + (index % 3))) {
      const first = pick(firstNames);
      const last = pick(lastNames);
      contacts.push(
        await createContact(deps, ctx, {
          accountId: account.id,
          firstName: first,
          lastName: last,
          title,
          buyingRole,
          email: `${first}.${last}@${domain}`.toLowerCase(),
        }),
      );
    }
    for (const contact of contacts.slice(0, 2)) {
      await enrolContact(deps, ctx, { sequenceId: nurture.id, contactId: contact.id });
    }
    // Three deals per account: 60 in all, spread over every stage.
    for (let d = 0; d < 3; d++) {
      const kind = dealKinds[(index + d) % dealKinds.length]!;
      const amount = Math.round((kind.amount[0]! + random() * (kind.amount[1]! - kind.amount[0]!)) / 10_000) * 10_000;
      const closeIn = Math.floor(random() * 90) - 20;
      const closeDate = new Date(deps.now().getTime() + closeIn * 86_400_000).toISOString().slice(0, 10);
      const actor = salesActor(dealOwner(d));
      const opp = await createOpportunity(
        deps,
        { workspaceId: ws, actor },
        {
          name: `${name.split(' ')[0]} ${kind.suffix}`,
          accountId: account.id,
          pipelineId,
          amountMinor: amount,
          currency: index % 5 === 4 ? 'EUR' : 'USD',
          closeDate,
          dealType: kind.dealType,
          complexity: kind.complexity,
          paymentTerms: pick(['net 30', 'net 45', 'net 60', 'annual upfront']),
          contractVersion: pick(['MSA v3.2', 'MSA v4.0']),
          nonStandardClauses: random() < 0.25 ? 'Termination for convenience after 6 months' : null,
          ownerId: dealOwner(d),
          primaryContactId: contacts[0]!.id,
        },
      );
      opportunityCount++;
      const contactName = `${contacts[0]!.firstName} ${contacts[0]!.lastName}`;
      for (let a = 0; a < 2 + (d % 2); a++) {
        const note = notes[(index * 3 + d * 3 + a) % notes.length]!(contactName, kind.suffix);
        await logActivity(
          deps,
          { workspaceId: ws, actor },
          { ...note, opportunityId: opp.id, occurredAt: new Date(deps.now().getTime() - (30 - a * 7 - d) * 86_400_000).toISOString() },
        );
      }
      // Index 0..: a spread of stages; index-d pairs pick where each deal ends up.
      const slot = (index * 3 + d) % 12;
      if (slot < 9) {
        const target = openStages[slot % openStages.length]!;
        if (target.id !== opp.stageId) await changeStage(deps, { workspaceId: ws, actor }, opp.id, target.id);
        // One proposal follow-up per contact: a second proposal on the account keeps the first enrolment.
        if (target.name === 'Proposal' && contacts[1] && !proposalFollowUps.has(contacts[1].id)) {
          proposalFollowUps.add(contacts[1].id);
          await enrolContact(deps, ctx, { sequenceId: trial.id, contactId: contacts[1].id, opportunityId: opp.id });
        }
      } else if (slot < 11 && index % 4 !== 0) {
        await changeStage(deps, { workspaceId: ws, actor }, opp.id, openStages.at(-1)!.id);
        await winDeal(deps, { workspaceId: ws, opportunityId: opp.id, actor });
        wonDeals.push(opp.id);
      } else {
        await loseDeal(deps, {
          workspaceId: ws,
          opportunityId: opp.id,
          actor,
          lossReasonId: lossReasons.get(pick(['competitor', 'no_budget', 'timing'])),
        });
      }
    }
  }
  opportunityCount += await seedPartnerPipeline(deps, ws, system, salesActor(users.sales), users.sales);
  const leadCount = await seedLeads(deps, ws, {
    admin: { id: users.admin, name: people.admin },
    sales: { id: users.sales, name: people.sales },
    sales2: { id: sales2, name: 'Riley Rep' },
  });
  // One won deal carries a non-standard clause and waits for legal (the clause is in its terms, not only its text).
  if (wonDeals[0]) await seedLegalClause(deps, { workspaceId: ws, actor: salesActor(users.sales) }, wonDeals[0]);
  if (options.settle) {
    await options.settle();
    await seedHandoffs(deps, ws, { cs: { id: users.cs, name: people.cs } }, options.settle);
  }
  deps.log.info({ workspace: workspace.slug, accounts: companies.length, opportunities: opportunityCount, leads: leadCount }, 'demo data created');
  return { workspaceId: ws };
}

/**
 * A second pipeline whose won deals get their project by hand: one partner deal is won and waits for
 * someone to create its project (it shows under Warnings and as "Create project" on the deal).
 */
async function seedPartnerPipeline(deps: Deps, ws: string, system: Actor, seller: Actor, sellerId: string): Promise<number> {
  const stageDefs: [string, 'open' | 'won' | 'lost', number][] = [
    ['Referred', 'open', 20],
    ['Scoping', 'open', 50],
    ['Signed', 'won', 100],
    ['Declined', 'lost', 0],
  ];
  const pipelineId = (
    await createPipeline(
      deps,
      { workspaceId: ws, actor: system },
      {
        name: 'Partner referrals',
        projectCreation: 'manual',
        stages: stageDefs.map(([name, category, probability]) => ({ name, category, probability })),
      },
    )
  ).id;
  const account = await createAccount(
    deps,
    { workspaceId: ws, actor: system },
    { name: 'Contoso Partners', domain: 'contoso.example', industry: 'Consulting', ownerId: sellerId },
  );
  const ctx = { workspaceId: ws, actor: seller };
  const won = await createOpportunity(deps, ctx, {
    name: 'Contoso referral: onboarding',
    accountId: account.id,
    pipelineId,
    amountMinor: 1_800_000,
    currency: 'EUR',
    dealType: 'new_business',
    complexity: 'simple',
    ownerId: sellerId,
  });
  await winDeal(deps, { workspaceId: ws, opportunityId: won.id, actor: seller });
  await createOpportunity(deps, ctx, {
    name: 'Contoso referral: second site',
    accountId: account.id,
    pipelineId,
    amountMinor: 900_000,
    currency: 'EUR',
    dealType: 'upsell',
    ownerId: sellerId,
  });
  return 2;
}
