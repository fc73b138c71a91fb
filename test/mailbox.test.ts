// The mailbox and the document steps of rules: the workspace's outgoing mail through the API (list, filters, pages,
// the body and the PDF it carried, who may read it); submit_document and send_document as rule actions, once however
// often their trigger repeats, and never sending what is not approved; document numbers under concurrent generation;
// a rule naming a document template that does not exist is refused when it is saved.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { reopenDeal, winDeal } from '../src/flows/close-deal.flow.ts';
import { updateOpportunity } from '../src/flows/crm.flow.ts';
import { generateDocument, seedDocumentTemplates } from '../src/flows/documents.flow.ts';
import { useTestServer } from './helpers/test-server.ts';
import { addOpportunity, bearer, type Fixture } from './helpers/fixtures.ts';

const { inject, db, deps, drain, workspace } = useTestServer();

const call = (method: 'GET' | 'POST' | 'PATCH', url: string, token: string, payload?: object) =>
  inject({ method, url, headers: bearer(token), ...(payload && { payload }) });

/** A workspace whose deal has what a statement of work needs: terms, a scope, the sponsor's e-mail. */
async function readyWorkspace(): Promise<Fixture> {
  const fx = await workspace();
  await seedDocumentTemplates(deps(), { workspaceId: fx.workspace.id, actor: fx.users.admin.actor });
  await readyDeal(fx, fx.opportunity.id);
  return fx;
}

async function readyDeal(fx: Fixture, opportunityId: string): Promise<void> {
  const amount: number = (await call('GET', `/api/opportunities/${opportunityId}/terms`, fx.tokens.finance)).json().amountMinor;
  const terms = await call('PATCH', `/api/opportunities/${opportunityId}/terms`, fx.tokens.finance, {
    billingSchedule: {
      kind: 'milestones',
      milestones: [
        { name: 'Discovery signed off', amountMinor: 250_000 },
        { name: 'Go-live', amountMinor: amount - 250_000 },
      ],
    },
    paymentTerms: 'net 30',
    contractVersion: 'MSA v4.0',
  });
  assert.equal(terms.statusCode, 200, terms.body);
  await updateOpportunity(deps(), { workspaceId: fx.workspace.id, actor: fx.users.sales.actor }, opportunityId, {
    customFields: { scope: 'Roll out the scheduling module to the three Acme warehouses.' },
    ownerId: fx.users.sales.id,
  });
  await db().updateTable('contacts').set({ email: 'maria@acme.example' }).where('id', '=', fx.contacts.sponsor.id).execute();
  await db().updateTable('contacts').set({ email: 'chen@acme.example' }).where('id', '=', fx.contacts.tech.id).execute();
}

/** Generates, approves and sends a SOW through the API; the mailer (the mail folder) delivers it. */
async function sendSow(fx: Fixture, opportunityId = fx.opportunity.id): Promise<{ id: string; number: string }> {
  const generated = await call('POST', '/api/documents', fx.tokens.sales, { opportunityId, templateKey: 'sow' });
  assert.equal(generated.statusCode, 201, generated.body);
  const sow = generated.json();
  await call('POST', `/api/documents/${sow.id}/submit`, fx.tokens.sales);
  await call('POST', `/api/documents/${sow.id}/approve`, fx.tokens.finance);
  const sent = await call('POST', `/api/documents/${sow.id}/send`, fx.tokens.sales);
  assert.equal(sent.statusCode, 200, sent.body);
  return sow;
}

const stepsOf = (workspaceId: string, ruleKey: string) =>
  db()
    .selectFrom('rule_run_steps')
    .innerJoin('rule_runs', 'rule_runs.id', 'rule_run_steps.run_id')
    .innerJoin('rules', 'rules.id', 'rule_runs.rule_id')
    .select(['rule_run_steps.status', 'rule_run_steps.error', 'rule_run_steps.output', 'rule_run_steps.action_type', 'rule_runs.status as run_status'])
    .where('rules.key', '=', ruleKey)
    .where('rule_runs.workspace_id', '=', workspaceId)
    .execute();

