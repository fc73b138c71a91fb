// Inbound deal events from HubSpot, Pipedrive, Salesforce and the generic endpoint: each authenticated by its sender's
// scheme, stored raw, applied once (a replay or an older event changes nothing), a won deal running Baton's handoff.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, createHmac } from 'node:crypto';
import { sql } from 'kysely';
import { hubspotV1, hubspotV2 } from '../src/adapters/crm/signatures.ts';
import { newId } from '../src/adapters/db/ids.ts';
import { addDelivery, bearer, type Fixture } from './helpers/fixtures.ts';
import { useTestServer } from './helpers/test-server.ts';

const { inject, db, deps, drain, workspace, setUp } = useTestServer();
let f: Fixture;

setUp(async () => {
  f = await workspace();
  await addDelivery(deps(), f);
});

const admin = {
  get: (url: string) => inject({ method: 'GET', url, headers: bearer(f.tokens.admin) }),
  post: (url: string, payload?: unknown) => inject({ method: 'POST', url, headers: bearer(f.tokens.admin), payload: (payload ?? {}) as object }),
  patch: (url: string, payload: unknown) => inject({ method: 'PATCH', url, headers: bearer(f.tokens.admin), payload: payload as object }),
};

async function connect(input: Record<string, unknown>) {
  const res = await admin.post('/api/inbound-connections', input);
  assert.equal(res.statusCode, 201, res.body);
  return res.json() as { id: string; endpoint: string; secrets: Record<string, string> };
}

const events = async (connectionId: string) =>
  (await admin.get(`/api/inbound-connections/${connectionId}/events?limit=100`)).json().items as {
    id: string;
    status: string;
    outcome: string | null;
    externalId: string | null;
    raw: string;
    opportunity: { id: string; name: string } | null;
  }[];

/** The Baton deal linked to a sender's deal id. */
async function dealOf(connectionId: string, externalId: string) {
  const link = await db()
    .selectFrom('inbound_links')
    .select('opportunity_id')
    .where('connection_id', '=', connectionId)
    .where('entity_type', '=', 'opportunity')
    .where('external_id', '=', externalId)
    .executeTakeFirst();
  if (!link?.opportunity_id) return undefined;
  const res = await admin.get(`/api/opportunities/${link.opportunity_id}`);
  return res.json() as { id: string; name: string; stageCategory: string; amountMinor: number; closeDate: string | null; accountId: string };
}

const count = async (table: 'deal_outcomes' | 'projects', opportunityId: string) =>
  (
    await sql<{
      n: number;
    }>`select count(*)::int as n from ${sql.table(table === 'projects' ? 'project_deals' : table)} where opportunity_id = ${opportunityId}`.execute(db())
  ).rows[0]!.n;

// ---- HubSpot

const hubspotSecret = 'hs-client-secret-7f3a';
/** v3 computed here, from HubSpot's documented recipe, not with Baton's code. */
const v3 = (method: string, uri: string, body: string, timestamp: string) =>
  createHmac('sha256', hubspotSecret)
    .update(method + uri + body + timestamp)
    .digest('base64');

test("HubSpot's documented v1 and v2 signature examples come out as documented", () => {
  const secret = 'yyyyyyyy-yyyy-yyyy-yyyy-yyyyyyyyyyyy';
  const body =
    '[{"eventId":1,"subscriptionId":12345,"portalId":62515,"occurredAt":1564113600000,"subscriptionType":"contact.creation","attemptNumber":0,"objectId":123,"changeSource":"CRM","changeFlag":"NEW","appId":54321}]';
  assert.equal(hubspotV1(secret, body), '232db2615f3d666fe21a8ec971ac7b5402d33b9a925784df3ca654d05f4817de');
  assert.equal(hubspotV2(secret, 'GET', 'https://www.example.com/webhook_uri', ''), 'eee2dddcc73c94d699f5e395f4b9d454a069a6855fbfa152e91e88823087200e');
  // And as plain SHA-256 over the documented source strings.
  assert.equal(
    hubspotV1(secret, body),
    createHash('sha256')
      .update(secret + body)
      .digest('hex'),
  );
});

