// Hot statements prepared once per PostgreSQL connection: their plans are cached instead of made on every call.
//
// A query marks itself with `prepared(name)` (a comment after its first keyword); the pool's clients send marked
// statements as named prepared statements. Only fixed-shape statements should be marked (the name carries a hash of
// the text, so each shape is one statement per connection and variants never collide). PGlite runs the comment as
// part of the text.
import { createHash } from 'node:crypto';
import { sql, type RawBuilder } from 'kysely';

const mark = /\/\* prepared:([a-z0-9-]+) \*\//;

/** The mark to put in front of a hot query, e.g. `.modifyFront(prepared('deal-facts'))`. */
export function prepared(name: string): RawBuilder<unknown> {
  if (!/^[a-z0-9-]+$/.test(name)) throw new Error(`prepared statement names are lowercase words and dashes, got "${name}"`);
  return sql.raw(`/* prepared:${name} */`);
}

/** Names already worked out: marked statements have fixed shapes, so this stays as small as their number. */
const names = new Map<string, string>();

/** The statement name for a marked text (name and a hash of the text), or undefined for an unmarked one. */
export function preparedName(text: string): string | undefined {
  if (!text.includes('/* prepared:')) return undefined;
  const known = names.get(text);
  if (known !== undefined) return known;
  const m = mark.exec(text);
  if (!m) return undefined;
  const name = `${m[1]}-${createHash('sha1').update(text).digest('hex').slice(0, 12)}`;
  names.set(text, name);
  return name;
}
