import { useState } from 'react';
import { SettingsNav } from '../modules/settings/components/settings-nav.tsx';
import { useSession } from '../modules/session/hooks/use-session.tsx';
import { listUsers, type WorkspaceUser } from '../modules/users/api/users.api.ts';
import { AddUserForm } from '../modules/users/components/add-user-form.tsx';
import { UserTable } from '../modules/users/components/user-table.tsx';
import { EmptyState, ErrorMessage, Loading, Section } from '../ui/feedback.tsx';
import { LoadMore } from '../ui/load-more.tsx';
import { usePagedList } from '../ui/use-paged-list.ts';
import { useTitle } from '../ui/use-title.ts';

const pageSize = 50;

export function PeoplePage() {
  useTitle('People');
  const { workspace } = useSession();
  const people = usePagedList((cursor) => listUsers({ limit: pageSize, cursor }), []);
  const [added, setAdded] = useState<WorkspaceUser[]>([]);

  // People added here show first, marked new, wherever the list would put them.
  const addedIds = new Set(added.map((u) => u.id));
  const items = [...added, ...people.items.filter((u) => !addedIds.has(u.id))];

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
        {people.error ? <ErrorMessage error={people.error} onRetry={() => void people.reload()} /> : null}
        {!people.loaded && people.loading ? <Loading label="Loading people…" /> : null}
        {people.loaded && items.length === 0 ? <EmptyState title="No people yet" /> : null}
        {items.length > 0 ? <UserTable users={items} timeZone={workspace.timeZone} highlightIds={addedIds} /> : null}
        <LoadMore list={people} />
      </Section>
    </main>
  );
}
