import { ActivityPanel } from '../modules/activities/components/activity-panel.tsx';
import { getAccount, listContacts } from '../modules/accounts/api/accounts.api.ts';
import { AccountStatusBadge } from '../modules/accounts/components/account-status-badge.tsx';
import { ContactTable } from '../modules/accounts/components/contact-table.tsx';
import { listEnrolments } from '../modules/enrolments/api/enrolments.api.ts';
import { EnrolmentTable } from '../modules/enrolments/components/enrolment-table.tsx';
import { listAllOpportunities } from '../modules/opportunities/api/opportunities.api.ts';
import { StageBadge } from '../modules/opportunities/components/stage-badge.tsx';
import { canWriteActivities, useSession } from '../modules/session/hooks/use-session.tsx';
import { EmptyState, ErrorMessage, Field, Loading, Section } from '../ui/feedback.tsx';
import { formatDate, formatMoney } from '../ui/format.ts';
import { ApiError } from '../ui/http.ts';
import { Link } from '../ui/router.tsx';
import { useResource } from '../ui/use-resource.ts';
import { useTitle } from '../ui/use-title.ts';

export function AccountPage({ id }: { id: string }) {
  const { user, workspace } = useSession();
  const account = useResource(() => getAccount(id), [id]);
  const contacts = useResource(() => listContacts(id), [id]);
  const opportunities = useResource(() => listAllOpportunities({ accountId: id }), [id]);
  const enrolments = useResource(() => listEnrolments({ accountId: id }), [id]);
  useTitle(account.data?.name ?? 'Account');

  if (account.error && !account.data) {
    const missing = account.error instanceof ApiError && account.error.status === 404;
    return (
      <main className="page">
        <p>
          <Link to="/accounts">← Accounts</Link>
        </p>
        {missing ? <h1>Account not found</h1> : null}
        <ErrorMessage error={account.error} onRetry={missing ? undefined : () => void account.reload()} />
      </main>
    );
  }
  const a = account.data;
  if (!a) {
    return (
      <main className="page">
        <Loading label="Loading the account…" />
      </main>
    );
  }

  return (
    <main className="page">
      <p className="breadcrumbs">
        <Link to="/accounts">Accounts</Link>
      </p>
      <div className="page-header">
        <div>
          <h1>{a.name}</h1>
          <p className="headline">
            <AccountStatusBadge status={a.status} />
            {a.domain ? <span className="muted">{a.domain}</span> : null}
          </p>
        </div>
      </div>
      <Section title="Details">
        <dl className="fields">
          <Field label="Status" value={a.status} />
          <Field label="Owner" value={a.ownerName ?? '—'} />
          <Field label="CSM" value={a.csmName ?? (a.status === 'active' ? <span className="warning-text">No CSM assigned</span> : '—')} />
          <Field label="Industry" value={a.industry ?? '—'} />
        </dl>
      </Section>

      <Section title="Opportunities">
        {opportunities.error ? <ErrorMessage error={opportunities.error} onRetry={() => void opportunities.reload()} /> : null}
        {!opportunities.data && opportunities.loading ? <Loading /> : null}
        {opportunities.data && opportunities.data.items.length === 0 ? <EmptyState title="No opportunities" /> : null}
        {opportunities.data && opportunities.data.items.length > 0 ? (
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Opportunity</th>
                <th scope="col">Stage</th>
                <th scope="col">Amount</th>
                <th scope="col">Close date</th>
                <th scope="col">Owner</th>
              </tr>
            </thead>
            <tbody>
              {opportunities.data.items.map((o) => (
                <tr key={o.id}>
                  <td>
                    <Link to={`/opportunities/${encodeURIComponent(o.id)}`}>{o.name}</Link>
                  </td>
                  <td>
                    <StageBadge name={o.stageName} category={o.stageCategory} />
                  </td>
                  <td className="numeric">{formatMoney(o.amountMinor, o.currency)}</td>
                  <td>{formatDate(o.closeDate)}</td>
                  <td>{o.ownerName ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
      </Section>

      <Section title="Contacts">
        {contacts.error ? <ErrorMessage error={contacts.error} onRetry={() => void contacts.reload()} /> : null}
        {contacts.data ? <ContactTable contacts={contacts.data.items} /> : contacts.loading ? <Loading /> : null}
      </Section>

      <Section title="Sequence enrolments">
        {enrolments.error ? <ErrorMessage error={enrolments.error} onRetry={() => void enrolments.reload()} /> : null}
        {enrolments.data ? <EnrolmentTable enrolments={enrolments.data.items} timeZone={workspace.timeZone} /> : enrolments.loading ? <Loading /> : null}
      </Section>

      <Section title="Activities">
        <ActivityPanel
          subject={{ accountId: a.id }}
          timeZone={workspace.timeZone}
          canWrite={canWriteActivities(user.role)}
          opportunityNames={new Map((opportunities.data?.items ?? []).map((o) => [o.id, o.name]))}
        />
      </Section>
    </main>
  );
}