test('HubSpot v3: a custom pipeline stage mapped to won creates the deal and runs the handoff a win in Baton runs', async () => {
  const c = await connect({
    name: 'HubSpot EU',
    kind: 'hubspot',
    secrets: { clientSecret: hubspotSecret },
    publicUrl: 'https://baton.example.com',
    stageMap: [{ pipeline: '2231873', won: ['2231880'], lost: ['2231881'] }],
  });
  const uri = `https://baton.example.com${c.endpoint}`;
  const now = Date.now();
  const body = JSON.stringify([
    {
      eventId: 3001,
      subscriptionId: 11,
      portalId: 62515,
      appId: 54321,
      occurredAt: now - 3000,
      subscriptionType: 'deal.creation',
      attemptNumber: 0,
      objectId: 9101,
      changeSource: 'CRM',
    },
    {
      eventId: 3002,
      subscriptionId: 12,
      portalId: 62515,
      appId: 54321,
      occurredAt: now - 2000,
      subscriptionType: 'deal.propertyChange',
      attemptNumber: 0,
      objectId: 9101,
      propertyName: 'amount',
      propertyValue: '12500.50',
      changeSource: 'CRM',
    },
    {
      eventId: 3003,
      subscriptionId: 13,
      portalId: 62515,
      appId: 54321,
      occurredAt: now - 1000,
      subscriptionType: 'deal.propertyChange',
      attemptNumber: 0,
      objectId: 9101,
      propertyName: 'dealstage',
      propertyValue: '2231880',
      changeSource: 'CRM',
    },
  ]);
  const timestamp = String(now);
  const send = () =>
    inject({
      method: 'POST',
      url: c.endpoint,
      headers: { 'content-type': 'application/json', 'x-hubspot-signature-v3': v3('POST', uri, body, timestamp), 'x-hubspot-request-timestamp': timestamp },
      payload: body,
    });
  const res = await send();
  assert.equal(res.statusCode, 200, res.body);
  assert.deepEqual(
    res.json().events.map((e: { status: string }) => e.status),
    ['processed', 'processed', 'processed'],
  );
  const deal = (await dealOf(c.id, '9101'))!;
  assert.equal(deal.name, 'HubSpot deal 9101');
  assert.equal(deal.amountMinor, 1_250_050);
  assert.equal(deal.stageCategory, 'won');
  await drain();
  assert.equal(await count('projects', deal.id), 1, 'the won deal has its delivery project, from the same rule a win in Baton runs');

  // Replayed (HubSpot retries, or someone replays the request): nothing is applied twice.
  const replay = await send();
  assert.equal(replay.statusCode, 200);
  assert.ok(replay.json().events.every((e: { duplicate: boolean }) => e.duplicate));
  await drain();
  assert.equal(await count('deal_outcomes', deal.id), 1);
  assert.equal(await count('projects', deal.id), 1);
  assert.equal((await events(c.id)).length, 3);
});

test('HubSpot: a bad v3 signature and one older than 5 minutes get 401 and are kept as rejected', async () => {
  const c = await connect({ name: 'HubSpot signed', kind: 'hubspot', secrets: { clientSecret: hubspotSecret }, publicUrl: 'https://baton.example.com' });
  const uri = `https://baton.example.com${c.endpoint}`;
  const body = JSON.stringify([{ eventId: 1, portalId: 1, occurredAt: Date.now(), subscriptionType: 'deal.creation', objectId: 77 }]);
  const fresh = String(Date.now());
  const bad = await inject({
    method: 'POST',
    url: c.endpoint,
    headers: { 'content-type': 'application/json', 'x-hubspot-signature-v3': v3('POST', uri, `${body} `, fresh), 'x-hubspot-request-timestamp': fresh },
    payload: body,
  });
  assert.equal(bad.statusCode, 401);
  assert.equal(bad.json().error.code, 'inbound.bad_signature');
  const old = String(Date.now() - 6 * 60 * 1000);
  const late = await inject({
    method: 'POST',
    url: c.endpoint,
    headers: { 'content-type': 'application/json', 'x-hubspot-signature-v3': v3('POST', uri, body, old), 'x-hubspot-request-timestamp': old },
    payload: body,
  });
  assert.equal(late.statusCode, 401);
  assert.match(late.json().error.message, /more than 5 minutes/);
  const kept = await events(c.id);
  assert.deepEqual(
    kept.map((e) => e.status),
    ['rejected', 'rejected'],
  );
  assert.equal(await dealOf(c.id, '77'), undefined);
});

