// The baseline: the row changes of a whole won-deal handoff as plain SQL in one transaction. The win as
// close-deal.flow.ts makes it, then the final rows the automation leaves behind: the deal.won and
// project.created events (delivered) with their attempt log, the three rule runs and their steps
// (succeeded), the Operations notifications and the project owner's, the project with its deal link, 3 phases, 3 milestones
// and 30 owned, dated tasks (one multi-row insert), the round-robin cursor and the audit rows.
// Owners and due dates come from a simple inline rule: precomputed owners, close date + N business days.
import { sql } from 'kysely';
import type { Db, Tx } from '../src/adapters/db/database.ts';
import { newId } from '../src/adapters/db/ids.ts';
import { actionKey, runKey } from '../src/domain/rules/rules.ts';
import { addBusinessDays, dateIn, standardBusinessDays, type WorkCalendar } from '../src/domain/calendar.ts';
import type { TemplateDefinition } from '../src/domain/project-plan.ts';
import type { BenchWorkspace, DeliveryRole } from './seed.ts';

type Locked = {
  id: string;
  account_id: string;
  account_name: string;
  stage_id: string;
  close_date: string | null;
  name: string;
  amount_minor: number;
  currency: string;
  account_status: string;
};

type FlatTask = {
  key: string;
  phaseKey: string;
  group: string;
  title: string;
  role: DeliveryRole;
  offset: number;
  estimateHours: number | null;
  dependsOn: string[];
  position: number;
};
type FlatPlan = {
  phases: { key: string; name: string; position: number }[];
  milestones: { key: string; phaseKey: string; name: string; offset: number }[];
  tasks: FlatTask[];
};

/** Every task and milestone as "N business days after the close date" (chains of due rules summed once). */
export function flattenTemplate(definition: TemplateDefinition): FlatPlan {
  const due = new Map<string, TemplateDefinition['phases'][number]['groups'][number]['tasks'][number]['due']>();
  for (const p of definition.phases) {
    for (const m of p.milestones ?? []) due.set(m.key, m.due);
    for (const g of p.groups) for (const t of g.tasks) due.set(t.key, t.due);
  }
  const offsetOf = (key: string): number => {
    const d = due.get(key)!;
    return d.from === 'close_date' ? d.days : offsetOf(d.task) + d.days;
  };
  const plan: FlatPlan = { phases: [], milestones: [], tasks: [] };
  definition.phases.forEach((p, i) => {
    plan.phases.push({ key: p.key, name: p.name, position: i + 1 });
    for (const m of p.milestones ?? []) plan.milestones.push({ key: m.key, phaseKey: p.key, name: m.name, offset: offsetOf(m.key) });
    for (const g of p.groups) {
      for (const t of g.tasks) {
        if (t.condition) throw new Error('the baseline plans unconditional templates only');
        plan.tasks.push({
          key: t.key,
          phaseKey: p.key,
          group: g.name,
          title: t.title,
          role: t.role as DeliveryRole,
          offset: offsetOf(t.key),
          estimateHours: t.estimateHours ?? null,
          dependsOn: t.dependsOn ?? [],
          position: plan.tasks.length + 1,
        });
      }
    }
  });
  return plan;
}

const calendar: WorkCalendar = { timeZone: 'UTC', businessDays: standardBusinessDays, holidays: new Set() };

