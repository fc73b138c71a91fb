import { useState } from 'react';
import { getProject, updateProject, type Phase, type Project, type ProjectChanges } from '../modules/projects/api/projects.api.ts';
import { AddTaskForm } from '../modules/projects/components/add-task-form.tsx';
import { DealFacts } from '../modules/projects/components/deal-facts.tsx';
import { MilestoneList } from '../modules/projects/components/milestone-list.tsx';
import { HealthBadge, ProjectStatusBadge } from '../modules/projects/components/project-badges.tsx';
import { ProjectControls } from '../modules/projects/components/project-controls.tsx';
import { ReopenHoldNotice } from '../modules/projects/components/reopen-hold-notice.tsx';
import { runPath } from '../modules/runs/api/runs.api.ts';
import { can, useSession } from '../modules/session/hooks/use-session.tsx';
import { countTasks, mayChangeTask, type Task } from '../modules/tasks/api/tasks.api.ts';
import { TaskTable } from '../modules/tasks/components/task-table.tsx';
import { useTaskUpdate } from '../modules/tasks/hooks/use-task-update.ts';
import { templatePath } from '../modules/templates/api/templates.api.ts';
import { usePeople } from '../modules/users/hooks/use-people.ts';
import { useWarningCount } from '../modules/warnings/hooks/use-warning-count.tsx';
import { EmptyState, ErrorMessage, Field, Loading, Section } from '../ui/feedback.tsx';
import { formatDate, formatDateTime } from '../ui/format.ts';
import { ApiError } from '../ui/http.ts';
import { Link } from '../ui/router.tsx';
import { useResource } from '../ui/use-resource.ts';
import { useTitle } from '../ui/use-title.ts';

