import { useState } from 'react';
import { getConnection, kindLabels, listInboundEvents, reprocessEvent, updateConnection, type InboundEvent } from '../modules/inbound/api/inbound.api.ts';
import { ConnectionForm } from '../modules/inbound/components/connection-form.tsx';
import { InboundEventTable } from '../modules/inbound/components/inbound-event-table.tsx';
import { listPipelines } from '../modules/pipeline/api/pipelines.api.ts';
import { useSession } from '../modules/session/hooks/use-session.tsx';
import { CopyField } from '../ui/copy-field.tsx';
import { EmptyState, ErrorMessage, Loading, Section } from '../ui/feedback.tsx';
import { ApiError } from '../ui/http.ts';
import { LoadMore } from '../ui/load-more.tsx';
import { Link } from '../ui/router.tsx';
import { usePagedList } from '../ui/use-paged-list.ts';
import { useResource } from '../ui/use-resource.ts';
import { useTitle } from '../ui/use-title.ts';

const filters = [
  { value: '', label: 'All' },
  { value: 'failed', label: 'Failed' },
  { value: 'processed', label: 'Processed' },
  { value: 'rejected', label: 'Rejected' },
] as const;

export function InboundConnectionPage({ id }: { id: string }) {
  const { workspace } = useSession();
  const connection = useResource(() => getConnection(id), [id]);
  const pipelines = useResource(() => listPipelines(), []);
  const [status, setStatus] = useState<(typeof filters)[number]['value']>('');
  const events = usePagedList((cursor) => listInboundEvents(id, { cursor, status, limit: 25 }), [id, status]);
  const [busyId, setBusyId] = useState<string | null>(null);
  const [rowError, setRowError] = useState<{ id: string; error: unknown } | null>(null);
  const [reprocessed, setReprocessed] = useState<InboundEvent | null>(null);
  useTitle(connection.data ? `${connection.data.name} · Inbound CRMs` : 'Inbound connection');

  const reprocess = async (event: InboundEvent) => {
    setBusyId(event.id);
    setRowError(null);
    setReprocessed(null);
    try {
      const next = await reprocessEvent(id, event.id);
      events.update((items) => items.map((e) => (e.id === next.id ? next : e)));
      setReprocessed(next);
      void connection.reload();
    } catch (error) {
      setRowError({ id: event.id, error });
    } finally {
      setBusyId(null);
    }
  };

  if (connection.error && !connection.data) {
    const missing = connection.error instanceof ApiError && connection.error.status === 404;
    return (
      <main className="page">
        <p>
          <Link to="/settings/inbound">← Inbound CRMs</Link>
        </p>
        {missing ? <h1>Connection not found</h1> : null}
        <ErrorMessage error={connection.error} onRetry={missing ? undefined : () => void connection.reload()} />
      </main>
    );
  }
  const c = connection.data;
  if (!c)
    return (
      <main className="page">
        <Loading label="Loading the connection…" />
      </main>
    );
  const endpoint = `${window.location.origin}${c.endpoint}${c.kind === 'salesforce' ? `?token=${encodeURIComponent(c.secrets.token ?? '')}` : ''}`;

  return (
    <main className="page page-wide-table">
      <p className="breadcrumbs">
        <Link to="/settings/inbound">Inbound CRMs</Link> <span aria-hidden="true">/</span> <span>{c.name}</span>
      </p>
      <div className="page-header">
        <div>
          <h1>{c.name}</h1>
          <p className="headline">
            <span>{kindLabels[c.kind]}</span>
            <span className="muted">{c.active ? 'Active' : 'Inactive'}</span>
            <span className="muted">
              {Object.entries(c.events)
                .map(([s, n]) => `${n} ${s}`)
                .join(' · ') || 'No event yet'}
            </span>
          </p>
        </div>
      </div>
      <CopyField
        label="Endpoint to give the sender"
        value={endpoint}
        description={
          c.kind === 'hubspot'
            ? 'The webhook URL of your HubSpot app; requests are checked with the app’s client secret (signature v3, or v1 / v2).'
            : c.kind === 'pipedrive'
              ? 'The webhook URL in Pipedrive, with the user name and password below as HTTP Basic auth.'
              : c.kind === 'salesforce'
                ? 'The endpoint URL of the outbound message, or where your Change Data Capture relay posts.'
                : 'Sign each request with the signing secret below (Standard Webhooks).'
        }
      />

      <Section
        title="Last events"
        actions={
          <div className="button-row">
            <div className="segmented" role="group" aria-label="Show events">
              {filters.map((f) => (
                <button
                  key={f.value || 'all'}
                  type="button"
                  className="button button-small"
                  aria-pressed={status === f.value}
                  onClick={() => setStatus(f.value)}
                >
                  {f.label}
                </button>
              ))}
            </div>
            <button
              type="button"
              className="button button-small"
              disabled={events.loading}
              onClick={() => {
                void events.reload();
                void connection.reload();
              }}
            >
              Refresh
            </button>
          </div>
        }
      >
        {reprocessed ? (
          <p className="success" role="status">
            Re-processed: {reprocessed.status}. {reprocessed.outcome}
          </p>
        ) : null}
        {events.error ? <ErrorMessage error={events.error} onRetry={() => void events.reload()} /> : null}
        {!events.loaded && events.loading ? <Loading label="Loading events…" /> : null}
        {events.loaded && events.items.length === 0 ? <EmptyState title={status ? `No ${status} event` : 'No event received yet'} /> : null}
        {events.items.length > 0 ? (
          <InboundEventTable events={events.items} timeZone={workspace.timeZone} busyId={busyId} error={rowError} onReprocess={(e) => void reprocess(e)} />
        ) : null}
        <LoadMore list={events} />
      </Section>

      <Section title="Settings">
        <ConnectionForm
          key={c.id}
          connection={c}
          pipelines={pipelines.data ?? []}
          submitLabel="Save the connection"
          onSave={async (patch) => {
            connection.setData(await updateConnection(id, patch));
          }}
        />
      </Section>
    </main>
  );
}