/** Returns a function that hands one won deal off with the minimum of SQL; each call is one transaction. */
export function baselineHandoff(db: Db, w: BenchWorkspace): (opportunityId: string) => Promise<void> {
  const ws = w.workspaceId;
  const { actor } = w;
  const { open, won } = w.stages;
  const { template, roster, csm, wonRules } = w.delivery;
  const plan = flattenTemplate(template.definition);
  const automation = (rule: (typeof wonRules)[number]) => ({ type: 'automation' as const, id: rule.id, label: `rule: ${rule.name} v${rule.version}` });
  // Inline owner rule: the account's CSM for account management, turns for IT and project leads.
  let itTurn = 0;
  let leadTurn = 0;
  let dueFor = { day: '', dates: new Map<string, string>() };
  const dates = (closeDate: string) => {
    if (dueFor.day !== closeDate) {
      const d = new Map<string, string>();
      for (const item of [...plan.tasks, ...plan.milestones]) d.set(item.key, addBusinessDays(closeDate, item.offset, calendar));
      dueFor = { day: closeDate, dates: d };
    }
    return dueFor.dates;
  };

  return async (opportunityId) => {
    const today = dateIn(new Date(), 'UTC');
    await db.transaction().execute(async (tx) => {
      // Locks the opportunity and its account (the flow locks both).
      const locked = await sql<Locked>`
        select o.id, o.account_id, a.name as account_name, o.stage_id, o.close_date, o.name, o.amount_minor, o.currency, a.status as account_status
        from opportunities o join accounts a on a.workspace_id = o.workspace_id and a.id = o.account_id
        where o.workspace_id = ${ws} and o.id = ${opportunityId}
        for update`.execute(tx);
      const o = locked.rows[0];
      if (!o) throw new Error(`baseline: opportunity ${opportunityId} not found`);

      // The win.
      await sql`
        update opportunities set stage_id = ${won.id}, close_date = ${today}, stage_changed_at = now(), updated_at = now()
        where workspace_id = ${ws} and id = ${o.id}`.execute(tx);
      await sql`
        insert into stage_changes (id, workspace_id, opportunity_id, from_stage_id, to_stage_id, actor_type, actor_id, actor_label)
        values (${newId()}, ${ws}, ${o.id}, ${o.stage_id}, ${won.id}, ${actor.type}, ${actor.id}, ${actor.label})`.execute(tx);
      const outcomeId = newId();
      await sql`
        insert into deal_outcomes (id, workspace_id, opportunity_id, outcome, stage_id, amount_minor, currency, close_date,
          account_status_before, account_status_after, actor_type, actor_id, actor_label)
        values (${outcomeId}, ${ws}, ${o.id}, 'won', ${won.id}, ${o.amount_minor}, ${o.currency}, ${today},
          ${o.account_status}, 'active', ${actor.type}, ${actor.id}, ${actor.label})`.execute(tx);
      const stopped = await sql<{ id: string }>`
        update sequence_enrolments set status = 'stopped', stopped_reason = 'deal won', stopped_at = now(), stopped_by_outcome_id = ${outcomeId}
        where workspace_id = ${ws} and account_id = ${o.account_id} and status = 'active'
        returning id`.execute(tx);
      await sql`update accounts set status = 'active', updated_at = now() where workspace_id = ${ws} and id = ${o.account_id}`.execute(tx);

      // The two events, already delivered, and their attempt log.
      const wonEventId = newId();
      const projectEventId = newId();
      const projectId = newId();
      const runIds = wonRules.map(() => newId());
      const projectRule = wonRules.findIndex((r) => r.actions.some((a) => a.type === 'create_project'));
      const notifyRule = wonRules.findIndex((r) => r.actions.some((a) => a.type === 'notify'));
      const projectRunId = runIds[projectRule] ?? null;
      const wonPayload = {
        opportunityId: o.id,
        outcomeId,
        accountId: o.account_id,
        name: o.name,
        amountMinor: o.amount_minor,
        currency: o.currency,
        closeDate: today,
        stageId: won.id,
        reason: null,
        actor: actor.label,
        depth: 0,
      };
      const projectPayload = {
        projectId,
        opportunityId: o.id,
        templateId: template.id,
        templateVersion: template.version,
        tasks: plan.tasks.length,
        depth: 1,
        runId: projectRunId,
      };
      await tx
        .insertInto('outbox_events')
        .values([
          {
            id: wonEventId,
            workspace_id: ws,
            type: 'deal.won',
            subject_type: 'opportunity',
            subject_id: o.id,
            payload: JSON.stringify(wonPayload),
            idempotency_key: `deal.won:${outcomeId}`,
            status: 'done',
            attempts: 1,
            processed_at: sql`now()`,
          },
          {
            id: projectEventId,
            workspace_id: ws,
            type: 'project.created',
            subject_type: 'project',
            subject_id: projectId,
            payload: JSON.stringify(projectPayload),
            idempotency_key: `project.deal_added:${o.id}`,
            status: 'done',
            attempts: 1,
            processed_at: sql`now()`,
          },
        ])
        .execute();
      await tx
        .insertInto('outbox_attempts')
        .values(
          [wonEventId, projectEventId].map((eventId) => ({
            id: newId(),
            workspace_id: ws,
            event_id: eventId,
            attempt: 1,
            worker: 'baseline',
            started_at: sql`now()`,
            finished_at: sql`now()`,
            error: null,
          })),
        )
        .execute();

      // The rule runs the event starts, succeeded, and their steps with what each did.
      const event = { id: wonEventId, subjectType: 'opportunity', subjectId: o.id };
      const keys = wonRules.map((r) => runKey(r, event));
      const taskIds = new Map(plan.tasks.map((t) => [t.key, newId()]));
      const notified = w.opsUserIds.map((userId) => ({ userId, id: newId() }));
      const output = (type: string) => {
        switch (type) {
          case 'activate_client':
            return { summary: `${o.account_name} is already an active client`, created: [] };
          case 'notify':
            return { summary: `Notified ${notified.length} people (in-app)`, created: notified.map((n) => ({ type: 'notification', id: n.id, label: 'ops' })) };
          case 'create_project':
            return {
              summary: `Created the project from ${template.name} v${template.version}: ${plan.tasks.length} task(s)`,
              created: [{ type: 'project', id: projectId, label: o.name }, ...[...taskIds.values()].map((id) => ({ type: 'task', id, label: 'task' }))],
              projectId,
              outcome: 'created',
            };
          default:
            throw new Error(`baseline: no row changes written for action type ${type}`);
        }
      };
      await tx
        .insertInto('rule_runs')
        .values(
          wonRules.map((r, i) => ({
            id: runIds[i]!,
            workspace_id: ws,
            rule_id: r.id,
            rule_version: r.version,
            run_key: keys[i]!,
            trigger_event_id: wonEventId,
            trigger_type: 'deal.won',
            trigger_label: `deal.won: deal "${o.name}" moved to ${won.name}`,
            subject_type: 'opportunity',
            subject_id: o.id,
            status: 'succeeded',
            attempts: 1,
            conditions: '[]',
            started_at: sql`now()`,
            finished_at: sql`now()`,
          })),
        )
        .execute();
      const log = JSON.stringify([{ attempt: 1, at: new Date().toISOString(), error: null }]);
      await tx
        .insertInto('rule_run_steps')
        .values(
          wonRules.flatMap((r, i) =>
            r.actions.map((a, position) => ({
              id: newId(),
              workspace_id: ws,
              run_id: runIds[i]!,
              position: position + 1,
              action_key: a.key,
              action_type: a.type,
              params: JSON.stringify(a.params),
              idempotency_key: actionKey(keys[i]!, a),
              status: 'succeeded',
              attempts: 1,
              output: JSON.stringify(output(a.type)),
              log,
              started_at: sql`now()`,
              finished_at: sql`now()`,
            })),
          ),
        )
        .execute();

      // Operations hears about the win.
      const notifyAction = wonRules[notifyRule]!.actions.find((a) => a.type === 'notify')!;
      const amount = `€${(o.amount_minor / 100).toLocaleString('en-US', { minimumFractionDigits: 2 })}`;
      await tx
        .insertInto('notifications')
        .values(
          notified.map((n) => ({
            id: n.id,
            workspace_id: ws,
            user_id: n.userId,
            kind: 'rule',
            title: `Deal won: ${o.name}`,
            body: `${o.account_name} signed ${amount} on ${today}. Delivery can start.`,
            subject_type: 'opportunity',
            subject_id: o.id,
            event_id: wonEventId,
            origin_run_id: runIds[notifyRule]!,
            origin_key: `${actionKey(keys[notifyRule]!, notifyAction)}:in_app:${n.userId}`,
          })),
        )
        .execute();

      // The project: owner, deal link, phases, milestones, 30 tasks in one insert, the round-robin cursor.
      const it = roster.it;
      const leads = roster.project_lead;
      const ownerOf = (role: DeliveryRole): string =>
        role === 'account_manager' ? csm.id : role === 'it' ? it[itTurn++ % it.length]!.id : leads[leadTurn++ % leads.length]!.id;
      const projectOwner = ownerOf('project_lead');
      const due = dates(today);
      const endDate = [...due.values()].reduce((max, d) => (d > max ? d : max), today);
      await tx
        .insertInto('projects')
        .values({
          id: projectId,
          workspace_id: ws,
          account_id: o.account_id,
          opportunity_id: o.id,
          template_id: template.id,
          template_version: template.version,
          name: o.name,
          owner_id: projectOwner,
          start_date: today,
          target_date: endDate,
          origin_run_id: projectRunId,
        })
        .execute();
      await tx
        .insertInto('project_deals')
        .values({
          id: newId(),
          workspace_id: ws,
          project_id: projectId,
          opportunity_id: o.id,
          template_id: template.id,
          template_version: template.version,
          origin_run_id: projectRunId,
          added_by_label: automation(wonRules[projectRule]!).label,
        })
        .execute();
      // The project's owner is told in the app that the project is theirs.
      const projectAutomation = automation(wonRules[projectRule]!);
      await tx
        .insertInto('notifications')
        .values({
          id: newId(),
          workspace_id: ws,
          user_id: projectOwner,
          kind: 'project_owner',
          title: `You own the project ${o.name}`,
          body: `${projectAutomation.label} made you the owner of the delivery project ${o.name}.`,
          subject_type: 'project',
          subject_id: projectId,
          event_id: null,
          origin_run_id: projectRunId,
          origin_key: `project-owner:${projectId}:${projectOwner}`,
        })
        .execute();
      const phaseIds = new Map(plan.phases.map((p) => [p.key, newId()]));
      await tx
        .insertInto('project_phases')
        .values(
          plan.phases.map((p) => ({
            id: phaseIds.get(p.key)!,
            workspace_id: ws,
            project_id: projectId,
            opportunity_id: o.id,
            key: p.key,
            name: p.name,
            position: p.position,
          })),
        )
        .execute();
      if (plan.milestones.length > 0) {
        await tx
          .insertInto('milestones')
          .values(
            plan.milestones.map((m) => ({
              id: newId(),
              workspace_id: ws,
              project_id: projectId,
              phase_id: phaseIds.get(m.phaseKey)!,
              key: m.key,
              name: m.name,
              due_date: due.get(m.key)!,
            })),
          )
          .execute();
      }
      const projectKey = actionKey(
        keys[projectRule]!,
        wonRules[projectRule]!.actions.find((a) => a.type === 'create_project')!,
      );
      await tx
        .insertInto('tasks')
        .values(
          plan.tasks.map((t) => ({
            id: taskIds.get(t.key)!,
            workspace_id: ws,
            project_id: projectId,
            phase_id: phaseIds.get(t.phaseKey)!,
            opportunity_id: o.id,
            account_id: o.account_id,
            template_key: t.key,
            group_name: t.group,
            title: t.title,
            role: t.role,
            owner_id: ownerOf(t.role),
            due_date: due.get(t.key)!,
            estimate_hours: t.estimateHours,
            assignment: t.role === 'account_manager' ? 'deal_csm' : t.role === 'it' ? 'round_robin' : 'least_open',
            depends_on: sql<string[]>`${`{${t.dependsOn.map((d) => taskIds.get(d)).join(',')}}`}::uuid[]`,
            position: t.position,
            origin_run_id: projectRunId,
            origin_key: `${projectKey}:task:${t.key}`,
          })),
        )
        .execute();
      await tx
        .updateTable('team_roles')
        .set({ rr_cursor: itTurn % it.length })
        .where('workspace_id', '=', ws)
        .where('key', '=', 'it')
        .execute();

      await writeAudit(tx, ws, [
        // The win's rows: the stage move, the outcome, each stopped enrolment, the account activation.
        [
          actor,
          'opportunity.won',
          'opportunity',
          o.id,
          { stageId: o.stage_id, stage: open.name, closeDate: o.close_date },
          { stageId: won.id, stage: won.name, closeDate: today },
        ],
        [
          actor,
          'outcome.recorded',
          'deal_outcome',
          outcomeId,
          null,
          { id: outcomeId, opportunityId: o.id, outcome: 'won', amountMinor: o.amount_minor, currency: o.currency, closeDate: today },
        ],
        ...stopped.rows.map((e): AuditRow => [
          actor,
          'enrolment.stopped',
          'sequence_enrolment',
          e.id,
          { status: 'active' },
          { status: 'stopped', reason: 'deal won' },
        ]),
        [actor, 'account.activated', 'account', o.account_id, { status: o.account_status }, { status: 'active' }],
        // The automation's rows: each notification, the project.
        ...notified.map((n): AuditRow => [
          automation(wonRules[notifyRule]!),
          'notification.sent',
          'notification',
          n.id,
          null,
          { to: 'ops', title: `Deal won: ${o.name}`, runId: runIds[notifyRule] },
        ]),
        [
          automation(wonRules[projectRule]!),
          'project.created',
          'project',
          projectId,
          null,
          {
            opportunityId: o.id,
            template: template.name,
            templateVersion: template.version,
            tasks: plan.tasks.length,
            ownerId: projectOwner,
            runId: projectRunId,
          },
        ],
      ]);
    });
  };
}

type AuditRow = [{ type: string; id: string | null; label: string }, string, string, string, unknown, unknown];

async function writeAudit(tx: Tx, ws: string, rows: AuditRow[]): Promise<void> {
  await tx
    .insertInto('audit_log')
    .values(
      rows.map(([who, action, entityType, entityId, before, after]) => ({
        id: newId(),
        workspace_id: ws,
        actor_type: who.type,
        actor_id: who.id,
        actor_label: who.label,
        action,
        entity_type: entityType,
        entity_id: entityId,
        before: before === null ? null : JSON.stringify(before),
        after: JSON.stringify(after),
      })),
    )
    .execute();
}
