import { useEffect, useRef, useState } from 'react';
import { getCatalog, rulePath } from '../modules/rules/api/rules.api.ts';
import { ConditionTrace } from '../modules/rules/components/condition-trace.tsx';
import { canRetryRun, getRun } from '../modules/runs/api/runs.api.ts';
import { CreatedList } from '../modules/runs/components/created-list.tsx';
import { RunStatusBadge } from '../modules/runs/components/run-status-badge.tsx';
import { StepList } from '../modules/runs/components/step-list.tsx';
import { useRetryRun } from '../modules/runs/hooks/use-retry-run.ts';
import { can, useSession } from '../modules/session/hooks/use-session.tsx';
import { ErrorMessage, Field, Loading, Section } from '../ui/feedback.tsx';
import { formatDateTime } from '../ui/format.ts';
import { ApiError } from '../ui/http.ts';
import { Link } from '../ui/router.tsx';
import { useResource } from '../ui/use-resource.ts';
import { useTitle } from '../ui/use-title.ts';
import { recordTypeLabel, triggerText } from '../ui/labels.ts';

export function RunPage({ id }: { id: string }) {
  const { user, workspace } = useSession();
  const run = useResource(() => getRun(id), [id]);
  // The catalog words the condition trace (field labels, amounts in currency units); without it the trace shows keys.
  const catalog = useResource(() => getCatalog().catch(() => null), []);
  const [retriedAt, setRetriedAt] = useState<number | null>(null);
  const statusRef = useRef<HTMLParagraphElement>(null);
  useTitle(run.data ? `${run.data.rule.name} · Run` : 'Run');
  const retry = useRetryRun((next) => {
    run.setData(next);
    setRetriedAt(Date.now());
  });

  // After a retry the worker takes the run up within moments: look again until it settles.
  const status = run.data?.status;
  useEffect(() => {
    if (retriedAt === null || (status !== 'pending' && status !== 'running' && status !== 'retrying')) return;
    if (Date.now() - retriedAt > 15_000) return;
    const timer = setTimeout(() => void run.reload(), 1000);
    return () => clearTimeout(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [retriedAt, status, run.data]);

  useEffect(() => {
    if (retriedAt !== null) statusRef.current?.focus();
  }, [retriedAt]);

  if (run.error && !run.data) {
    const missing = run.error instanceof ApiError && run.error.status === 404;
    return (
      <main className="page">
        <p>
          <Link to="/runs">← Runs</Link>
        </p>
        {missing ? <h1>Run not found</h1> : null}
        <ErrorMessage error={run.error} onRetry={missing ? undefined : () => void run.reload()} />
      </main>
    );
  }
  const r = run.data;
  if (!r) {
    return (
      <main className="page">
        <Loading label="Loading the run…" />
      </main>
    );
  }
  // The contract names no permission for retries: those who manage rules look after their runs.
  const mayRetry = can(user.role, 'rules.manage');
  const retryable = canRetryRun(r);

  return (
    <main className="page">
      <p className="breadcrumbs">
        <Link to="/runs">Runs</Link> <span aria-hidden="true">/</span> <Link to={rulePath(r.rule.id)}>{r.rule.name}</Link>
      </p>
      <div className="page-header">
        <div>
          <h1 data-testid="run-heading">
            {r.rule.name} <span className="muted heading-version">v{r.rule.version}</span>
          </h1>
          <p className="headline">
            <RunStatusBadge status={r.status} stuck={r.stuck} />
            <span className="muted">
              {r.attempts} attempt{r.attempts === 1 ? '' : 's'}
            </span>
            <Link to={rulePath(r.rule.id)} className="small">
              Open the rule
            </Link>
          </p>
        </div>
        {mayRetry && retryable ? (
          <div className="close-actions">
            <button type="button" className="button button-primary" disabled={retry.busy} onClick={() => void retry.retry(r.id)}>
              {retry.busy ? 'Retrying…' : 'Retry'}
            </button>
            <p className="muted small">Failed steps start again; steps that succeeded are not repeated.</p>
          </div>
        ) : null}
      </div>
      <ErrorMessage error={retry.error} />
      {retriedAt !== null ? (
        <p ref={statusRef} tabIndex={-1} className={r.status === 'succeeded' ? 'success' : 'notice notice-block'} role="status">
          {r.status === 'succeeded'
            ? 'The run succeeded after the retry.'
            : r.status === 'failed'
              ? 'The retry failed again: see the steps below.'
              : 'Back in line: waiting for the worker…'}
        </p>
      ) : null}

      <Section title="Run">
        <dl className="fields">
          <Field
            label="Trigger"
            value={
              <>
                {triggerText(r.trigger.label)}
                <div>
                  {r.trigger.eventId && can(user.role, 'outbox.read') ? (
                    <Link to={`/outbox/${encodeURIComponent(r.trigger.eventId)}`} className="small" title={r.trigger.type}>
                      The event in the outbox
                    </Link>
                  ) : (
                    <code className="code">{r.trigger.type}</code>
                  )}
                </div>
              </>
            }
          />
          <Field
            label="Subject"
            value={
              <>
                {r.subject.path ? <Link to={r.subject.path}>{r.subject.name}</Link> : r.subject.name}
                <div className="muted small">{recordTypeLabel(r.subject.type)}</div>
              </>
            }
          />
          <Field label="Created" value={formatDateTime(r.createdAt, workspace.timeZone, { seconds: true })} />
          <Field label="Started" value={r.startedAt ? formatDateTime(r.startedAt, workspace.timeZone, { seconds: true }) : 'Not yet'} />
          <Field label="Finished" value={r.finishedAt ? formatDateTime(r.finishedAt, workspace.timeZone, { seconds: true }) : 'Not yet'} />
          <Field label="Depth" value={r.depth === 0 ? '0 (started by a person’s change)' : `${r.depth} (started by an automated change)`} />
        </dl>
        {r.status === 'waiting' ? (
          <div className="stack-small" data-testid="run-waiting">
            <h3>Waiting for an approval</h3>
            <p>{r.error}</p>
            {r.waitingFor ? <Link to={`/approvals/${encodeURIComponent(r.waitingFor)}`}>The approval request</Link> : null}
          </div>
        ) : r.error ? (
          <div className="stack-small last-error">
            <h3>Error</h3>
            <pre className="pre pre-error">{r.error}</pre>
          </div>
        ) : null}
      </Section>

      <Section title="Condition">
        <ConditionTrace trace={r.conditions} fields={catalog.data?.fields} />
      </Section>

      <Section title="Steps">
        <StepList steps={r.steps} timeZone={workspace.timeZone} />
      </Section>

      <Section title="Created">
        <CreatedList records={r.created} />
      </Section>
    </main>
  );
}
