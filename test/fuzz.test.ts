// Every operation of the OpenAPI document, sent bad input derived from its own schema: never a 5xx, and a 400 names the field.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { createTestDatabase, testDeps, type TestDatabase } from './helpers/db.ts';
import { bearer, buildTestServer, createFixture, type Fixture } from './helpers/fixtures.ts';

type Schema = {
  type?: string;
  format?: string;
  pattern?: string;
  enum?: unknown[];
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  anyOf?: Schema[];
  allOf?: Schema[];
  const?: unknown;
  minItems?: number;
};
type Operation = {
  parameters?: { in: 'path' | 'query'; name: string; schema: Schema; required?: boolean }[];
  requestBody?: { content: Record<string, { schema: Schema }> };
};
type Bad = { label: string; value: unknown };

let database: TestDatabase;
let app: FastifyInstance;
let fx: Fixture;

before(async () => {
  database = await createTestDatabase();
  app = await buildTestServer(testDeps(database), database);
  fx = await createFixture(testDeps(database), 'fuzz');
});
after(async () => {
  await app?.close();
  await database?.drop();
});

const nested = (depth: number): unknown => (depth === 0 ? 'x' : { a: nested(depth - 1) });

/** The union members, an allOf's parts merged, so a property can be found whatever the schema's form. */
function flatten(schema: Schema): Schema {
  if (schema.allOf) {
    const parts = schema.allOf.map(flatten);
    return { type: 'object', properties: Object.assign({}, ...parts.map((p) => p.properties ?? {})), required: parts.flatMap((p) => p.required ?? []) };
  }
  if (schema.anyOf) return flatten(schema.anyOf.find((s) => s.type !== 'null') ?? schema.anyOf[0]!);
  return schema;
}

const samples = ['x', 'abc', 'EUR', 'key_1', 'deal.won', 'x1'];

/** A value the schema accepts, as far as a simple reading of it goes, so the bad field is the only thing wrong. */
function valid(schema: Schema, path: string, ids: Record<string, string>): unknown {
  const s = flatten(schema);
  if (s.const !== undefined) return s.const;
  if (s.enum) return s.enum[0];
  switch (s.type) {
    case 'string':
      if (s.format === 'uuid') return ids[path.split('/').pop() ?? ''] ?? '01900000-0000-7000-8000-000000000001';
      if (s.format === 'date') return '2026-03-02';
      if (s.format === 'date-time') return '2026-03-02T10:00:00Z';
      if (s.format === 'email') return 'fuzz@example.com';
      if (s.pattern) return samples.find((x) => new RegExp(s.pattern!).test(x)) ?? 'x';
      return 'x'.repeat(Math.max(1, s.minLength ?? 1));
    case 'integer':
    case 'number':
      return Math.max(s.minimum ?? 1, Math.min(1, s.maximum ?? 1));
    case 'boolean':
      return true;
    case 'array':
      return Array.from({ length: s.minItems ?? 0 }, () => valid(s.items ?? {}, path, ids));
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const key of s.required ?? []) out[key] = valid(s.properties?.[key] ?? {}, `${path}/${key}`, ids);
      return out;
    }
    default:
      return 'x';
  }
}

/** Inputs the field must refuse or bear: derived from its type, and the kinds that broke Baton before. */
function bads(schema: Schema): Bad[] {
  const s = flatten(schema);
  const common: Bad[] = [
    { label: 'NUL byte', value: 'a\u0000b' },
    { label: 'lone surrogate', value: 'a\ud800b' },
    { label: 'deep nesting', value: nested(200) },
  ];
  switch (s.type) {
    case 'string':
      return [
        ...common,
        { label: 'over-long', value: 'x'.repeat((s.maxLength ?? 100_000) + 1) },
        { label: 'name starting with a digit', value: '3rd line support' },
        { label: 'year 0000', value: s.format === 'date-time' ? '0000-01-01T00:00:00Z' : '0000-01-01' },
        { label: 'year 10000', value: s.format === 'date-time' ? '+010000-01-01T00:00:00Z' : '10000-01-01' },
        { label: 'unknown enum value', value: 'no_such_value' },
        { label: 'wrong type', value: 12345 },
        { label: 'wrong type', value: ['x'] },
      ];
    case 'integer':
    case 'number':
      return [
        ...common,
        { label: 'out of range', value: 1e20 },
        { label: 'out of range', value: -1e20 },
        { label: 'past 2^53', value: 2 ** 53 + 2 },
        { label: 'fraction', value: 1.5 },
        { label: 'wrong type', value: 'many' },
      ];
    case 'boolean':
      return [...common, { label: 'wrong type', value: 'maybe' }];
    case 'array':
      return [...common, { label: 'wrong type', value: 'x' }, { label: 'items of the wrong type', value: [nested(200), 'a\u0000'] }];
    default:
      return [...common, { label: 'wrong type', value: 'x' }, { label: 'wrong type', value: 7 }];
  }
}

