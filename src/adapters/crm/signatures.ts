// How each sender proves a request is its own: HubSpot's v1, v2 and v3 signatures, HTTP Basic auth (Pipedrive), a
// shared token (Salesforce) and Standard Webhooks (the generic endpoint). Every comparison is constant-time.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { signMessage, verifyMessage } from '../../domain/standard-webhooks.ts';

/** HubSpot v3 and Standard Webhooks reject a request signed longer ago than this (or this far in the future). */
export const maxSignatureAgeMs = 5 * 60 * 1000;

export type SignatureCheck = { ok: true } | { ok: false; reason: string };

const fail = (reason: string): SignatureCheck => ({ ok: false, reason });
const pass: SignatureCheck = { ok: true };

/** Equal strings, compared in constant time (a length difference leaks only the length). */
export function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}

/** v1: hex SHA-256 of client secret + body. */
export const hubspotV1 = (secret: string, body: string) =>
  createHash('sha256')
    .update(secret + body, 'utf8')
    .digest('hex');
/** v2: hex SHA-256 of client secret + method + URI + body. */
export const hubspotV2 = (secret: string, method: string, uri: string, body: string) =>
  createHash('sha256')
    .update(secret + method + uri + body, 'utf8')
    .digest('hex');
/** v3: base64 HMAC-SHA256, keyed with the client secret, of method + URI + body + timestamp. */
export const hubspotV3 = (secret: string, method: string, uri: string, body: string, timestamp: string) =>
  createHmac('sha256', secret)
    .update(method + uri + body + timestamp, 'utf8')
    .digest('base64');

// HubSpot signs the URI with these characters decoded (its documented list); anything else stays as sent.
const hubspotDecoded: Record<string, string> = {
  '%3A': ':',
  '%2F': '/',
  '%3F': '?',
  '%40': '@',
  '%21': '!',
  '%24': '$',
  '%27': "'",
  '%28': '(',
  '%29': ')',
  '%2A': '*',
  '%2C': ',',
  '%3B': ';',
};
export const hubspotUri = (uri: string) => uri.replace(/%(3A|2F|3F|40|21|24|27|28|29|2A|2C|3B)/gi, (m) => hubspotDecoded[m.toUpperCase()]!);

type Headers = Record<string, string | string[] | undefined>;
const header = (headers: Headers, name: string): string | undefined => {
  const v = headers[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
};

/**
 * A HubSpot request: v3 when it carries X-HubSpot-Signature-v3 (with X-HubSpot-Request-Timestamp in milliseconds, at
 * most 5 minutes old), otherwise X-HubSpot-Signature of the version X-HubSpot-Signature-Version names (v1 or v2).
 */
export function checkHubspot(
  request: { method: string; uri: string; body: string; headers: Headers },
  secret: string,
  now: Date,
): SignatureCheck & { version?: string } {
  const v3 = header(request.headers, 'x-hubspot-signature-v3');
  if (v3 !== undefined) {
    const timestamp = header(request.headers, 'x-hubspot-request-timestamp');
    if (!timestamp || !/^\d{10,16}$/.test(timestamp)) return fail('X-HubSpot-Request-Timestamp is missing or not a time in milliseconds');
    const age = now.getTime() - Number(timestamp);
    if (age > maxSignatureAgeMs) return fail(`the request was signed ${Math.round(age / 1000)} s ago, more than 5 minutes`);
    if (age < -maxSignatureAgeMs) return fail('X-HubSpot-Request-Timestamp is more than 5 minutes in the future');
    const expected = hubspotV3(secret, request.method, hubspotUri(request.uri), request.body, timestamp);
    return sameText(v3, expected) ? { ok: true, version: 'v3' } : fail('X-HubSpot-Signature-v3 does not match');
  }
  const signature = header(request.headers, 'x-hubspot-signature');
  if (!signature) return fail('no X-HubSpot-Signature-v3 or X-HubSpot-Signature header');
  const version = (header(request.headers, 'x-hubspot-signature-version') ?? 'v1').toLowerCase();
  if (version === 'v1')
    return sameText(signature.toLowerCase(), hubspotV1(secret, request.body)) ? { ok: true, version } : fail('X-HubSpot-Signature (v1) does not match');
  if (version === 'v2')
    return sameText(signature.toLowerCase(), hubspotV2(secret, request.method, request.uri, request.body))
      ? { ok: true, version }
      : fail('X-HubSpot-Signature (v2) does not match');
  return fail(`X-HubSpot-Signature-Version ${version} is not one Baton knows (v1, v2; v3 has its own header)`);
}

/** HTTP Basic auth with the connection's user name and password. */
export function checkBasicAuth(headers: Headers, username: string, password: string): SignatureCheck {
  const value = header(headers, 'authorization');
  const match = value && /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(value);
  if (!match) return fail('no HTTP Basic Authorization header');
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  // Both compared, always, so the time taken does not say which one was wrong.
  const userOk = sameText(colon < 0 ? decoded : decoded.slice(0, colon), username);
  const passOk = sameText(colon < 0 ? '' : decoded.slice(colon + 1), password);
  return userOk && passOk ? pass : fail('the Basic auth user name or password is wrong');
}

/** A shared token, sent as the `token` query parameter (a Salesforce outbound message's URL can carry it). */
export function checkToken(sent: string | undefined, token: string): SignatureCheck {
  if (!sent) return fail('no token query parameter');
  return sameText(sent, token) ? pass : fail('the token is wrong');
}

/** Signs as Standard Webhooks does (src/domain/standard-webhooks.ts, shared with the outbound subscriptions). */
export const signStandardWebhook = (secret: string, id: string, timestamp: string, body: string) => signMessage(secret, id, Number(timestamp), body);

/**
 * Standard Webhooks: webhook-id, webhook-timestamp (seconds, within 5 minutes of now) and webhook-signature, a
 * space-separated list of `v1,<base64>` of which one must match (several while a secret is rotated).
 */
export function checkStandardWebhook(headers: Headers, body: string, secret: string, now: Date): SignatureCheck & { id?: string; timestamp?: Date } {
  const id = header(headers, 'webhook-id');
  const timestamp = header(headers, 'webhook-timestamp');
  const checked = verifyMessage(
    secret,
    { 'webhook-id': id, 'webhook-timestamp': timestamp, 'webhook-signature': header(headers, 'webhook-signature') },
    body,
    now,
  );
  return checked.ok ? { ok: true, id: id!, timestamp: new Date(Number(timestamp) * 1000) } : fail(checked.reason);
}
