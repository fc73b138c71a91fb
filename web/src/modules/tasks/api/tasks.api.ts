import { assignmentStrategies, strategyLabel } from '../../../../../src/domain/assignment.ts';
import { humanize } from '../../../ui/format.ts';
import { http, type ListQuery, type Page } from '../../../ui/http.ts';
import type { Comment, Task, TaskChange, TaskDetail, TaskListQuery, TaskStatus } from '../../../../../src/schemas/projects.ts';

export { taskStatuses } from '../../../../../src/domain/project-plan.ts';
export type { TaskStatus };

/** The rule run that created a task; null for tasks a person added. */
export type TaskOrigin = Task['origin'];

export type { Task, TaskDetail };

export type TaskComment = Comment;

export type TaskScope = NonNullable<TaskListQuery['status']>;
export const taskScopes: TaskScope[] = ['open', 'done', 'all'];

export type TaskFilter = Pick<TaskListQuery, 'mine' | 'status' | 'overdue' | 'projectId' | 'ownerId'>;

/** Sorted by due date; `open` is to do, in progress and blocked. */
export const listTasks = (query: ListQuery<TaskListQuery>): Promise<Page<Task>> => http.page<Task>('/api/tasks', query);

export const getTask = (id: string) => http.get<TaskDetail>(`/api/tasks/${encodeURIComponent(id)}`);

/** The owner and due date can be changed, not cleared. */
export type TaskChanges = TaskChange;

export const updateTask = (id: string, changes: TaskChanges) => http.patch<Task>(`/api/tasks/${encodeURIComponent(id)}`, changes);

export const addComment = (id: string, body: string) => http.post<TaskComment>(`/api/tasks/${encodeURIComponent(id)}/comments`, { body });

export const isOpen = (status: TaskStatus) => status === 'todo' || status === 'in_progress' || status === 'blocked';

export const taskPath = (id: string) => `/tasks/${encodeURIComponent(id)}`;

/** Counts from the tasks at hand, so a status changed on the page shows in the totals at once. */
export function countTasks(tasks: Pick<Task, 'status' | 'overdue' | 'flagged'>[]) {
  return {
    total: tasks.length,
    open: tasks.filter((t) => isOpen(t.status)).length,
    done: tasks.filter((t) => t.status === 'done').length,
    overdue: tasks.filter((t) => t.overdue && isOpen(t.status)).length,
    flagged: tasks.filter((t) => t.flagged && isOpen(t.status)).length,
  };
}

/** Project editors change any task; everyone else only the tasks they own (the server checks the same). */
export function mayChangeTask(may: { editProjects: boolean; writeTasks: boolean; userId: string }, task: Pick<Task, 'owner'>): boolean {
  return may.editProjects || (may.writeTasks && task.owner?.id === may.userId);
}

/** How the owner was picked, in words: "Round robin", "Role lead", "By hand". */
export function assignmentLabel(assignment: string | null): string {
  if (!assignment) return '—';
  if (assignment === 'manual') return 'By hand';
  // Kickoff preparation from an accepted handoff brief: the item's owner, else the handoff's CSM.
  if (assignment === 'brief_owner') return 'Owner in the handoff brief';
  if (assignment === 'handoff_csm') return 'The handoff’s CSM';
  if (assignment === 'lead' || assignment === 'none' || (assignmentStrategies as readonly string[]).includes(assignment))
    return strategyLabel(assignment as Parameters<typeof strategyLabel>[0]);
  return humanize(assignment);
}
