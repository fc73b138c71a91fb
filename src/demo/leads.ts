// Demo leads in each stage of the handoff to sales: one waiting in handoff to sales with its handoff task on Sam
// Seller's list, one already handed to sales (proceed to order), and others new, qualifying, distributed or disqualified.
import type { Actor } from '../domain/actor.ts';
import type { Deps } from '../flows/deps.ts';
import { listLeadTaskIds } from '../adapters/db/leads.repo.ts';
import { createLead, moveLeadStage, type LeadInput } from '../flows/leads.flow.ts';
import { completeTask } from '../flows/tasks.flow.ts';

type Person = { id: string; name: string };

const inDays = (now: Date, days: number) => new Date(now.getTime() + days * 86_400_000).toISOString().slice(0, 10);

export async function seedLeads(deps: Deps, workspaceId: string, people: { admin: Person; sales: Person; sales2: Person }): Promise<number> {
  const admin: Actor = { type: 'user', id: people.admin.id, label: people.admin.name };
  const ctx = { workspaceId, actor: admin };
  const now = deps.now();
  const lead = (title: string, companyName: string, contactName: string, email: string, source: string, extra: Partial<LeadInput> = {}) =>
    createLead(deps, ctx, { title, companyName, contactName, email, source, ownerId: people.admin.id, expectedSaleDate: inDays(now, 45), ...extra });

  await lead('Brightwave: field service app', 'Brightwave Energy', 'Nora Quinn', 'nora.quinn@brightwave.example', 'Website form');
  await lead('Kestrel Logistics: fleet portal', 'Kestrel Logistics', 'Omar Haddad', 'omar@kestrel-logistics.example', 'Referral', { stage: 'qualification' });
  await lead('Harbor Foods: online ordering', 'Harbor Foods', 'Lena Vogel', 'lena.vogel@harborfoods.example', 'Trade fair', {
    stage: 'distribution',
    distributorId: people.sales2.id,
  });
  const pinecrest = await lead('Pinecrest Clinics: patient scheduling', 'Pinecrest Clinics', 'Dr. Maya Patel', 'maya.patel@pinecrest.example', 'Webinar', {
    stage: 'distribution',
    distributorId: people.sales.id,
    priority: 'high',
    expectedSaleDate: inDays(now, 21),
  });
  await moveLeadStage(deps, ctx, pinecrest.id, { stage: 'handoff_to_sales' });
  const orbit = await lead('Orbit Retail: loyalty programme', 'Orbit Retail', 'Jonas Berg', 'jonas.berg@orbit-retail.example', 'Outbound call', {
    stage: 'distribution',
    distributorId: people.sales2.id,
    expectedSaleDate: inDays(now, 30),
  });
  await moveLeadStage(deps, ctx, orbit.id, { stage: 'handoff_to_sales' });
  const [orbitTask] = await listLeadTaskIds(deps.db, workspaceId, orbit.id);
  if (orbitTask)
    await completeTask(deps, { workspaceId, actor: { type: 'user', id: people.sales2.id, label: people.sales2.name }, mayEditAny: false }, orbitTask, {
      result: 'proceed_to_order',
    });
  await lead('Nimbus Air: crew rostering', 'Nimbus Air', 'Ines Duarte', 'ines@nimbus-air.example', 'Website form', { stage: 'disqualified' });
  return 6;
}
