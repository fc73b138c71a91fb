// A compact before → after diff of two JSON values: only the keys that changed, long values shortened.
import type { ReactNode } from 'react';
import { formatDate } from '../../../ui/format.ts';

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

function Value({ value, className }: { value: unknown; className: string }) {
  const full = show(value);
  const short = full.length > 60 ? `${full.slice(0, 57)}…` : full;
  return (
    <span className={className} title={short === full ? undefined : full}>
      {value === null ? <em>null</em> : short}
    </span>
  );
}

const visible = 5;

function Row({ change }: { change: Change }) {
  let body: ReactNode;
  if (change.kind === 'added') body = <Value value={change.after} className="diff-after" />;
  else if (change.kind === 'removed')
    body = (
      <>
        <Value value={change.before} className="diff-before" /> <span className="muted">removed</span>
      </>
    );
  else
    body = (
      <>
        <Value value={change.before} className="diff-before" /> <span aria-label="changed to">→</span> <Value value={change.after} className="diff-after" />
      </>
    );
  return (
    <li>
      {change.key ? <span className="diff-key">{change.key}</span> : null}
      {body}
    </li>
  );
}

export function ChangeList({ before, after }: { before: unknown; after: unknown }) {
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
          <Row key={c.key} change={c} />
        ))}
      </ul>
      {tail.length > 0 ? (
        <details className="diff-more">
          <summary>
            {tail.length} more {tail.length === 1 ? 'change' : 'changes'}
          </summary>
          <ul className="diff-list">
            {tail.map((c) => (
              <Row key={c.key} change={c} />
            ))}
          </ul>
        </details>
      ) : null}
    </div>
  );
}
