import { test } from 'node:test';
import assert from 'node:assert/strict';
import { retryDelayMs } from './retry.ts';

test('retry delay doubles per attempt from one second and is capped at ten minutes', () => {
  const mid = () => 0.5;
  assert.equal(retryDelayMs(1, mid), 1000);
  assert.equal(retryDelayMs(2, mid), 2000);
  assert.equal(retryDelayMs(5, mid), 16000);
  assert.equal(retryDelayMs(40, mid), 600000);
  assert.ok(retryDelayMs(3, () => 0) >= 3200 && retryDelayMs(3, () => 0.999) <= 4800);
});
