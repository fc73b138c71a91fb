// One approval policy: the form (new, or the saved one with its version), and archiving. Saving a change makes a new
// version; requests already made keep the chain they were made with.
import { useMemo, useState } from 'react';
import { getApprovalPolicy } from '../modules/approvals/api/approvals.api.ts';
import { emptyPolicyDraft, policyDraftOf, policyFields, setPolicyArchived } from '../modules/approvals/api/policies.api.ts';
import { PolicyEditor } from '../modules/approvals/components/policy-editor.tsx';
import { getCatalog } from '../modules/rules/api/rules.api.ts';
import { can, useSession } from '../modules/session/hooks/use-session.tsx';
import { usePeople } from '../modules/users/hooks/use-people.ts';
import { Badge } from '../ui/badge.tsx';
import { ErrorMessage, Loading } from '../ui/feedback.tsx';
import { ApiError } from '../ui/http.ts';
import { Link, navigate } from '../ui/router.tsx';
import { useResource } from '../ui/use-resource.ts';
import { useTitle } from '../ui/use-title.ts';

/** `id` null is a new policy. */
export function ApprovalPolicyPage({ id }: { id: string | null }) {
  const { user } = useSession();
  const mayManage = can(user.role, 'approvals.manage');
  const policy = useResource(() => (id ? getApprovalPolicy(id) : Promise.resolve(null)), [id]);
  const catalog = useResource(() => getCatalog(), []);
  const people = usePeople();
  const [archiveError, setArchiveError] = useState<unknown>(null);
  const p = policy.data;
  useTitle(id ? (p ? `${p.name} · Approval policies` : 'Approval policy') : 'New approval policy');
  const fields = useMemo(() => policyFields(catalog.data?.fields ?? []), [catalog.data]);
  // eslint-disable-next-line react-hooks/exhaustive-deps -- deliberate: a new draft for another policy or version, not on every render
  const initial = useMemo(() => (p ? policyDraftOf(p, fields) : emptyPolicyDraft()), [p?.id, p?.version, fields]);

  const header = (
    <>
      <p className="breadcrumbs">
        <Link to="/approvals">Approvals</Link> <span aria-hidden="true">/</span> <Link to="/approval-policies">Policies</Link> <span aria-hidden="true">/</span>{' '}
        <span>{id ? (p?.name ?? 'Policy') : 'New policy'}</span>
      </p>
      <div className="page-header">
        <div>
          <h1>{id ? (p?.name ?? 'Approval policy') : 'New approval policy'}</h1>
          {p ? (
            <p className="headline">
              {p.archived ? <Badge tone="grey">archived</Badge> : <Badge tone="green">active</Badge>}
              <span className="muted">Version {p.version}</span>
            </p>
          ) : null}
        </div>
        {p && mayManage ? (
          <div className="button-row">
            <button
              type="button"
              className="button"
              onClick={async () => {
                setArchiveError(null);
                try {
                  policy.setData(await setPolicyArchived(p.id, !p.archived));
                } catch (error) {
                  setArchiveError(error);
                }
              }}
            >
              {p.archived ? 'Restore' : 'Archive'}
            </button>
          </div>
        ) : null}
      </div>
      {archiveError ? <ErrorMessage error={archiveError} /> : null}
      {p?.archived ? <p className="notice">Archived: no new request is made for it; requests already made stay as they are.</p> : null}
    </>
  );

  const loadError = (id && policy.error && !p ? policy.error : null) ?? (catalog.error && !catalog.data ? catalog.error : null);
  if (loadError) {
    const missing = loadError instanceof ApiError && loadError.status === 404;
    return (
      <main className="page">
        {header}
        {missing ? <p>This policy does not exist (any more).</p> : null}
        <ErrorMessage error={loadError} onRetry={missing ? undefined : () => void policy.reload()} />
      </main>
    );
  }
  if ((id && !p) || !catalog.data) {
    return (
      <main className="page">
        {header}
        <Loading label="Loading the policy…" />
      </main>
    );
  }
  return (
    <main className="page">
      {header}
      <PolicyEditor
        key={p ? `${p.id}:${p.version}` : 'new'}
        policy={p ?? null}
        initial={initial}
        fields={fields}
        teamRoles={catalog.data.names.teamRoles}
        people={people.data}
        mayManage={mayManage}
        onSaved={(saved, created) => {
          if (created) navigate(`/approval-policies/${encodeURIComponent(saved.id)}`, { replace: true });
          else policy.setData(saved);
        }}
      />
    </main>
  );
}
