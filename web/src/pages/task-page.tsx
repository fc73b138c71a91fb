import { useEffect, useId, useState } from 'react';
import { Badge } from '../ui/badge.tsx';
import { getProject, projectPath } from '../modules/projects/api/projects.api.ts';
import { can, useSession } from '../modules/session/hooks/use-session.tsx';
import { getLead, handoffCategory, leadPath, resultLabels, type HandoffResult } from '../modules/leads/api/leads.api.ts';
import { HandoffResultDialog } from '../modules/leads/components/handoff-result-dialog.tsx';
import { assignmentLabel, getTask, isOpen, mayChangeTask, taskPath, updateTask, type TaskChanges } from '../modules/tasks/api/tasks.api.ts';
import { CommentForm } from '../modules/tasks/components/comment-form.tsx';
import { CommentList } from '../modules/tasks/components/comment-list.tsx';
import { TaskMarks } from '../modules/tasks/components/task-marks.tsx';
import { TaskOriginLink } from '../modules/tasks/components/task-origin.tsx';
import { TaskStatusBadge, TaskStatusSelect } from '../modules/tasks/components/task-status.tsx';
import { TaskUpdateError } from '../modules/tasks/components/task-update-error.tsx';
import { UserSelect } from '../modules/users/components/user-select.tsx';
import { roleNameOf, useTeamRoles } from '../modules/team/hooks/use-team-roles.ts';
import { usePeople } from '../modules/users/hooks/use-people.ts';
import { ErrorMessage, Field, Loading, Section } from '../ui/feedback.tsx';
import { formatDate, formatDateTime, humanize } from '../ui/format.ts';
import { ApiError } from '../ui/http.ts';
import { Link } from '../ui/router.tsx';
import { useResource } from '../ui/use-resource.ts';
import { useTitle } from '../ui/use-title.ts';

