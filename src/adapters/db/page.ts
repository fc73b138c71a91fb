// Keyset pagination over UUID v7 ids: `next` is the last id of a full page, or null at the end.
export type Page<T> = { items: T[]; next: string | null };

export const defaultLimit = 50;
export const maxLimit = 200;

/** Cuts one extra row fetched beyond `limit` into the `next` cursor. */
export function toPage<R extends { id: string }, T>(rows: R[], limit: number, map: (row: R) => T): Page<T> {
  const more = rows.length > limit;
  const kept = more ? rows.slice(0, limit) : rows;
  return { items: kept.map(map), next: more ? (kept.at(-1)?.id ?? null) : null };
}
