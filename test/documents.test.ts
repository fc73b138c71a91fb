// Client documents through the API: the starting templates, strict Liquid (missing data listed, never blank; no
// files, environment or prototypes), versions, the HTML preview and the PDF, the review (submit, approve, reject
// and a new revision) with its roles, and sending the PDF over SMTP to a real server on loopback.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { reopenDeal, winDeal } from '../src/flows/close-deal.flow.ts';
import { updateOpportunity } from '../src/flows/crm.flow.ts';
import { seedDocumentTemplates } from '../src/flows/documents.flow.ts';
import { bearer, type Fixture } from './helpers/fixtures.ts';
import { useTestServer } from './helpers/test-server.ts';

const { inject, db, deps, automation, drain, workspace, setUp } = useTestServer();
let f: Fixture;

setUp(async () => {
  f = await workspace('docs');
  await seedDocumentTemplates(deps(), { workspaceId: f.workspace.id, actor: f.users.admin.actor });
});

const call = (method: 'GET' | 'POST' | 'PATCH', url: string, token: string, payload?: object) =>
  inject({ method, url, headers: bearer(token), ...(payload && { payload }) });

async function templateId(key: string): Promise<string> {
  const res = await call('GET', '/api/document-templates', f.tokens.sales);
  return res.json().items.find((t: { key: string }) => t.key === key).id;
}

/** Gives the fixture's deal what a statement of work needs: terms, a scope, the sponsor's e-mail. */
async function completeDeal(fx: Fixture = f): Promise<void> {
  const terms = await call('PATCH', `/api/opportunities/${fx.opportunity.id}/terms`, fx.tokens.finance, {
    billingSchedule: {
      kind: 'milestones',
      milestones: [
        { name: 'Discovery signed off', amountMinor: 250_000 },
        { name: 'Go-live', amountMinor: 1_000_000 },
      ],
    },
    paymentTerms: 'net 30',
    contractVersion: 'MSA v4.0',
    clauses: [{ title: 'Termination for convenience', text: 'Either party may end the agreement with 60 days notice.' }],
  });
  assert.equal(terms.statusCode, 200, terms.body);
  await updateOpportunity(deps(), { workspaceId: fx.workspace.id, actor: fx.users.sales.actor }, fx.opportunity.id, {
    customFields: { scope: 'Roll out the scheduling module to the three Acme warehouses.' },
  });
  await db().updateTable('contacts').set({ email: 'maria@acme.example' }).where('id', '=', fx.contacts.sponsor.id).execute();
}

async function pdfText(buffer: Buffer): Promise<{ pages: number; text: string[] }> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const pdf = await pdfjs.getDocument({ data: new Uint8Array(buffer), verbosity: 0 }).promise;
  const text: string[] = [];
  for (let p = 1; p <= pdf.numPages; p++) {
    const content = await (await pdf.getPage(p)).getTextContent();
    text.push(content.items.map((i) => ('str' in i ? i.str : '')).join(' '));
  }
  return { pages: pdf.numPages, text };
}

