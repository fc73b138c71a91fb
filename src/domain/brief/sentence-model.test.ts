import assert from 'node:assert/strict';
import { test } from 'node:test';
import { judgeWith, loadSentenceModel, trainSentenceModel, type Thresholds } from './sentence-model.ts';
import { sentenceKinds, type SentenceKind } from './types.ts';

const none = Object.fromEntries(sentenceKinds.map((k) => [k, false])) as Record<SentenceKind, boolean>;
const sentence = (words: string, rules: Partial<Record<SentenceKind, boolean>> = {}) => ({ features: words.split(' '), rules: { ...none, ...rules } });
const example = (words: string, risk: boolean) => ({ sentence: sentence(words), labels: { ...none, risk } });
// Three cases (the model keeps only what several cases share), each with risky and plain sentences.
const cases = [0, 1, 2].map((i) => [
  example(`keeps me up at night case${i}`, true),
  example(`our team is slammed this quarter case${i}`, true),
  example(`the weather is nice case${i}`, false),
  example(`thanks for the call case${i}`, false),
  example(`we reviewed the agenda case${i}`, false),
]);
const thresholds = Object.fromEntries(
  sentenceKinds.map((k) => [k, k === 'risk' ? { accept: 1, veto: -1 } : { accept: Infinity, veto: -Infinity }]),
) as Thresholds;

test('the model adds what the rules missed when it is sure, overrules a rule it is sure against, and otherwise keeps the rule', () => {
  const judge = judgeWith(trainSentenceModel(cases, thresholds));
  assert.equal(judge('risk', sentence('this keeps me up at night')), true, 'unseen sentence, learned words');
  assert.equal(judge('risk', sentence('thanks for the nice agenda', { risk: true })), false, 'the rule said risk; the model is sure it is not');
  assert.equal(judge('goal', sentence('keeps me up at night', { goal: true })), true, 'no threshold for goals: the rule decides');
  assert.equal(judge('goal', sentence('keeps me up at night')), false);
});

test('words only one case used are not learned', () => {
  const model = trainSentenceModel(cases, thresholds);
  assert.equal(model.odds('risk', ['case1']), 0, 'a name from one deal says nothing about the next');
  assert.ok(model.odds('risk', ['slammed']) > 0);
});

test('a saved model reads back the same', () => {
  const model = trainSentenceModel(cases, thresholds);
  const again = loadSentenceModel(JSON.parse(JSON.stringify(model.toJSON())));
  for (const words of ['keeps me up at night', 'thanks for the call', 'slammed quarter']) {
    assert.equal(again.odds('risk', words.split(' ')), model.odds('risk', words.split(' ')));
  }
  assert.deepEqual(again.thresholds.risk, { accept: 1, veto: -1 });
  assert.deepEqual(again.thresholds.goal, { accept: Infinity, veto: -Infinity });
});
