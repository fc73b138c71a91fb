// Why a template was not saved or previewed: each problem with where it is, in words, next to the form.
import type { FieldError } from '../../../ui/http.ts';
import { describePath, type TemplateDraft } from '../api/template-draft.ts';

export function IssueSummary({ message, issues, draft }: { message: string; issues: FieldError[]; draft: TemplateDraft }) {
  return (
    <div className="error" role="alert" tabIndex={-1} data-testid="template-issues">
      <p>{message}</p>
      {issues.length > 0 ? (
        <ul>
          {issues.map((i, index) => (
            <li key={`${i.path}-${index}`}>
              <strong>{describePath(i.path, draft)}</strong>: {i.message} <code className="code issue-path">{i.path}</code>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