export function TaskPage({ id }: { id: string }) {
  const formId = useId();
  const { user, workspace } = useSession();
  const task = useResource(() => getTask(id), [id]);
  const mayPlan = can(user.role, 'project.write');
  const people = usePeople();
  const roles = useTeamRoles();
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<unknown>(null);
  const [dueDate, setDueDate] = useState('');
  const [completing, setCompleting] = useState(false);
  useTitle(task.data?.title ?? 'Task');

  const t = task.data;
  // Dependencies are task IDs: the project's task list gives them names.
  const projectId = t && t.dependsOn.length > 0 ? t.projectId : null;
  const project = useResource(() => (projectId ? getProject(projectId).catch(() => null) : Promise.resolve(null)), [projectId]);
  useEffect(() => setDueDate(t?.dueDate ?? ''), [t?.dueDate]);
  // A lead's handoff task is completed with a result; its budget is in the workspace's base currency (the lead says which).
  const leadId = t?.category === handoffCategory ? (t.lead?.id ?? null) : null;
  const baseCurrency = useResource(() => (leadId ? getLead(leadId).then((l) => l.baseCurrency) : Promise.resolve(null)), [leadId]);

  if (task.error && !t) {
    const missing = task.error instanceof ApiError && task.error.status === 404;
    return (
      <main className="page">
        <p>
          <Link to="/tasks">← My tasks</Link>
        </p>
        {missing ? <h1>Task not found</h1> : null}
        <ErrorMessage error={task.error} onRetry={missing ? undefined : () => void task.reload()} />
      </main>
    );
  }
  if (!t) {
    return (
      <main className="page">
        <Loading label="Loading the task…" />
      </main>
    );
  }

  const mayChange = mayChangeTask({ editProjects: mayPlan, writeTasks: can(user.role, 'task.write'), userId: user.id }, t);
  const mayComment = can(user.role, 'task.write');
  const save = async (changes: TaskChanges) => {
    setSaving(true);
    setSaveError(null);
    try {
      const next = await updateTask(t.id, changes);
      task.setData((current) => (current ? { ...current, ...next, comments: current.comments } : current));
      // Completing it anyway added a comment saying so: show it.
      if (changes.override) void task.reload();
    } catch (error) {
      setSaveError(error);
    } finally {
      setSaving(false);
    }
  };
  const handoff = t.category === handoffCategory && t.lead !== null;
  const dependencyName = (depId: string) => project.data?.tasks.find((x) => x.id === depId)?.title;

  return (
    <main className="page">
      <p className="breadcrumbs">
        {t.project ? <Link to={projectPath(t.project.id)}>{t.project.name}</Link> : <Link to="/tasks">My tasks</Link>} <span aria-hidden="true">/</span>{' '}
        <span>Task</span>
      </p>
      <div className="page-header">
        <div>
          <h1>{t.title}</h1>
          <p className="headline">
            {t.category === 'trial' ? <Badge tone="blue">Trial</Badge> : null}
            <TaskStatusBadge status={t.status} />
            <TaskMarks task={t} />
          </p>
        </div>
      </div>
      {t.category === 'trial' ? (
        <div className="notice-block">
          <p>
            <strong>Acceptance criteria:</strong> {t.acceptanceCriteria}
          </p>
          {t.result ? (
            <p>
              <Badge tone={t.result === 'accepted' ? 'green' : 'red'}>{t.result === 'accepted' ? 'Accepted' : 'Not accepted'}</Badge> {t.acceptanceNote}
            </p>
          ) : t.opportunity ? (
            <p>
              A trial is accepted or not on its deal&apos;s page:{' '}
              <Link to={`/opportunities/${encodeURIComponent(t.opportunity.id)}#traction`}>{t.opportunity.name}</Link>
            </p>
          ) : null}
        </div>
      ) : null}

      <Section title="Task">
        {mayChange ? (
          <div className="form-row task-controls">
            <div className="form-cell">
              <label className="label" htmlFor={`${formId}-status`}>
                Status
              </label>
              {handoff && isOpen(t.status) ? (
                <button id={`${formId}-status`} type="button" className="button button-primary" onClick={() => setCompleting(true)}>
                  Complete with a result…
                </button>
              ) : (
                <TaskStatusSelect
                  id={`${formId}-status`}
                  compact={false}
                  taskTitle={t.title}
                  value={t.status}
                  disabled={saving}
                  onChange={(status) => void save({ status })}
                />
              )}
            </div>
            {mayPlan ? (
              <div className="form-cell">
                <label className="label" htmlFor={`${formId}-owner`}>
                  Owner
                </label>
                <UserSelect
                  id={`${formId}-owner`}
                  people={people.data}
                  value={t.owner?.id ?? ''}
                  current={t.owner}
                  disabled={saving}
                  onChange={(ownerId) => {
                    if (ownerId) void save({ ownerId });
                  }}
                />
              </div>
            ) : null}
            <form
              className="form-cell"
              onSubmit={(event) => {
                event.preventDefault();
                if (dueDate) void save({ dueDate });
              }}
            >
              <label className="label" htmlFor={`${formId}-due`}>
                Due date
              </label>
              <div className="button-row">
                <input id={`${formId}-due`} className="input input-auto" type="date" value={dueDate} onChange={(event) => setDueDate(event.target.value)} />
                {dueDate && dueDate !== (t.dueDate ?? '') ? (
                  <button type="submit" className="button button-small" disabled={saving}>
                    Save date
                  </button>
                ) : null}
              </div>
            </form>
          </div>
        ) : null}
        <TaskUpdateError error={saveError} busy={saving} onCompleteAnyway={() => void save({ status: 'done', override: true })} />
        <dl className="fields">
          {mayChange && mayPlan ? null : <Field label="Owner" value={t.owner ? t.owner.name : <span className="warning-text">Nobody</span>} />}
          {mayChange ? null : <Field label="Due" value={<span className={t.overdue ? 'overdue-date' : undefined}>{formatDate(t.dueDate)}</span>} />}
          <Field label="Project" value={t.project ? <Link to={projectPath(t.project.id)}>{t.project.name}</Link> : 'None'} />
          <Field
            label="Deal"
            value={t.opportunity ? <Link to={`/opportunities/${encodeURIComponent(t.opportunity.id)}`}>{t.opportunity.name}</Link> : 'None'}
          />
          <Field label="Account" value={t.account ? <Link to={`/accounts/${encodeURIComponent(t.account.id)}`}>{t.account.name}</Link> : 'Not known yet'} />
          {t.lead ? <Field label="Lead" value={<Link to={leadPath(t.lead.id)}>{t.lead.name}</Link>} /> : null}
          {t.contact ? <Field label="Contact" value={t.contact.name} /> : null}
          {t.reporter ? <Field label="Reporter" value={t.reporter.name} /> : null}
          {t.startsAt ? <Field label="Starts" value={formatDateTime(t.startsAt, workspace.timeZone)} /> : null}
          {t.priority ? <Field label="Priority" value={humanize(t.priority)} /> : null}
          {t.result ? <Field label="Result" value={resultLabels[t.result as HandoffResult] ?? humanize(t.result)} /> : null}
          <Field label="Team role" value={roleNameOf(roles.data, t.role)} />
          <Field label="Group" value={t.group ?? '—'} />
          <Field label="Estimate" value={t.estimateHours !== null ? `${t.estimateHours} h` : '—'} />
          <Field label="Assigned by" value={assignmentLabel(t.assignment)} />
          <Field label="Origin" value={<TaskOriginLink origin={t.origin} />} />
          <Field label="Created" value={formatDateTime(t.createdAt, workspace.timeZone)} />
          <Field label="Completed" value={t.completedAt ? formatDateTime(t.completedAt, workspace.timeZone) : '—'} />
        </dl>
        {t.flagged && t.flagReason ? (
          <p className="notice notice-block" role="note">
            Flagged: {t.flagReason}
          </p>
        ) : null}
        {t.description ? (
          <>
            <h3>Description</h3>
            <p className="activity-body">{t.description}</p>
          </>
        ) : null}
        {t.dependsOn.length > 0 ? (
          <>
            <h3>Depends on</h3>
            <ul className="plain-list">
              {t.dependsOn.map((depId) => (
                <li key={depId}>
                  <Link to={taskPath(depId)}>{dependencyName(depId) ?? `Task …${depId.slice(-8)}`}</Link>
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </Section>

      {completing && t.lead ? (
        <HandoffResultDialog
          open
          taskId={t.id}
          currency={baseCurrency.data ?? 'USD'}
          timeZone={workspace.timeZone}
          onClose={() => setCompleting(false)}
          onCompleted={() => {
            setCompleting(false);
            void task.reload();
          }}
        />
      ) : null}

      <Section title="Comments">
        {mayComment ? (
          <CommentForm
            taskId={t.id}
            onCreated={(comment) => task.setData((current) => (current ? { ...current, comments: [...current.comments, comment] } : current))}
          />
        ) : null}
        <CommentList comments={t.comments} timeZone={workspace.timeZone} />
      </Section>
    </main>
  );
}
