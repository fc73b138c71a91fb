import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { arrangeStages, checkStages, defaultStages } from './pipeline.ts';

describe('pipeline stages', () => {
  it('accepts the default stages', () => {
    assert.deepEqual(checkStages(defaultStages), []);
  });

  it('needs an open stage and exactly one won and one lost stage', () => {
    const issues = checkStages([
      { name: 'Won', category: 'won' },
      { name: 'Also won', category: 'won' },
    ]);
    assert.deepEqual(
      issues.map((i) => i.message),
      ['A pipeline needs at least one open stage', 'A pipeline needs exactly one won stage (it has 2)', 'A pipeline needs exactly one lost stage (it has 0)'],
    );
  });

  it('refuses a name twice (whatever the case) and names the stage it repeats', () => {
    const issues = checkStages([
      { name: 'Demo', category: 'open' },
      { name: 'demo ', category: 'open' },
      { name: 'Won', category: 'won' },
      { name: 'Lost', category: 'lost' },
    ]);
    assert.deepEqual(issues, [{ path: 'stages/1/name', message: '"demo" is already stage 1 of this pipeline' }]);
  });

  it('keeps open stages before the closed ones and probabilities between 0 and 100', () => {
    const issues = checkStages([
      { name: 'Won', category: 'won' },
      { name: 'Demo', category: 'open', probability: 140 },
      { name: 'Lost', category: 'lost' },
    ]);
    assert.deepEqual(
      issues.map((i) => i.path),
      ['stages/1/probability', 'stages/1/category'],
    );
  });

  it('fills in probabilities that climb with the open stages, and positions in order', () => {
    const arranged = arrangeStages([
      { name: ' Talk ', category: 'open' },
      { name: 'Offer', category: 'open', probability: 70 },
      { name: 'Trial', category: 'open' },
      { name: 'Won', category: 'won' },
      { name: 'Lost', category: 'lost' },
    ]);
    assert.deepEqual(
      arranged.map((s) => [s.name, s.probability, s.position]),
      [
        ['Talk', 25, 1],
        ['Offer', 70, 2],
        ['Trial', 75, 3],
        ['Won', 100, 4],
        ['Lost', 0, 5],
      ],
    );
  });
});
