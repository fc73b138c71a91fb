// Settings → Webhooks: the URLs Baton POSTs its events to (Standard Webhooks), with what each takes and how its
// deliveries are going; admins add one here and open it for its secret and delivery log.
import { useState, type FormEvent } from 'react';
import { getCatalog } from '../modules/rules/api/rules.api.ts';
import { SettingsNav } from '../modules/settings/components/settings-nav.tsx';
import { createSubscription, eventTypesOf, listSubscriptions } from '../modules/webhooks/api/webhooks.api.ts';
import { Badge } from '../ui/badge.tsx';
import { EmptyState, ErrorMessage, Loading, Section } from '../ui/feedback.tsx';
import { FormField, textControl } from '../ui/form-field.tsx';
import { ApiError } from '../ui/http.ts';
import { Link, navigate } from '../ui/router.tsx';
import { useResource } from '../ui/use-resource.ts';
import { useTitle } from '../ui/use-title.ts';

export function WebhookSubscriptionsPage() {
  useTitle('Webhooks');
  const subscriptions = useResource(() => listSubscriptions(), []);
  const catalog = useResource(() => getCatalog(), []);
  const [url, setUrl] = useState('');
  const [types, setTypes] = useState('deal.won');
  const [description, setDescription] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const eventTypes = eventTypesOf(types);
    const found: Record<string, string> = {};
    if (!url.trim()) found.url = 'enter the URL that receives the events';
    if (eventTypes.length === 0) found.eventTypes = 'name at least one event type, or * for every event';
    setErrors(found);
    setFailure(null);
    if (Object.keys(found).length) return;
    setBusy(true);
    try {
      const created = await createSubscription({ url: url.trim(), eventTypes, description: description.trim() || null });
      navigate(`/settings/webhooks/${encodeURIComponent(created.id)}`);
    } catch (error) {
      if (error instanceof ApiError && error.fields.length) {
        setErrors(Object.fromEntries(error.fields.map((f) => [f.path.replace(/^body:\//, '').split('/')[0] ?? f.path, f.message]) as [string, string][]));
      } else setFailure(error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="page">
      <h1>Settings</h1>
      <SettingsNav current="/settings/webhooks" />
      <p className="muted">
        Baton POSTs each event of the types you choose to your URL as JSON, signed the Standard Webhooks way (webhook-id, webhook-timestamp, webhook-signature).
        A receiver that is down gets it again with growing pauses for three days; one failing for three days on end is disabled and the admins are told.
      </p>
      <Section title="Subscriptions">
        {subscriptions.error ? <ErrorMessage error={subscriptions.error} onRetry={() => void subscriptions.reload()} /> : null}
        {!subscriptions.data && !subscriptions.error ? <Loading label="Loading subscriptions…" /> : null}
        {subscriptions.data?.length === 0 ? <EmptyState title="No webhook yet">Add one below to send Baton's events to another system.</EmptyState> : null}
        {subscriptions.data && subscriptions.data.length > 0 ? (
          <table className="table" data-testid="subscription-table">
            <thead>
              <tr>
                <th scope="col">URL</th>
                <th scope="col">Events</th>
                <th scope="col">State</th>
                <th scope="col" className="numeric">
                  Delivered
                </th>
                <th scope="col" className="numeric">
                  Waiting
                </th>
                <th scope="col" className="numeric">
                  Failed
                </th>
              </tr>
            </thead>
            <tbody>
              {subscriptions.data.map((s) => (
                <tr key={s.id}>
                  <td>
                    <Link to={`/settings/webhooks/${encodeURIComponent(s.id)}`}>
                      <code className="code">{s.url}</code>
                    </Link>
                    {s.description ? <div className="muted small">{s.description}</div> : null}
                  </td>
                  <td>{s.eventTypes.join(', ')}</td>
                  <td>
                    {s.enabled ? (
                      s.consecutiveFailures > 0 ? (
                        <Badge tone="amber">failing</Badge>
                      ) : (
                        <Badge tone="green">on</Badge>
                      )
                    ) : (
                      <Badge tone="red">disabled</Badge>
                    )}
                  </td>
                  <td className="numeric">{s.deliveries.delivered}</td>
                  <td className="numeric">{s.deliveries.pending + s.deliveries.retrying}</td>
                  <td className="numeric">{s.deliveries.failed}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
      </Section>
      <Section title="Add a webhook">
        <form className="stack" onSubmit={(e) => void submit(e)} noValidate data-testid="subscription-form">
          <div className="form-row">
            <FormField id="webhook-url" label="URL" error={errors.url} className="form-cell form-cell-grow">
              <input {...textControl('webhook-url', url, errors.url, setUrl)} placeholder="https://erp.example.com/hooks/baton" />
            </FormField>
          </div>
          <div className="form-row">
            <FormField
              id="webhook-types"
              label="Event types"
              error={errors.eventTypes}
              hint="Separated by commas or spaces; * for every event."
              className="form-cell form-cell-grow"
            >
              <input {...textControl('webhook-types', types, errors.eventTypes, setTypes)} list="webhook-event-types" aria-describedby="webhook-types-hint" />
            </FormField>
            <datalist id="webhook-event-types">
              {(catalog.data?.triggers ?? []).map((t) => (
                <option key={t.event} value={t.event}>
                  {t.label}
                </option>
              ))}
            </datalist>
            <FormField id="webhook-description" label="Description (optional)" error={errors.description} className="form-cell form-cell-grow">
              <input {...textControl('webhook-description', description, errors.description, setDescription)} />
            </FormField>
          </div>
          {failure ? <ErrorMessage error={failure} /> : null}
          <div className="button-row">
            <button type="submit" className="button button-primary" disabled={busy}>
              {busy ? 'Adding…' : 'Add the webhook'}
            </button>
          </div>
        </form>
      </Section>
    </main>
  );
}