test('HubSpot v1 and v2 signatures (X-HubSpot-Signature-Version) are accepted; the default pipeline wins on closedwon', async () => {
  const c = await connect({ name: 'HubSpot legacy', kind: 'hubspot', secrets: { clientSecret: hubspotSecret } });
  const body = JSON.stringify([
    {
      eventId: 5,
      portalId: 2,
      occurredAt: Date.now(),
      subscriptionType: 'deal.propertyChange',
      objectId: 501,
      propertyName: 'dealstage',
      propertyValue: 'closedwon',
    },
  ]);
  const v1 = await inject({
    method: 'POST',
    url: c.endpoint,
    headers: {
      'content-type': 'application/json',
      'x-hubspot-signature': createHash('sha256')
        .update(hubspotSecret + body)
        .digest('hex'),
      'x-hubspot-signature-version': 'v1',
    },
    payload: body,
  });
  assert.equal(v1.statusCode, 200, v1.body);
  assert.equal((await dealOf(c.id, '501'))!.stageCategory, 'won');
  const body2 = JSON.stringify([
    {
      eventId: 6,
      portalId: 2,
      occurredAt: Date.now(),
      subscriptionType: 'deal.propertyChange',
      objectId: 502,
      propertyName: 'dealstage',
      propertyValue: 'closedlost',
    },
  ]);
  const uri = `http://crm.test${c.endpoint}`;
  const v2 = await inject({
    method: 'POST',
    url: c.endpoint,
    headers: {
      host: 'crm.test',
      'content-type': 'application/json',
      'x-hubspot-signature': createHash('sha256')
        .update(hubspotSecret + 'POST' + uri + body2)
        .digest('hex'),
      'x-hubspot-signature-version': 'v2',
    },
    payload: body2,
  });
  assert.equal(v2.statusCode, 200, v2.body);
  assert.equal((await dealOf(c.id, '502'))!.stageCategory, 'lost');
});

test('HubSpot events about different properties apply in any order; an older value of one property never replaces a newer one', async () => {
  const c = await connect({ name: 'HubSpot order', kind: 'hubspot', secrets: { clientSecret: hubspotSecret } });
  const post = async (events: object[]) => {
    const body = JSON.stringify(events);
    const res = await inject({
      method: 'POST',
      url: c.endpoint,
      headers: {
        'content-type': 'application/json',
        'x-hubspot-signature': createHash('sha256')
          .update(hubspotSecret + body)
          .digest('hex'),
      },
      payload: body,
    });
    assert.equal(res.statusCode, 200, res.body);
    return res.json().events as { status: string; outcome: string }[];
  };
  const t = Date.parse('2026-10-05T12:00:00Z');
  const change = (eventId: number, at: number, propertyName: string, propertyValue: string) => ({
    eventId,
    portalId: 9,
    occurredAt: at,
    subscriptionType: 'deal.propertyChange',
    objectId: 8080,
    propertyName,
    propertyValue,
  });
  await post([change(1, t + 3000, 'dealstage', 'closedwon')]);
  // Changed before the win, delivered after it: a different property, so it still applies.
  const [amount] = await post([change(2, t + 2000, 'amount', '5000')]);
  assert.equal(amount!.status, 'processed');
  // An even older amount, delivered last: the newer amount stays.
  const [older] = await post([change(3, t + 1000, 'amount', '1')]);
  assert.equal(older!.status, 'stale');
  // An older stage (still in "appointmentscheduled" before the win) does not reopen or move the deal.
  const [stage] = await post([change(4, t, 'dealstage', 'appointmentscheduled')]);
  assert.equal(stage!.status, 'stale');
  const deal = (await dealOf(c.id, '8080'))!;
  assert.equal(deal.stageCategory, 'won');
  assert.equal(deal.amountMinor, 500_000);
});

