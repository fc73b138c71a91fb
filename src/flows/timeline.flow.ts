// An opportunity's history in one list: stage changes, outcomes, stopped enrolments, rule runs, projects, notifications, activities.
import { notFound } from '../domain/errors.ts';
import { timelineKindOf, type TimelineKind } from '../domain/timeline.ts';
import { isRole } from '../domain/roles.ts';
import { personRoleLabels } from '../domain/rules/names.ts';
import type { Db } from '../adapters/db/database.ts';
import { findOpportunityAccountId } from '../adapters/db/opportunities.repo.ts';
import { loadDealHistory } from '../adapters/db/timeline.repo.ts';

export type TimelineEntry = {
  at: string;
  type: 'created' | 'stage_changed' | 'won' | 'lost' | 'reopened' | 'enrolment_stopped' | 'rule_run' | 'project' | 'notification' | 'activity' | 'handoff';
  title: string;
  detail: string | null;
  actor: { type: string; id: string | null; label: string } | null;
  /** On a rule_run entry: the run and its status (the "What happened" panel reads the same status). */
  run?: { id: string; status: string };
};

const handoffTitles: Record<string, string> = {
  'handoff.created': 'Handoff brief prepared',
  'handoff.paused': 'Handoff paused: the notes and the signed scope disagree',
  'handoff.resumed': 'Handoff resumed',
  'handoff.submitted': 'Handoff sent to the CSM',
  'handoff.returned': 'Handoff returned by the CSM with questions',
  'handoff.accepted': 'Handoff accepted',
  'kickoff.scheduled': 'Kickoff scheduled',
  'kickoff.delayed': 'Kickoff delayed',
  'kickoff.held': 'Kickoff held',
  'first_value.reached': 'First value reached',
  'first_value.missed': 'First value missed',
};

/** The deal's history, newest first; with `kind`, only people's actions, automation or communications. */
export async function getTimeline(db: Db, workspaceId: string, opportunityId: string, kind?: TimelineKind): Promise<TimelineEntry[]> {
  if (!(await findOpportunityAccountId(db, workspaceId, opportunityId))) throw notFound('opportunity.not_found', 'Opportunity');
  const { changes, outcomes, enrolments, notifications, activities, runs, projects, handoff } = await loadDealHistory(db, workspaceId, opportunityId);
  const entries: TimelineEntry[] = [];
  for (const c of changes) {
    const actor = { type: c.actor_type, id: c.actor_id, label: c.actor_label };
    entries.push(
      c.from_name
        ? { at: c.at.toISOString(), type: 'stage_changed', title: `Stage changed: ${c.from_name} → ${c.to_name}`, detail: null, actor }
        : { at: c.at.toISOString(), type: 'created', title: `Created in ${c.to_name}`, detail: null, actor },
    );
  }
  for (const o of outcomes) {
    const actor = { type: o.actor_type, id: o.actor_id, label: o.actor_label };
    entries.push({
      at: o.created_at.toISOString(),
      type: o.outcome === 'won' ? 'won' : 'lost',
      title: o.outcome === 'won' ? 'Marked won' : 'Marked lost',
      detail: [
        `close date ${o.close_date}`,
        o.reason ? `reason: ${o.reason}` : null,
        o.account_status_before !== o.account_status_after ? `account ${o.account_status_before} → ${o.account_status_after}` : null,
      ]
        .filter(Boolean)
        .join('; '),
      actor,
    });
    if (o.reopened_at) {
      entries.push({
        at: o.reopened_at.toISOString(),
        type: 'reopened',
        title: 'Reopened',
        detail: `the ${o.outcome} record was set aside`,
        actor: { type: 'user', id: null, label: o.reopened_by_label ?? 'unknown' },
      });
    }
  }
  for (const e of enrolments) {
    entries.push({
      at: e.stopped_at?.toISOString() ?? '',
      type: 'enrolment_stopped',
      title: `Sequence stopped: ${e.sequence_name} for ${e.first_name} ${e.last_name}`,
      detail: e.stopped_reason,
      actor: { type: e.actor_type, id: e.actor_id, label: e.actor_label },
    });
  }
  // One entry per notification sent, naming its recipient.
  for (const n of notifications) {
    const actor = n.rule_id
      ? { type: 'automation', id: n.rule_id, label: `rule: ${n.rule_name} v${n.rule_version}` }
      : { type: 'automation', id: null, label: 'outbox' };
    entries.push({
      at: n.created_at.toISOString(),
      type: 'notification',
      title: `Notified ${n.user_name} (${isRole(n.role) ? personRoleLabels[n.role] : n.role})`,
      detail: n.title,
      actor,
    });
  }
  for (const r of runs) {
    entries.push({
      at: (r.finished_at ?? r.created_at).toISOString(),
      type: 'rule_run',
      title: `Rule "${r.name}" ${r.status}`,
      detail: r.error ?? r.trigger_label,
      actor: { type: 'automation', id: r.rule_id, label: `rule: ${r.name} v${r.rule_version}` },
      run: { id: r.id, status: r.status },
    });
  }
  for (const p of projects) {
    entries.push({
      at: p.added_at.toISOString(),
      type: 'project',
      title: p.opportunity_id === opportunityId ? `Project "${p.name}" created` : `Phases added to the project "${p.name}"`,
      detail: null,
      actor: { type: p.origin_run_id ? 'automation' : 'user', id: null, label: p.added_by_label },
    });
  }
  for (const a of activities) {
    entries.push({
      at: a.occurred_at.toISOString(),
      type: 'activity',
      title: `${a.kind[0]!.toUpperCase()}${a.kind.slice(1)}${a.subject ? `: ${a.subject}` : ''}`,
      detail: a.body.length > 280 ? `${a.body.slice(0, 277)}...` : a.body,
      actor: a.author_id ? { type: 'user', id: a.author_id, label: a.author_name ?? 'unknown' } : null,
    });
  }
  for (const h of handoff) {
    const d = h.data as Record<string, unknown>;
    const detail =
      h.type === 'handoff.returned'
        ? `Missing: ${((d.missing as string[]) ?? []).join(', ')}`
        : h.type === 'handoff.paused'
          ? String(d.summary ?? '')
          : h.type.startsWith('kickoff.') || h.type.startsWith('first_value.')
            ? [d.on, d.to, d.reason].filter(Boolean).join(' ') || null
            : null;
    entries.push({
      at: h.at.toISOString(),
      type: 'handoff',
      title: handoffTitles[h.type] ?? h.type,
      detail: detail || null,
      actor: { type: h.actor_type, id: h.actor_id, label: h.actor_label },
    });
  }
  return (kind ? entries.filter((e) => timelineKindOf(e) === kind) : entries).sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
}
