// Where a rule's webhook may call: http(s) to public addresses only, unless a workspace admin allowed the host.
// The same checks run when a rule is saved (the URL as written) and when the call connects (the resolved address).
import ipaddr from 'ipaddr.js';
import type { FieldIssue } from './errors.ts';

const rangeNames: Record<string, string> = {
  loopback: 'a loopback address (this machine)',
  private: 'a private network address',
  uniqueLocal: 'a private network address (unique local)',
  linkLocal: 'a link-local address (where cloud metadata services answer)',
  unspecified: 'the unspecified address',
  carrierGradeNat: 'a carrier-grade NAT address',
  multicast: 'a multicast address',
  broadcast: 'the broadcast address',
  reserved: 'a reserved address',
};

/** What kind of non-public address this is ("a loopback address (this machine)"), or undefined for a public unicast one. */
export function nonPublicKind(address: string): string | undefined {
  if (!ipaddr.isValid(address)) return 'not an IP address';
  // An IPv4 address written as IPv6 (::ffff:127.0.0.1) is judged as the IPv4 address it is.
  const range = ipaddr.process(address).range();
  if (range === 'unicast') return undefined;
  return rangeNames[range] ?? `not a public address (${range})`;
}

const isLiteralIp = (hostname: string): boolean => ipaddr.IPv4.isValidFourPartDecimal(hostname) || ipaddr.IPv6.isValid(hostname);

/** A URL's host name as compared with the allow-list: lower case, IPv6 without brackets, no trailing dot. */
function bareHost(hostname: string): string {
  const h = hostname.toLowerCase().replace(/\.$/, '');
  return h.startsWith('[') && h.endsWith(']') ? h.slice(1, -1) : h;
}

/**
 * An admin's allow-list entry in the form URLs are compared in, or the reason it is not a host.
 * `N8N.internal.` → `n8n.internal`, `127.1` → `127.0.0.1`, `[::1]` → `::1`.
 */
export function normaliseHost(entry: string): { host: string } | { error: string } {
  const text = entry.trim();
  const error = { error: 'must be a host name or an IP address, without scheme, port or path (e.g. n8n.internal or 10.0.0.5)' };
  if (!text || /[/@?#\s]/.test(text)) return error;
  if (ipaddr.IPv6.isValid(text.replace(/^\[|\]$/g, ''))) return { host: ipaddr.parse(text.replace(/^\[|\]$/g, '')).toString() };
  let url: URL;
  try {
    url = new URL(`http://${text}/`);
  } catch {
    return error;
  }
  if (url.port || url.host !== url.hostname) return error;
  return { host: bareHost(url.hostname) };
}

export function hostAllowed(hostname: string, allowedHosts: readonly string[]): boolean {
  return allowedHosts.includes(bareHost(hostname));
}

export type Refusal = { reason: string; /** an admin can allow the host (false for a bad scheme or URL) */ allowable: boolean };

/**
 * Why a webhook URL may not be called as written (scheme, localhost, a literal IP that is not public), or undefined.
 * Names are judged again by the address they resolve to when the call connects.
 */
export function targetRefusal(url: string, allowedHosts: readonly string[]): Refusal | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { reason: 'is not a valid URL', allowable: false };
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return { reason: 'must be an http:// or https:// URL', allowable: false };
  if (hostAllowed(parsed.hostname, allowedHosts)) return undefined;
  const host = bareHost(parsed.hostname);
  if (host === 'localhost' || host.endsWith('.localhost')) return { reason: `${host} is ${rangeNames.loopback}`, allowable: true };
  const kind = isLiteralIp(host) ? nonPublicKind(host) : undefined;
  return kind ? { reason: `${ipaddr.process(host).toString()} is ${kind}`, allowable: true } : undefined;
}

export const allowHint = 'webhooks call public addresses only; an admin can allow this host in Settings → API tokens → Webhook targets';

/** A refusal in words, with the way out when there is one. */
export const refusalText = (r: Refusal): string => (r.allowable ? `${r.reason}: ${allowHint}` : r.reason);

/** The 400 issues of a rule's webhook actions whose URL is refused as written. */
export function webhookTargetIssues(actions: readonly { type: string; params: Record<string, unknown> }[], allowedHosts: readonly string[], base: string) {
  const issues: FieldIssue[] = [];
  actions.forEach((a, i) => {
    if (a.type !== 'webhook' || typeof a.params.url !== 'string') return;
    const refused = targetRefusal(a.params.url, allowedHosts);
    if (refused) issues.push({ path: `${base}/${i}/params/url`, message: refusalText(refused) });
  });
  return issues;
}
