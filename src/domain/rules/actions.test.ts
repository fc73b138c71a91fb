import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkActions, maxAttempts, retryDelayMs } from './actions.ts';

const mid = () => 0.5;

test('a standard retry waits one second, doubling per attempt, capped at ten minutes, with jitter', () => {
  assert.equal(retryDelayMs(1, 'standard', mid), 1000);
  assert.equal(retryDelayMs(2, 'standard', mid), 2000);
  assert.equal(retryDelayMs(5, 'standard', mid), 16000);
  assert.equal(retryDelayMs(40, 'standard', mid), 600000);
  assert.ok(retryDelayMs(3, 'standard', () => 0) >= 3200 && retryDelayMs(3, 'standard', () => 0.999) <= 4800);
});

test('a webhook keeps trying for at least three days, never more than six hours apart', () => {
  for (const random of [() => 0, mid]) {
    let total = 0;
    for (let attempt = 1; attempt < maxAttempts.patient; attempt++) {
      const wait = retryDelayMs(attempt, 'patient', random);
      assert.ok(wait <= 6 * 3_600_000 * 1.2, `attempt ${attempt} waits ${wait} ms`);
      total += wait;
    }
    assert.ok(total >= 3 * 24 * 3_600_000, `the attempts span ${(total / 3_600_000).toFixed(1)} h`);
    assert.ok(total <= 5 * 24 * 3_600_000, `the attempts span ${(total / 3_600_000).toFixed(1)} h`);
  }
});

test('checking actions names the unknown type, the bad param and the repeated key by path', () => {
  const issues = checkActions([
    { key: 'a', type: 'notify', params: { recipientType: 'role', recipient: 'wizard', channel: 'in_app', title: 't', body: 'b' } },
    { key: 'a', type: 'teleport', params: {} },
    { key: 'c', type: 'create_task', params: { title: 'x', role: 'pm', dueInBusinessDays: -1 } },
  ]);
  const paths = issues.map((i) => i.path);
  assert.ok(paths.includes('/actions/0/params/recipient'), JSON.stringify(issues));
  assert.ok(paths.includes('/actions/1/key'));
  assert.ok(paths.includes('/actions/1/type'));
  assert.ok(paths.includes('/actions/2/params/dueInBusinessDays'));
});