test('a malformed body gets 400 naming the field and is kept for inspection', async () => {
  const c = await connect({ name: 'HubSpot malformed', kind: 'hubspot', secrets: { clientSecret: hubspotSecret } });
  const body = JSON.stringify([{ eventId: 9, subscriptionType: 'deal.creation', occurredAt: Date.now() }]);
  const res = await inject({
    method: 'POST',
    url: c.endpoint,
    headers: {
      'content-type': 'application/json',
      'x-hubspot-signature': createHash('sha256')
        .update(hubspotSecret + body)
        .digest('hex'),
    },
    payload: body,
  });
  assert.equal(res.statusCode, 400);
  assert.equal(res.json().error.code, 'inbound.malformed');
  assert.ok(
    res.json().error.fields.some((x: { path: string }) => x.path === 'body:/0/objectId'),
    res.body,
  );
  const [kept] = await events(c.id);
  assert.equal(kept!.status, 'malformed');
  assert.equal(kept!.raw, body);
  const notJson = '[{"eventId":';
  const broken = await inject({
    method: 'POST',
    url: c.endpoint,
    headers: {
      'content-type': 'application/json',
      'x-hubspot-signature': createHash('sha256')
        .update(hubspotSecret + notJson)
        .digest('hex'),
    },
    payload: notJson,
  });
  assert.equal(broken.statusCode, 400);
  assert.equal((await events(c.id)).filter((e) => e.status === 'malformed').length, 2);
});

// ---- Pipedrive

const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

const pipedriveV2 = (id: string, dealId: number, status: string, timestamp: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    meta: {
      action: 'change',
      entity: 'deal',
      entity_id: String(dealId),
      id,
      timestamp,
      version: '2.0',
      company_id: '12882925',
      user_id: '18487521',
      webhook_id: '99',
      attempt: 1,
      host: 'acme.pipedrive.com',
      change_source: 'app',
    },
    data: {
      id: dealId,
      title: 'Globex platform',
      value: 48000,
      currency: 'EUR',
      status,
      stage_id: 5,
      pipeline_id: 1,
      org_id: 412,
      person_id: 90,
      expected_close_date: '2026-11-30',
      add_time: '2026-09-27T14:25:27Z',
      update_time: timestamp,
      ...extra,
    },
    previous: { status: 'open' },
  });

test('Pipedrive v2: a deal whose status changes to won is won; an older event arriving after it does not move it back', async () => {
  const c = await connect({ name: 'Pipedrive', kind: 'pipedrive', secrets: { username: 'baton', password: 'p1pedr1ve-pass' } });
  const post = (body: string, auth = basic('baton', 'p1pedr1ve-pass')) =>
    inject({ method: 'POST', url: c.endpoint, headers: { 'content-type': 'application/json', authorization: auth }, payload: body });
  const won = await post(pipedriveV2('6e0b5d2e-1c9a-4d1c-9a51-0a6f0d2f0b01', 881, 'won', '2026-10-02T10:00:00Z'));
  assert.equal(won.statusCode, 200, won.body);
  const deal = (await dealOf(c.id, '881'))!;
  assert.equal(deal.stageCategory, 'won');
  assert.equal(deal.amountMinor, 4_800_000);
  assert.equal(deal.closeDate, '2026-11-30');

  // Sent earlier (the deal was still open at 09:00), delivered later.
  const older = await post(pipedriveV2('6e0b5d2e-1c9a-4d1c-9a51-0a6f0d2f0b00', 881, 'lost', '2026-10-02T09:00:00Z', { lost_reason: 'Budget' }));
  assert.equal(older.statusCode, 200);
  assert.equal(older.json().events[0].status, 'stale');
  assert.equal((await dealOf(c.id, '881'))!.stageCategory, 'won');
  assert.equal(await count('deal_outcomes', deal.id), 1);

  const wrong = await post(pipedriveV2('6e0b5d2e-1c9a-4d1c-9a51-0a6f0d2f0b02', 882, 'won', '2026-10-02T10:00:00Z'), basic('baton', 'guess'));
  assert.equal(wrong.statusCode, 401);
  assert.equal(await dealOf(c.id, '882'), undefined);
});

