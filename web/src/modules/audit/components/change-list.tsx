// A compact before → after diff of two JSON values: only the keys that changed, long values shortened, and the ids
// of records shown as the records' names (linked to their pages, the id kept in the tooltip).
import type { ReactNode } from 'react';
import { formatDate } from '../../../ui/format.ts';
import { recordPath } from '../../../ui/labels.ts';
import { Link } from '../../../ui/router.tsx';
import type { AuditRecord } from '../api/audit.api.ts';

type References = AuditRecord['references'];

export type Change = { key: string; before: unknown; after: unknown; kind: 'added' | 'removed' | 'changed' };

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  return JSON.stringify(a) === JSON.stringify(b);
}

/** The keys whose value differs; a value that is not an object compares as a whole (key ""). */
export function diff(before: unknown, after: unknown): Change[] {
  const b = before ?? null;
  const a = after ?? null;
  if (!isRecord(b) && !isRecord(a)) {
    if (same(b, a)) return [];
    return [{ key: '', before: b, after: a, kind: b === null ? 'added' : a === null ? 'removed' : 'changed' }];
  }
  const left = isRecord(b) ? b : {};
  const right = isRecord(a) ? a : {};
  const keys = [...new Set([...Object.keys(left), ...Object.keys(right)])];
  const changes: Change[] = [];
  for (const key of keys) {
    const inLeft = key in left;
    const inRight = key in right;
    if (inLeft && inRight && same(left[key], right[key])) continue;
    changes.push({
      key,
      before: inLeft ? left[key] : undefined,
      after: inRight ? right[key] : undefined,
      kind: !inLeft ? 'added' : !inRight ? 'removed' : 'changed',
    });
  }
  return changes;
}

function show(value: unknown): string {
  if (value === undefined) return '';
  // A calendar date reads as the app shows dates everywhere; other text as it was stored.
  if (typeof value === 'string') return value === '' ? '""' : /^\d{4}-\d{2}-\d{2}$/.test(value) ? formatDate(value) : value;
  return JSON.stringify(value);
}

/** A record the entry names, by its name: a link when the record has a page; its id in the tooltip. */
function Reference({ id, references }: { id: string; references: References }) {
  const ref = references[id];
  if (!ref) return <>{id}</>;
  const path = recordPath(ref.type, id);
  const name = ref.name.length > 60 ? `${ref.name.slice(0, 57)}…` : ref.name;
  return path ? (
    <Link to={path} title={`${ref.name} (${id})`} data-ref-id={id}>
      {name}
    </Link>
  ) : (
    <span title={`${ref.name} (${id})`} data-ref-id={id}>
      {name}
    </span>
  );
}

const isIdList = (value: unknown, references: References): value is string[] =>
  Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === 'string' && v in references);

function Value({ value, className, references }: { value: unknown; className: string; references: References }) {
  if (typeof value === 'string' && value in references)
    return (
      <span className={className}>
        <Reference id={value} references={references} />
      </span>
    );
  if (isIdList(value, references))
    return (
      <span className={className}>
        {value.map((id, i) => (
          <span key={id}>
            {i > 0 ? ', ' : null}
            <Reference id={id} references={references} />
          </span>
        ))}
      </span>
    );
  const full = show(value);
  const short = full.length > 60 ? `${full.slice(0, 57)}…` : full;
  return (
    <span className={className} title={short === full ? undefined : full}>
      {value === null ? <em>null</em> : short}
    </span>
  );
}

const visible = 5;

/** A key as words: "ownerId" and "owner_id" read "owner", "closeDate" reads "close date". */
export function keyWords(key: string): string {
  return key
    .replace(/_?[Ii]ds?$/, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .toLowerCase();
}

function Row({ change, references }: { change: Change; references: References }) {
  let body: ReactNode;
  if (change.kind === 'added') body = <Value value={change.after} className="diff-after" references={references} />;
  else if (change.kind === 'removed')
    body = (
      <>
        <Value value={change.before} className="diff-before" references={references} /> <span className="muted">removed</span>
      </>
    );
  else
    body = (
      <>
        <Value value={change.before} className="diff-before" references={references} /> <span aria-label="changed to">→</span>{' '}
        <Value value={change.after} className="diff-after" references={references} />
      </>
    );
  return (
    <li>
      {change.key ? (
        <span className="diff-key" title={change.key} data-key={change.key}>
          {keyWords(change.key) || change.key}
        </span>
      ) : null}
      {body}
    </li>
  );
}

export function ChangeList({ before, after, references = {} }: { before: unknown; after: unknown; references?: References }) {
  if ((before ?? null) === null && (after ?? null) === null) return <span className="muted">No details recorded</span>;
  const changes = diff(before, after);
  if (changes.length === 0) return <span className="muted">No change</span>;
  const created = (before ?? null) === null;
  const head = changes.slice(0, visible);
  const tail = changes.slice(visible);
  return (
    <div className="diff">
      {created ? <span className="muted small">Created with</span> : (after ?? null) === null ? <span className="muted small">Deleted</span> : null}
      <ul className="diff-list">
        {head.map((c) => (
          <Row key={c.key} change={c} references={references} />
        ))}
      </ul>
      {tail.length > 0 ? (
        <details className="diff-more">
          <summary>
            {tail.length} more {tail.length === 1 ? 'change' : 'changes'}
          </summary>
          <ul className="diff-list">
            {tail.map((c) => (
              <Row key={c.key} change={c} references={references} />
            ))}
          </ul>
        </details>
      ) : null}
    </div>
  );
}
