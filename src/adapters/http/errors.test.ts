// How request validation errors read: one entry per field, in words a caller can act on.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fieldIssues } from './errors.ts';

test('a value outside a list names the values allowed', () => {
  const issues = fieldIssues(
    [
      {
        instancePath: '/stage',
        keyword: 'enum',
        message: 'must be equal to one of the allowed values',
        params: { allowedValues: ['new', 'qualification', 'converted'] },
      },
    ],
    'querystring',
  );
  assert.deepEqual(issues, [{ path: 'querystring:/stage', message: 'must be one of new, qualification, converted' }]);
});

test('a missing field and an unknown one are each named with their path', () => {
  const issues = fieldIssues(
    [
      { instancePath: '', keyword: 'required', params: { missingProperty: 'title' } },
      { instancePath: '', keyword: 'additionalProperties', params: { additionalProperty: 'name' } },
    ],
    'body',
  );
  assert.deepEqual(issues, [
    { path: 'body:/title', message: 'is required' },
    { path: 'body:/name', message: 'is not a known field' },
  ]);
});
