// Which outbox events do what: every event goes to the rule dispatcher and to the webhook subscriptions that take it;
// e-mail requests go to the mailer first; a won deal gets the approvals its workspace's policies ask for (once per
// deal and policy) before its rules run. A win imported as history (`historical: true` in its payload) does nothing:
// it stays in the outbox as the record of the win, but the handoff it would start (rules: project, brief, nurture
// stop notifications, Operations; approvals; subscribers' webhooks) happened before Baton, elsewhere. Skipping here,
// where every consumer of the event is reached, rather than not emitting the event, keeps the record and the one
// place that decides.
import type { Db, Tx } from '../adapters/db/database.ts';
import type { ClaimedEvent, OutboxEvent } from '../adapters/db/outbox.repo.ts';
import { requestApprovals } from '../flows/approvals.flow.ts';
import { releaseHeldSteps, tractionEvents } from '../flows/traction.flow.ts';
import { findDealsWithHeldSteps } from '../adapters/db/traction.repo.ts';
import { workspaceConfig } from '../adapters/db/workspace-config.repo.ts';
import { fanOut, subscribersOf } from '../flows/webhook-subscriptions.flow.ts';
import { dispatchEvent, mayStartRules } from './dispatch.ts';
import type { EventHandler } from './outbox.ts';

export type HandlerDeps = {
  now: () => Date;
  /** Tells the rule runner that runs were started. */
  wakeRuns: () => void;
  /** Tells the rule runner that a timer was set for this moment. */
  timerSet?: (dueAt: Date) => void;
  /** How long a debounced rule's window lasts (5 s by default). */
  debounceMs?: number | undefined;
  /** Sends one queued e-mail (mail.requested). */
  sendMail: (tx: Tx, event: OutboxEvent) => Promise<void>;
  /** Tells the webhook delivery worker that deliveries were queued. */
  wakeDeliveries?: () => void;
};

export function eventHandlers(deps: HandlerDeps & { db?: Db }): {
  handlers: Record<string, EventHandler>;
  fallback: EventHandler;
  afterCommit: () => void;
  idle?: (event: ClaimedEvent) => Promise<boolean>;
} {
  let started = 0;
  let queued = 0;
  const dispatch: EventHandler = async (tx, event) => {
    if (isHistorical(event)) return;
    // A signal that may meet the deal's traction (or its win) releases the tasks the gate held for it.
    if (tractionEvents.has(event.type) && event.subjectType === 'opportunity')
      started += await releaseHeldSteps(tx, event.workspaceId, event.subjectId, deps.now());
    const dispatched = await dispatchEvent(tx, event as ClaimedEvent, deps.now(), { debounceMs: deps.debounceMs });
    started += dispatched.started;
    for (const dueAt of dispatched.timers) deps.timerSet?.(dueAt);
    // Outbound webhook subscriptions that take this event get their delivery in the same transaction.
    const config = await workspaceConfig(tx, event.workspaceId, (event as ClaimedEvent).configVersion);
    if ((await fanOut(tx, config, event, deps.now())) > 0) queued += 1;
  };
  const handlers: Record<string, EventHandler> = {
    'mail.requested': async (tx, event) => {
      await deps.sendMail(tx, event);
      await dispatch(tx, event);
    },
    'deal.won': async (tx, event) => {
      // Whether any policy exists is part of the cached set-up (approval policies raise the config version).
      if (isHistorical(event)) return;
      const config = await workspaceConfig(tx, event.workspaceId, (event as ClaimedEvent).configVersion);
      if (config.hasApprovalPolicies)
        await requestApprovals(
          tx,
          { workspaceId: event.workspaceId, actor: { type: 'system', id: null, label: 'approval policies' }, now: deps.now() },
          event.subjectId,
        );
      await dispatch(tx, event);
    },
  };
  return {
    handlers,
    fallback: dispatch,
    // An event no rule waits for (and no handler of its own) is marked delivered without a transaction.
    // A won deal is idle too when its workspace has no approval policy.
    ...(deps.db && {
      idle: async (event: ClaimedEvent) => {
        if (event.type === 'mail.requested') return false;
        if (isHistorical(event)) return true;
        if (
          tractionEvents.has(event.type) &&
          event.subjectType === 'opportunity' &&
          (await findDealsWithHeldSteps(deps.db!, event.workspaceId, event.subjectId)).length > 0
        )
          return false;
        const config = await workspaceConfig(deps.db!, event.workspaceId, event.configVersion);
        if (event.type === 'deal.won' && config.hasApprovalPolicies) return false;
        if (subscribersOf(config, event.type).length > 0) return false;
        return !(await mayStartRules(deps.db!, event));
      },
    }),
    // Runs are claimable once the delivering transaction has committed: wake the runner then, not before.
    afterCommit() {
      if (queued > 0) {
        queued = 0;
        deps.wakeDeliveries?.();
      }
      if (started === 0) return;
      started = 0;
      deps.wakeRuns();
    },
  };
}

/** An event recorded as history (an imported win): nothing runs for it. */
export function isHistorical(event: Pick<OutboxEvent, 'payload'>): boolean {
  return event.payload.historical === true;
}
