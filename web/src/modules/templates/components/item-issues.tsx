// The errors that point inside one item of the editor (a task, a milestone, a phase), shown next to it.
import type { FieldError } from '../../../ui/http.ts';
import { isUnder, pathParts, restOf } from '../api/template-draft.ts';

/** The issues under `prefix`, leaving out those inside the item's own lists (`children`), which show next to their items. */
export function issuesUnder(issues: FieldError[], prefix: readonly string[], children: readonly string[] = []): FieldError[] {
  return issues.filter((i) => {
    if (!isUnder(i.path, prefix)) return false;
    const rest = pathParts(i.path).slice(prefix.length);
    return !(rest[0] !== undefined && children.includes(rest[0]) && rest[1] !== undefined && /^\d+$/.test(rest[1]));
  });
}

export function ItemIssues({ issues, prefix }: { issues: FieldError[]; prefix: readonly string[] }) {
  if (issues.length === 0) return null;
  return (
    <ul className="item-issues">
      {issues.map((i, index) => (
        <li key={`${i.path}-${index}`} className="field-error">
          {restOf(i.path, prefix) ? <code className="code">{restOf(i.path, prefix)}</code> : null} {i.message}
        </li>
      ))}
    </ul>
  );
}
