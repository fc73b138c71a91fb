import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nonPublicKind, normaliseHost, targetRefusal } from './webhook-targets.ts';

test('public unicast addresses may be called; loopback, private, link-local, unique-local and mapped ones may not', () => {
  for (const a of ['93.184.216.34', '2606:2800:220:1:248:1893:25c8:1946']) assert.equal(nonPublicKind(a), undefined, a);
  for (const a of [
    '127.0.0.1',
    '10.0.0.1',
    '172.16.5.4',
    '192.168.1.1',
    '169.254.169.254',
    '0.0.0.0',
    '100.64.0.1',
    '::1',
    'fd00::1',
    'fe80::1',
    '::ffff:10.0.0.1',
    '64:ff9b::a00:1',
  ])
    assert.ok(nonPublicKind(a), a);
});

test('a URL is refused as written for its scheme, for localhost, or for a literal address that is not public, unless its host is allowed', () => {
  assert.equal(targetRefusal('ftp://example.com/x', [])?.allowable, false);
  assert.match(targetRefusal('http://LOCALHOST:5678/', [])!.reason, /^localhost is a loopback address/);
  assert.match(targetRefusal('http://0x7f.1/', [])!.reason, /^127\.0\.0\.1 is a loopback address/);
  assert.match(targetRefusal('http://[::ffff:127.0.0.1]/', [])!.reason, /^127\.0\.0\.1 is a loopback address/);
  assert.match(targetRefusal('http://169.254.169.254/latest', [])!.reason, /link-local/);
  assert.equal(targetRefusal('https://hooks.example.com/x', []), undefined, 'names are judged when the call connects');
  assert.equal(targetRefusal('http://10.0.0.5:5678/webhook', ['10.0.0.5']), undefined);
  assert.equal(targetRefusal('http://[::1]/', ['::1']), undefined);
});

test('allow-list entries are host names or addresses in the form URLs are compared in', () => {
  assert.deepEqual(normaliseHost(' N8N.Internal. '), { host: 'n8n.internal' });
  assert.deepEqual(normaliseHost('127.1'), { host: '127.0.0.1' });
  assert.deepEqual(normaliseHost('[::1]'), { host: '::1' });
  for (const bad of ['http://n8n.internal', 'n8n.internal:5678', 'n8n.internal/hook', 'user@host', '']) assert.ok('error' in normaliseHost(bad), bad);
});