test('the same event delivered five times at once is applied once, and two events about a new deal create it once', async () => {
  const c = await connect({ name: 'Pipedrive race', kind: 'pipedrive', secrets: { username: 'baton', password: 'race-pass' } });
  const post = (body: string) =>
    inject({ method: 'POST', url: c.endpoint, headers: { 'content-type': 'application/json', authorization: basic('baton', 'race-pass') }, payload: body });
  const won = pipedriveV2('0f9c1d7e-5b55-4a53-8e1e-7d2c9f0a0001', 990, 'won', '2026-10-03T10:00:00Z');
  const other = pipedriveV2('0f9c1d7e-5b55-4a53-8e1e-7d2c9f0a0002', 990, 'won', '2026-10-03T10:00:01Z');
  const answers = await Promise.all([won, won, other, won, won, won].map(post));
  assert.deepEqual(
    answers.map((a) => a.statusCode),
    [200, 200, 200, 200, 200, 200],
  );
  const deal = (await dealOf(c.id, '990'))!;
  assert.equal(deal.stageCategory, 'won');
  assert.equal(await count('deal_outcomes', deal.id), 1);
  assert.equal((await events(c.id)).length, 2);
  const deals = await db().selectFrom('opportunities').select('id').where('name', '=', 'Globex platform').where('account_id', '=', deal.accountId).execute();
  assert.equal(deals.length, 1);
});

test('Pipedrive v1: updated.deal with status lost marks the deal lost with the sender named', async () => {
  const c = await connect({ name: 'Pipedrive v1', kind: 'pipedrive', secrets: { username: 'baton', password: 'v1-pass' } });
  const body = JSON.stringify({
    v: 1,
    matches_filters: { current: [] },
    meta: {
      v: 1,
      action: 'updated',
      object: 'deal',
      id: 1201,
      company_id: 7,
      user_id: 8,
      host: 'acme.pipedrive.com',
      timestamp: 1759400000,
      timestamp_micro: 1759400000123456,
      permitted_user_ids: [8],
      is_bulk_update: false,
      webhook_id: '12',
    },
    current: {
      id: 1201,
      title: 'Initech renewal',
      value: 9900,
      currency: 'USD',
      status: 'lost',
      stage_id: 3,
      pipeline_id: 1,
      org_id: 55,
      org_name: 'Initech',
      person_id: 66,
      person_name: 'Peter Gibbons',
      lost_reason: 'Went with a competitor',
    },
    previous: { status: 'open' },
    event: 'updated.deal',
    retry: 0,
  });
  const res = await inject({
    method: 'POST',
    url: c.endpoint,
    headers: { 'content-type': 'application/json', authorization: basic('baton', 'v1-pass') },
    payload: body,
  });
  assert.equal(res.statusCode, 200, res.body);
  assert.equal(res.json().format, 'pipedrive_v1');
  const deal = (await dealOf(c.id, '1201'))!;
  assert.equal(deal.stageCategory, 'lost');
  const account = (await admin.get(`/api/accounts/${deal.accountId}`)).json();
  assert.equal(account.name, 'Initech');
  const outcome = await db().selectFrom('deal_outcomes').select('reason').where('opportunity_id', '=', deal.id).executeTakeFirstOrThrow();
  assert.match(outcome.reason!, /Lost in Pipedrive.*Went with a competitor/);
});

// ---- Salesforce

const sfToken = 'sf-token-4b1d';

