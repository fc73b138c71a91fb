// The deal's delivery project on the opportunity page: a link to it, or the "Create project" next step on a won deal.
import { useEffect, useId, useRef, useState } from 'react';
import { EmptyState, ErrorMessage, Loading, Section } from '../../../ui/feedback.tsx';
import { formatDate } from '../../../ui/format.ts';
import { Link } from '../../../ui/router.tsx';
import { useResource } from '../../../ui/use-resource.ts';
import type { StageCategory } from '../../pipeline/api/pipelines.api.ts';
import { listTemplates } from '../../templates/api/templates.api.ts';
import { useWarningCount } from '../../warnings/hooks/use-warning-count.tsx';
import { createProjectForDeal, getDealProjectStatus, projectPath, type ProjectSummary } from '../api/projects.api.ts';
import { HealthBadge, ProjectStatusBadge } from './project-badges.tsx';

/** How often, and how many times, to look again for a project the rules are creating after a win. */
const pollMs = 2000;
const maxPolls = 8;

type DeliveryPanelProps = { opportunityId: string; stageCategory: StageCategory; mayCreate: boolean };

export function DeliveryPanel({ opportunityId, stageCategory, mayCreate }: DeliveryPanelProps) {
  const id = useId();
  const status = useResource(() => getDealProjectStatus(opportunityId), [opportunityId, stageCategory]);
  const [templateId, setTemplateId] = useState('');
  const [creating, setCreating] = useState(false);
  const [createError, setCreateError] = useState<unknown>(null);
  const [created, setCreated] = useState(false);
  const polls = useRef(0);
  const warnings = useWarningCount();

  const s = status.data;
  const won = stageCategory === 'won';
  const offerCreate = Boolean(s && won && !s.project && s.canCreate && mayCreate);
  const templates = useResource(() => (offerCreate ? listTemplates() : Promise.resolve([])), [offerCreate]);

  useEffect(() => {
    if (s?.suggestedTemplate && !templateId) setTemplateId(s.suggestedTemplate.id);
  }, [s?.suggestedTemplate, templateId]);

  // On a pipeline that creates projects automatically, the rules do it moments after the win: look again a few times.
  const waiting = Boolean(s && won && !s.project && s.creation === 'automatic');
  useEffect(() => {
    if (!waiting || status.loading || polls.current >= maxPolls) return;
    const timer = setTimeout(() => {
      polls.current += 1;
      void status.reload();
    }, pollMs);
    return () => clearTimeout(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [waiting, status.loading, s]);

  const create = async () => {
    setCreating(true);
    setCreateError(null);
    try {
      const project = await createProjectForDeal(opportunityId, templateId ? { templateId } : {});
      const summary: ProjectSummary = project;
      status.setData((current) => (current ? { ...current, project: summary, canCreate: false } : current));
      setCreated(true);
      // "Client without a project" is gone now.
      void warnings.refresh();
    } catch (error) {
      setCreateError(error);
      void status.reload();
    } finally {
      setCreating(false);
    }
  };

  let body;
  if (status.error && !s) body = <ErrorMessage error={status.error} onRetry={() => void status.reload()} />;
  else if (!s) body = <Loading label="Loading the delivery project…" />;
  else if (s.project) {
    const p = s.project;
    body = (
      <div className="delivery">
        {created ? (
          <p className="success" role="status">
            The project was created.
          </p>
        ) : null}
        <p className="delivery-line">
          <Link to={projectPath(p.id)} data-testid="project-link" className="delivery-link">
            {p.name}
          </Link>
          <ProjectStatusBadge status={p.status} />
          <HealthBadge health={p.health} />
        </p>
        {p.onHoldSinceReopen ? (
          <p className="notice notice-block" role="status" data-testid="delivery-on-hold">
            The project is on hold since the deal was reopened: its tasks stay, no new ones are created. Winning the deal again resumes it.
          </p>
        ) : null}
        <p className="muted small">
          {p.owner ? `Owned by ${p.owner.name}` : 'No owner yet'} · {p.taskCounts.open} of {p.taskCounts.total} tasks open
          {p.taskCounts.overdue ? `, ${p.taskCounts.overdue} overdue` : ''}
          {p.targetDate ? ` · target ${formatDate(p.targetDate)}` : ''}
        </p>
      </div>
    );
  } else if (!won) {
    body = (
      <p className="muted">
        {stageCategory === 'lost'
          ? 'Lost deals get no delivery project.'
          : s.creation === 'automatic'
            ? 'When this deal is won, its delivery project is created automatically.'
            : 'When this deal is won, its delivery project can be created from here.'}
      </p>
    );
  } else {
    body = (
      <div className="delivery">
        {waiting && polls.current < maxPolls ? (
          <Loading label="The rules are creating the project…" />
        ) : (
          <EmptyState title="This won deal has no project yet" />
        )}
        {s.reason ? <p className="muted">{s.reason}</p> : null}
        {offerCreate ? (
          <div className="form-row delivery-create">
            <div className="form-cell form-cell-grow">
              <label className="label" htmlFor={`${id}-template`}>
                Template
              </label>
              <select id={`${id}-template`} className="input" value={templateId} disabled={creating} onChange={(event) => setTemplateId(event.target.value)}>
                <option value="">The template for the deal type</option>
                {s.suggestedTemplate && !(templates.data ?? []).some((t) => t.id === s.suggestedTemplate?.id) ? (
                  <option value={s.suggestedTemplate.id}>{s.suggestedTemplate.name} (suggested)</option>
                ) : null}
                {(templates.data ?? []).map((t) => (
                  <option key={t.id} value={t.id}>
                    {t.name}
                    {t.id === s.suggestedTemplate?.id ? ' (suggested)' : ''}
                  </option>
                ))}
              </select>
            </div>
            <div className="form-cell form-cell-end">
              <button type="button" className="button button-primary" disabled={creating} onClick={() => void create()} data-testid="create-project">
                {creating ? 'Creating…' : 'Create project'}
              </button>
            </div>
          </div>
        ) : null}
        <ErrorMessage error={createError} />
      </div>
    );
  }

  return <Section title="Delivery">{body}</Section>;
}
