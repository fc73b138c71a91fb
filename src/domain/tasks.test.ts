import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openDependencies, overrideNote } from './tasks.ts';

const welcome = { id: 'a', title: 'Send the welcome e-mail', status: 'todo' as const };
const access = { id: 'b', title: 'Get system access', status: 'in_progress' as const };

test('a task is blocked by the dependencies that are to do, in progress or blocked, in the order it names them', () => {
  assert.deepEqual(openDependencies(['b', 'a'], [welcome, access]), [access, welcome]);
  assert.deepEqual(openDependencies(['a'], [{ ...welcome, status: 'blocked' }]), [{ ...welcome, status: 'blocked' }]);
});

test('done and cancelled dependencies, and ones that no longer exist, do not block', () => {
  assert.deepEqual(
    openDependencies(
      ['a', 'b', 'gone'],
      [
        { ...welcome, status: 'done' },
        { ...access, status: 'cancelled' },
      ],
    ),
    [],
  );
  assert.deepEqual(openDependencies([], [welcome]), []);
});

test('the override note names the open tasks', () => {
  assert.equal(overrideNote([welcome]), 'Completed anyway while "Send the welcome e-mail" was still open.');
  assert.equal(overrideNote([welcome, access]), 'Completed anyway while "Send the welcome e-mail" and "Get system access" were still open.');
});