test('Salesforce Change Data Capture: an Opportunity update with IsWon true wins the deal; its replay changes nothing', async () => {
  const c = await connect({ name: 'Salesforce CDC', kind: 'salesforce', secrets: { token: sfToken } });
  const body = JSON.stringify({
    schema: 'IeRuaY6cbI_HsV8Rv1Mc5g',
    payload: {
      ChangeEventHeader: {
        entityName: 'Opportunity',
        recordIds: ['0065g00000AbCdEAAV'],
        changeType: 'UPDATE',
        changeOrigin: 'com/salesforce/api/soap/58.0;client=SfdcInternalAPI/',
        transactionKey: '0002343d-9d90-e395-ed20-cf416ba652ad',
        sequenceNumber: 1,
        commitTimestamp: Date.now(),
        commitNumber: 10714232290,
        commitUser: '0055g00000A1b2cAAB',
        changedFields: ['StageName', 'IsWon', 'IsClosed', 'LastModifiedDate'],
      },
      Name: 'Umbrella onboarding',
      StageName: 'Closed Won',
      IsWon: true,
      IsClosed: true,
      Amount: 30000,
      CloseDate: '2026-10-15',
      AccountId: '0015g00000XyZabAAB',
    },
    event: { replayId: 1234 },
  });
  const send = (token = sfToken) =>
    inject({ method: 'POST', url: `${c.endpoint}?token=${token}`, headers: { 'content-type': 'application/json' }, payload: body });
  const res = await send();
  assert.equal(res.statusCode, 200, res.body);
  const deal = (await dealOf(c.id, '0065g00000AbCdEAAV'))!;
  assert.equal(deal.name, 'Umbrella onboarding');
  assert.equal(deal.stageCategory, 'won');
  assert.equal(deal.closeDate, '2026-10-15');
  const again = await send();
  assert.equal(again.json().events[0].duplicate, true);
  assert.equal(await count('deal_outcomes', deal.id), 1);
  assert.equal((await send('wrong')).statusCode, 401);
});

const soap = (notificationId: string, organizationId: string) => `<?xml version="1.0" encoding="UTF-8"?>
<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
 <soapenv:Body>
  <notifications xmlns="http://soap.sforce.com/2005/09/outbound">
   <OrganizationId>${organizationId}</OrganizationId>
   <ActionId>04k5g000000CaRkAAK</ActionId>
   <SessionId xsi:nil="true"/>
   <EnterpriseUrl>https://acme.my.salesforce.com/services/Soap/c/58.0/00D5g000004XYZ</EnterpriseUrl>
   <PartnerUrl>https://acme.my.salesforce.com/services/Soap/u/58.0/00D5g000004XYZ</PartnerUrl>
   <Notification>
    <Id>${notificationId}</Id>
    <sObject xsi:type="sf:Opportunity" xmlns:sf="urn:sobject.enterprise.soap.sforce.com">
     <sf:Id>0065g00000SoApAAA</sf:Id>
     <sf:AccountId>0015g00000SoApAAA</sf:AccountId>
     <sf:Amount>12000.0</sf:Amount>
     <sf:CloseDate>2026-10-20</sf:CloseDate>
     <sf:IsClosed>true</sf:IsClosed>
     <sf:IsWon>true</sf:IsWon>
     <sf:LastModifiedDate>2026-10-20T08:30:00.000Z</sf:LastModifiedDate>
     <sf:Name>Stark &amp; Sons expansion</sf:Name>
     <sf:StageName>Closed Won</sf:StageName>
    </sObject>
   </Notification>
  </notifications>
 </soapenv:Body>
</soapenv:Envelope>`;

test('Salesforce outbound message: the SOAP notification wins the deal and is answered with Ack; a redelivery is acknowledged and ignored', async () => {
  const org = '00D5g000004XYZaEAO';
  const c = await connect({ name: 'Salesforce SOAP', kind: 'salesforce', secrets: { token: sfToken, organizationId: org } });
  const send = (body: string) =>
    inject({
      method: 'POST',
      url: `${c.endpoint}?token=${sfToken}`,
      headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: '""' },
      payload: body,
    });
  const res = await send(soap('04l5g00000Ack1AAA', org));
  assert.equal(res.statusCode, 200, res.body);
  assert.match(res.headers['content-type'] as string, /text\/xml/);
  assert.match(res.body, /<notificationsResponse xmlns="http:\/\/soap.sforce.com\/2005\/09\/outbound"><Ack>true<\/Ack><\/notificationsResponse>/);
  const deal = (await dealOf(c.id, '0065g00000SoApAAA'))!;
  assert.equal(deal.name, 'Stark & Sons expansion');
  assert.equal(deal.stageCategory, 'won');
  assert.equal(deal.amountMinor, 1_200_000);

  const redelivered = await send(soap('04l5g00000Ack1AAA', org));
  assert.equal(redelivered.statusCode, 200);
  assert.match(redelivered.body, /<Ack>true<\/Ack>/);
  assert.equal((await events(c.id)).length, 1);
  assert.equal(await count('deal_outcomes', deal.id), 1);

  const other = await send(soap('04l5g00000Ack2AAA', '00D000000000OTHER'));
  assert.equal(other.statusCode, 401);
});

