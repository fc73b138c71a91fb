import { useEffect, useState, type FormEvent } from 'react';
import { listAudit } from '../modules/audit/api/audit.api.ts';
import { AuditTable } from '../modules/audit/components/audit-table.tsx';
import { useSession } from '../modules/session/hooks/use-session.tsx';
import { EmptyState, ErrorMessage, Loading } from '../ui/feedback.tsx';
import { withQuery } from '../ui/http.ts';
import { LoadMore } from '../ui/load-more.tsx';
import { navigate, useLocation } from '../ui/router.tsx';
import { usePagedList } from '../ui/use-paged-list.ts';
import { useTitle } from '../ui/use-title.ts';

const pageSize = 50;
const badIdMessage = 'This is not a record ID: paste the full ID, like 01a212bd-0035-70cc-a494-73923b7d2a35.';
const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function AuditPage() {
  useTitle('Audit log');
  const { workspace } = useSession();
  const location = useLocation();
  const entityId = (location.search.get('entityId') ?? '').trim();
  const [text, setText] = useState(entityId);
  const [textError, setTextError] = useState<string | null>(null);
  // An address with a mangled ID says so here rather than as the server's validation error.
  const badId = entityId !== '' && !uuidPattern.test(entityId);
  const audit = usePagedList(
    (cursor) => (badId ? Promise.resolve({ items: [], next: null }) : listAudit({ entityId: entityId || undefined, limit: pageSize, cursor })),
    [entityId],
  );
  useEffect(() => {
    setText(entityId);
    setTextError(entityId !== '' && !uuidPattern.test(entityId) ? badIdMessage : null);
  }, [entityId]);

  const filterBy = (id: string) => {
    navigate(withQuery('/audit', { entityId: id }));
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const value = text.trim();
    if (value && !uuidPattern.test(value)) {
      setTextError(badIdMessage);
      return;
    }
    setTextError(null);
    filterBy(value);
  };

  return (
    <main className="page page-wide-table">
      <div className="page-header">
        <div>
          <h1>Audit log</h1>
          <p className="muted">Every change, who made it and what it changed, newest first.</p>
        </div>
        <form role="search" className="filters" onSubmit={submit} noValidate>
          <div className="form-cell">
            <label className="label" htmlFor="audit-entity">
              Record ID
            </label>
            <input
              id="audit-entity"
              className="input input-mono input-id"
              type="search"
              placeholder="Any record"
              spellCheck={false}
              value={text}
              aria-invalid={Boolean(textError)}
              aria-describedby={textError ? 'audit-entity-error' : undefined}
              onChange={(event) => setText(event.target.value)}
            />
          </div>
          <button type="submit" className="button">
            Filter
          </button>
          {entityId ? (
            <button type="button" className="button" onClick={() => filterBy('')}>
              Show all
            </button>
          ) : null}
        </form>
      </div>
      {textError ? (
        <p id="audit-entity-error" className="field-error" role="alert">
          {textError}
        </p>
      ) : null}
      {entityId && !badId ? (
        <p className="muted filter-note">
          Showing the changes to record <code className="code">{entityId}</code>.
        </p>
      ) : null}
      {audit.error ? <ErrorMessage error={audit.error} onRetry={() => void audit.reload()} /> : null}
      {!audit.loaded && audit.loading ? <Loading label="Loading the audit log…" /> : null}
      {audit.loaded && audit.items.length === 0 && !badId ? (
        <EmptyState title={entityId ? 'Nothing was recorded for this record' : 'Nothing was recorded yet'} />
      ) : null}
      {audit.items.length > 0 ? (
        <div aria-busy={audit.loading}>
          <AuditTable records={audit.items} timeZone={workspace.timeZone} onFilter={filterBy} />
        </div>
      ) : null}
      <LoadMore list={audit} />
    </main>
  );
}
