// Browser test: winning a deal in the UI gives it a project from the template; every task has an owner and a due
// date, and a task's origin leads to the rule run that created it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { browserSessionForFile, getJson, logIn, markWonOnPage, screenshots, withPage } from './browser.ts';

type Opportunity = { id: string; name: string; dealType: string; complexity: string };
type Task = { id: string; title: string; owner: { name: string } | null; dueDate: string | null; origin: { runId: string; ruleName: string } | null };

const browserSession = browserSessionForFile();

const screenshot = screenshots('project');

test(
  'win a deal in the UI, open the project the rule created, see every task with owner and due date, follow a task to its rule run',
  { timeout: 120_000 },
  async () => {
    const session = browserSession();
    await withPage(session, screenshot, async (page, pageErrors) => {
      await page.goto('/');
      await logIn(page, 'sales@baton.demo');
      const open = await getJson<{ items: Opportunity[] }>(page, '/api/opportunities?stageCategory=open&limit=200');
      const deal = open.items.find((o) => o.dealType === 'new_business' && o.complexity === 'complex');
      assert.ok(deal, 'the demo has an open, complex new-business deal');

      await markWonOnPage(page, deal);
      // The rule runs from the outbox a moment later; the delivery panel shows the project when it exists.
      const projectLink = page.getByTestId('project-link');
      await projectLink.waitFor({ timeout: 20_000 });
      await screenshot(page, '1-deal-won-with-project');
      await projectLink.click();

      await page.getByTestId('project-heading').waitFor();
      const projects = await getJson<{ items: { id: string }[] }>(page, `/api/projects?opportunityId=${deal.id}`);
      assert.equal(projects.items.length, 1);
      const project = await getJson<{ tasks: Task[] }>(page, `/api/projects/${projects.items[0]!.id}`);
      assert.ok(project.tasks.length >= 5, `the template planned ${project.tasks.length} tasks`);
      const rows = page.getByTestId('task-row');
      await rows.first().waitFor();
      assert.equal(await rows.count(), project.tasks.length, 'every task is on the page');
      for (const task of project.tasks) {
        assert.ok(task.owner && task.dueDate, `${task.title} has an owner and a due date`);
        const row = rows.filter({ hasText: task.title });
        const text = await row.innerText();
        assert.ok(text.includes(task.owner.name), `the row of "${task.title}" names its owner ${task.owner.name}: ${text}`);
        assert.equal(await row.locator(`time[datetime="${task.dueDate}"]`).count(), 1, `the row of "${task.title}" shows its due date ${task.dueDate}`);
      }
      assert.ok(
        project.tasks.some((t) => t.title === 'Technical discovery workshop'),
        'a complex deal gets the technical discovery',
      );
      await screenshot(page, '2-project');

      const kickoff = project.tasks.find((t) => t.title === 'Hold the kickoff call')!;
      await rows.filter({ hasText: kickoff.title }).getByTestId('task-origin').click();
      await page.waitForURL(`**/runs/${kickoff.origin!.runId}`);
      const heading = page.getByTestId('run-heading');
      await heading.waitFor();
      assert.match(await heading.innerText(), new RegExp(kickoff.origin!.ruleName));
      const runText = await page.locator('main').innerText();
      assert.match(runText, /succeeded/i);
      assert.match(runText, new RegExp(deal.name));
      await screenshot(page, '3-run');

      assert.deepEqual(pageErrors, [], 'no uncaught errors in the page');
    });
  },
);