/** Percent-encoding; a lone surrogate has no UTF-8 form, so it goes as the bytes a careless encoder would send. */
const enc = (text: string) =>
  text
    .split(/([\ud800-\udfff])/)
    .map((part, i) => (i % 2 ? '%ED%A0%80' : encodeURIComponent(part)))
    .join('');

type Request = { method: string; url: string; payload?: unknown; field: string; label: string };

function requestsOf(path: string, method: string, op: Operation): Request[] {
  const ids: Record<string, string> = {
    id: path.startsWith('/api/opportunities/') ? fx.opportunity.id : path.startsWith('/api/accounts/') ? fx.account.id : '',
  };
  ids.accountId = fx.account.id;
  ids.opportunityId = fx.opportunity.id;
  ids.pipelineId = fx.pipelineId;
  const pathParams = (op.parameters ?? []).filter((p) => p.in === 'path');
  const queryParams = (op.parameters ?? []).filter((p) => p.in === 'query');
  const bodySchema = op.requestBody?.content['application/json']?.schema;
  const urlWith = (params: Record<string, unknown>, query: Record<string, unknown> = {}) => {
    let url = path;
    for (const p of pathParams) url = url.replace(`{${p.name}}`, enc(String(params[p.name] ?? valid(p.schema, `/${p.name}`, ids))));
    const qs = Object.entries(query)
      .map(([k, v]) => `${enc(k)}=${enc(typeof v === 'string' ? v : JSON.stringify(v))}`)
      .join('&');
    return qs ? `${url}?${qs}` : url;
  };
  const base = bodySchema ? (valid(bodySchema, '', ids) as Record<string, unknown>) : undefined;
  const out: Request[] = [];
  for (const p of pathParams)
    for (const bad of bads(p.schema)) out.push({ method, url: urlWith({ [p.name]: bad.value }), payload: base, field: p.name, label: bad.label });
  for (const q of queryParams)
    for (const bad of bads(q.schema)) out.push({ method, url: urlWith({}, { [q.name]: bad.value }), payload: base, field: q.name, label: bad.label });
  if (bodySchema) {
    const props = flatten(bodySchema).properties ?? {};
    for (const [name, schema] of Object.entries(props)) {
      for (const bad of bads(schema)) out.push({ method, url: urlWith({}), payload: { ...base, [name]: bad.value }, field: name, label: bad.label });
    }
    out.push({ method, url: urlWith({}), payload: nested(200), field: '', label: 'deep nesting (whole body)' });
    out.push({ method, url: urlWith({}), payload: { ...base, 'a\u0000b': 1 }, field: '', label: 'NUL byte in a key' });
    out.push({ method, url: urlWith({}), payload: ['x'], field: '', label: 'wrong type (whole body)' });
  }
  return out;
}

test('no operation answers 5xx to bad input, and a 400 names the field', { timeout: 30 * 60_000 }, async () => {
  const doc = (await app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as { paths: Record<string, Record<string, Operation>> };
  const headers = bearer(fx.tokens.admin);
  const failures: string[] = [];
  let operations = 0;
  let requests = 0;
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
      operations++;
      for (const r of requestsOf(path, method.toUpperCase(), op)) {
        requests++;
        const res = await app.inject({
          method: r.method as 'GET',
          url: r.url,
          headers: r.payload === undefined ? headers : { ...headers, 'content-type': 'application/json' },
          ...(r.payload !== undefined && { payload: JSON.stringify(r.payload) }),
        });
        const what = `${r.method} ${path} ${r.field || '(body)'}: ${r.label} -> ${res.statusCode}`;
        if (res.statusCode >= 500) {
          failures.push(`${what} ${res.body.slice(0, 200)}`);
          continue;
        }
        if (res.statusCode === 400 && r.field) {
          const error = (res.json() as { error?: { message?: string; fields?: { path: string }[] } }).error ?? {};
          // The field, or (when the generated request is wrong elsewhere first) the field that is: a 400 always says where.
          const named = (error.message ?? '').includes(r.field) || (error.fields ?? []).some((f) => f.path.length > 1);
          if (!named) failures.push(`${what} does not name the field: ${res.body.slice(0, 200)}`);
        }
      }
    }
  }
  console.log(`fuzz: ${operations} operations, ${requests} requests, ${failures.length} failures`);
  assert.ok(operations > 80, `the OpenAPI document lists every operation (${operations})`);
  assert.deepEqual(failures, []);
});
