import { SettingsNav } from '../modules/settings/components/settings-nav.tsx';
import { getCalendar, listPipelinesWithCreation, listTeamRoles } from '../modules/team/api/team.api.ts';
import { CalendarForm } from '../modules/team/components/calendar-form.tsx';
import { PipelineCreation } from '../modules/team/components/pipeline-creation.tsx';
import { TeamRoleForm } from '../modules/team/components/team-role-form.tsx';
import { forgetTeamRoles } from '../modules/team/hooks/use-team-roles.ts';
import { findDefaultPipeline } from '../modules/pipeline/api/pipelines.api.ts';
import { getTractionGate } from '../modules/traction/api/traction.api.ts';
import { TractionGateForm } from '../modules/traction/components/traction-gate-form.tsx';
import { usePeople } from '../modules/users/hooks/use-people.ts';
import { EmptyState, ErrorMessage, Loading, Section } from '../ui/feedback.tsx';
import { useResource } from '../ui/use-resource.ts';
import { useTitle } from '../ui/use-title.ts';

export function TeamPage() {
  useTitle('Team and calendar');
  const roles = useResource(() => listTeamRoles(), []);
  const calendar = useResource(() => getCalendar(), []);
  const pipelines = useResource(() => listPipelinesWithCreation(), []);
  const gate = useResource(() => getTractionGate(), []);
  const people = usePeople();
  const items = [...(roles.data ?? [])].sort((a, b) => a.name.localeCompare(b.name));

  return (
    <main className="page">
      <p className="breadcrumbs">Settings</p>
      <div className="page-header">
        <div>
          <h1>Team and calendar</h1>
          <p className="muted">Who takes delivery and sales tasks, and the working days their due dates are counted in.</p>
        </div>
      </div>
      <SettingsNav current="/settings/team" />

      <Section title="Team roles">
        {roles.error ? <ErrorMessage error={roles.error} onRetry={() => void roles.reload()} /> : null}
        {people.error ? <ErrorMessage error={people.error} onRetry={() => void people.reload()} /> : null}
        {!roles.data && roles.loading ? <Loading label="Loading the roster…" /> : null}
        {roles.data && items.length === 0 ? (
          <EmptyState title="No team roles yet — templates give each task a delivery role, and the role decides who takes it" />
        ) : null}
        <ul className="editor-list">
          {items.map((role) => (
            <li key={role.id} className="editor-block">
              <h3 className="editor-block-title">
                {role.name} <span className="muted small">({role.kind === 'sales' ? 'sales role' : 'delivery role'})</span>
              </h3>
              <TeamRoleForm
                role={role}
                people={people.data}
                onSaved={(saved) => {
                  forgetTeamRoles();
                  roles.setData((current) => current?.map((r) => (r.id === saved.id ? saved : r)));
                }}
              />
            </li>
          ))}
        </ul>
      </Section>

      <Section title="Add a team role">
        <TeamRoleForm
          role={null}
          people={people.data}
          onSaved={(saved) => {
            forgetTeamRoles();
            roles.setData((current) => [...(current ?? []), saved]);
          }}
        />
      </Section>

      <Section title="Work calendar">
        {calendar.error ? <ErrorMessage error={calendar.error} onRetry={() => void calendar.reload()} /> : null}
        {!calendar.data && calendar.loading ? <Loading label="Loading the calendar…" /> : null}
        {calendar.data ? <CalendarForm calendar={calendar.data} onSaved={(saved) => calendar.setData(saved)} /> : null}
      </Section>

      <Section title="Project creation">
        {pipelines.error ? <ErrorMessage error={pipelines.error} onRetry={() => void pipelines.reload()} /> : null}
        {!pipelines.data && pipelines.loading ? <Loading label="Loading pipelines…" /> : null}
        {pipelines.data && pipelines.data.length === 0 ? <EmptyState title="No pipelines" /> : null}
        {pipelines.data && pipelines.data.length > 0 ? (
          <PipelineCreation
            pipelines={pipelines.data}
            onSaved={(saved) => pipelines.setData((current) => current?.map((p) => (p.id === saved.id ? saved : p)))}
          />
        ) : null}
      </Section>

      <Section title="Traction gate">
        {gate.error ? <ErrorMessage error={gate.error} onRetry={() => void gate.reload()} /> : null}
        {!gate.data && gate.loading ? <Loading label="Loading the traction gate…" /> : null}
        {gate.data && pipelines.data ? (
          <TractionGateForm gate={gate.data} stages={findDefaultPipeline(pipelines.data)?.stages ?? []} onSaved={(saved) => gate.setData(saved)} />
        ) : null}
      </Section>
    </main>
  );
}