// ---- Generic (Standard Webhooks)

/** Standard Webhooks signature, computed here from the specification. */
const swSign = (secret: string, id: string, ts: string, body: string) =>
  `v1,${createHmac('sha256', Buffer.from(secret.slice('whsec_'.length), 'base64'))
    .update(`${id}.${ts}.${body}`)
    .digest('base64')}`;

test('generic JSON signed with Standard Webhooks: deal.won creates account, contact and deal and wins it; a tampered body is refused', async () => {
  const c = await connect({ name: 'Homegrown CRM', kind: 'generic', fieldMap: { segment: 'custom.segment' } });
  assert.match(c.secrets.signingSecret!, /^whsec_/);
  const body = JSON.stringify({
    type: 'deal.won',
    timestamp: new Date().toISOString(),
    data: {
      id: 'D-1009',
      name: 'Wayne Enterprises pilot',
      amount: '€ 7.500,00',
      currency: 'EUR',
      closeDate: '2026-10-01',
      account: { id: 'A-77', name: 'Wayne Enterprises' },
      contact: { id: 'P-5', firstName: 'Lucius', lastName: 'Fox', email: 'lucius@wayne.test' },
      fields: { segment: 'enterprise' },
    },
  });
  const ts = String(Math.floor(Date.now() / 1000));
  const headers = (payload: string) => ({
    'content-type': 'application/json',
    'webhook-id': 'msg_2Lq7Zp0gG1',
    'webhook-timestamp': ts,
    'webhook-signature': `v1,bm90IHRoaXMgb25l ${swSign(c.secrets.signingSecret!, 'msg_2Lq7Zp0gG1', ts, payload)}`,
  });
  const tampered = await inject({ method: 'POST', url: c.endpoint, headers: headers(body), payload: body.replace('7.500', '9.500') });
  assert.equal(tampered.statusCode, 401);
  const res = await inject({ method: 'POST', url: c.endpoint, headers: headers(body), payload: body });
  assert.equal(res.statusCode, 200, res.body);
  const deal = (await dealOf(c.id, 'D-1009'))!;
  assert.equal(deal.stageCategory, 'won');
  assert.equal(deal.amountMinor, 750_000);
  const full = (await admin.get(`/api/opportunities/${deal.id}`)).json();
  assert.equal(full.customFields?.segment, 'enterprise');
  const contacts = await db().selectFrom('contacts').select(['first_name', 'email']).where('account_id', '=', deal.accountId).execute();
  assert.deepEqual(contacts, [{ first_name: 'Lucius', email: 'lucius@wayne.test' }]);
});

test('a won event the win refuses (a required field missing) fails whole: no account or deal is left half-made, and re-processing after the fix wins it', async () => {
  const pipelineId = newId();
  await db()
    .insertInto('pipelines')
    .values({ id: pipelineId, workspace_id: f.workspace.id, name: 'Strict', required_to_win: ['ownerId'] })
    .execute();
  await db()
    .insertInto('stages')
    .values(
      (
        [
          ['Open', 'open'],
          ['Won', 'won'],
          ['Lost', 'lost'],
        ] as const
      ).map(([name, category], i) => ({ id: newId(), workspace_id: f.workspace.id, pipeline_id: pipelineId, name, category, position: i + 1 })),
    )
    .execute();
  const c = await connect({ name: 'Strict sender', kind: 'generic', pipelineId });
  const body = JSON.stringify({ type: 'deal.won', data: { id: 'S-1', name: 'Strict deal', account: { id: 'SA-1', name: 'Strict Account Ltd' } } });
  const ts = String(Math.floor(Date.now() / 1000));
  const res = await inject({
    method: 'POST',
    url: c.endpoint,
    headers: {
      'content-type': 'application/json',
      'webhook-id': 'msg_strict_1',
      'webhook-timestamp': ts,
      'webhook-signature': swSign(c.secrets.signingSecret!, 'msg_strict_1', ts, body),
    },
    payload: body,
  });
  assert.equal(res.statusCode, 200, res.body);
  const [event] = res.json().events;
  assert.equal(event.status, 'failed');
  assert.match(event.outcome, /Fill in Owner before marking "Strict deal" won/);
  assert.equal(await dealOf(c.id, 'S-1'), undefined);
  const accounts = await db().selectFrom('accounts').select('id').where('name', '=', 'Strict Account Ltd').execute();
  assert.deepEqual(accounts, [], 'the account created for the deal went with the failed transaction');

  await db().updateTable('pipelines').set({ required_to_win: [] }).where('id', '=', pipelineId).execute();
  const again = await admin.post(`/api/inbound-connections/${c.id}/events/${event.id}/reprocess`);
  assert.equal(again.json().status, 'processed', again.body);
  assert.equal((await dealOf(c.id, 'S-1'))!.stageCategory, 'won');
  assert.equal(again.json().attempts, 2);
});

