// The LLM extractor against a local server that speaks the OpenAI chat completions API: its answer is validated,
// items quoting words that are not in the sources are dropped, and when it fails the embedded extractor takes over.
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { createOpenAiExtractor, parseJsonAnswer } from '../src/adapters/llm/openai-extractor.ts';
import { winDeal } from '../src/flows/close-deal.flow.ts';
import { createOpportunity } from '../src/flows/crm.flow.ts';
import { automation, createTestDatabase, testDeps, type TestDatabase } from './helpers/db.ts';
import { bearer, buildTestServer, createFixture, type Fixture } from './helpers/fixtures.ts';

type Received = {
  path: string;
  authorization: string | undefined;
  body: { model: string; temperature: number; response_format: unknown; messages: { role: string; content: string }[] };
};

let database: TestDatabase;
let server: http.Server;
let url: string;
const received: Received[] = [];
/** What the fake model answers next: a chat completion with this content, or an HTTP status. */
let answer: { content: string } | { status: number } = { content: '{}' };

before(async () => {
  database = await createTestDatabase();
  server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      received.push({ path: req.url ?? '', authorization: req.headers.authorization, body: JSON.parse(body) });
      if ('status' in answer) {
        res.writeHead(answer.status, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: 'model overloaded' } }));
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end(
        JSON.stringify({
          id: 'chatcmpl-1',
          object: 'chat.completion',
          choices: [{ index: 0, message: { role: 'assistant', content: answer.content }, finish_reason: 'stop' }],
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  appWithLlm = await buildTestServer(testDeps(database, { llm: llm() }), database);
});
after(async () => {
  await appWithLlm?.close();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await database?.drop();
});

const llm = () => createOpenAiExtractor({ url, model: 'test-model', apiKey: 'sk-local', timeoutMs: 5000 });

async function dealWithCall(f: Fixture, text: string) {
  const opp = await createOpportunity(
    testDeps(database),
    { workspaceId: f.workspace.id, actor: f.users.sales.actor },
    { name: `Deal ${Math.random().toString(36).slice(2, 7)}`, accountId: f.account.id, ownerId: f.users.sales.id },
  );
  const res = await withLlm().inject({
    method: 'POST',
    url: '/api/activities',
    headers: bearer(f.tokens.sales),
    payload: { kind: 'call', subject: 'Discovery', body: text, opportunityId: opp.id },
  });
  assert.equal(res.statusCode, 201, res.body);
  return { opp, activityId: res.json().id as string };
}

let appWithLlm: FastifyInstance | undefined;
const withLlm = () => appWithLlm!;

const call = 'Maria: Our goal is to cut onboarding time for new depots from six weeks to two.\nSam: We will have the SAP feed live in four weeks.';

test('the LLM prepares the brief; its answer is checked, and an item quoting words nobody wrote is dropped', async () => {
  const f = await createFixture(testDeps(database));
  const { opp, activityId } = await dealWithCall(f, call);
  answer = {
    content:
      '```json\n' +
      JSON.stringify({
        items: [
          {
            kind: 'goal',
            text: 'Cut depot onboarding from six weeks to two',
            evidence: [{ sourceId: activityId, quote: 'Our goal is to cut onboarding time for new depots from six weeks to two.' }],
          },
          // Case and curly quotes differ from the source; the words are the same.
          {
            kind: 'promise',
            text: 'SAP feed in four weeks',
            promiseKind: 'integration',
            evidence: [{ sourceId: activityId, quote: 'we will have the SAP feed live in four weeks.' }],
          },
          {
            kind: 'promise',
            text: 'Free training for everyone',
            promiseKind: 'scope',
            evidence: [{ sourceId: activityId, quote: 'We will train all your staff for free.' }],
          },
          {
            kind: 'risk',
            text: 'A risk from another deal',
            evidence: [{ sourceId: '01900000-0000-7000-8000-000000000000', quote: 'Our goal is to cut onboarding time' }],
          },
        ],
        conflicts: [],
        kickoffDate: null,
        timeline: { sourceId: activityId, quote: 'We will have the SAP feed live in four weeks.' },
      }) +
      '\n```',
  };
  received.length = 0;
  const res = await withLlm().inject({ method: 'POST', url: `/api/opportunities/${opp.id}/brief`, headers: bearer(f.tokens.cs) });
  assert.equal(res.statusCode, 200, res.body);
  const brief = res.json();
  assert.equal(brief.extractor, 'llm:test-model');
  assert.deepEqual(
    brief.items.goal.map((i: { text: string }) => i.text),
    ['Cut depot onboarding from six weeks to two'],
  );
  assert.deepEqual(
    brief.items.promise.map((i: { evidence: { quote: string }[] }) => i.evidence[0]!.quote),
    ['We will have the SAP feed live in four weeks.'],
    "the quote is stored as the source's own words",
  );
  assert.equal(brief.items.risk.length, 0);
  assert.deepEqual(
    brief.dropped.map((d: { kind: string; reason: string }) => [d.kind, d.reason.split(':')[0]]),
    [
      ['promise', 'the quoted words are not in the source'],
      ['risk', "cites a source that is not the deal's (01900000-0000-7000-8000-000000000000)"],
    ],
  );

  assert.equal(received.length, 1);
  const request = received[0]!;
  assert.equal(request.path, '/v1/chat/completions');
  assert.equal(request.authorization, 'Bearer sk-local');
  assert.equal(request.body.model, 'test-model');
  assert.equal(request.body.temperature, 0);
  assert.deepEqual(request.body.response_format, { type: 'json_object' });
  assert.ok(request.body.messages[1]!.content.includes(`<source id="${activityId}" kind="call"`), 'the sources go to the model with their ids');
  assert.ok(request.body.messages[1]!.content.includes('Sam: We will have the SAP feed live in four weeks.'));
  // The same structure the embedded extractor reads: each turn with its speaker and side.
  assert.ok(request.body.messages[1]!.content.includes(`<outline of="${activityId}">`), 'each source comes with its outline');
  assert.match(request.body.messages[1]!.content, /turn: Maria \(buyer\)/, "a contact's turns are marked as the buyer's");
  assert.match(request.body.messages[0]!.content, /Out of scope[\s\S]*never promises/, 'the instructions say exclusions are never promises');
});

test('an answer that does not fit the schema, or a model that is down, leaves the brief to the embedded extractor, which says so', async () => {
  const f = await createFixture(testDeps(database));
  const { opp } = await dealWithCall(f, call);
  answer = { content: JSON.stringify({ items: [{ kind: 'goal', text: 'No evidence at all' }], conflicts: [] }) };
  const res = await withLlm().inject({ method: 'POST', url: `/api/opportunities/${opp.id}/brief`, headers: bearer(f.tokens.cs) });
  assert.equal(res.statusCode, 200, res.body);
  assert.equal(res.json().extractor, 'embedded');
  assert.match(res.json().extractorNote, /llm:test-model could not prepare the brief \(the model's answer does not fit the brief's schema: \/items\/0/);
  assert.ok(res.json().items.goal.length >= 1, 'the embedded extractor found the goal');

  answer = { status: 503 };
  const second = await createOpportunity(
    testDeps(database),
    { workspaceId: f.workspace.id, actor: f.users.sales.actor },
    { name: 'Second', accountId: f.account.id, ownerId: f.users.sales.id },
  );
  const down = await withLlm().inject({ method: 'POST', url: `/api/opportunities/${second.id}/brief`, headers: bearer(f.tokens.cs) });
  assert.equal(down.statusCode, 200);
  assert.match(down.json().extractorNote, /answered 503/);
});

test('a won deal with an LLM configured: the rule asks the model before its transaction and prepares the brief from the answer', async () => {
  const f = await createFixture(testDeps(database));
  const { opp, activityId } = await dealWithCall(f, call);
  answer = {
    content: JSON.stringify({
      items: [
        {
          kind: 'goal',
          text: 'Faster depot onboarding',
          evidence: [{ sourceId: activityId, quote: 'cut onboarding time for new depots from six weeks to two' }],
        },
      ],
      conflicts: [],
    }),
  };
  await winDeal(testDeps(database), { workspaceId: f.workspace.id, opportunityId: opp.id, actor: f.users.sales.actor });
  await automation(database, { llm: llm() }).drain();
  const brief = (await withLlm().inject({ method: 'GET', url: `/api/opportunities/${opp.id}/brief`, headers: bearer(f.tokens.cs) })).json();
  assert.equal(brief.extractor, 'llm:test-model');
  assert.equal(brief.status, 'ae_review');
  assert.deepEqual(
    brief.items.goal.map((i: { text: string }) => i.text),
    ['Faster depot onboarding'],
  );
});

test("a model's JSON is found inside a code fence or a sentence", () => {
  assert.deepEqual(parseJsonAnswer('Here is the brief:\n```json\n{"items": []}\n```'), { items: [] });
  assert.deepEqual(parseJsonAnswer('Sure! {"items": [], "conflicts": []} Hope this helps.'), { items: [], conflicts: [] });
  assert.throws(() => parseJsonAnswer('I cannot do that.'), /did not answer with a JSON object/);
});
