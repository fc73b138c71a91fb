import { useState } from 'react';
import { createConnection, kindLabels, listConnections, type ConnectionInput } from '../modules/inbound/api/inbound.api.ts';
import { ConnectionForm } from '../modules/inbound/components/connection-form.tsx';
import { listPipelines } from '../modules/pipeline/api/pipelines.api.ts';
import { SettingsNav } from '../modules/settings/components/settings-nav.tsx';
import { EmptyState, ErrorMessage, Loading, Section } from '../ui/feedback.tsx';
import { Link, navigate } from '../ui/router.tsx';
import { useResource } from '../ui/use-resource.ts';
import { useTitle } from '../ui/use-title.ts';

export function InboundConnectionsPage() {
  useTitle('Inbound CRMs');
  const connections = useResource(() => listConnections(), []);
  const pipelines = useResource(() => listPipelines(), []);
  const [adding, setAdding] = useState(false);

  return (
    <main className="page">
      <h1>Settings</h1>
      <SettingsNav current="/settings/inbound" />
      <p className="muted">
        Deal events from HubSpot, Pipedrive, Salesforce or any system that signs JSON with Standard Webhooks. A deal won there runs the same handoff as a deal
        won in Baton.
      </p>
      <Section
        title="Connections"
        actions={
          adding ? null : (
            <button type="button" className="button button-small" onClick={() => setAdding(true)}>
              Add a connection
            </button>
          )
        }
      >
        {connections.error ? <ErrorMessage error={connections.error} onRetry={() => void connections.reload()} /> : null}
        {connections.loading && !connections.data ? <Loading label="Loading connections…" /> : null}
        {connections.data && connections.data.length === 0 ? <EmptyState title="No connection yet" /> : null}
        {connections.data && connections.data.length > 0 ? (
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Sender</th>
                <th scope="col">Endpoint</th>
                <th scope="col" className="numeric">
                  Events
                </th>
                <th scope="col">State</th>
              </tr>
            </thead>
            <tbody>
              {connections.data.map((c) => (
                <tr key={c.id} data-testid="connection-row">
                  <td>
                    <Link to={`/settings/inbound/${encodeURIComponent(c.id)}`}>{c.name}</Link>
                  </td>
                  <td>{kindLabels[c.kind]}</td>
                  <td>
                    <code className="code">{c.endpoint}</code>
                  </td>
                  <td className="numeric">
                    {Object.values(c.events).reduce((a, b) => a + b, 0)}
                    {c.events.failed ? <span className="badge badge-red"> {c.events.failed} failed</span> : null}
                  </td>
                  <td>{c.active ? 'Active' : <span className="muted">Inactive</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
      </Section>
      {adding ? (
        <Section title="New connection">
          <ConnectionForm
            connection={null}
            pipelines={pipelines.data ?? []}
            submitLabel="Add the connection"
            onSave={async (input) => {
              const created = await createConnection(input as ConnectionInput);
              navigate(`/settings/inbound/${encodeURIComponent(created.id)}`);
            }}
          />
        </Section>
      ) : null}
    </main>
  );
}
