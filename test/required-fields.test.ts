// Fields a pipeline requires before a deal may be won: set per pipeline (unknown fields refused), and a win with any
// of them empty is a 409 that names them, whether the deal is marked won or dropped on the won column.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { addOpportunity, bearer, type Fixture } from './helpers/fixtures.ts';
import { useTestServer } from './helpers/test-server.ts';

const { inject, db, deps, workspace, setUp } = useTestServer();
let f: Fixture;

setUp(async () => {
  f = await workspace('required');
});

const call = (method: 'GET' | 'POST' | 'PATCH', url: string, token: string, payload?: object) =>
  inject({ method, url, headers: bearer(token), ...(payload && { payload }) });
const requireToWin = (fields: string[], token = f.tokens.ops) => call('PATCH', `/api/pipelines/${f.pipelineId}`, token, { requiredToWin: fields });

describe('setting the fields a pipeline requires to win', () => {
  test('ops sets them and the pipeline shows them; an unknown field is a 400 naming it; sales may not set them', async () => {
    const unknown = await requireToWin(['paymentTerms', 'shoeSize']);
    assert.equal(unknown.statusCode, 400);
    assert.equal(unknown.json().error.fields.length, 1);
    assert.equal(unknown.json().error.fields[0].path, 'body:/requiredToWin/1');
    assert.match(unknown.json().error.fields[0].message, /"shoeSize" is not a deal field/);
    assert.equal((await requireToWin(['paymentTerms'], f.tokens.sales)).statusCode, 403);

    const set = await requireToWin(['paymentTerms', 'custom.po_number']);
    assert.equal(set.statusCode, 200, set.body);
    assert.deepEqual(set.json().requiredToWin, ['paymentTerms', 'custom.po_number']);
    const read = await call('GET', `/api/pipelines/${f.pipelineId}`, f.tokens.sales);
    assert.deepEqual(read.json().requiredToWin, ['paymentTerms', 'custom.po_number']);
    const audit = await db()
      .selectFrom('audit_log')
      .select('after')
      .where('entity_id', '=', f.pipelineId)
      .where('action', '=', 'pipeline.updated')
      .orderBy('at', 'desc')
      .executeTakeFirstOrThrow();
    assert.deepEqual((audit.after as { requiredToWin: string[] }).requiredToWin, ['paymentTerms', 'custom.po_number']);
  });

  test('the deal fields on offer are the standard ones and the custom fields deals use', async () => {
    const opp = await addOpportunity(deps(), f);
    await call('PATCH', `/api/opportunities/${opp.id}`, f.tokens.sales, { customFields: { region_code: 'EMEA' } });
    const res = await call('GET', '/api/deal-fields', f.tokens.sales);
    assert.equal(res.statusCode, 200, res.body);
    const keys = res.json().items.map((i: { key: string }) => i.key);
    assert.ok(keys.includes('paymentTerms') && keys.includes('amountMinor'), keys.join());
    assert.ok(keys.includes('custom.region_code'), keys.join());
  });
});

describe('winning with required fields', () => {
  test('a win with required fields empty is a 409 naming each by key and label; the deal stays open until they are filled', async () => {
    await requireToWin(['paymentTerms', 'custom.po_number']);
    const opp = await addOpportunity(deps(), f);
    const refused = await call('POST', `/api/opportunities/${opp.id}/win`, f.tokens.sales);
    assert.equal(refused.statusCode, 409, refused.body);
    const { error } = refused.json();
    assert.equal(error.code, 'opportunity.missing_fields');
    assert.deepEqual(error.details.missing, [
      { key: 'paymentTerms', label: 'Payment terms' },
      { key: 'custom.po_number', label: 'po_number (custom field)' },
    ]);
    assert.match(error.message, /Payment terms and po_number \(custom field\)/);
    assert.equal((await call('GET', `/api/opportunities/${opp.id}`, f.tokens.sales)).json().stageCategory, 'open');
    const outcomes = await db().selectFrom('deal_outcomes').select('id').where('opportunity_id', '=', opp.id).execute();
    assert.equal(outcomes.length, 0);

    await call('PATCH', `/api/opportunities/${opp.id}`, f.tokens.sales, { paymentTerms: 'net 30' });
    const stillMissing = await call('POST', `/api/opportunities/${opp.id}/win`, f.tokens.sales);
    assert.equal(stillMissing.statusCode, 409);
    assert.deepEqual(stillMissing.json().error.details.missing, [{ key: 'custom.po_number', label: 'po_number (custom field)' }]);

    await call('PATCH', `/api/opportunities/${opp.id}`, f.tokens.sales, { customFields: { po_number: 'PO-2211' } });
    const won = await call('POST', `/api/opportunities/${opp.id}/win`, f.tokens.sales);
    assert.equal(won.statusCode, 200, won.body);
    assert.equal(won.json().opportunity.stageCategory, 'won');
  });

  test('losing asks nothing of the fields required to win, and a pipeline with none wins as before', async () => {
    await requireToWin(['contractVersion']);
    const lost = await call('POST', `/api/opportunities/${(await addOpportunity(deps(), f)).id}/lose`, f.tokens.sales, { reason: 'No budget' });
    assert.equal(lost.statusCode, 200, lost.body);
    await requireToWin([]);
    const won = await call('POST', `/api/opportunities/${(await addOpportunity(deps(), f)).id}/win`, f.tokens.sales);
    assert.equal(won.statusCode, 200, won.body);
  });
});
