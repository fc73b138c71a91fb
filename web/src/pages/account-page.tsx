import { useState } from 'react';
import { ActivityPanel } from '../modules/activities/components/activity-panel.tsx';
import { getAccount } from '../modules/accounts/api/accounts.api.ts';
import { AccountFields } from '../modules/accounts/components/account-fields.tsx';
import { AccountStatusBadge } from '../modules/accounts/components/account-status-badge.tsx';
import { ContactsPanel } from '../modules/accounts/components/contacts-panel.tsx';
import { listEnrolments } from '../modules/enrolments/api/enrolments.api.ts';
import { WatchersPanel } from '../modules/meetings/components/watchers-panel.tsx';
import { EnrolmentTable } from '../modules/enrolments/components/enrolment-table.tsx';
import { listAllOpportunities } from '../modules/opportunities/api/opportunities.api.ts';
import { NewDealDialog, usualCurrency } from '../modules/opportunities/components/new-deal-dialog.tsx';
import { StageBadge } from '../modules/opportunities/components/stage-badge.tsx';
import { findDefaultPipeline, listPipelines } from '../modules/pipeline/api/pipelines.api.ts';
import { canEditDeals, canWriteActivities, useSession } from '../modules/session/hooks/use-session.tsx';
import { usePeopleOptions } from '../modules/users/hooks/use-people-options.ts';
import { EmptyState, ErrorMessage, Loading, Section } from '../ui/feedback.tsx';
import { formatDate, formatMoney } from '../ui/format.ts';
import { ApiError } from '../ui/http.ts';
import { Link, navigate } from '../ui/router.tsx';
import { useResource } from '../ui/use-resource.ts';
import { useTitle } from '../ui/use-title.ts';

export function AccountPage({ id }: { id: string }) {
  const { user, workspace } = useSession();
  const account = useResource(() => getAccount(id), [id]);
  const opportunities = useResource(() => listAllOpportunities({ accountId: id }), [id]);
  const enrolments = useResource(() => listEnrolments({ accountId: id }), [id]);
  const pipelines = useResource(() => listPipelines(), []);
  const people = usePeopleOptions();
  const [creatingDeal, setCreatingDeal] = useState(false);
  const mayEdit = canEditDeals(user.role);
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
        <AccountFields account={a} editable={mayEdit} people={people} onSaved={(next) => account.setData(next)} />
      </Section>

      <Section
        title="Opportunities"
        actions={
          mayEdit ? (
            <button type="button" className="button button-primary button-small" onClick={() => setCreatingDeal(true)}>
              New deal
            </button>
          ) : null
        }
      >
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
        <ContactsPanel accountId={a.id} canWrite={mayEdit} />
      </Section>

      <WatchersPanel accountId={a.id} timeZone={workspace.timeZone} />

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
      <NewDealDialog
        open={creatingDeal}
        pipeline={pipelines.data ? findDefaultPipeline(pipelines.data) : undefined}
        account={{ id: a.id, name: a.name }}
        people={people}
        defaultOwnerId={a.ownerId ?? user.id}
        defaultCurrency={usualCurrency(opportunities.data?.items ?? [])}
        onClose={() => setCreatingDeal(false)}
        onCreated={(created) => {
          setCreatingDeal(false);
          navigate(`/opportunities/${encodeURIComponent(created.id)}`);
        }}
      />
    </main>
  );
}
