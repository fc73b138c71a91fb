// Nurture sequences and their enrolments.
import { sql } from 'kysely';
import type { DbOrTx, Tx } from './database.ts';
import { newId } from './ids.ts';
import type { NewRow, Row } from './schema.ts';
import { scoped } from './scope.ts';

export type Sequence = { id: string; name: string; description: string | null; steps: number; active: boolean };

export async function listSequences(db: DbOrTx, workspaceId: string): Promise<Sequence[]> {
  return scoped(db, workspaceId).selectFrom('sequences').select(['id', 'name', 'description', 'steps', 'active']).orderBy('id').execute();
}

/** A sequence by id, or by name (any case). */
export async function findSequence(db: DbOrTx, workspaceId: string, nameOrId: string): Promise<{ id: string; name: string } | undefined> {
  const isUuid = /^[0-9a-f-]{36}$/i.test(nameOrId);
  return scoped(db, workspaceId)
    .selectFrom('sequences')
    .select(['id', 'name'])
    .where((eb) => (isUuid ? eb('id', '=', nameOrId) : eb(eb.fn('lower', ['name']), '=', nameOrId.toLowerCase())))
    .executeTakeFirst();
}

/** Enrols contacts in a sequence; a contact already active in it is left alone. Returns the new enrolments' ids. */
export async function insertEnrolments(
  tx: Tx,
  workspaceId: string,
  input: { sequenceId: string; accountId: string; opportunityId: string | null; contactIds: readonly string[]; at: Date },
): Promise<string[]> {
  if (input.contactIds.length === 0) return [];
  const rows = await tx
    .insertInto('sequence_enrolments')
    .values(
      input.contactIds.map((contactId) => ({
        id: newId(),
        workspace_id: workspaceId,
        sequence_id: input.sequenceId,
        contact_id: contactId,
        account_id: input.accountId,
        opportunity_id: input.opportunityId,
        enrolled_at: input.at,
      })),
    )
    .onConflict((oc) => oc.columns(['sequence_id', 'contact_id']).where('status', '=', 'active').doNothing())
    .returning('id')
    .execute();
  return rows.map((r) => r.id);
}

/** Stops the account's active enrolments (in one sequence, or all); returns the stopped ones' ids. */
export async function stopAccountEnrolments(
  tx: Tx,
  workspaceId: string,
  input: { accountId: string; sequenceId?: string | undefined; reason: string },
): Promise<string[]> {
  let q = scoped(tx, workspaceId)
    .updateTable('sequence_enrolments')
    .set({ status: 'stopped', stopped_reason: input.reason, stopped_at: sql`now()` })
    .where('account_id', '=', input.accountId)
    .where('status', '=', 'active');
  if (input.sequenceId) q = q.where('sequence_id', '=', input.sequenceId);
  const rows = await q.returning('id').execute();
  return rows.map((r) => r.id);
}

export async function countActiveEnrolments(db: DbOrTx, workspaceId: string, input: { accountId: string; sequenceId?: string | undefined }): Promise<number> {
  let q = scoped(db, workspaceId)
    .selectFrom('sequence_enrolments')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('account_id', '=', input.accountId)
    .where('status', '=', 'active');
  if (input.sequenceId) q = q.where('sequence_id', '=', input.sequenceId);
  return (await q.executeTakeFirstOrThrow()).n;
}

export async function insertSequence(tx: Tx, row: NewRow<'sequences'>): Promise<Sequence> {
  return tx.insertInto('sequences').values(row).returning(['id', 'name', 'description', 'steps', 'active']).executeTakeFirstOrThrow();
}

/** Enrols one contact; undefined when the contact is already active in the sequence. */
export async function insertEnrolment(tx: Tx, row: NewRow<'sequence_enrolments'>): Promise<{ id: string } | undefined> {
  return tx
    .insertInto('sequence_enrolments')
    .values(row)
    .onConflict((oc) => oc.columns(['sequence_id', 'contact_id']).where('status', '=', 'active').doNothing())
    .returning('id')
    .executeTakeFirst();
}

export async function lockEnrolment(tx: Tx, workspaceId: string, id: string): Promise<Row<'sequence_enrolments'> | undefined> {
  return scoped(tx, workspaceId).selectFrom('sequence_enrolments').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function stopEnrolmentRow(tx: Tx, workspaceId: string, id: string, reason: string): Promise<void> {
  await scoped(tx, workspaceId)
    .updateTable('sequence_enrolments')
    .set({ status: 'stopped', stopped_reason: reason, stopped_at: sql`now()` })
    .where('id', '=', id)
    .execute();
}
