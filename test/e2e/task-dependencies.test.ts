// Browser test: completing a task whose dependency is still open names the open task and asks to confirm;
// "Complete anyway" completes it and the task keeps a comment saying so.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { browserSessionForFile, eventually, getJson, logIn, screenshots, withPage } from './browser.ts';

type Task = { id: string; title: string; status: string; dependsOn: string[] };

const browserSession = browserSessionForFile();

const screenshot = screenshots('task-dependencies');

const open = (t: Task) => t.status !== 'done' && t.status !== 'cancelled';

test('a PM completing a task whose dependency is open sees the open task, and "Complete anyway" completes it with a note', { timeout: 120_000 }, async () => {
  const session = browserSession();
  await withPage(session, screenshot, async (page, pageErrors) => {
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto('/');
    await logIn(page, 'pm@baton.demo');

    // A demo project with a task whose dependency is open.
    const projects = await getJson<{ items: { id: string }[] }>(page, '/api/projects?limit=50');
    let found: { projectId: string; task: Task; blocker: Task } | undefined;
    for (const p of projects.items) {
      const project = await getJson<{ tasks: Task[] }>(page, `/api/projects/${p.id}`);
      for (const task of project.tasks.filter(open)) {
        const blocker = project.tasks.find((t) => task.dependsOn.includes(t.id) && open(t));
        if (blocker) found ??= { projectId: p.id, task, blocker };
      }
      if (found) break;
    }
    assert.ok(found, 'the demo has a task waiting for another');

    await page.goto(`/projects/${found.projectId}`);
    const row = page.getByTestId('task-row').filter({ has: page.getByRole('link', { name: found.task.title, exact: true }) });
    await row.getByTestId('task-status').selectOption('done');
    const blocked = page.getByTestId('task-blocked');
    await blocked.waitFor();
    assert.match(await blocked.innerText(), new RegExp(found.blocker.title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
    await blocked.scrollIntoViewIfNeeded();
    await screenshot(page, 'blocked', false);
    assert.equal(await row.getByTestId('task-status').inputValue(), found.task.status, 'not completed yet');

    await blocked.getByRole('button', { name: 'Complete anyway' }).click();
    await blocked.waitFor({ state: 'detached' });
    await eventually(() => row.getByTestId('task-status').inputValue(), 'done');

    await page.goto(`/tasks/${found.task.id}`);
    await page.getByText(`Completed anyway while "${found.blocker.title}" was still open.`).waitFor();
    await screenshot(page, 'task-with-note');
    assert.deepEqual(pageErrors, []);
  });
});