describe('templates', () => {
  test('a workspace starts with the statement of work, the welcome packet and the service agreement summary', async () => {
    const res = await call('GET', '/api/document-templates', f.tokens.finance);
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(
      res
        .json()
        .items.map((t: { key: string }) => t.key)
        .sort(),
      ['service_agreement_summary', 'sow', 'welcome_packet'],
    );
    const sow = res.json().items.find((t: { key: string }) => t.key === 'sow');
    assert.ok(sow.requiredFields.includes('terms.billing_schedule'));
    for (const section of [
      'Parties',
      'Scope and deliverables',
      'Milestones',
      'Fees and billing schedule',
      'Payment terms',
      'Acceptance process',
      'Out of scope',
    ])
      assert.ok(sow.body.includes(`## ${section}`), section);
  });

  test('a template reaching for files, the environment, prototypes or an unknown filter is refused with a 400 and nothing leaks', async () => {
    const attempts = [
      '{{ constructor }}',
      "{% include '/etc/passwd' %}",
      "{% render '/etc/passwd' %}",
      "{% layout '/etc/passwd' %}",
      '{{ process.env }}',
      '{{ deal.name | shell }}',
      '{{ global.process }}',
    ];
    for (const body of attempts) {
      const res = await call('POST', '/api/document-templates', f.tokens.admin, { key: 'evil', name: 'Evil', body, requiredFields: [] });
      assert.equal(res.statusCode, 400, `${body}: ${res.body}`);
      assert.equal(res.json().error.fields[0].path, 'body:/body');
      assert.doesNotMatch(res.body, /root:|PATH=|HOME=|function Object/);
    }
    const field = await call('POST', '/api/document-templates', f.tokens.admin, { key: 'evil', name: 'Evil', body: 'x', requiredFields: ['process.env'] });
    assert.equal(field.statusCode, 400);
    assert.equal(field.json().error.fields[0].path, 'body:/requiredFields/0');
  });

  test("a deal's data offers no prototype: deal.constructor or __proto__ is missing data, not an object", async () => {
    const sow = await templateId('sow');
    for (const body of ['{{ deal.constructor }}', '{{ deal.__proto__ }}', '{{ deal.custom.constructor.name }}', '{{ contacts.constructor }}']) {
      const res = await call('POST', `/api/document-templates/${sow}/preview`, f.tokens.sales, { opportunityId: f.opportunity.id, body, requiredFields: [] });
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(res.json().html, null, body);
      assert.equal(res.json().missing.length, 1, body);
    }
  });

  test('changing the body makes a new version; renaming does not', async () => {
    const created = await call('POST', '/api/document-templates', f.tokens.pm, {
      key: 'kickoff_note',
      name: 'Kickoff note',
      body: '# Kickoff for {{ account.name }}',
      requiredFields: ['account.name'],
    });
    assert.equal(created.statusCode, 201, created.body);
    assert.equal(created.json().version, 1);
    const renamed = await call('PATCH', `/api/document-templates/${created.json().id}`, f.tokens.pm, { name: 'Kickoff letter' });
    assert.equal(renamed.json().version, 1);
    const changed = await call('PATCH', `/api/document-templates/${created.json().id}`, f.tokens.pm, { body: '# Kickoff letter for {{ account.name }}' });
    assert.equal(changed.statusCode, 200, changed.body);
    assert.equal(changed.json().version, 2);
    const detail = await call('GET', `/api/document-templates/${created.json().id}`, f.tokens.sales);
    assert.deepEqual(
      detail.json().versions.map((v: { version: number }) => v.version),
      [2, 1],
    );
    const forbidden = await call('PATCH', `/api/document-templates/${created.json().id}`, f.tokens.sales, { name: 'Mine' });
    assert.equal(forbidden.statusCode, 403);
  });
});

test('every document route is in the OpenAPI document', async () => {
  const doc = (await inject({ method: 'GET', url: '/api/openapi.json' })).json();
  for (const path of [
    '/api/opportunities/{id}/terms',
    '/api/document-templates',
    '/api/document-templates/{id}',
    '/api/document-templates/{id}/preview',
    '/api/documents',
    '/api/documents/{id}',
    '/api/documents/{id}/pdf',
    '/api/documents/{id}/submit',
    '/api/documents/{id}/approve',
    '/api/documents/{id}/reject',
    '/api/documents/{id}/send',
  ])
    assert.ok(doc.paths[path], `${path} in the OpenAPI document`);
});