describe('the mailbox', () => {
  test('a sent SOW shows in the mailbox: queued, then sent to the mail folder, with its document, its body and its PDF', async () => {
    const fx = await readyWorkspace();
    const sow = await sendSow(fx);
    const queued = await call('GET', '/api/mail', fx.tokens.ops);
    assert.equal(queued.statusCode, 200, queued.body);
    assert.equal(queued.json().items.length, 1);
    const item = queued.json().items[0];
    assert.deepEqual([item.to, item.status, item.transport, item.sentAt], ['maria@acme.example', 'queued', null, null]);
    assert.match(item.subject, new RegExp(`Statement of work ${sow.number}`));
    assert.deepEqual(item.document, {
      id: sow.id,
      number: sow.number,
      title: `Statement of work ${sow.number}`,
      revision: 1,
      opportunityId: fx.opportunity.id,
      opportunityName: 'Acme rollout',
    });
    assert.deepEqual(item.attachment, { name: `${sow.number}.pdf`, contentType: 'application/pdf' });

    await drain();
    const detail = await call('GET', `/api/mail/${item.id}`, fx.tokens.sales);
    assert.equal(detail.statusCode, 200, detail.body);
    assert.deepEqual([detail.json().status, detail.json().transport], ['sent', 'file']);
    assert.ok(detail.json().sentAt, 'the delivery time is recorded');
    assert.match(detail.json().body, /Please find attached Statement of work/);

    const pdf = await call('GET', `/api/mail/${item.id}/attachment`, fx.tokens.cs);
    assert.equal(pdf.statusCode, 200);
    assert.equal(pdf.headers['content-type'], 'application/pdf');
    assert.match(String(pdf.headers['content-disposition']), new RegExp(`${sow.number}\\.pdf`));
    assert.equal(pdf.rawPayload.subarray(0, 5).toString(), '%PDF-');
  });

  test('the list filters by status, transport, document, deal and words, pages newest first, and keeps to its workspace', async () => {
    const fx = await readyWorkspace();
    const second = await addOpportunity(deps(), fx, 'Acme second site');
    await readyDeal(fx, second.id);
    const first = await sendSow(fx);
    await drain();
    const later = await sendSow(fx, second.id);

    const all = (await call('GET', '/api/mail', fx.tokens.admin)).json().items;
    assert.deepEqual(
      all.map((m: { document: { id: string } }) => m.document.id),
      [later.id, first.id],
      'newest first',
    );
    const sent = (await call('GET', '/api/mail?status=sent', fx.tokens.admin)).json().items;
    assert.deepEqual(
      sent.map((m: { document: { id: string } }) => m.document.id),
      [first.id],
    );
    assert.equal((await call('GET', '/api/mail?status=queued&transport=file', fx.tokens.admin)).json().items.length, 0);
    assert.equal((await call('GET', `/api/mail?documentId=${later.id}`, fx.tokens.admin)).json().items.length, 1);
    assert.equal((await call('GET', `/api/mail?opportunityId=${second.id}`, fx.tokens.admin)).json().items[0].document.id, later.id);
    assert.equal((await call('GET', `/api/mail?q=${encodeURIComponent(first.number)}`, fx.tokens.admin)).json().items.length, 1);

    const page1 = (await call('GET', '/api/mail?limit=1', fx.tokens.admin)).json();
    assert.equal(page1.items.length, 1);
    assert.ok(page1.next);
    const page2 = (await call('GET', `/api/mail?limit=1&cursor=${page1.next}`, fx.tokens.admin)).json();
    assert.deepEqual([page2.items[0].document.id, page2.next], [first.id, null]);

    const other = await workspace();
    assert.deepEqual((await call('GET', '/api/mail', other.tokens.admin)).json().items, [], "another workspace's mail is not listed");
    assert.equal((await call('GET', `/api/mail/${all[0].id}`, other.tokens.admin)).statusCode, 404);
  });

  test('finance, legal and pm may not read the mailbox; a bad filter is a 400 naming it', async () => {
    const fx = await workspace();
    for (const role of ['finance', 'legal', 'pm'] as const) assert.equal((await call('GET', '/api/mail', fx.tokens[role])).statusCode, 403, role);
    for (const role of ['admin', 'ops', 'sales', 'cs'] as const) assert.equal((await call('GET', '/api/mail', fx.tokens[role])).statusCode, 200, role);
    const bad = await call('GET', '/api/mail?status=lost', fx.tokens.admin);
    assert.equal(bad.statusCode, 400);
    assert.match(bad.json().error.fields[0].path, /status/);
  });

  test('the mailbox routes are in the OpenAPI document', async () => {
    const spec = (await inject({ method: 'GET', url: '/api/openapi.json' })).json();
    for (const path of ['/api/mail', '/api/mail/{id}', '/api/mail/{id}/attachment']) assert.ok(spec.paths[path]?.get, path);
  });
});

