// The outbound webhook call: a signed JSON POST to an http(s) address that is public (or whose host the workspace's
// admin allowed), judged on the address the connection actually uses, with no redirects followed.
import { createHmac } from 'node:crypto';
import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { AppError } from '../../domain/errors.ts';
import { webhookAnswered } from '../../domain/rules/secrets.ts';
import { allowHint, hostAllowed, nonPublicKind, refusalText, targetRefusal } from '../../domain/webhook-targets.ts';

export type WebhookCall = {
  url: string;
  /** The JSON body, as sent and signed. */
  body: string;
  /** Signs the body with HMAC-SHA256 into X-Baton-Signature. */
  secret?: string | undefined;
  idempotencyKey: string;
  /** More headers (a Standard Webhooks signature). */
  headers?: Record<string, string> | undefined;
  /** Hosts the workspace's admin allowed although they are not public. */
  allowedHosts: readonly string[];
  timeoutMs?: number;
};

export type WebhookAnswer = { status: number; body: string };

/** How much of a response is kept (in characters); the rest is not read. */
const keptChars = 500;

class AddressRefused extends Error {}

const refused = (url: string, reason: string) => new AppError('webhook.refused', 'invalid', `webhook ${url} refused: ${reason}`);

/**
 * Resolves like the system does, then refuses the connection when any address is not public. The socket connects to the
 * address judged here, so a name that resolves differently a moment later (DNS rebinding) cannot slip past.
 */
const publicOnlyLookup: LookupFunction = (hostname, options, callback) => {
  dns.lookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, '', 0);
    for (const a of addresses) {
      const kind = nonPublicKind(a.address);
      if (kind) return callback(new AddressRefused(`${hostname} resolves to ${a.address}, ${kind}`), '', 0);
    }
    if (options.all) return callback(null, addresses);
    return callback(null, addresses[0]!.address, addresses[0]!.family);
  });
};

/**
 * POSTs the body; resolves with the 2xx answer (its body cut to 500 characters). A refused target, or a redirect, is an
 * AppError of kind invalid (another attempt cannot help); an unreachable host, a timeout or another status is an Error.
 */
export async function callWebhook(call: WebhookCall): Promise<WebhookAnswer> {
  const refusal = targetRefusal(call.url, call.allowedHosts);
  if (refusal) throw refused(call.url, refusalText(refusal));
  const url = new URL(call.url);
  const shown = url.href;
  const timeoutMs = call.timeoutMs ?? 10_000;
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'content-length': String(Buffer.byteLength(call.body)),
    'idempotency-key': call.idempotencyKey,
    'user-agent': 'Baton-Webhook/1',
    ...call.headers,
  };
  if (call.secret) headers['x-baton-signature'] = `sha256=${createHmac('sha256', call.secret).update(call.body).digest('hex')}`;
  const client = url.protocol === 'https:' ? https : http;
  const trusted = hostAllowed(url.hostname, call.allowedHosts);

  return new Promise<WebhookAnswer>((resolve, reject) => {
    const request = client.request(url, {
      method: 'POST',
      headers,
      // A fresh connection per call: a pooled socket would skip the address check of this call.
      agent: false,
      ...(!trusted && { lookup: publicOnlyLookup }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    request.on('error', (error) => {
      if (error instanceof AddressRefused) reject(refused(shown, `${error.message}: ${allowHint}`));
      else if (error.name === 'AbortError' || error.name === 'TimeoutError')
        reject(new Error(`webhook ${shown} did not answer within ${timeoutMs / 1000} s`, { cause: error }));
      else reject(new Error(`webhook ${shown} unreachable: ${error.message}`, { cause: error }));
    });
    request.on('response', (response) => {
      const status = response.statusCode ?? 0;
      const chunks: Buffer[] = [];
      let size = 0;
      const finish = () => {
        const text = Buffer.concat(chunks).toString('utf8').slice(0, keptChars);
        if (status >= 300 && status < 400)
          reject(
            new AppError('webhook.refused', 'invalid', `webhook ${shown} answered ${status}, a redirect: redirects are not followed, so call the final URL`),
          );
        else if (status < 200 || status >= 300) reject(new Error(webhookAnswered(shown, status, text)));
        else resolve({ status, body: text });
      };
      response.on('data', (chunk: Buffer) => {
        chunks.push(chunk);
        size += chunk.length;
        // Enough bytes for 500 characters in any encoding: the rest is not read.
        if (size >= keptChars * 4) {
          response.removeAllListeners('data');
          response.destroy();
          finish();
        }
      });
      response.on('end', finish);
      response.on('error', (error) => reject(new Error(`webhook ${shown} answer broke off: ${error.message}`, { cause: error })));
    });
    request.end(call.body);
  });
}
