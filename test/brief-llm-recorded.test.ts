// The LLM extractor on an evaluation case, with no network: a recorded answer is replayed through the adapter's own
// HTTP client, and what reaches the brief is checked the way Baton checks it; the same scoring as `npm run eval:brief`
// runs on it; a live run against a local fake server is recorded and replays to the same scores; an answer that does
// not fit is refused with the reason.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { parse } from 'yaml';
import { createOpenAiExtractor } from '../src/adapters/llm/openai-extractor.ts';
import { completeExtraction } from '../src/domain/brief/brief.ts';
import { needsConfirmation } from '../src/domain/brief/review.ts';
import { caseInput, evaluateCase, report, type EvalCase } from '../eval/brief/run.ts';
import { llmRun, readRecording, replayFetch } from '../eval/brief/llm.ts';

const root = path.join(import.meta.dirname, '..', 'eval', 'brief');
const caseId = '16-crumb-and-co-bakery-notes';
const evalCase = parse(fs.readFileSync(path.join(root, 'cases', 'dev', `${caseId}.yaml`), 'utf8')) as EvalCase;
const recording = readRecording(path.join(root, 'recorded', 'example-dev-16.json'));

test('a recorded answer for an evaluation case, replayed through the adapter: the prompt carries the structure, quoted items reach the brief, a made-up quote is dropped', async () => {
  const input = caseInput(evalCase);
  const sent: { messages: { role: string; content: string }[] }[] = [];
  const extractor = createOpenAiExtractor({
    url: 'http://model.invalid/v1',
    model: 'recorded',
    fetch: replayFetch(recording.answers[caseId], (b) => sent.push(b)),
  });
  const raw = await extractor.extract(input);
  assert.equal(sent.length, 1);
  const prompt = sent[0]!.messages[1]!.content;
  // Who is who and how each source is built, as the embedded reader parsed it.
  assert.match(prompt, /The seller is Baton; its people are Josh Tan/);
  assert.match(prompt, /<source id="n1" kind="note" title="Inbound demo"/);
  assert.match(prompt, /<outline of="n2">\nturn: Hana \(buyer\)/, 'a turn is marked with its speaker and side');
  assert.match(prompt, /The buyer's people: Hana Sato/);
  assert.match(sent[0]!.messages[0]!.content, /"basis"/, 'the instructions ask what each item rests on');

  const brief = completeExtraction(raw, input, extractor.name);
  const quotes = (kind: string) => brief.items.filter((i) => i.kind === kind).map((i) => i.evidence[0]!.quote);
  assert.deepEqual(quotes('goal'), ['Hana wants every wholesale order in one place so the 3am bake sheet is right.']);
  assert.deepEqual(
    brief.items.filter((i) => i.kind === 'stakeholder').map((i) => [i.stakeholder!.name, i.stakeholder!.authority, i.stakeholder!.engaged]),
    [
      ['Hana Sato', 'decision_maker', true],
      ['Jake', 'user', true],
    ],
  );
  assert.deepEqual(
    brief.items.filter((i) => i.kind === 'promise').map((i) => i.promiseKind),
    ['pricing', 'custom'],
  );
  // The quote inside Hana's words is found as the source has it.
  assert.ok(quotes('risk').some((q) => /we're not techy at all/.test(q)));
  // The success criterion quoted words nobody wrote: dropped, with the reason, and the question stays.
  assert.equal(quotes('success_criterion').length, 0);
  assert.deepEqual(
    brief.dropped.map((d) => [d.kind, d.reason]),
    [['success_criterion', 'the quoted words are not in the source: "every order is captured automatically without re-keying"']],
  );
  assert.ok(brief.items.some((i) => i.kind === 'question' && i.field === 'success_criteria'));
  // Confidence from the basis the model gave: what it inferred is marked for the AE to confirm.
  const inferred = brief.items.find((i) => i.kind === 'risk' && /OrderNimbus/.test(i.evidence[0]!.quote))!;
  assert.equal(inferred.basis, 'inferred by the model');
  assert.equal(
    needsConfirmation({ origin: 'extracted', kind: 'risk', confidence: inferred.confidence ?? null, confirmed: null, review: null, edited: null }),
    true,
  );
  const goal = brief.items.find((i) => i.kind === 'goal')!;
  assert.ok(goal.confidence! >= 0.5);

  // The same scoring as `npm run eval:brief`.
  const totals = new Map();
  evaluateCase(evalCase, brief, totals, false);
  const lines = report(totals);
  assert.ok(lines.includes('goal precision=1.00 recall=1.00 n=1'), lines.join('\n'));
  assert.ok(lines.includes('promise precision=1.00 recall=1.00 n=2'), lines.join('\n'));
  assert.ok(lines.includes('risk precision=0.33 recall=1.00 n=1'), lines.join('\n'));
});

test('an answer that does not fit is refused with a clear reason', async () => {
  const input = caseInput(evalCase);
  const refuse = async (content: unknown) =>
    createOpenAiExtractor({ url: 'http://model.invalid/v1', model: 'recorded', fetch: replayFetch(content) })
      .extract(input)
      .then(
        () => assert.fail('accepted'),
        (error: Error) => error.message,
      );
  const answer = recording.answers[caseId] as { items: Record<string, unknown>[] };
  assert.match(await refuse('Sure! Here are the items you asked for.'), /did not answer with a JSON object/);
  assert.match(await refuse('{"items": [ {"kind": "goal", }'), /JSON does not parse/);
  assert.match(await refuse({ ...answer, items: [{ ...answer.items[0], kind: 'vibe' }] }), /does not fit the brief's schema: \/items\/0\/kind/);
  assert.match(await refuse({ ...answer, items: [{ ...answer.items[0], evidence: [] }] }), /\/items\/0\/evidence/);
  assert.match(await refuse({ ...answer, items: [{ ...answer.items[0], basis: 'gut feeling' }] }), /\/items\/0\/basis/);
  assert.match(await refuse({ items: answer.items }), /required properties conflicts/);
});

test('a live run against a local server is recorded, and the recording replays to the same scores', async () => {
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () =>
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ choices: [{ index: 0, message: { role: 'assistant', content: JSON.stringify(recording.answers[caseId]) } }] })),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'brief-llm-')), 'recorded.json');
  try {
    const input = caseInput(evalCase);
    const live = llmRun(`http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`, { model: 'local-test', record: file });
    const first = await live.extract(caseId, input);
    assert.ok('raw' in first, JSON.stringify(first));
    live.save();
    const replay = llmRun(file, {});
    const again = await replay.extract(caseId, input);
    assert.ok('raw' in again);
    const score = (raw: typeof first.raw) => {
      const totals = new Map();
      evaluateCase(evalCase, completeExtraction(raw, input, 'llm'), totals, false);
      return report(totals);
    };
    assert.deepEqual(score(again.raw), score(first.raw));
    assert.deepEqual(await replay.extract('some-other-case', input), { skipped: true });
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});
