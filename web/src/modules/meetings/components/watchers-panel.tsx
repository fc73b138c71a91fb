// The account's watchers: people copied on its client communications and project status changes (the sales rep
// after the handoff call), who are never given its delivery tasks.
import { EmptyState, ErrorMessage, Loading, Section } from '../../../ui/feedback.tsx';
import { formatDateTime } from '../../../ui/format.ts';
import { useResource } from '../../../ui/use-resource.ts';
import { listAccountWatchers } from '../api/meetings.api.ts';

export function WatchersPanel({ accountId, timeZone }: { accountId: string; timeZone?: string | undefined }) {
  const watchers = useResource(() => listAccountWatchers(accountId), [accountId]);
  return (
    <Section title="Watchers">
      {watchers.error ? <ErrorMessage error={watchers.error} onRetry={() => void watchers.reload()} /> : null}
      {!watchers.data ? (
        watchers.loading ? (
          <Loading />
        ) : null
      ) : watchers.data.length === 0 ? (
        <EmptyState title="No watchers">The sales rep watches the account once the handoff call is held.</EmptyState>
      ) : (
        <ul className="stack-small">
          {watchers.data.map((w) => (
            <li key={w.userId}>
              <strong>{w.name}</strong> <span className="muted small">{w.email}</span> — watcher ({w.reason}, since {formatDateTime(w.since, timeZone)}): copied
              on client communications and project status changes, never given delivery tasks
            </li>
          ))}
        </ul>
      )}
    </Section>
  );
}
