// Standard Webhooks (https://www.standardwebhooks.com): a message is signed as HMAC-SHA256 over
// "<webhook-id>.<webhook-timestamp>.<body>" with the secret's bytes (the base64 after "whsec_"), sent as
// `webhook-signature: v1,<base64>` (several, space-separated, while a secret rotates). The receiver checks the
// timestamp is recent (5 minutes either way) and compares in constant time. Pure, apart from randomness for a secret.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

const prefix = 'whsec_';
export const toleranceSeconds = 5 * 60;

/** A new signing secret: "whsec_" and 32 random bytes in base64. */
export function newWebhookSecret(): string {
  return prefix + randomBytes(32).toString('base64');
}

export const isWebhookSecret = (value: string): boolean => value.startsWith(prefix) && Buffer.from(value.slice(prefix.length), 'base64').length >= 24;

function keyOf(secret: string): Buffer {
  return Buffer.from(secret.startsWith(prefix) ? secret.slice(prefix.length) : secret, 'base64');
}

/** The `v1,<base64>` signature of a message. */
export function signMessage(secret: string, id: string, timestampSeconds: number, body: string): string {
  return `v1,${createHmac('sha256', keyOf(secret)).update(`${id}.${timestampSeconds}.${body}`).digest('base64')}`;
}

/** The three headers of a message sent now. */
export function messageHeaders(secret: string, id: string, now: Date, body: string): Record<'webhook-id' | 'webhook-timestamp' | 'webhook-signature', string> {
  const timestamp = Math.floor(now.getTime() / 1000);
  return { 'webhook-id': id, 'webhook-timestamp': String(timestamp), 'webhook-signature': signMessage(secret, id, timestamp, body) };
}

export type VerifyResult = { ok: true } | { ok: false; reason: string };

/** Whether a received message is signed with the secret and recent; the reason when not. */
export function verifyMessage(secret: string, headers: Record<string, string | undefined>, body: string, now: Date): VerifyResult {
  const id = headers['webhook-id'];
  const timestamp = headers['webhook-timestamp'];
  const signatures = headers['webhook-signature'];
  if (!id || !timestamp || !signatures) return { ok: false, reason: 'webhook-id, webhook-timestamp and webhook-signature are required' };
  const seconds = Number(timestamp);
  if (!Number.isInteger(seconds)) return { ok: false, reason: 'webhook-timestamp is not a number of seconds' };
  if (Math.abs(now.getTime() / 1000 - seconds) > toleranceSeconds) return { ok: false, reason: 'webhook-timestamp is more than 5 minutes away from now' };
  const expected = Buffer.from(signMessage(secret, id, seconds, body).slice(3), 'base64');
  for (const part of signatures.split(' ')) {
    const [version, value] = part.split(',', 2);
    if (version !== 'v1' || !value) continue;
    const given = Buffer.from(value, 'base64');
    if (given.length === expected.length && timingSafeEqual(given, expected)) return { ok: true };
  }
  return { ok: false, reason: 'no signature matches' };
}
