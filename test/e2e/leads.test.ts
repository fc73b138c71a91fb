// Browser test: a distributor (Sam Seller) completes the handoff task of a demo lead in "handoff to sales" with
// "proceed to handoff" and its form; the form's details appear in the lead's history and the lead awaits the sale;
// converting it opens the new deal, which shows those details.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { browserSessionForFile, getJson, logIn, screenshots, withPage } from './browser.ts';

const browserSession = browserSessionForFile();
const screenshot = screenshots('leads');

type Deal = { id: string; name: string; amountMinor: number; ownerId: string | null };

test('a distributor hands a lead to sales with the handoff form, and converting it opens the deal with those details', { timeout: 180_000 }, async () => {
  const session = browserSession();
  await withPage(session, screenshot, async (page, pageErrors) => {
    await page.goto('/');
    await page.getByRole('heading', { name: 'Sign in to Baton' }).waitFor();
    await logIn(page, 'sales@baton.demo');
    const nav = page.getByRole('navigation', { name: 'Main' });

    // The handoff task is on the distributor's own list.
    await nav.getByRole('link', { name: 'My tasks' }).click();
    const taskRow = page.getByRole('row').filter({ hasText: 'Pinecrest Clinics: patient scheduling' });
    await taskRow.waitFor();
    assert.match(await taskRow.innerText(), /Contact the customer and specify the need, budget, and customer decision-making role/);

    // The leads board shows the lead in handoff to sales.
    await nav.getByRole('link', { name: 'Leads' }).click();
    await page.getByRole('heading', { level: 1, name: 'Leads' }).waitFor();
    await page.getByLabel('View').selectOption('board');
    const column = page.getByRole('region', { name: 'Handoff to sales' });
    await column.getByRole('link', { name: 'Pinecrest Clinics: patient scheduling' }).waitFor();
    await screenshot(page, '1-board');
    await column.getByRole('link', { name: 'Pinecrest Clinics: patient scheduling' }).click();
    await page.getByRole('heading', { level: 1, name: 'Pinecrest Clinics: patient scheduling' }).waitFor();
    assert.equal(await page.getByTestId('lead-stage').innerText(), 'Handoff to sales');
    const handoffTask = page.getByTestId('handoff-task');
    assert.match(await handoffTask.innerText(), /Sam Seller/);

    // The lead's details are edited in place.
    await page.getByRole('button', { name: 'Edit phone' }).click();
    await page.getByLabel('Phone').fill('+49 30 1234567');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByRole('region', { name: 'Lead' }).getByText('+49 30 1234567').waitFor();

    // Complete it with "proceed to handoff": the form asks for what sales needs.
    await handoffTask.getByRole('button', { name: 'Complete with a result…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Complete the handoff task' });
    await dialog.waitFor();
    await dialog.getByRole('radio', { name: /Proceed to handoff/ }).check();
    await dialog.getByRole('button', { name: 'Complete the task' }).click();
    await dialog.getByText('Need type is required.').waitFor();
    await dialog.getByLabel('Need type').fill('Patient self-scheduling for 12 clinics');
    await dialog.getByLabel(/^Budget/).fill('85000');
    await dialog.getByLabel('Sales owner').selectOption({ label: 'Sam Seller' });
    await dialog.getByLabel('Sales division').fill('Healthcare');
    await dialog.getByLabel('First meeting').fill('2027-01-14T10:30');
    assert.match(await dialog.getByText(/^In \w+\/\w+/).innerText(), /Europe\/Berlin/, 'the meeting is entered in the workspace time zone');
    await dialog.getByLabel('Decision timeline').fill('Board approval in February');
    await dialog.getByLabel('Notes').fill('The COO decides; IT needs an HL7 interface');
    await screenshot(page, '2-result-dialog');
    await dialog.getByRole('button', { name: 'Complete the task' }).click();
    await dialog.waitFor({ state: 'hidden' });

    // The lead awaits the sale, sales-ready, and its history holds the form's details.
    await page.getByTestId('lead-stage').getByText('Awaiting sale').waitFor();
    assert.equal(await page.getByTestId('lead-maturity').innerText(), 'Sales-ready');
    const history = page.getByTestId('lead-history');
    const entry = history.getByRole('listitem').filter({ hasText: 'Handoff result: Proceed to handoff' });
    await entry.waitFor();
    const text = await entry.innerText();
    for (const expected of [
      'Patient self-scheduling for 12 clinics',
      /€85,000\.00|\$85,000\.00/,
      'Sam Seller',
      'Healthcare',
      'Board approval in February',
      'The COO decides; IT needs an HL7 interface',
      /Jan 14, 2027, 10:30/,
    ])
      assert.ok(typeof expected === 'string' ? text.includes(expected) : expected.test(text), `history shows ${String(expected)}: ${text}`);
    assert.match(text, /Handoff to sales → Awaiting sale/);
    await screenshot(page, '3-lead-awaiting-sale');

    // The details stay editable: only what changed is recorded (the meeting time survives the round trip).
    await page.getByRole('region', { name: 'Handoff details' }).getByRole('button', { name: 'Edit' }).click();
    const edit = page.getByRole('dialog', { name: 'Edit the handoff details' });
    await edit.getByLabel('Decision timeline').fill('Board approval in March');
    await edit.getByRole('button', { name: 'Save the details' }).click();
    await edit.waitFor({ state: 'hidden' });
    await history.getByText('Handoff details edited: Decision timeline', { exact: true }).waitFor();
    await page.getByRole('region', { name: 'Handoff details' }).getByText('Board approval in March').waitFor();

    // Converting it opens the new deal with those details.
    await page.getByRole('button', { name: 'Convert to a deal' }).click();
    await page.waitForURL(/\/opportunities\/[0-9a-f-]+$/);
    await page.getByRole('heading', { level: 1, name: 'Pinecrest Clinics: patient scheduling' }).waitFor();
    const fromLead = page.getByRole('region', { name: 'From the lead' });
    await fromLead.waitFor();
    const panel = await fromLead.innerText();
    for (const expected of [
      'Patient self-scheduling for 12 clinics',
      'Healthcare',
      'Board approval in March',
      'The COO decides; IT needs an HL7 interface',
      'Sam Seller',
    ])
      assert.ok(panel.includes(expected), `the deal shows ${expected}: ${panel}`);
    await screenshot(page, '4-deal');
    const dealId = new URL(page.url()).pathname.split('/').pop()!;
    const deal = await getJson<Deal & { owner?: { id: string } }>(page, `/api/opportunities/${dealId}`);
    assert.equal(deal.amountMinor, 8_500_000, 'the budget became the deal amount');
    // The lead's history is one click away.
    await fromLead.getByRole('link', { name: 'Pinecrest Clinics: patient scheduling' }).click();
    await page.getByTestId('lead-stage').getByText('Converted').waitFor();
    await page.getByTestId('lead-history').getByText('Converted into a deal').waitFor();
    assert.deepEqual(pageErrors, []);
  });
});
