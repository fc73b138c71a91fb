// Inbound deal events (src/flows/inbound.flow.ts): HubSpot webhooks signed with v3, one `deal.propertyChange` of
// `dealstage` to `closedwon` per request, each for a deal the connection already links; Baton checks the signature,
// stores the raw event once by its id, wins the deal, and the automation runs the handoff (the same rules, project
// and notifications as a win in Baton). Events per second count an event once its handoff has finished. Beside it, in
// the same run: the same handoff's rows as plain SQL in one transaction (bench/baseline.ts) plus the stored event row.
// After the window the bench sends a sample of the events again: each must be answered as a duplicate, nothing added.
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { hubspotV3 } from '../src/adapters/crm/signatures.ts';
import type { Db } from '../src/adapters/db/database.ts';
import { newId } from '../src/adapters/db/ids.ts';
import { createConnection, receiveInbound, type Connection } from '../src/flows/inbound.flow.ts';
import type { Deps } from '../src/flows/deps.ts';
import { baselineHandoff } from './baseline.ts';
import { inFlightGate, silentLog, startBaton } from './baton.ts';
import type { BenchDatabase } from './engines.ts';
import { runFor, summarise, type Summary } from './measure.ts';
import { seedWorkspace, type BenchWorkspace } from './seed.ts';

export type InboundTiming = {
  engine: string;
  callers: number;
  baseline: Summary;
  baton: Summary & { handoffsPerSecond: number; drainMs: number };
  /** Of the events sent again after the window: answered as duplicates, and rows added by them (must be 0). */
  replayed: number;
  replayDuplicates: number;
  rowsAddedByReplay: number;
  /** Every event processed, one project per won deal. */
  processed: number;
  projects: number;
};

const publicUrl = 'https://baton.example.com';
const secret = 'bench-hubspot-client-secret';

/** Links the workspace's deals to HubSpot ids 1..n, as the connection's earlier events (or an import) would have. */
async function linkDeals(db: Db, w: BenchWorkspace, connectionId: string): Promise<Map<string, string>> {
  const externalIds = new Map<string, string>();
  const rows = w.opportunityIds.map((id, i) => {
    externalIds.set(id, String(i + 1));
    return { workspace_id: w.workspaceId, connection_id: connectionId, entity_type: 'opportunity', external_id: String(i + 1), opportunity_id: id };
  });
  for (let i = 0; i < rows.length; i += 1000)
    await db
      .insertInto('inbound_links')
      .values(rows.slice(i, i + 1000))
      .execute();
  return externalIds;
}

/** One HubSpot request body: the deal's stage changed to closedwon. */
const hubspotBody = (externalId: string, eventId: number) =>
  JSON.stringify([
    {
      eventId,
      subscriptionId: 12,
      portalId: 62515,
      appId: 54321,
      occurredAt: Date.now(),
      subscriptionType: 'deal.propertyChange',
      attemptNumber: 0,
      objectId: Number(externalId),
      propertyName: 'dealstage',
      propertyValue: 'closedwon',
      changeSource: 'CRM',
    },
  ]);

/** The request as HubSpot sends it (or retries it: the same body, a fresh timestamp), signed with v3. */
function hubspotRequest(connection: Connection, body: string) {
  const url = `${publicUrl}${connection.endpoint}`;
  const timestamp = String(Date.now());
  return {
    connectionId: connection.id,
    sender: 'hubspot' as const,
    method: 'POST',
    url,
    body,
    headers: {
      'content-type': 'application/json',
      'x-hubspot-signature-v3': hubspotV3(secret, 'POST', url, body, timestamp),
      'x-hubspot-request-timestamp': timestamp,
    },
    query: {},
    contentType: 'application/json',
  };
}

