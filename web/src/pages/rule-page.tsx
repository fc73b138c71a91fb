import { useEffect, useMemo } from 'react';
import { draftOf, emptyDraft } from '../modules/rules/api/rule-draft.ts';
import { getCatalog, getRule, rulePath, triggerWords, type RuleDetail } from '../modules/rules/api/rules.api.ts';
import { AutomationNav } from '../modules/rules/components/automation-nav.tsx';
import { RuleEditor } from '../modules/rules/components/rule-editor.tsx';
import { listRuns } from '../modules/runs/api/runs.api.ts';
import { RunTable } from '../modules/runs/components/run-table.tsx';
import { can, useSession } from '../modules/session/hooks/use-session.tsx';
import { Badge } from '../ui/badge.tsx';
import { EmptyState, ErrorMessage, Loading, Section } from '../ui/feedback.tsx';
import { formatDateTime } from '../ui/format.ts';
import { ApiError } from '../ui/http.ts';
import { LoadMore } from '../ui/load-more.tsx';
import { Link, navigate } from '../ui/router.tsx';
import { usePagedList } from '../ui/use-paged-list.ts';
import { useResource } from '../ui/use-resource.ts';
import { useTitle } from '../ui/use-title.ts';

const pageSize = 20;

/** `id` null is a new rule. */
export function RulePage({ id }: { id: string | null }) {
  const { user, workspace } = useSession();
  const mayManage = can(user.role, 'rules.manage');
  const rule = useResource(() => (id ? getRule(id) : Promise.resolve(null)), [id]);
  const catalog = useResource(() => getCatalog(), []);
  const runs = usePagedList((cursor) => (id ? listRuns({ ruleId: id, limit: pageSize, cursor }) : Promise.resolve({ items: [], next: null })), [id]);
  // eslint-disable-next-line react-hooks/exhaustive-deps -- deliberate: only these inputs restart it (the list or record object is new on every render)
  useEffect(() => runs.reset(), [id]);
  const r = rule.data;
  useTitle(id ? (r ? `${r.name} · Rules` : 'Rule') : 'New rule');
  // eslint-disable-next-line react-hooks/exhaustive-deps -- deliberate: only these inputs restart it (the list or record object is new on every render)
  const initial = useMemo(() => (r ? draftOf(r, catalog.data?.actions, catalog.data?.fields) : emptyDraft()), [r?.id, catalog.data]);

  const header = (
    <>
      <p className="breadcrumbs">
        <Link to="/rules">Rules</Link> <span aria-hidden="true">/</span> <span>{id ? (r?.name ?? 'Rule') : 'New rule'}</span>
      </p>
      <div className="page-header">
        <div>
          <h1>{id ? (r?.name ?? 'Rule') : 'New rule'}</h1>
          {r ? (
            <p className="headline">
              {r.enabled ? <Badge tone="green">on</Badge> : <Badge tone="grey">off</Badge>}
              <span className="muted">Version {r.version}</span>
              <span className="muted">{triggerWords(r.triggerText, r.trigger.event, catalog.data?.triggers)}</span>
            </p>
          ) : null}
        </div>
      </div>
      <AutomationNav current="/rules" />
    </>
  );

  const loadError = (id && rule.error && !r ? rule.error : null) ?? (catalog.error && !catalog.data ? catalog.error : null);
  if (loadError) {
    const missing = loadError instanceof ApiError && loadError.status === 404;
    return (
      <main className="page">
        {header}
        {missing ? <p>This rule does not exist (any more).</p> : null}
        <ErrorMessage
          error={loadError}
          onRetry={
            missing
              ? undefined
              : () => {
                  void rule.reload();
                  void catalog.reload();
                }
          }
        />
      </main>
    );
  }
  if ((id && !r) || !catalog.data) {
    return (
      <main className="page">
        {header}
        <Loading label={id ? 'Loading the rule…' : 'Loading the catalog…'} />
      </main>
    );
  }

  return (
    <main className="page">
      {header}
      <RuleEditor
        key={id ?? 'new'}
        rule={r ?? null}
        initial={initial}
        catalog={catalog.data}
        mayManage={mayManage}
        timeZone={workspace.timeZone}
        onSaved={(saved, created) => {
          if (created) navigate(rulePath(saved.id), { replace: true });
          else rule.setData((current) => (current ? ({ ...current, ...saved, versions: current.versions } as RuleDetail) : current));
          if (!created)
            void getRule(saved.id).then(
              (fresh) => rule.setData(fresh),
              () => undefined,
            );
        }}
      />
      {r ? (
        <>
          <Section title="Runs">
            {runs.error ? <ErrorMessage error={runs.error} onRetry={() => void runs.reload()} /> : null}
            {!runs.loaded && runs.loading ? <Loading label="Loading runs…" /> : null}
            {runs.loaded && runs.items.length === 0 ? <EmptyState title="This rule has not run yet" /> : null}
            {runs.items.length > 0 ? <RunTable runs={runs.items} timeZone={workspace.timeZone} showRule={false} /> : null}
            <LoadMore list={runs} />
          </Section>
          {r.trigger.type === 'timer' || r.timers.length > 0 ? (
            <Section title="Timers">
              {r.timers.length === 0 ? (
                <EmptyState title="No timers yet: one is set each time the trigger happens" />
              ) : (
                <table className="table" data-testid="rule-timers">
                  <thead>
                    <tr>
                      <th scope="col">Record</th>
                      <th scope="col">Due</th>
                      <th scope="col">Status</th>
                      <th scope="col">Outcome</th>
                    </tr>
                  </thead>
                  <tbody>
                    {r.timers.map((t) => (
                      <tr key={t.id}>
                        <td>{t.subject.path ? <Link to={t.subject.path}>{t.subject.name}</Link> : t.subject.name}</td>
                        <td>
                          <time dateTime={t.dueAt}>{formatDateTime(t.dueAt, workspace.timeZone)}</time>
                        </td>
                        <td>
                          <Badge tone={t.status === 'fired' ? 'green' : t.status === 'skipped' ? 'grey' : 'blue'}>{t.status}</Badge>
                          {t.ruleVersion !== r.version ? <span className="muted small"> v{t.ruleVersion}</span> : null}
                        </td>
                        <td>
                          {t.runId ? (
                            <Link to={`/runs/${encodeURIComponent(t.runId)}`}>{t.reason ?? 'run'}</Link>
                          ) : (
                            <span className="muted">{t.reason ?? 'checks the condition when due'}</span>
                          )}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </Section>
          ) : null}
          <Section title="Versions">
            {r.versions.length === 0 ? (
              <EmptyState title="No earlier versions" />
            ) : (
              <table className="table">
                <thead>
                  <tr>
                    <th scope="col">Version</th>
                    <th scope="col">Saved</th>
                    <th scope="col">By</th>
                  </tr>
                </thead>
                <tbody>
                  {[...r.versions]
                    .sort((a, b) => b.version - a.version)
                    .map((v) => (
                      <tr key={v.version}>
                        <td>
                          v{v.version}
                          {v.version === r.version ? <span className="tag tag-green">current</span> : null}
                        </td>
                        <td>
                          <time dateTime={v.createdAt}>{formatDateTime(v.createdAt, workspace.timeZone)}</time>
                        </td>
                        <td>{v.createdBy}</td>
                      </tr>
                    ))}
                </tbody>
              </table>
            )}
          </Section>
        </>
      ) : null}
    </main>
  );
}
