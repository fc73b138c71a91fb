// One check on every request before its schema: text PostgreSQL cannot store, and JSON nested deeper than any shape of the API.
import type { FieldIssue } from '../../domain/errors.ts';

/** Deeper than any request shape (a rule condition nests a few levels); deep JSON only costs time and stack. */
export const maxDepth = 32;

// A NUL byte, or half of a surrogate pair: neither has a place in UTF-8 text.
// eslint-disable-next-line no-control-regex -- finding the NUL byte is the point
const badText = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

function textIssue(text: string): string | null {
  return badText.test(text) ? (text.includes('\u0000') ? 'must not contain a NUL byte' : 'must be valid Unicode text (a lone surrogate)') : null;
}

/** The first problems found in a request part (params, querystring, body), as `part:/path` with a reason. */
export function inputIssues(value: unknown, part: string): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const walk = (v: unknown, path: string, depth: number): void => {
    if (issues.length >= 10) return;
    if (typeof v === 'string') {
      const reason = textIssue(v);
      if (reason) issues.push({ path: `${part}:${path || '/'}`, message: reason });
      return;
    }
    if (v === null || typeof v !== 'object') return;
    if (depth >= maxDepth) {
      issues.push({ path: `${part}:${path || '/'}`, message: `is nested deeper than ${maxDepth} levels` });
      return;
    }
    for (const [key, child] of Object.entries(v)) {
      const reason = textIssue(key);
      const childPath = `${path}/${reason ? key.replace(badText, '?') : key}`;
      if (reason) issues.push({ path: `${part}:${childPath}`, message: `has a name that ${reason}` });
      else walk(child, childPath, depth + 1);
    }
  };
  walk(value, '', 0);
  return issues;
}