describe('documents', () => {
  test('generating the SOW for a deal without terms or scope stops with a 409 listing exactly what is missing', async () => {
    const res = await call('POST', '/api/documents', f.tokens.sales, { opportunityId: f.opportunity.id, templateKey: 'sow' });
    assert.equal(res.statusCode, 409, res.body);
    assert.equal(res.json().error.code, 'document.missing_data');
    assert.deepEqual(res.json().error.details.missing, ['terms.billing_schedule', 'terms.payment_terms', 'scope.summary', 'scope.milestones']);
    const listed = await call('GET', `/api/documents?opportunityId=${f.opportunity.id}`, f.tokens.sales);
    assert.deepEqual(listed.json().items, [], 'nothing was generated');
  });

  test('a variable the template uses but does not declare, and the deal lacks, stops generation too (never a blank)', async () => {
    const created = await call('POST', '/api/document-templates', f.tokens.admin, {
      key: 'close_note',
      name: 'Close note',
      body: '# {{ deal.name }}\n\nClosed on {{ deal.close_date }} by {{ project.owner_name }}.',
      requiredFields: [],
    });
    assert.equal(created.statusCode, 201, created.body);
    const res = await call('POST', '/api/documents', f.tokens.sales, { opportunityId: f.opportunity.id, templateId: created.json().id });
    assert.equal(res.statusCode, 409, res.body);
    assert.deepEqual(res.json().error.details.missing, ['project'], 'the deal has no project at all');
  });

  test('with its terms and scope the SOW previews as HTML, generates a draft with its data, and downloads as a PDF', async () => {
    await completeDeal();
    const sow = await templateId('sow');
    const preview = await call('POST', `/api/document-templates/${sow}/preview`, f.tokens.sales, { opportunityId: f.opportunity.id });
    assert.equal(preview.statusCode, 200, preview.body);
    assert.deepEqual(preview.json().missing, []);
    assert.match(preview.json().html, /<h2>Fees and billing schedule<\/h2>/);
    assert.match(preview.json().html, /<td>Go-live<\/td><td>€10,000.00<\/td>/);
    assert.match(preview.json().html, /<td>Client<\/td><td>Acme docs<\/td><td>Maria Garcia \(maria@acme.example\)<\/td>/);

    const res = await call('POST', '/api/documents', f.tokens.sales, { opportunityId: f.opportunity.id, templateKey: 'sow' });
    assert.equal(res.statusCode, 201, res.body);
    const doc = res.json();
    assert.equal(doc.status, 'draft');
    assert.equal(doc.templateVersion, 1);
    assert.match(doc.number, /^SOW-\d{4}-\d{4}$/);
    const detail = (await call('GET', `/api/documents/${doc.id}`, f.tokens.finance)).json();
    assert.equal(detail.data.terms.payment_terms, 'net 30');
    assert.match(detail.html, /Roll out the scheduling module/);

    const pdf = await call('GET', `/api/documents/${doc.id}/pdf`, f.tokens.finance);
    assert.equal(pdf.statusCode, 200);
    assert.equal(pdf.headers['content-type'], 'application/pdf');
    const { pages, text } = await pdfText(pdf.rawPayload);
    assert.ok(pages >= 1);
    assert.match(text[0]!, /Statement of work SOW-/);
    assert.match(text[0]!, /Workspace docs/);
    assert.match(text.join(' '), /Fees and billing schedule/);
    assert.match(text.join(' '), /Termination|net 30/);
    text.forEach((page, i) => assert.match(page, new RegExp(`Page ${i + 1} of ${pages}`)));
  });

  test('a long document runs over several pages, each numbered "n of m"', async () => {
    const clauses = Array.from({ length: 30 }, (_, i) => ({ title: `Clause ${i + 1}`, text: 'The parties agree to the following. '.repeat(12) }));
    const set = await call('PATCH', `/api/opportunities/${f.opportunity.id}/terms`, f.tokens.legal, { clauses });
    assert.equal(set.statusCode, 200, set.body);
    const res = await call('POST', '/api/documents', f.tokens.sales, { opportunityId: f.opportunity.id, templateKey: 'service_agreement_summary' });
    assert.equal(res.statusCode, 201, res.body);
    const { pages, text } = await pdfText((await call('GET', `/api/documents/${res.json().id}/pdf`, f.tokens.sales)).rawPayload);
    assert.ok(pages >= 3, `${pages} pages`);
    assert.match(text[pages - 1]!, new RegExp(`Page ${pages} of ${pages}`));
    assert.match(text.join(' '), /Clause 30/);
  });

  test('review: finance rejects with a comment, the next revision keeps the number, legal approves it; sales may not approve', async () => {
    const first = (await call('POST', '/api/documents', f.tokens.sales, { opportunityId: f.opportunity.id, templateKey: 'welcome_packet' })).json();
    assert.equal((await call('POST', `/api/documents/${first.id}/approve`, f.tokens.finance)).statusCode, 409, 'a draft is not in review');
    const submitted = await call('POST', `/api/documents/${first.id}/submit`, f.tokens.sales);
    assert.equal(submitted.json().status, 'in_review');
    assert.equal((await call('POST', `/api/documents/${first.id}/approve`, f.tokens.sales)).statusCode, 403);
    const noComment = await call('POST', `/api/documents/${first.id}/reject`, f.tokens.finance, { comment: '' });
    assert.equal(noComment.statusCode, 400);
    const rejected = await call('POST', `/api/documents/${first.id}/reject`, f.tokens.finance, { comment: 'Name the project manager' });
    assert.deepEqual([rejected.json().status, rejected.json().reviewComment], ['rejected', 'Name the project manager']);
    assert.equal((await call('POST', `/api/documents/${first.id}/send`, f.tokens.sales)).statusCode, 409, 'a rejected document is not sent');

    const second = (await call('POST', '/api/documents', f.tokens.sales, { opportunityId: f.opportunity.id, templateKey: 'welcome_packet' })).json();
    assert.deepEqual([second.number, second.revision, second.replacesId], [first.number, 2, first.id]);
    await call('POST', `/api/documents/${second.id}/submit`, f.tokens.sales);
    const approved = await call('POST', `/api/documents/${second.id}/approve`, f.tokens.legal, { comment: 'Fine' });
    assert.deepEqual([approved.json().status, approved.json().decidedBy], ['approved', 'token legal token']);
    const events = await db()
      .selectFrom('outbox_events')
      .select(['type', 'payload'])
      .where('workspace_id', '=', f.workspace.id)
      .where('type', 'like', 'document.%')
      .execute();
    const ofFirst = events.filter((e) => (e.payload as { number?: string }).number === first.number).map((e) => e.type);
    for (const type of ['document.generated', 'document.submitted', 'document.rejected', 'document.approved']) assert.ok(ofFirst.includes(type), type);
  });

  test('sending e-mails the approved SOW with its PDF to a real SMTP server on loopback, and records the delivery', async () => {
    const received: string[] = [];
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      onData(stream, _session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          received.push(Buffer.concat(chunks).toString('utf8'));
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.server.address() as AddressInfo).port;
    try {
      const sow = (await call('POST', '/api/documents', f.tokens.sales, { opportunityId: f.opportunity.id, templateKey: 'sow' })).json();
      assert.equal((await call('POST', `/api/documents/${sow.id}/send`, f.tokens.sales)).statusCode, 409, 'not before it is approved');
      await call('POST', `/api/documents/${sow.id}/submit`, f.tokens.sales);
      await call('POST', `/api/documents/${sow.id}/approve`, f.tokens.finance);
      assert.equal((await call('POST', `/api/documents/${sow.id}/send`, f.tokens.finance)).statusCode, 403, 'finance approves, it does not send');
      const sent = await call('POST', `/api/documents/${sow.id}/send`, f.tokens.sales);
      assert.equal(sent.statusCode, 200, sent.body);
      assert.deepEqual([sent.json().status, sent.json().sentTo, sent.json().delivery.status], ['sent', 'maria@acme.example', 'queued']);

      const worker = automation({ smtpUrl: `smtp://127.0.0.1:${port}` });
      await worker.drain();
      assert.equal(received.length, 1);
      const mail = received[0]!;
      assert.match(mail, /To: maria@acme.example/);
      assert.match(mail, new RegExp(`Subject: Statement of work ${sow.number}`));
      assert.match(mail, new RegExp(`Content-Type: application/pdf; name=${sow.number}.pdf`));
      const base64 = /Content-Disposition: attachment[^\n]*\r?\n(?:[^\r\n]+\r?\n)*\r?\n([A-Za-z0-9+/=\r\n]+)/.exec(mail)?.[1];
      assert.ok(base64, 'the PDF is attached as base64');
      const { text } = await pdfText(Buffer.from(base64.replace(/\s+/g, ''), 'base64'));
      assert.match(text[0]!, /Statement of work/);

      const after = (await call('GET', `/api/documents/${sow.id}`, f.tokens.sales)).json().document;
      assert.deepEqual([after.delivery.status, after.delivery.transport], ['sent', 'smtp']);
      assert.ok(after.delivery.sentAt);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});

describe('the generate_document rule action', () => {
  test('a won deal gets its SOW from a rule, in review, once: winning it again after a reopen makes no second document', async () => {
    const fx = await workspace();
    await seedDocumentTemplates(deps(), { workspaceId: fx.workspace.id, actor: fx.users.admin.actor });
    await completeDeal(fx);
    const catalog = (await call('GET', '/api/rules/catalog', fx.tokens.ops)).json();
    const action = catalog.actions.find((a: { type: string }) => a.type === 'generate_document');
    assert.equal(action.params[0].kind, 'document_template');
    assert.ok(catalog.names.documentTemplates.some((t: { value: string }) => t.value === 'sow'));
    const rule = await call('POST', '/api/rules', fx.tokens.ops, {
      key: 'won-sow',
      name: 'Won: statement of work',
      trigger: { type: 'event', event: 'deal.won' },
      actions: [{ key: 'sow', type: 'generate_document', params: { template: 'sow' } }],
    });
    assert.equal(rule.statusCode, 201, rule.body);
    const ctx = { workspaceId: fx.workspace.id, opportunityId: fx.opportunity.id, actor: fx.users.sales.actor };
    await winDeal(deps(), ctx);
    await drain();
    await reopenDeal(deps(), ctx);
    await winDeal(deps(), ctx);
    await drain();
    const docs = (await call('GET', `/api/documents?opportunityId=${fx.opportunity.id}`, fx.tokens.sales)).json().items;
    assert.equal(docs.length, 1, 'one SOW however often the deal is won');
    assert.deepEqual([docs[0].templateKey, docs[0].status], ['sow', 'in_review']);
    assert.ok(docs[0].originRunId, 'the document names the run that made it');
    const runs = await db()
      .selectFrom('rule_runs')
      .innerJoin('rules', 'rules.id', 'rule_runs.rule_id')
      .select('rule_runs.status')
      .where('rules.key', '=', 'won-sow')
      .where('rule_runs.workspace_id', '=', fx.workspace.id)
      .execute();
    assert.ok(runs.length >= 1);
    assert.ok(
      runs.every((r) => r.status === 'succeeded'),
      JSON.stringify(runs),
    );
  });

  test('a rule naming a deal without the data fails its step with the list of what is missing, and makes nothing', async () => {
    const fx = await workspace();
    await seedDocumentTemplates(deps(), { workspaceId: fx.workspace.id, actor: fx.users.admin.actor });
    await call('POST', '/api/rules', fx.tokens.ops, {
      key: 'won-sow',
      name: 'Won: statement of work',
      trigger: { type: 'event', event: 'deal.won' },
      actions: [{ key: 'sow', type: 'generate_document', params: { template: 'sow' } }],
    });
    await winDeal(deps(), { workspaceId: fx.workspace.id, opportunityId: fx.opportunity.id, actor: fx.users.sales.actor });
    await drain();
    const docs = (await call('GET', `/api/documents?opportunityId=${fx.opportunity.id}`, fx.tokens.sales)).json().items;
    assert.deepEqual(docs, []);
    const steps = await db()
      .selectFrom('rule_run_steps')
      .innerJoin('rule_runs', 'rule_runs.id', 'rule_run_steps.run_id')
      .innerJoin('rules', 'rules.id', 'rule_runs.rule_id')
      .select(['rule_run_steps.error'])
      .where('rules.key', '=', 'won-sow')
      .where('rule_runs.workspace_id', '=', fx.workspace.id)
      .execute();
    assert.ok(
      steps.some((s) => /terms\.billing_schedule, terms\.payment_terms/.test(String(s.error))),
      JSON.stringify(steps),
    );
  });
});
