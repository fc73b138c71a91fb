// The operations digest: operational health after handoff on one day, as sections of lines, each linking to its
// record; the same facts always give the same digest (text and HTML). Pure: the facts and the day come in.

export type DigestFacts = {
  workspaceName: string;
  date: string;
  wins: { opportunityId: string; name: string; account: string; amountMinor: number; currency: string }[];
  handoffs: { opportunityId: string; name: string; status: string; since: string }[];
  overdueTasks: { ownerId: string | null; owner: string; count: number; oldestDue: string }[];
  withoutProject: { opportunityId: string; name: string; account: string }[];
  withoutOwner: { projectId: string; name: string; account: string }[];
  approvalsPastSla: { requestId: string; policy: string; deal: string; since: string }[];
  healthChanges: { projectId: string; name: string; from: string; to: string }[];
};

export type DigestLine = { text: string; href: string };
export type DigestSection = { key: string; title: string; lines: DigestLine[] };
export type Digest = { date: string; title: string; sections: DigestSection[] };

const days = (from: string, to: string) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const words = (value: string) => value.replace(/_/g, ' ');
const health: Record<string, string> = { on_track: 'on track', at_risk: 'at risk', off_track: 'off track' };

/** An amount in minor units as people read it: 12,500.00 EUR (no locale: the digest reads the same everywhere). */
export function formatAmount(amountMinor: number, currency: string): string {
  const whole = Math.trunc(Math.abs(amountMinor) / 100);
  const cents = String(Math.abs(amountMinor) % 100).padStart(2, '0');
  return `${amountMinor < 0 ? '-' : ''}${String(whole).replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${cents} ${currency}`;
}

const byText = (a: DigestLine, b: DigestLine) => a.text.localeCompare(b.text);

export function composeDigest(f: DigestFacts): Digest {
  const section = (key: string, title: string, lines: DigestLine[]): DigestSection => ({ key, title, lines: [...lines].sort(byText) });
  return {
    date: f.date,
    title: `Operations digest for ${f.workspaceName}, ${f.date}`,
    sections: [
      section(
        'wins',
        'New wins',
        f.wins.map((w) => ({ text: `${w.name} (${w.account}), ${formatAmount(w.amountMinor, w.currency)}`, href: `/opportunities/${w.opportunityId}` })),
      ),
      section(
        'handoffs',
        'Handoffs waiting or paused',
        f.handoffs.map((h) => ({
          text: `${h.name}: ${words(h.status)} for ${plural(Math.max(0, days(h.since, f.date)), 'day')}`,
          href: `/opportunities/${h.opportunityId}/brief`,
        })),
      ),
      section(
        'overdue',
        'Overdue onboarding tasks by owner',
        f.overdueTasks.map((t) => ({
          text: `${t.owner}: ${plural(t.count, 'task')} overdue, the oldest due ${t.oldestDue}`,
          href: t.ownerId ? `/tasks?ownerId=${t.ownerId}` : '/warnings',
        })),
      ),
      section('unowned', 'Clients without a project or project owner', [
        ...f.withoutProject.map((c) => ({ text: `${c.account}: ${c.name} has no project`, href: `/opportunities/${c.opportunityId}` })),
        ...f.withoutOwner.map((p) => ({ text: `${p.account}: project ${p.name} has no owner`, href: `/projects/${p.projectId}` })),
      ]),
      section(
        'approvals',
        'Approvals pending past their SLA',
        f.approvalsPastSla.map((a) => ({
          text: `${a.policy} for ${a.deal}, waiting since ${a.since}`,
          href: `/approvals/${a.requestId}`,
        })),
      ),
      section(
        'health',
        'Projects that changed health',
        f.healthChanges.map((c) => ({ text: `${c.name}: ${health[c.from] ?? c.from} to ${health[c.to] ?? c.to}`, href: `/projects/${c.projectId}` })),
      ),
    ],
  };
}

/** The digest as plain text, links as absolute addresses under `baseUrl`. */
export function digestText(digest: Digest, baseUrl: string): string {
  const out = [digest.title, ''];
  for (const s of digest.sections) {
    out.push(`${s.title} (${s.lines.length})`);
    if (s.lines.length === 0) out.push('  none');
    for (const l of s.lines) out.push(`  - ${l.text}: ${baseUrl}${l.href}`);
    out.push('');
  }
  return out.join('\n');
}

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The digest as an HTML e-mail body (every name escaped). */
export function digestHtml(digest: Digest, baseUrl: string): string {
  const parts = [`<h1>${escapeHtml(digest.title)}</h1>`];
  for (const s of digest.sections) {
    parts.push(`<h2>${escapeHtml(s.title)} (${s.lines.length})</h2>`);
    parts.push(
      s.lines.length === 0
        ? '<p>None.</p>'
        : `<ul>${s.lines.map((l) => `<li><a href="${escapeHtml(baseUrl + l.href)}">${escapeHtml(l.text)}</a></li>`).join('')}</ul>`,
    );
  }
  return parts.join('\n');
}
