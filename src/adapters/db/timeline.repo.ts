// The records an opportunity's timeline is made of, each read in one query (run side by side).
import type { DbOrTx } from './database.ts';
import { scoped } from './scope.ts';

/** Stage changes, outcomes, stopped enrolments, notifications, activities, rule runs, projects and handoff events of a deal. */
export async function loadDealHistory(db: DbOrTx, workspaceId: string, opportunityId: string) {
  const q = scoped(db, workspaceId);
  const [changes, outcomes, enrolments, notifications, activities, runs, projects, handoff] = await Promise.all([
    q
      .selectFrom('stage_changes as c')
      .leftJoin('stages as f', 'f.id', 'c.from_stage_id')
      .innerJoin('stages as t', 't.id', 'c.to_stage_id')
      .select(['c.at', 'c.actor_type', 'c.actor_id', 'c.actor_label', 'f.name as from_name', 't.name as to_name'])
      .where('c.opportunity_id', '=', opportunityId)
      .execute(),
    q.selectFrom('deal_outcomes').selectAll().where('opportunity_id', '=', opportunityId).execute(),
    q
      .selectFrom('sequence_enrolments as e')
      .innerJoin('deal_outcomes as o', 'o.id', 'e.stopped_by_outcome_id')
      .innerJoin('sequences as s', 's.id', 'e.sequence_id')
      .innerJoin('contacts as ct', 'ct.id', 'e.contact_id')
      .select(['e.stopped_at', 'e.stopped_reason', 's.name as sequence_name', 'ct.first_name', 'ct.last_name', 'o.actor_type', 'o.actor_id', 'o.actor_label'])
      .where('o.opportunity_id', '=', opportunityId)
      .execute(),
    q
      .selectFrom('notifications as n')
      .innerJoin('users as u', 'u.id', 'n.user_id')
      .leftJoin('rule_runs as r', 'r.id', 'n.origin_run_id')
      .leftJoin('rules as ru', 'ru.id', 'r.rule_id')
      .select(['n.created_at', 'n.title', 'n.kind', 'u.name as user_name', 'u.role', 'r.rule_id', 'ru.name as rule_name', 'r.rule_version'])
      .where('n.subject_id', '=', opportunityId)
      .execute(),
    q
      .selectFrom('activities as a')
      .leftJoin('users as u', 'u.id', 'a.author_id')
      .select(['a.occurred_at', 'a.kind', 'a.subject', 'a.body', 'a.author_id', 'u.name as author_name'])
      .where('a.opportunity_id', '=', opportunityId)
      .execute(),
    q
      .selectFrom('rule_runs as r')
      .innerJoin('rules as ru', 'ru.id', 'r.rule_id')
      .select(['r.id', 'r.created_at', 'r.finished_at', 'r.status', 'r.error', 'r.trigger_label', 'r.rule_id', 'r.rule_version', 'ru.name'])
      .where('r.subject_id', '=', opportunityId)
      .execute(),
    q
      .selectFrom('project_deals as d')
      .innerJoin('projects as p', 'p.id', 'd.project_id')
      .select(['d.added_at', 'd.added_by_label', 'd.origin_run_id', 'p.name', 'p.opportunity_id'])
      .where('d.opportunity_id', '=', opportunityId)
      .execute(),
    q
      .selectFrom('handoff_events')
      .select(['type', 'data', 'at', 'actor_type', 'actor_id', 'actor_label'])
      .where('opportunity_id', '=', opportunityId)
      .execute(),
  ]);
  return { changes, outcomes, enrolments, notifications, activities, runs, projects, handoff };
}