// ---- Re-process, and who may see connections

test('an admin re-processes an event after mapping its stage: the deal is won once, and a second re-process changes nothing', async () => {
  const c = await connect({ name: 'HubSpot unmapped', kind: 'hubspot', secrets: { clientSecret: hubspotSecret } });
  const body = JSON.stringify([
    {
      eventId: 71,
      portalId: 3,
      occurredAt: Date.now(),
      subscriptionType: 'deal.propertyChange',
      objectId: 7001,
      propertyName: 'dealstage',
      propertyValue: '99887766',
    },
  ]);
  const res = await inject({
    method: 'POST',
    url: c.endpoint,
    headers: {
      'content-type': 'application/json',
      'x-hubspot-signature': createHash('sha256')
        .update(hubspotSecret + body)
        .digest('hex'),
    },
    payload: body,
  });
  assert.equal(res.statusCode, 200, res.body);
  const [event] = await events(c.id);
  assert.match(event!.outcome!, /stage 99887766 is not mapped to won or lost/);
  assert.equal((await dealOf(c.id, '7001'))!.stageCategory, 'open');

  const patched = await admin.patch(`/api/inbound-connections/${c.id}`, { stageMap: [{ pipeline: '*', won: ['99887766'], lost: [] }] });
  assert.equal(patched.statusCode, 200, patched.body);
  const again = await admin.post(`/api/inbound-connections/${c.id}/events/${event!.id}/reprocess`);
  assert.equal(again.statusCode, 200, again.body);
  assert.equal(again.json().status, 'processed');
  assert.match(again.json().outcome, /Won/);
  const deal = (await dealOf(c.id, '7001'))!;
  assert.equal(deal.stageCategory, 'won');
  const twice = await admin.post(`/api/inbound-connections/${c.id}/events/${event!.id}/reprocess`);
  assert.equal(twice.json().status, 'ignored');
  assert.match(twice.json().outcome, /Already won/);
  assert.equal(await count('deal_outcomes', deal.id), 1);
});

test('connections are for admins; the API is in the OpenAPI document; a bad field map is a 400 naming the field', async () => {
  const sales = await inject({ method: 'GET', url: '/api/inbound-connections', headers: bearer(f.tokens.sales) });
  assert.equal(sales.statusCode, 403);
  const bad = await admin.post('/api/inbound-connections', {
    name: 'Bad map',
    kind: 'pipedrive',
    secrets: { username: 'a', password: 'b' },
    fieldMap: { value: 'price' },
  });
  assert.equal(bad.statusCode, 400);
  assert.equal(bad.json().error.fields[0].path, 'body:/fieldMap/value');
  const missing = await admin.post('/api/inbound-connections', { name: 'No secret', kind: 'hubspot' });
  assert.equal(missing.statusCode, 400);
  assert.equal(missing.json().error.fields[0].path, 'body:/secrets/clientSecret');
  const doc = (await inject({ method: 'GET', url: '/api/openapi.json' })).json();
  assert.ok(doc.paths['/api/inbound-connections']?.post);
  assert.ok(doc.paths['/api/inbound/{connectionId}/hubspot']?.post);
});