export function ProjectPage({ id }: { id: string }) {
  const { user, workspace } = useSession();
  const project = useResource(() => getProject(id), [id]);
  const people = usePeople();
  const warnings = useWarningCount();
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<unknown>(null);
  useTitle(project.data?.name ?? 'Project');

  const replaceTask = (task: Task) => project.setData((p) => (p ? { ...p, tasks: p.tasks.map((t) => (t.id === task.id ? { ...t, ...task } : t)) } : p));
  const taskUpdate = useTaskUpdate(replaceTask);

  if (project.error && !project.data) {
    const missing = project.error instanceof ApiError && project.error.status === 404;
    return (
      <main className="page">
        <p>
          <Link to="/projects">← Projects</Link>
        </p>
        {missing ? <h1>Project not found</h1> : null}
        <ErrorMessage error={project.error} onRetry={missing ? undefined : () => void project.reload()} />
      </main>
    );
  }
  const p = project.data;
  if (!p) {
    return (
      <main className="page">
        <Loading label="Loading the project…" />
      </main>
    );
  }

  const mayWrite = can(user.role, 'project.write');
  const mayChange = (task: Task) => mayChangeTask({ editProjects: mayWrite, writeTasks: can(user.role, 'task.write'), userId: user.id }, task);
  const phases = [...p.phases].sort((a, b) => a.position - b.position);
  const phaseIds = new Set(phases.map((ph) => ph.id));
  const unphased = p.tasks.filter((t) => !t.phaseId || !phaseIds.has(t.phaseId));
  const dealName = (phase: Phase) => (p.deals.length > 1 ? p.deals.find((d) => d.opportunityId === phase.opportunityId)?.name : undefined);
  const counts = countTasks(p.tasks);

  const save = async (changes: ProjectChanges) => {
    setSaving(true);
    setSaveError(null);
    try {
      const next: Project = await updateProject(p.id, changes);
      project.setData(next);
      // An owner given or taken away changes "project without owner"; a status decided ends the reopen's hold warning.
      if (changes.ownerId !== undefined || changes.status !== undefined) void warnings.refresh();
    } catch (error) {
      setSaveError(error);
    } finally {
      setSaving(false);
    }
  };

  const onTaskStatus = (task: Task, status: Task['status'], override?: boolean) =>
    void taskUpdate.update(task.id, override ? { status, override } : { status });

  const taskTable = (tasks: Task[], caption: string) =>
    tasks.length > 0 ? (
      <TaskTable
        tasks={tasks}
        variant="project"
        caption={caption}
        mayChange={mayChange}
        busyId={taskUpdate.busyId}
        errorFor={taskUpdate.errorFor}
        onStatus={onTaskStatus}
      />
    ) : (
      <EmptyState title="No tasks in this phase" />
    );

  return (
    <main className="page">
      <p className="breadcrumbs">
        <Link to="/projects">Projects</Link> <span aria-hidden="true">/</span>{' '}
        <Link to={`/accounts/${encodeURIComponent(p.account.id)}`}>{p.account.name}</Link>
      </p>
      <div className="page-header">
        <div>
          <h1 data-testid="project-heading">{p.name}</h1>
          <p className="headline">
            <ProjectStatusBadge status={p.status} />
            <HealthBadge health={p.health} />
            <span className="muted">
              {counts.open} of {counts.total} tasks open
            </span>
            {counts.overdue ? <span className="warning-text">{counts.overdue} overdue</span> : null}
          </p>
          {p.healthReasons.length > 0 ? (
            <ul className="health-reasons" aria-label="Why the health" data-testid="health-reasons">
              {p.healthReasons.map((r) => (
                <li key={r.message}>{r.message}</li>
              ))}
            </ul>
          ) : null}
        </div>
      </div>
      <ReopenHoldNotice since={p.onHoldSinceReopen} dealName={p.opportunity.name} timeZone={workspace.timeZone} mayDecide={mayWrite} />

      <Section title="Overview">
        <dl className="fields">
          <Field label="Account" value={<Link to={`/accounts/${encodeURIComponent(p.account.id)}`}>{p.account.name}</Link>} />
          <Field label="Deal" value={<Link to={`/opportunities/${encodeURIComponent(p.opportunity.id)}`}>{p.opportunity.name}</Link>} />
          {mayWrite ? null : <Field label="Owner" value={p.owner ? p.owner.name : <span className="warning-text">Nobody</span>} />}
          <Field
            label="Template"
            value={
              p.template ? (
                can(user.role, 'templates.manage') ? (
                  <Link to={templatePath(p.template.id)}>
                    {p.template.name} v{p.template.version}
                  </Link>
                ) : (
                  `${p.template.name} v${p.template.version}`
                )
              ) : (
                'None'
              )
            }
          />
          <Field label="Start" value={formatDate(p.startDate)} />
          <Field label="Target" value={formatDate(p.targetDate)} />
          <Field
            label="Created"
            value={
              p.originRunId ? (
                <Link to={runPath(p.originRunId)}>{formatDateTime(p.createdAt, workspace.timeZone)} by a rule</Link>
              ) : (
                formatDateTime(p.createdAt, workspace.timeZone)
              )
            }
          />
        </dl>
        {mayWrite ? (
          <div className="stack-small section-footer">
            <ProjectControls project={p} people={people.data} busy={saving} onChange={(changes) => void save(changes)} />
            <ErrorMessage error={saveError} />
          </div>
        ) : null}
      </Section>

      <Section title="Deal" actions={<span className="muted small">From the deal, as it is now</span>}>
        <DealFacts deal={p.deal} />
        {p.deals.length > 1 ? (
          <>
            <h3>Deals in this project</h3>
            <ul className="plain-list">
              {p.deals.map((d) => (
                <li key={d.opportunityId}>
                  <Link to={`/opportunities/${encodeURIComponent(d.opportunityId)}`}>{d.name}</Link>{' '}
                  <span className="muted small">
                    added {formatDateTime(d.addedAt, workspace.timeZone)}
                    {d.templateVersion !== null ? `, template v${d.templateVersion}` : ''}
                  </span>
                  {d.originRunId ? (
                    <>
                      {' '}
                      <Link to={runPath(d.originRunId)} className="small">
                        run
                      </Link>
                    </>
                  ) : null}
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </Section>

      {phases.map((phase) => {
        const tasks = p.tasks.filter((t) => t.phaseId === phase.id);
        const done = tasks.filter((t) => t.status === 'done').length;
        const deal = dealName(phase);
        return (
          <Section
            key={phase.id}
            id={`phase-${phase.id}`}
            title={`${phase.position}. ${phase.name}`}
            actions={
              <span className="muted small">
                {deal ? `${deal} · ` : ''}
                {done} of {tasks.length} done
              </span>
            }
          >
            <MilestoneList milestones={phase.milestones} />
            {taskTable(tasks, `Tasks of ${phase.name}`)}
          </Section>
        );
      })}
      {unphased.length > 0 ? (
        <Section title={phases.length > 0 ? 'Other tasks' : 'Tasks'} id="tasks-without-phase">
          {taskTable(unphased, 'Tasks without a phase')}
        </Section>
      ) : null}
      {phases.length === 0 && unphased.length === 0 ? <EmptyState title="This project has no tasks yet" /> : null}

      {mayWrite ? (
        <Section title="Add a task">
          <AddTaskForm
            projectId={p.id}
            phases={phases}
            people={people.data}
            onCreated={(task) => project.setData((current) => (current ? { ...current, tasks: [...current.tasks, task] } : current))}
          />
        </Section>
      ) : null}
    </main>
  );
}
