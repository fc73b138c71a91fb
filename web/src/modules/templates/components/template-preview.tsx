// "Preview on a deal": plans the unsaved definition on a chosen deal, writing nothing.
import { useState } from 'react';
import { Badge } from '../../../ui/badge.tsx';
import { EmptyState, ErrorMessage } from '../../../ui/feedback.tsx';
import { formatDate } from '../../../ui/format.ts';
import { ApiError } from '../../../ui/http.ts';
import { OpportunityPicker } from '../../opportunities/components/opportunity-picker.tsx';
import { roleNameOf } from '../../team/hooks/use-team-roles.ts';
import type { TeamRole } from '../../team/api/team.api.ts';
import { previewTemplate, type TemplateDefinition, type TemplatePreview as Preview } from '../api/templates.api.ts';

type TemplatePreviewProps = {
  templateId: string | null;
  /** The definition as edited now, or the reason it cannot be sent yet. */
  current: () => { definition: TemplateDefinition } | { error: Error };
  /** The roster's team roles, to name a task's role. */
  roles: readonly TeamRole[];
};

export function TemplatePreview({ templateId, current, roles }: TemplatePreviewProps) {
  const [opportunityId, setOpportunityId] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [result, setResult] = useState<Preview | null>(null);

  if (!templateId) return <p className="muted">Save the template once to preview it on a deal.</p>;

  const run = async () => {
    setError(null);
    const draft = current();
    if ('error' in draft) {
      setError(draft.error);
      return;
    }
    setBusy(true);
    try {
      setResult(await previewTemplate(templateId, { opportunityId, definition: draft.definition }));
    } catch (caught) {
      setError(caught);
      if (!(caught instanceof ApiError)) setResult(null);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="stack">
      <OpportunityPicker value={opportunityId} onChange={setOpportunityId} />
      <div>
        <button type="button" className="button" disabled={!opportunityId || busy} onClick={() => void run()} data-testid="template-preview">
          {busy ? 'Planning…' : 'Preview the plan'}
        </button>
      </div>
      <ErrorMessage error={error} />
      {result ? (
        <div className="stack" aria-live="polite" data-testid="template-preview-result">
          <p>
            From <strong>{formatDate(result.startDate)}</strong> to <strong>{formatDate(result.endDate)}</strong>: {result.tasks.length} task
            {result.tasks.length === 1 ? '' : 's'}, {result.skipped.length} skipped.
          </p>
          {result.tasks.length === 0 ? (
            <EmptyState title="No task applies to this deal" />
          ) : (
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">Task</th>
                  <th scope="col">Phase</th>
                  <th scope="col">Role</th>
                  <th scope="col">Due</th>
                  <th scope="col">Owner</th>
                </tr>
              </thead>
              <tbody>
                {result.tasks.map((t) => (
                  <tr key={t.key}>
                    <td>
                      {t.title}
                      <div className="muted small">
                        <code className="code">{t.key}</code> {t.group}
                      </div>
                    </td>
                    <td>{t.phase}</td>
                    <td>{roleNameOf([...roles], t.role)}</td>
                    <td className="nowrap">{formatDate(t.dueDate)}</td>
                    <td>
                      {t.owner ? t.owner.name : <span className="warning-text">Nobody</span>}
                      {t.flagged ? (
                        <div className="task-marks">
                          <Badge tone="amber">flagged</Badge>
                        </div>
                      ) : null}
                      {t.reason ? <div className={`small ${t.flagged ? 'warning-reason' : 'muted'}`}>{t.reason}</div> : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {result.milestones.length > 0 ? (
            <>
              <h3>Milestones</h3>
              <ul className="plain-list">
                {result.milestones.map((m) => (
                  <li key={m.key}>
                    {m.name} <span className="muted small">due {formatDate(m.dueDate)}</span>
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          {result.skipped.length > 0 ? (
            <>
              <h3>Skipped for this deal</h3>
              <table className="table">
                <thead>
                  <tr>
                    <th scope="col">Task</th>
                    <th scope="col">Only when</th>
                  </tr>
                </thead>
                <tbody>
                  {result.skipped.map((s) => (
                    <tr key={s.key} className="row-muted">
                      <td>
                        {s.title} <code className="code">{s.key}</code>
                      </td>
                      <td>
                        <code className="code">{s.condition}</code>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
