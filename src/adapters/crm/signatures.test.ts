import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { checkBasicAuth, checkHubspot, checkStandardWebhook, signStandardWebhook } from './signatures.ts';

test("the Standard Webhooks specification's example signature, and its 5-minute window", () => {
  const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
  const body = '{"test": 2432232314}';
  assert.equal(signStandardWebhook(secret, 'msg_p5jXN8AQM9LWM0D4loKWxJek', '1614265330', body), 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=');
  const headers = {
    'webhook-id': 'msg_p5jXN8AQM9LWM0D4loKWxJek',
    'webhook-timestamp': '1614265330',
    'webhook-signature': 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
  };
  assert.equal(checkStandardWebhook(headers, body, secret, new Date(1614265330_000 + 60_000)).ok, true);
  assert.equal(checkStandardWebhook(headers, body, secret, new Date(1614265330_000 + 6 * 60_000)).ok, false);
  assert.equal(checkStandardWebhook(headers, `${body} `, secret, new Date(1614265330_000)).ok, false);
});

test("HubSpot v3 signs the URI with :/?@!$'()*,; decoded; other escapes stay as sent", () => {
  const secret = 'client-secret';
  const sent = 'https://baton.example.com/api/inbound/x/hubspot?from=a%3Ab%2Cc&name=J%C3%BCrgen';
  const signed = 'https://baton.example.com/api/inbound/x/hubspot?from=a:b,c&name=J%C3%BCrgen';
  const body = '[]';
  const timestamp = '1764900000000';
  const signature = createHmac('sha256', secret).update(`POST${signed}${body}${timestamp}`).digest('base64');
  const headers = { 'x-hubspot-signature-v3': signature, 'x-hubspot-request-timestamp': timestamp };
  assert.deepEqual(checkHubspot({ method: 'POST', uri: sent, body, headers }, secret, new Date(1764900000000 + 1000)), { ok: true, version: 'v3' });
  assert.equal(checkHubspot({ method: 'POST', uri: sent, body, headers }, 'other', new Date(1764900000000)).ok, false);
});

test('Basic auth: a wrong password, a missing colon and another scheme are refused', () => {
  const auth = (v: string) => ({ authorization: v });
  const b64 = (s: string) => Buffer.from(s).toString('base64');
  assert.equal(checkBasicAuth(auth(`Basic ${b64('baton:secret')}`), 'baton', 'secret').ok, true);
  assert.equal(checkBasicAuth(auth(`Basic ${b64('baton:secreT')}`), 'baton', 'secret').ok, false);
  assert.equal(checkBasicAuth(auth(`Basic ${b64('batonsecret')}`), 'baton', 'secret').ok, false);
  assert.equal(checkBasicAuth(auth('Bearer abc'), 'baton', 'secret').ok, false);
});
