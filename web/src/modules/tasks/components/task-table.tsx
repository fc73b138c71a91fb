// Tasks as rows: title, where they belong, owner, due date, status (a select when the user may change it), marks and origin.
import { Fragment } from 'react';
import { Badge } from '../../../ui/badge.tsx';
import { formatDate } from '../../../ui/format.ts';
import { Link } from '../../../ui/router.tsx';
import { projectPath } from '../../projects/api/projects.api.ts';
import { roleNameOf, useTeamRoles } from '../../team/hooks/use-team-roles.ts';
import { assignmentLabel, isOpen, taskPath, type Task, type TaskStatus } from '../api/tasks.api.ts';
import { TaskMarks } from './task-marks.tsx';
import { TaskOriginLink } from './task-origin.tsx';
import { TaskStatusBadge, TaskStatusSelect } from './task-status.tsx';
import { TaskUpdateError } from './task-update-error.tsx';

type TaskTableProps = {
  tasks: Task[];
  /** "project": rows on a project page (owner column); "list": rows across projects (project and deal column). */
  variant: 'project' | 'list';
  mayChange: (task: Task) => boolean;
  busyId: string | null;
  errorFor: (id: string) => unknown;
  /** `override`: complete it although tasks it depends on are open (the person confirmed). */
  onStatus: (task: Task, status: TaskStatus, override?: boolean) => void;
  caption?: string;
};

export function TaskTable({ tasks, variant, mayChange, busyId, errorFor, onStatus, caption }: TaskTableProps) {
  const columns = 6;
  const roles = useTeamRoles();
  return (
    <table className="table task-table">
      {caption ? <caption className="visually-hidden">{caption}</caption> : null}
      {/* Fixed widths, so the tables of consecutive phases line up. */}
      <colgroup>
        <col className="col-task" />
        <col className="col-owner" />
        <col className="col-due" />
        <col className="col-status" />
        <col className="col-attention" />
        <col className="col-origin" />
      </colgroup>
      <thead>
        <tr>
          <th scope="col">Task</th>
          <th scope="col">{variant === 'project' ? 'Owner' : 'Project'}</th>
          <th scope="col">Due</th>
          <th scope="col">Status</th>
          <th scope="col">Attention</th>
          <th scope="col">Origin</th>
        </tr>
      </thead>
      <tbody>
        {tasks.map((t) => {
          const rowError = errorFor(t.id);
          return (
            <Fragment key={t.id}>
              <tr data-testid="task-row" className={t.overdue ? 'row-overdue' : t.status === 'done' || t.status === 'cancelled' ? 'row-muted' : undefined}>
                <td>
                  {t.category === 'trial' ? (
                    <>
                      <Badge tone="blue" title="A trial task: completed as accepted or not against its acceptance criteria">
                        Trial
                      </Badge>{' '}
                    </>
                  ) : null}
                  <Link to={taskPath(t.id)}>{t.title}</Link>
                  {t.group === 'Handoff review' && t.opportunity ? (
                    <>
                      {' '}
                      <Link to={`/opportunities/${encodeURIComponent(t.opportunity.id)}/brief`} className="small">
                        Open the brief
                      </Link>
                    </>
                  ) : null}
                  {t.group || t.role ? (
                    <div className="muted small">{[t.group, t.role ? roleNameOf(roles.data, t.role) : null].filter(Boolean).join(' · ')}</div>
                  ) : null}
                </td>
                <td>
                  {variant === 'project' ? (
                    t.owner ? (
                      <>
                        {t.owner.name}
                        {t.assignment ? <div className="muted small">{assignmentLabel(t.assignment)}</div> : null}
                      </>
                    ) : (
                      <span className="warning-text">Nobody</span>
                    )
                  ) : (
                    <>
                      {t.project ? (
                        <Link to={projectPath(t.project.id)}>{t.project.name}</Link>
                      ) : t.lead ? (
                        <Link to={`/leads/${encodeURIComponent(t.lead.id)}`}>Lead: {t.lead.name}</Link>
                      ) : (
                        <span className="muted">No project</span>
                      )}
                      <div className="small">
                        {t.opportunity ? <Link to={`/opportunities/${encodeURIComponent(t.opportunity.id)}`}>{t.opportunity.name}</Link> : null}
                        {t.opportunity && t.account ? ' · ' : null}
                        {t.account ? (
                          <Link to={`/accounts/${encodeURIComponent(t.account.id)}`} className="muted">
                            {t.account.name}
                          </Link>
                        ) : null}
                      </div>
                    </>
                  )}
                </td>
                <td className="nowrap">
                  {t.dueDate ? (
                    <time dateTime={t.dueDate} className={t.overdue ? 'overdue-date' : undefined}>
                      {formatDate(t.dueDate)}
                    </time>
                  ) : (
                    <span className="muted">No date</span>
                  )}
                </td>
                <td>
                  {mayChange(t) && t.category === 'trial' && isOpen(t.status) && t.opportunity ? (
                    // A trial is accepted or not, on its deal's page.
                    <Link to={`/opportunities/${encodeURIComponent(t.opportunity.id)}#traction`} className="button button-small">
                      Accept or not…
                    </Link>
                  ) : t.category === 'trial' && t.result ? (
                    <Badge tone={t.result === 'accepted' ? 'green' : 'red'}>{t.result === 'accepted' ? 'Accepted' : 'Not accepted'}</Badge>
                  ) : mayChange(t) && t.category === 'lead_handoff' && isOpen(t.status) ? (
                    // A lead's handoff task is completed with a result, on its page.
                    <Link to={taskPath(t.id)} className="button button-small">
                      Complete with a result…
                    </Link>
                  ) : mayChange(t) ? (
                    <TaskStatusSelect taskTitle={t.title} value={t.status} disabled={busyId === t.id} onChange={(status) => onStatus(t, status)} />
                  ) : (
                    <TaskStatusBadge status={t.status} />
                  )}
                </td>
                <td>
                  <TaskMarks task={t} />
                </td>
                <td>
                  <TaskOriginLink origin={t.origin} />
                </td>
              </tr>
              {rowError ? (
                <tr>
                  <td colSpan={columns}>
                    <TaskUpdateError error={rowError} busy={busyId === t.id} onCompleteAnyway={() => onStatus(t, 'done', true)} />
                  </td>
                </tr>
              ) : null}
            </Fragment>
          );
        })}
      </tbody>
    </table>
  );
}
