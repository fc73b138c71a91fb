// One outbound webhook: its URL and event types, the signing secret (copy, rotate), pause or enable it again, remove
// it; and its delivery log, newest first, each delivery with its attempts and a button to send it again.
import { useEffect, useState } from 'react';
import { useSession } from '../modules/session/hooks/use-session.tsx';
import { SettingsNav } from '../modules/settings/components/settings-nav.tsx';
import {
  deleteSubscription,
  getSubscription,
  listDeliveries,
  redeliver,
  updateSubscription,
  type WebhookDelivery,
} from '../modules/webhooks/api/webhooks.api.ts';
import { Badge, type BadgeTone } from '../ui/badge.tsx';
import { CopyField } from '../ui/copy-field.tsx';
import { EmptyState, ErrorMessage, Field, Loading, Section } from '../ui/feedback.tsx';
import { formatDateTime } from '../ui/format.ts';
import { ApiError } from '../ui/http.ts';
import { LoadMore } from '../ui/load-more.tsx';
import { Link, navigate } from '../ui/router.tsx';
import { usePagedList } from '../ui/use-paged-list.ts';
import { useResource } from '../ui/use-resource.ts';
import { useTitle } from '../ui/use-title.ts';

const tones: Record<WebhookDelivery['status'], BadgeTone> = { pending: 'neutral', retrying: 'amber', delivered: 'green', failed: 'red' };

export function WebhookSubscriptionPage({ id }: { id: string }) {
  const { workspace } = useSession();
  const subscription = useResource(() => getSubscription(id), [id]);
  const deliveries = usePagedList((cursor) => listDeliveries(id, { limit: 25, cursor }), [id]);
  // eslint-disable-next-line react-hooks/exhaustive-deps -- deliberate: only another subscription restarts the list
  useEffect(() => deliveries.reset(), [id]);
  const [failure, setFailure] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const s = subscription.data;
  useTitle(s ? `Webhook ${s.url}` : 'Webhook');
  const tz = workspace.timeZone;

  const act = async (what: () => Promise<unknown>, done: string) => {
    setFailure(null);
    setNotice(null);
    try {
      await what();
      setNotice(done);
      await Promise.all([subscription.reload(), deliveries.reload()]);
    } catch (error) {
      setFailure(error);
    }
  };

  const header = (
    <>
      <h1>Settings</h1>
      <SettingsNav current="/settings/webhooks" />
      <p className="breadcrumbs">
        <Link to="/settings/webhooks">Webhooks</Link> <span aria-hidden="true">/</span> <span>{s?.url ?? 'Webhook'}</span>
      </p>
    </>
  );
  if (subscription.error && !s) {
    const missing = subscription.error instanceof ApiError && subscription.error.status === 404;
    return (
      <main className="page">
        {header}
        {missing ? <p>This webhook does not exist (any more).</p> : null}
        <ErrorMessage error={subscription.error} onRetry={missing ? undefined : () => void subscription.reload()} />
      </main>
    );
  }
  if (!s) {
    return (
      <main className="page">
        {header}
        <Loading label="Loading the webhook…" />
      </main>
    );
  }
  return (
    <main className="page">
      {header}
      {notice ? (
        <p className="success" role="status">
          {notice}
        </p>
      ) : null}
      {failure ? <ErrorMessage error={failure} /> : null}
      {!s.enabled ? (
        <p className="notice notice-block" data-testid="subscription-disabled">
          Disabled: {s.disabledReason ?? 'no reason given'}. Its deliveries wait until it is enabled again.
        </p>
      ) : null}
      <Section
        title="Webhook"
        actions={
          <div className="button-row">
            <button
              type="button"
              className="button button-small"
              onClick={() =>
                void act(
                  () => updateSubscription(s.id, { enabled: !s.enabled }),
                  s.enabled ? 'Paused: nothing is sent until it is enabled again.' : 'Enabled: waiting deliveries go out now.',
                )
              }
            >
              {s.enabled ? 'Pause' : 'Enable again'}
            </button>
            <button
              type="button"
              className="button button-small"
              onClick={() => void act(() => updateSubscription(s.id, { rotateSecret: true }), 'A new secret: the old one no longer signs anything.')}
            >
              Rotate the secret
            </button>
            <button
              type="button"
              className="button button-small button-danger"
              onClick={async () => {
                if (!window.confirm(`Remove the webhook to ${s.url}? Nothing more is sent to it; its log stays.`)) return;
                try {
                  await deleteSubscription(s.id);
                  navigate('/settings/webhooks');
                } catch (error) {
                  setFailure(error);
                }
              }}
            >
              Remove
            </button>
          </div>
        }
      >
        <dl className="fields">
          <Field label="URL" value={<code className="code">{s.url}</code>} />
          <Field label="Events" value={s.eventTypes.join(', ')} />
          <Field label="State" value={s.enabled ? (s.consecutiveFailures ? `on, failing since ${formatDateTime(s.failingSince, tz)}` : 'on') : 'disabled'} />
          {s.description ? <Field label="Description" value={s.description} /> : null}
        </dl>
        <CopyField label="Signing secret" value={s.secret} description="Check each request's webhook-signature with it (any Standard Webhooks library does)." />
      </Section>
      <Section title="Deliveries">
        {deliveries.error ? <ErrorMessage error={deliveries.error} onRetry={() => void deliveries.reload()} /> : null}
        {!deliveries.loaded && deliveries.loading ? <Loading label="Loading deliveries…" /> : null}
        {deliveries.loaded && deliveries.items.length === 0 ? (
          <EmptyState title="Nothing sent yet">Events of these types show here as they happen.</EmptyState>
        ) : null}
        {deliveries.items.length > 0 ? (
          <table className="table" data-testid="delivery-table">
            <thead>
              <tr>
                <th scope="col">Event</th>
                <th scope="col">Status</th>
                <th scope="col" className="numeric">
                  Attempts
                </th>
                <th scope="col">Last answer</th>
                <th scope="col">Next attempt</th>
                <th scope="col">
                  <span className="visually-hidden">Send again</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {deliveries.items.map((d) => (
                <tr key={d.id}>
                  <td>
                    <code className="code">{d.eventType}</code>
                    <div className="muted small">{formatDateTime(d.createdAt, tz)}</div>
                  </td>
                  <td>
                    <Badge tone={tones[d.status]}>{d.status}</Badge>
                  </td>
                  <td className="numeric">{d.attempts}</td>
                  <td className="small">
                    {d.lastStatus ? `HTTP ${d.lastStatus}` : ''} {d.status !== 'delivered' && d.lastError ? <span className="muted">{d.lastError}</span> : null}
                  </td>
                  <td className="small">{d.nextAttemptAt ? formatDateTime(d.nextAttemptAt, tz) : '—'}</td>
                  <td>
                    <button
                      type="button"
                      className="button button-small"
                      disabled={!s.enabled}
                      onClick={() => void act(() => redeliver(d.id), 'Sent again (the same webhook-id, so the receiver can tell it is a repeat).')}
                    >
                      Send again
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
        <LoadMore list={deliveries} />
      </Section>
    </main>
  );
}
