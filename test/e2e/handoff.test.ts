// Browser test: a won deal's handoff brief is returned by the CSM for a missing first-value criterion, the AE answers
// it, owns the risks, confirms the promise and sends it again, the CSM accepts, and the kickoff preparation tasks appear.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { adminApi, type Api, browserSessionForFile, createDeal, logIn, screenshots, waitFor, withPage } from './browser.ts';

type User = { id: string; name: string; email: string };
type Account = { id: string; name: string; csmId: string | null };
type Item = { id: string; text: string; dismissed: unknown; withdrawn: boolean; owner: { id: string; name: string } | null };
type Brief = {
  id: string;
  status: string;
  ae: { id: string } | null;
  csm: { id: string } | null;
  items: Record<'goal' | 'first_value' | 'promise' | 'risk' | 'question' | 'kickoff_task', Item[]>;
  gates: { key: string; passed: boolean }[];
};
type Task = {
  id: string;
  title: string;
  owner: { id: string; name: string } | null;
  dueDate: string | null;
  opportunity: { id: string } | null;
  projectId: string | null;
};

const browserSession = browserSessionForFile();
let api: Api;

const save = screenshots('handoff');
/** A whole-page screenshot from the top, so the sticky bar and source column sit where a reader expects them. */
const screenshot: typeof save = async (page, name, fullPage = true) => {
  if (fullPage) await page.evaluate(() => window.scrollTo(0, 0));
  await save(page, name, fullPage);
};

const active = (items: Item[]) => items.filter((i) => !i.dismissed && !i.withdrawn);

/** The call logged before the win: a goal, a risk and a promise by the AE, and no word on first value. */
const callNotes = [
  'Sam Seller: We will connect the planner to their Samsara telematics feed before go-live.',
  'Nora Lind (Head of Dispatch): Our goal is to cut the time dispatchers spend on route planning by half.',
  'Nora Lind: The main risk is that our IT team is busy with the ERP migration until March.',
].join('\n');
const firstValueAnswer = 'First value: the dispatchers at the Hamburg depot plan their daily routes in the planner within three weeks of kickoff.';

/** Opens the brief of the deal for whoever is logged in on `page`. */
async function openBrief(page: Page, opportunityId: string, dealName: string): Promise<void> {
  await page.goto(`/opportunities/${opportunityId}/brief`);
  await page.getByRole('heading', { level: 1, name: `Handoff brief: ${dealName}` }).waitFor();
  await page.getByTestId('source-view').waitFor();
}

const banner = (page: Page) => page.getByTestId('status-banner');