describe('the submit_document and send_document rule actions', () => {
  test('won -> SOW drafted -> submitted by a rule; approved -> sent by a rule to the primary contact, once however often the triggers repeat', async () => {
    const fx = await readyWorkspace();
    const catalog = (await call('GET', '/api/rules/catalog', fx.tokens.ops)).json();
    for (const type of ['submit_document', 'send_document'])
      assert.equal(catalog.actions.find((a: { type: string }) => a.type === type)?.params[0].kind, 'document_template', type);
    const won = await call('POST', '/api/rules', fx.tokens.ops, {
      key: 'won-sow',
      name: 'Won: SOW to review',
      trigger: { type: 'event', event: 'deal.won' },
      actions: [
        { key: 'draft', type: 'generate_document', params: { template: 'sow', review: 'draft' } },
        { key: 'submit', type: 'submit_document', params: { template: 'sow' } },
      ],
    });
    assert.equal(won.statusCode, 201, won.body);
    const approved = await call('POST', '/api/rules', fx.tokens.ops, {
      key: 'approved-send',
      name: 'Approved: send the SOW',
      trigger: { type: 'event', event: 'document.approved' },
      actions: [{ key: 'send', type: 'send_document', params: { template: 'sow', recipientType: 'primary_contact' } }],
    });
    assert.equal(approved.statusCode, 201, approved.body);

    const ctx = { workspaceId: fx.workspace.id, opportunityId: fx.opportunity.id, actor: fx.users.sales.actor };
    await winDeal(deps(), ctx);
    await drain();
    let docs = (await call('GET', `/api/documents?opportunityId=${fx.opportunity.id}`, fx.tokens.sales)).json().items;
    assert.deepEqual(
      docs.map((d: { status: string }) => d.status),
      ['in_review'],
      'the rule drafted the SOW and put it in review',
    );

    await reopenDeal(deps(), ctx);
    await winDeal(deps(), ctx);
    await drain();
    const submitSteps = (await stepsOf(fx.workspace.id, 'won-sow')).filter((s) => s.action_type === 'submit_document');
    assert.ok(submitSteps.length >= 1);
    assert.ok(
      submitSteps.every((s) => s.status === 'succeeded' || s.status === 'skipped'),
      JSON.stringify(submitSteps),
    );

    assert.equal((await call('POST', `/api/documents/${docs[0].id}/approve`, fx.tokens.finance)).statusCode, 200);
    await drain();
    await call('POST', `/api/documents/${docs[0].id}/approve`, fx.tokens.legal);
    await drain();
    docs = (await call('GET', `/api/documents?opportunityId=${fx.opportunity.id}`, fx.tokens.sales)).json().items;
    assert.equal(docs.length, 1, 'one SOW however often the deal is won');
    assert.deepEqual([docs.length, docs[0].status, docs[0].sentTo, docs[0].delivery.status], [1, 'sent', 'maria@acme.example', 'sent']);
    const mail = (await call('GET', '/api/mail', fx.tokens.ops)).json().items;
    assert.equal(mail.length, 1, 'one e-mail however often the triggers repeat');
    const sendSteps = await stepsOf(fx.workspace.id, 'approved-send');
    assert.ok(sendSteps.some((s) => s.status === 'succeeded' && /e-mailed to maria@acme\.example/.test(String((s.output as { summary?: string }).summary))));
  });

  test('send_document on a document not yet approved sends nothing and says why in the run log (retried, then failed)', async () => {
    const fx = await readyWorkspace();
    const rule = await call('POST', '/api/rules', fx.tokens.ops, {
      key: 'submitted-send',
      name: 'Submitted: send at once (wrong)',
      trigger: { type: 'event', event: 'document.submitted' },
      actions: [{ key: 'send', type: 'send_document', params: { template: 'sow', recipientType: 'contact_role', recipient: 'technical' } }],
    });
    assert.equal(rule.statusCode, 201, rule.body);
    const sow = (await call('POST', '/api/documents', fx.tokens.sales, { opportunityId: fx.opportunity.id, templateKey: 'sow' })).json();
    await call('POST', `/api/documents/${sow.id}/submit`, fx.tokens.sales);
    await drain({ runs: { maxAttempts: 1 } });
    const steps = await stepsOf(fx.workspace.id, 'submitted-send');
    assert.equal(steps.length, 1);
    assert.equal(steps[0]!.status, 'failed');
    assert.match(String(steps[0]!.error), /in review, not approved: it is not sent/);
    assert.equal(steps[0]!.run_status, 'failed', 'the run shows it failed, not that it succeeded');
    assert.deepEqual((await call('GET', '/api/mail', fx.tokens.ops)).json().items, []);
    assert.equal((await call('GET', `/api/documents/${sow.id}`, fx.tokens.sales)).json().document.status, 'in_review');
  });

  test("send_document to a buying role e-mails the client's contacts with that role", async () => {
    const fx = await readyWorkspace();
    await call('POST', '/api/rules', fx.tokens.ops, {
      key: 'approved-tech',
      name: 'Approved: send to the technical contact',
      trigger: { type: 'event', event: 'document.approved' },
      actions: [{ key: 'send', type: 'send_document', params: { template: 'sow', recipientType: 'contact_role', recipient: 'technical' } }],
    });
    const sow = (await call('POST', '/api/documents', fx.tokens.sales, { opportunityId: fx.opportunity.id, templateKey: 'sow' })).json();
    await call('POST', `/api/documents/${sow.id}/submit`, fx.tokens.sales);
    await call('POST', `/api/documents/${sow.id}/approve`, fx.tokens.finance);
    await drain();
    const mail = (await call('GET', '/api/mail', fx.tokens.ops)).json().items;
    assert.deepEqual(
      mail.map((m: { to: string; status: string }) => [m.to, m.status]),
      [['chen@acme.example', 'sent']],
    );
  });

  test('a rule naming a document template that does not exist, or a send without its recipient, is a 400 naming the field', async () => {
    const fx = await readyWorkspace();
    for (const type of ['generate_document', 'submit_document', 'send_document']) {
      const res = await call('POST', '/api/rules', fx.tokens.ops, {
        key: `bad-${type}`,
        name: `Bad ${type}`,
        trigger: { type: 'event', event: 'deal.won' },
        actions: [{ key: 'a', type, params: { template: 'sow_v2', ...(type === 'send_document' && { recipientType: 'primary_contact' }) } }],
      });
      assert.equal(res.statusCode, 400, `${type}: ${res.body}`);
      const field = res.json().error.fields.find((x: { path: string }) => /params\/template$/.test(x.path));
      assert.ok(field, res.body);
      assert.match(field.message, /no document template with key "sow_v2"/);
    }
    const noRole = await call('POST', '/api/rules', fx.tokens.ops, {
      key: 'bad-recipient',
      name: 'Bad recipient',
      trigger: { type: 'event', event: 'document.approved' },
      actions: [{ key: 'a', type: 'send_document', params: { template: 'sow', recipientType: 'role' } }],
    });
    assert.equal(noRole.statusCode, 400);
    assert.match(noRole.json().error.fields[0].path, /params\/recipient$/);
    const rules = (await call('GET', '/api/rules', fx.tokens.ops)).json().items;
    assert.ok(!rules.some((r: { key: string }) => r.key.startsWith('bad-')), 'nothing was saved');
  });
});

describe('document numbers', () => {
  test('twelve documents generated at once in a workspace get twelve different numbers', async () => {
    const fx = await readyWorkspace();
    const deals = [fx.opportunity.id];
    for (let i = 0; i < 3; i++) {
      const deal = await addOpportunity(deps(), fx, `Acme site ${i}`);
      await readyDeal(fx, deal.id);
      deals.push(deal.id);
    }
    const ctx = { workspaceId: fx.workspace.id, actor: fx.users.sales.actor };
    const now = new Date();
    const made = await Promise.all(
      deals.flatMap((opportunityId) =>
        ['sow', 'sow', 'service_agreement_summary'].map((templateKey, i) =>
          generateDocument(deps(), ctx, { opportunityId, templateKey, now, idempotencyKey: `${opportunityId}:${templateKey}:${i}` }),
        ),
      ),
    );
    const numbers = made.map((m) => m.document.number.replace(/^.*-/, ''));
    assert.equal(new Set(numbers).size, 12, numbers.join(' '));
  });
});
