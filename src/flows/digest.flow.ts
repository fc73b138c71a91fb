// The operations digest: operational health after handoff for one workspace and day, read on demand, and sent to
// Operations and the admins (in the app and by e-mail, HTML and text) on demand or daily at the workspace's hour.
import type { Actor } from '../domain/actor.ts';
import { dateIn } from '../domain/calendar.ts';
import { composeDigest, digestHtml, digestText, type Digest } from '../domain/digest.ts';
import { invalid } from '../domain/errors.ts';
import { recordAudit } from '../adapters/db/audit.repo.ts';
import type { Db, Tx } from '../adapters/db/database.ts';
import { findDigestHour, findDigestRecipients, findDigestsDue, loadDigestFacts, recordDigestSent, setDigestHourRow } from '../adapters/db/digest.repo.ts';
import { findWorkspaceTimeZone } from '../adapters/db/workspaces.repo.ts';
import type { Deps } from './deps.ts';
import { notifyPeople } from './notifications.flow.ts';

/** Who receives the digest: the workspace's active operations people and admins. */
const recipientRoles = ['ops', 'admin'];

async function checkedDate(db: Db | Tx, workspaceId: string, now: Date, date: string | undefined, path: string): Promise<string> {
  const today = dateIn(now, await findWorkspaceTimeZone(db, workspaceId));
  if (date && date > today) throw invalid([{ path, message: `must not be after today (${today})` }]);
  return date ?? today;
}

/** The digest of a day (today by default), as it stands now. */
export async function getDigest(deps: Pick<Deps, 'db' | 'now'>, workspaceId: string, date?: string): Promise<Digest> {
  const day = await checkedDate(deps.db, workspaceId, deps.now(), date, 'querystring:/date');
  return composeDigest(await loadDigestFacts(deps.db, workspaceId, day, deps.now()));
}

export type DigestSent = { date: string; recipients: number; alreadySent: boolean; digest: Digest };

async function sendIn(tx: Tx, workspaceId: string, date: string, now: Date, actor: Actor, baseUrl: string): Promise<DigestSent> {
  const digest = composeDigest(await loadDigestFacts(tx, workspaceId, date, now));
  const people = await findDigestRecipients(tx, workspaceId, recipientRoles);
  const first = await recordDigestSent(tx, workspaceId, date, actor.label, people.length);
  // Keys per day and person: sending the same day's digest again reaches nobody twice.
  await notifyPeople(tx, {
    workspaceId,
    people,
    channel: 'both',
    title: digest.title,
    body: digestText(digest, baseUrl),
    html: digestHtml(digest, baseUrl),
    subject: { type: 'workspace', id: workspaceId },
    eventId: null,
    runId: null,
    key: `digest:${date}`,
    actor,
  });
  return { date, recipients: people.length, alreadySent: !first, digest };
}

/** Sends a day's digest now (today by default); once per day and person, however often it is asked for. */
export async function sendDigest(
  deps: Pick<Deps, 'db' | 'now' | 'wakeOutbox'>,
  ctx: { workspaceId: string; actor: Actor },
  input: { date?: string | undefined; baseUrl: string },
): Promise<DigestSent> {
  const now = deps.now();
  const result = await deps.db.transaction().execute(async (tx) => {
    const date = await checkedDate(tx, ctx.workspaceId, now, input.date, 'body:/date');
    return sendIn(tx, ctx.workspaceId, date, now, ctx.actor, input.baseUrl);
  });
  deps.wakeOutbox();
  return result;
}

/** The daily send, driven by the rule runner's clock: each workspace's digest of today once its hour has come. */
export async function sendDueDigests(db: Db, now: Date, baseUrl = ''): Promise<number> {
  const due = await findDigestsDue(db, now);
  const actor: Actor = { type: 'system', id: null, label: 'daily digest' };
  for (const d of due) await db.transaction().execute((tx) => sendIn(tx, d.workspaceId, d.date, now, actor, baseUrl));
  return due.length;
}

/** Sets the hour of the workspace's day the digest goes out, or null for no daily send (on demand only). */
export async function setDigestHour(deps: Pick<Deps, 'db'>, ctx: { workspaceId: string; actor: Actor }, hour: number | null): Promise<{ hour: number | null }> {
  await deps.db.transaction().execute(async (tx) => {
    const before = await findDigestHour(tx, ctx.workspaceId);
    await setDigestHourRow(tx, ctx.workspaceId, hour);
    await recordAudit(tx, ctx.workspaceId, ctx.actor, [
      { action: 'digest.scheduled', entityType: 'workspace', entityId: ctx.workspaceId, before: { hour: before }, after: { hour } },
    ]);
  });
  return { hour };
}

export async function getDigestHour(deps: Pick<Deps, 'db'>, workspaceId: string): Promise<{ hour: number | null }> {
  return { hour: await findDigestHour(deps.db, workspaceId) };
}
