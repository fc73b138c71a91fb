import { test } from 'node:test';
import assert from 'node:assert/strict';
import { keyFrom } from './keys.ts';

test('a name starting with a digit gets the prefix, so its key starts with a letter', () => {
  assert.equal(keyFrom('3rd line support', 'role'), 'role_3rd_line_support');
  assert.equal(keyFrom('Project Lead', 'role'), 'project_lead');
  assert.equal(keyFrom('Onboarding (EU)', 'template', '-'), 'onboarding-eu');
});

test('a name with no latin letter or digit still gives a valid key, and a long one is cut to 63 characters', () => {
  assert.equal(keyFrom('経理', 'role'), 'role');
  assert.equal(keyFrom('!!!', 'template', '-'), 'template');
  const long = keyFrom('a'.repeat(40) + ' ' + 'b'.repeat(40), 'role');
  assert.ok(long.length <= 63 && /^[a-z][a-z0-9_]*$/.test(long));
});
