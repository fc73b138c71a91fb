import { useEffect, useState } from 'react';
import { SettingsNav } from '../modules/settings/components/settings-nav.tsx';
import { useSession } from '../modules/session/hooks/use-session.tsx';
import { listUsers, type WorkspaceUser } from '../modules/users/api/users.api.ts';
import { AddUserForm } from '../modules/users/components/add-user-form.tsx';
import { UserTable } from '../modules/users/components/user-table.tsx';
import { EmptyState, ErrorMessage, Loading, Section } from '../ui/feedback.tsx';
import { useResource } from '../ui/use-resource.ts';
import { useTitle } from '../ui/use-title.ts';

const pageSize = 50;

export function PeoplePage() {
  useTitle('People');
  const { workspace } = useSession();
  const first = useResource(() => listUsers({ limit: pageSize }), []);
  const [more, setMore] = useState<{ items: WorkspaceUser[]; next: string | null } | null>(null);
  const [added, setAdded] = useState<WorkspaceUser[]>([]);
  const [loadingMore, setLoadingMore] = useState(false);
  const [moreError, setMoreError] = useState<unknown>(null);

  useEffect(() => setMore(null), [first.data]);

  // People added here show first, marked new, wherever the list would put them.
  const addedIds = new Set(added.map((u) => u.id));
  const items = [...added, ...[...(first.data?.items ?? []), ...(more?.items ?? [])].filter((u) => !addedIds.has(u.id))];
  const next = more ? more.next : (first.data?.next ?? null);

  const loadMore = async () => {
    if (!next) return;
    setLoadingMore(true);
    setMoreError(null);
    try {
      const page = await listUsers({ limit: pageSize, cursor: next });
      setMore({ items: [...(more?.items ?? []), ...page.items], next: page.next });
    } catch (error) {
      setMoreError(error);
    } finally {
      setLoadingMore(false);
    }
  };

  return (
    <main className="page">
      <p className="breadcrumbs">Settings</p>
      <div className="page-header">
        <h1>People</h1>
      </div>
      <SettingsNav current="/settings/people" />
      <Section title="Add a person">
        <AddUserForm onCreated={(user) => setAdded((current) => [user, ...current])} />
      </Section>
      <Section title="People in this workspace" id="people-list">
        {first.error ? <ErrorMessage error={first.error} onRetry={() => void first.reload()} /> : null}
        {!first.data && first.loading ? <Loading label="Loading people…" /> : null}
        {first.data && items.length === 0 ? <EmptyState title="No people yet" /> : null}
        {items.length > 0 ? <UserTable users={items} timeZone={workspace.timeZone} highlightIds={addedIds} /> : null}
        {next ? (
          <div className="load-more">
            <button type="button" className="button" disabled={loadingMore} onClick={() => void loadMore()}>
              {loadingMore ? 'Loading…' : 'Load more'}
            </button>
          </div>
        ) : null}
        <ErrorMessage error={moreError} />
      </Section>
    </main>
  );
}
