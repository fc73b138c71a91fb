// Approval policies: when a won deal needs finance or legal approval (the condition in words), who approves it in
// which order, the SLA; archived ones on request. Finance, legal and admins add and change them.
import { useState } from 'react';
import { listPolicies, chainWords, conditionWords, policyFields } from '../modules/approvals/api/policies.api.ts';
import { getCatalog } from '../modules/rules/api/rules.api.ts';
import { can, useSession } from '../modules/session/hooks/use-session.tsx';
import { usePeople } from '../modules/users/hooks/use-people.ts';
import { Badge } from '../ui/badge.tsx';
import { EmptyState, ErrorMessage, Loading } from '../ui/feedback.tsx';
import { Link } from '../ui/router.tsx';
import { useResource } from '../ui/use-resource.ts';
import { useTitle } from '../ui/use-title.ts';

export function ApprovalPoliciesPage() {
  useTitle('Approval policies');
  const { user } = useSession();
  const mayManage = can(user.role, 'approvals.manage');
  const [archived, setArchived] = useState(false);
  const policies = useResource(() => listPolicies(archived), [archived]);
  const catalog = useResource(() => getCatalog(), []);
  const people = usePeople();
  const fields = policyFields(catalog.data?.fields ?? []);
  const names = { people: people.data, teamRoles: catalog.data?.names.teamRoles };
  const items = policies.data?.items ?? [];

  return (
    <main className="page page-wide-table">
      <p className="breadcrumbs">
        <Link to="/approvals">Approvals</Link> <span aria-hidden="true">/</span> <span>Policies</span>
      </p>
      <div className="page-header">
        <div>
          <h1>Approval policies</h1>
          <p className="muted">When a won deal needs finance or legal approval, and who gives it. A request freezes the terms it was asked on.</p>
        </div>
        <div className="button-row">
          <label className="checkbox">
            <input type="checkbox" checked={archived} onChange={(e) => setArchived(e.target.checked)} />
            Show archived
          </label>
          {mayManage ? (
            <Link to="/approval-policies/new" className="button button-primary">
              New policy
            </Link>
          ) : null}
        </div>
      </div>
      {policies.error && !policies.data ? <ErrorMessage error={policies.error} onRetry={() => void policies.reload()} /> : null}
      {!policies.data && !policies.error ? <Loading label="Loading the policies…" /> : null}
      {policies.data && items.length === 0 ? (
        <EmptyState title="No approval policy yet">
          Without one, won deals need no approval.{' '}
          {mayManage ? 'Add one for big deals, discounts or non-standard clauses.' : 'Finance, legal or an admin can add one.'}
        </EmptyState>
      ) : null}
      {items.length > 0 ? (
        <table className="table" data-testid="policy-table">
          <caption className="visually-hidden">Approval policies</caption>
          <thead>
            <tr>
              <th scope="col">Policy</th>
              <th scope="col">Needed when</th>
              <th scope="col">Chain</th>
              <th scope="col">SLA</th>
              <th scope="col">Approvers see</th>
            </tr>
          </thead>
          <tbody>
            {items.map((p) => (
              <tr key={p.id}>
                <td>
                  <Link to={`/approval-policies/${encodeURIComponent(p.id)}`}>{p.name}</Link>
                  <div className="muted small">
                    <code className="code">{p.key}</code> · version {p.version} {p.archived ? <Badge tone="grey">archived</Badge> : null}
                  </div>
                </td>
                <td>{conditionWords(p.condition, fields)}</td>
                <td className="small">{chainWords(p.steps as Parameters<typeof chainWords>[0], names)}</td>
                <td>{p.slaHours} business hours</td>
                <td>{p.context.join(', ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </main>
  );
}
