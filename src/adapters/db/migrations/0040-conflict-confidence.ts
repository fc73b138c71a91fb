// A conflict's confidence and its basis, as the extractor gave them, and the AE's confirmation of a weak one. A weak
// conflict (below the confirmation threshold) neither pauses the handoff nor fails its gate until the AE confirms it;
// conflicts found before this migration have none and count as before.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    alter table brief_conflicts
      add column confidence real check (confidence is null or (confidence >= 0 and confidence <= 1)),
      add column basis text,
      add column confirmed_by_label text,
      add column confirmed_at timestamptz`.execute(db);
}