const count = async (db: Db, table: string, workspaceId: string) =>
  (await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)} where workspace_id = ${workspaceId}`.execute(db)).rows[0]!.n;

export async function measureInbound(
  engine: string,
  open: () => Promise<BenchDatabase>,
  options: { callers: number; seconds: number; deals: number; inFlight: number; log: (line: string) => void },
): Promise<InboundTiming> {
  const bench = await open();
  try {
    const db = bench.database.db;
    const suffix = newId().slice(-8);
    const base = await seedWorkspace(db, `inbound-base-${suffix}`, options.deals);
    const w = await seedWorkspace(db, `inbound-baton-${suffix}`, options.deals);
    const deps: Deps = { db, log: silentLog, now: () => new Date(), wakeOutbox: () => {} };
    const ctx = { workspaceId: w.workspaceId, actor: w.actor };
    const connection = await createConnection(deps, ctx, { name: 'HubSpot bench', kind: 'hubspot', secrets: { clientSecret: secret }, publicUrl });
    const externalIds = await linkDeals(db, w, connection.id);

    options.log(`inbound on ${engine}: baseline, the handoff's rows and the stored event as plain SQL, ${options.callers} caller(s), ${options.seconds} s ...`);
    const handoff = baselineHandoff(db, base);
    let baseEventId = 0;
    const baselineRun = await runFor({
      seconds: options.seconds,
      concurrency: options.callers,
      deals: base.opportunityIds,
      win: async (opportunityId) => {
        const request = hubspotRequest(connection, hubspotBody('1', ++baseEventId));
        await db
          .insertInto('inbound_events')
          .values({
            id: newId(),
            workspace_id: base.workspaceId,
            connection_id: connection.id,
            format: 'hubspot',
            external_id: String(baseEventId),
            external_deal_id: String(baseEventId),
            occurred_at: new Date(),
            status: 'processed',
            outcome: 'Won (stage closedwon): the handoff runs as for a win in Baton',
            opportunity_id: opportunityId,
            raw: request.body,
            headers: JSON.stringify({ 'content-type': 'application/json' }),
            processed_at: new Date(),
          })
          .execute();
        await handoff(opportunityId);
      },
    });

    options.log(
      `inbound on ${engine}: Baton, signed HubSpot events through receiveInbound + automation, ${options.callers} caller(s), ${options.seconds} s ...`,
    );
    const runner = startBaton(bench.database, w);
    // The automation wakes on the inbound flow's commits as it does in the server.
    const live: Deps = { ...deps, wakeOutbox: () => runner.wake() };
    const gate = inFlightGate(db, w.workspaceId, options.inFlight);
    let eventId = 0;
    const sent: ReturnType<typeof hubspotRequest>[] = [];
    const t0 = performance.now();
    const run = await runFor({
      seconds: options.seconds,
      concurrency: options.callers,
      deals: w.opportunityIds,
      gate: gate.gate,
      win: async (opportunityId) => {
        const request = hubspotRequest(connection, hubspotBody(externalIds.get(opportunityId)!, ++eventId));
        sent.push(request);
        const result = await receiveInbound(live, request);
        if (result.events[0]?.status !== 'processed')
          throw new Error(`inbound bench: event ${eventId} was ${result.events[0]?.status}: ${result.events[0]?.outcome}`);
      },
    });
    const drainMs = await runner.finish();
    const totalMs = performance.now() - t0;

    const processed = Number(
      (await sql<{ n: number }>`select count(*)::int as n from inbound_events where workspace_id = ${w.workspaceId} and status = 'processed'`.execute(db))
        .rows[0]!.n,
    );
    const projects = await count(db, 'projects', w.workspaceId);
    const tables = ['inbound_events', 'deal_outcomes', 'projects', 'tasks', 'rule_runs', 'notifications', 'outbox_events'];
    const before = await Promise.all(tables.map((t) => count(db, t, w.workspaceId)));
    // Sent again as HubSpot retries them (fresh timestamps, same event ids): answered, never applied again.
    const replay = sent.slice(0, 100);
    let duplicates = 0;
    for (const request of replay) {
      const result = await receiveInbound(live, hubspotRequest(connection, request.body));
      if (result.events.every((e) => e.duplicate)) duplicates++;
    }
    const afterReplay = await Promise.all(tables.map((t) => count(db, t, w.workspaceId)));
    const rowsAddedByReplay = afterReplay.reduce((sum, n, i) => sum + n - before[i]!, 0);

    const summary = summarise(run);
    return {
      engine,
      callers: options.callers,
      baseline: summarise(baselineRun),
      baton: { ...summary, handoffsPerSecond: run.completed / (totalMs / 1000), drainMs },
      replayed: replay.length,
      replayDuplicates: duplicates,
      rowsAddedByReplay,
      processed,
      projects,
    };
  } finally {
    await bench.drop();
  }
}

export function inboundLines(t: InboundTiming): string[] {
  const ok = t.processed === t.baton.wins && t.projects === t.baton.wins && t.replayDuplicates === t.replayed && t.rowsAddedByReplay === 0;
  return [
    `Inbound HubSpot events on ${t.engine}, ${t.callers} caller(s): baseline ${t.baseline.perSecond.toFixed(1)} handoffs/s (p50 ${t.baseline.p50Ms.toFixed(1)} / p99 ${t.baseline.p99Ms.toFixed(1)} ms)`,
    `  Baton: ${t.baton.wins} signed events, ${t.baton.handoffsPerSecond.toFixed(1)} events/s with their handoffs finished (${(t.baton.handoffsPerSecond / t.baseline.perSecond).toFixed(2)}x the baseline; receive call p50 ${t.baton.p50Ms.toFixed(1)} / p99 ${t.baton.p99Ms.toFixed(1)} ms; ${(t.baton.drainMs / 1000).toFixed(1)} s to finish those in flight)`,
    `  checks: ${t.processed} processed, ${t.projects} projects for ${t.baton.wins} events; ${t.replayDuplicates} of ${t.replayed} replayed events answered as duplicates, ${t.rowsAddedByReplay} rows added by them: ${ok ? 'PASS' : 'FAIL'}`,
  ];
}