test(
  'the CSM returns a won deal’s brief for a missing first value, the AE answers, the CSM accepts, and the kickoff tasks appear',
  { timeout: 240_000 },
  async () => {
    const session = browserSession();

    // 1. The data, through the API: a deal of Sam Seller's on an account Casey Success looks after, a call, the win.
    api = await adminApi(session, 'e2e handoff set-up');
    const users = (await api<{ items: User[] }>('GET', '/api/users?limit=200')).items;
    const sam = users.find((u) => u.email === 'sales@baton.demo');
    const casey = users.find((u) => u.email === 'cs@baton.demo');
    assert.ok(sam && casey, 'the demo has its sales rep and its CSM');
    const accounts = (await api<{ items: Account[] }>('GET', '/api/accounts?limit=200')).items;
    const account = accounts.find((a) => a.csmId === casey.id);
    assert.ok(account, 'a demo account is looked after by Casey Success');
    const dealName = 'Fleet planner rollout';
    const deal = await createDeal(api, { name: dealName, accountId: account.id, ownerId: sam.id });
    await api('POST', '/api/activities', { kind: 'call', opportunityId: deal.id, subject: 'Scoping call with dispatch', body: callNotes });
    await api('POST', `/api/opportunities/${deal.id}/win`, {});
    // The rules prepare the brief moments after the win.
    const prepared = await waitFor('the brief', () => api<Brief>('GET', `/api/opportunities/${deal.id}/brief`));
    assert.equal(prepared.status, 'ae_review');
    assert.equal(prepared.ae?.id, sam.id, 'the deal owner is the AE');
    assert.equal(prepared.csm?.id, casey.id, "the account's CSM is the CSM");
    assert.ok(active(prepared.items.goal).length >= 1, 'the goal was found');
    assert.equal(active(prepared.items.first_value).length, 0, 'no first value in the notes');
    assert.ok(active(prepared.items.risk).length >= 1 && active(prepared.items.risk).every((r) => !r.owner), 'the risk has no owner yet');
    assert.equal(active(prepared.items.promise).length, 1, 'one promise, by Sam Seller');
    assert.equal(prepared.gates.find((g) => g.key === 'first_value')?.passed, false);

    await withPage(session, screenshot, async (ae, aeErrors) => {
      await withPage(session, screenshot, async (csm, csmErrors) => {
        // 2. The AE finds the handoff on the deal and sends the brief to the CSM as it is.
        await ae.goto('/');
        await logIn(ae, 'sales@baton.demo');
        await ae.goto(`/opportunities/${deal.id}`);
        const handoff = ae.getByRole('region', { name: 'Handoff' });
        await handoff.getByText('In AE review').waitFor();
        await screenshot(ae, '1-deal-handoff-panel');
        await handoff.getByRole('link', { name: 'Open the handoff brief' }).click();
        await ae.getByRole('heading', { level: 1, name: `Handoff brief: ${dealName}` }).waitFor();
        await ae.getByTestId('source-view').waitFor();
        assert.match(await banner(ae).innerText(), /In AE review — Sam Seller checks it/);
        // Evidence leads to its words in the source.
        await ae
          .getByRole('region', { name: 'Goals' })
          .getByRole('button', { name: /Show the quote in Scoping call with dispatch/ })
          .click();
        const focused = ae.getByTestId('source-view').locator('mark.mark-focus');
        await focused.waitFor();
        assert.equal(await focused.innerText(), 'Our goal is to cut the time dispatchers spend on route planning by half.');
        await screenshot(ae, '2-brief-for-the-ae');
        await ae.getByRole('button', { name: 'Send to CSM' }).click();
        const send = ae.getByRole('dialog', { name: 'Send the brief to Casey Success' });
        await send.getByLabel(/Note for the CSM/).fill('First pass: the first value is still open.');
        await send.getByRole('button', { name: 'Send to CSM' }).click();
        await send.waitFor({ state: 'hidden' });
        await banner(ae).getByText('In CSM review — Casey Success decides').waitFor();

        // 3. The CSM cannot accept (first value, risk owner and promise review are open) and returns it for the first value.
        await csm.goto('/');
        await logIn(csm, 'cs@baton.demo');
        await openBrief(csm, deal.id, dealName);
        await banner(csm).getByText('Your turn').waitFor();
        const accept = csm.getByRole('button', { name: 'Accept handoff' });
        assert.ok(await accept.isDisabled(), 'accepting waits for the gates');
        assert.match(await csm.locator('.toolbar-reason').innerText(), /first value, risk owners, promise reviews/);
        await csm.getByRole('button', { name: 'Return with questions' }).click();
        const giveBack = csm.getByRole('dialog', { name: 'Return the brief with questions' });
        await giveBack.getByRole('button', { name: 'Return to Sam Seller' }).click();
        await giveBack.getByText('Pick at least one thing that is missing.').waitFor();
        await giveBack.getByRole('checkbox', { name: /^First value/ }).check();
        await giveBack.getByLabel('Question about first value').fill('What will the dispatchers see working first, and by when?');
        await screenshot(csm, '3-return-dialog', false);
        await giveBack.getByRole('button', { name: 'Return to Sam Seller' }).click();
        await giveBack.waitFor({ state: 'hidden' });
        await banner(csm).getByText('Returned with questions — Sam Seller answers').waitFor();
        await screenshot(csm, '4-returned');

        // 4. The AE answers inline, gives the risk an owner, confirms the promise and sends it again.
        await openBrief(ae, deal.id, dealName);
        const question = ae.getByTestId('brief-item').filter({ hasText: 'What will the dispatchers see working first' });
        await question.getByText('Asked by Casey Success').waitFor();
        await question.getByLabel('Your answer').fill(firstValueAnswer);
        await question.getByRole('button', { name: 'Send answer' }).click();
        await ae.getByRole('region', { name: 'First value' }).getByText(firstValueAnswer).waitFor();
        await question.getByText('Answered', { exact: true }).waitFor();
        // No signed scope among the sources: "notes and signed scope agree" holds only once the AE says where it stands.
        const scopeQuestion = ae.getByTestId('brief-item').filter({ hasText: 'Where is the signed scope' });
        await scopeQuestion.getByRole('button', { name: /^Answer…/ }).click();
        await scopeQuestion.getByLabel('Your answer').fill('The order went through online at checkout; there is no separate document.');
        await scopeQuestion.getByRole('button', { name: 'Send answer' }).click();
        await scopeQuestion.getByText('Answered', { exact: true }).waitFor();
        for (const risk of await ae.getByRole('region', { name: 'Risks' }).locator('[data-kind="risk"]').all()) {
          await risk.getByLabel('Owner').selectOption({ label: 'Sam Seller (Sales)' });
          await risk.getByText('No owner').waitFor({ state: 'detached' });
        }
        const promise = ae.getByRole('region', { name: 'Promises' }).locator('[data-kind="promise"]').first();
        await promise.getByRole('button', { name: 'Confirm' }).click();
        await promise.getByText('Confirmed by Sam Seller').waitFor();
        await ae.getByText('Every gate holds: the CSM can accept the handoff.').waitFor();
        await screenshot(ae, '5-answered-and-reviewed');
        await ae.getByRole('button', { name: 'Send to CSM' }).click();
        await ae.getByRole('dialog', { name: 'Send the brief to Casey Success' }).getByRole('button', { name: 'Send to CSM' }).click();
        await banner(ae).getByText('In CSM review — Casey Success decides').waitFor();

        // 5. The CSM accepts; the page says the kickoff tasks follow and where they are.
        await openBrief(csm, deal.id, dealName);
        await csm.getByRole('button', { name: 'Accept handoff' }).click();
        await csm
          .getByTestId('brief-notice')
          .getByText(/The handoff is accepted\. The kickoff preparation tasks are being created for Casey Success/)
          .waitFor();
        await banner(csm).getByText('Accepted by Casey Success').waitFor();
        await screenshot(csm, '6-accepted');

        // 6. The kickoff preparation tasks: one per item of the brief's list, Casey's, dated, on the deal's project.
        const accepted = await api<Brief>('GET', `/api/opportunities/${deal.id}/brief`);
        assert.equal(accepted.status, 'accepted');
        const kickoffItems = active(accepted.items.kickoff_task);
        assert.ok(kickoffItems.length >= 2, `the brief lists kickoff preparation (${kickoffItems.map((k) => k.text).join('; ')})`);
        const tasks = await waitFor('the kickoff preparation tasks', async () => {
          const mine = (await api<{ items: Task[] }>('GET', `/api/tasks?ownerId=${casey.id}&status=open&limit=200`)).items.filter(
            (t) => t.opportunity?.id === deal.id,
          );
          return kickoffItems.every((k) => mine.some((t) => t.title === k.text)) ? mine : undefined;
        });
        for (const item of kickoffItems) {
          const task = tasks.find((t) => t.title === item.text)!;
          assert.equal(task.owner?.name, 'Casey Success', `"${task.title}" is Casey's`);
          assert.match(task.dueDate ?? '', /^\d{4}-\d{2}-\d{2}$/, `"${task.title}" has a due date`);
        }
        await csm.getByTestId('accepted-project-link').click();
        await csm.getByTestId('project-heading').waitFor();
        const rows = csm.getByTestId('task-row');
        for (const item of kickoffItems) {
          const task = tasks.find((t) => t.title === item.text)!;
          const row = rows.filter({ hasText: task.title });
          assert.match(await row.innerText(), /Casey Success/, `the project shows "${task.title}" with its owner`);
          assert.equal(await row.locator(`time[datetime="${task.dueDate}"]`).count(), 1, `the project shows "${task.title}" with its due date`);
        }
        await screenshot(csm, '7-kickoff-tasks-on-the-project');
        await csm.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'My tasks' }).click();
        await csm.getByRole('heading', { level: 1, name: 'My tasks' }).waitFor();
        for (const item of kickoffItems) await csm.getByTestId('task-row').filter({ hasText: item.text }).filter({ hasText: dealName }).waitFor();
        await screenshot(csm, '8-my-tasks');

        // 7. The handoffs list and its numbers count this one: accepted after one return, for the first value.
        await csm.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Handoffs' }).click();
        await csm.getByRole('heading', { level: 1, name: 'Handoffs' }).waitFor();
        const row = csm.getByTestId('handoff-row').filter({ hasText: dealName });
        await row.waitFor();
        assert.match(await row.innerText(), /Accepted/);
        await csm.locator('.bar-list').getByText('First value').waitFor();
        await screenshot(csm, '9-handoffs');

        assert.deepEqual(aeErrors, [], 'no uncaught errors in the AE’s page');
        assert.deepEqual(csmErrors, [], 'no uncaught errors in the CSM’s page');
      });
    });
  },
);
