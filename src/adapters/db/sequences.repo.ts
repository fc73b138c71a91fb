// Nurture sequences.
import type { DbOrTx } from './database.ts';

export type Sequence = { id: string; name: string; description: string | null; steps: number; active: boolean };

export async function listSequences(db: DbOrTx, workspaceId: string): Promise<Sequence[]> {
  return db.selectFrom('sequences').select(['id', 'name', 'description', 'steps', 'active']).where('workspace_id', '=', workspaceId).orderBy('id').execute();
}
