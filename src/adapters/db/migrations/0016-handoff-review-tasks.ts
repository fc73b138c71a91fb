// Frozen: every workspace gets the rules that put the handoff review in My tasks (the AE's when the brief is prepared
// on the win, the CSM's with a notification when the AE sends it), as createWorkspace adds them to new ones. A
// workspace that has a rule with the key already (added by hand or by a rerun) keeps it.
import { sql, type Kysely } from 'kysely';

const reviewRules = [
  {
    key: 'handoff-created-ae-review-task',
    position: 35,
    triggerEvent: 'handoff.created',
    definition: {
      name: 'Handoff brief prepared: the AE reviews it',
      description: 'The brief prepared on the win is in the AE\'s My tasks: "Review the handoff brief of <deal>", due in 2 business days.',
      trigger: { type: 'event', event: 'handoff.created' },
      condition: null,
      actions: [{ key: 'review-task', type: 'create_review_task', params: { dueInBusinessDays: 2 } }],
      repeat: 'once',
    },
  },
  {
    key: 'handoff-submitted-tell-csm',
    position: 36,
    triggerEvent: 'handoff.submitted',
    definition: {
      name: 'Handoff sent: the CSM reviews it',
      description:
        'The CSM hears that the AE sent the handoff brief and has "Review the handoff brief of <deal>" in My tasks, due in 2 business days (one task per brief: a brief sent again after a return reopens it).',
      trigger: { type: 'event', event: 'handoff.submitted' },
      condition: null,
      actions: [
        {
          key: 'notify-csm',
          type: 'notify',
          params: {
            recipientType: 'account_csm',
            channel: 'in_app',
            title: 'Handoff to review: {{deal.name}}',
            body: 'The AE sent the handoff brief of {{deal.name}} ({{account.name}}): accept it, or return it with what is missing.',
          },
        },
        { key: 'review-task', type: 'create_review_task', params: { dueInBusinessDays: 2 } },
      ],
      repeat: 'every_event',
    },
  },
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const rule of reviewRules) {
    const definition = JSON.stringify(rule.definition);
    await sql`
      insert into rules (id, workspace_id, key, name, description, position, version, trigger_event, definition)
      select gen_random_uuid(), w.id, ${rule.key}, ${rule.definition.name}, ${rule.definition.description}, ${rule.position}, 1, ${rule.triggerEvent}, ${definition}::jsonb
      from workspaces w
      where not exists (select 1 from rules r where r.workspace_id = w.id and r.key = ${rule.key})`.execute(db);
    await sql`
      insert into rule_versions (id, workspace_id, rule_id, version, definition, created_by_label)
      select gen_random_uuid(), r.workspace_id, r.id, 1, r.definition, 'migration 0016'
      from rules r where r.key = ${rule.key}
      and not exists (select 1 from rule_versions v where v.rule_id = r.id)`.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const rule of reviewRules) {
    await sql`delete from rule_versions where rule_id in (select id from rules where key = ${rule.key} and not exists (select 1 from rule_runs where rule_id = rules.id))`.execute(
      db,
    );
    await sql`delete from rules where key = ${rule.key} and not exists (select 1 from rule_runs where rule_id = rules.id)`.execute(db);
  }
}
