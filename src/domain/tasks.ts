// Whether a task may be completed: the tasks it depends on must be done (or cancelled) first, unless a person overrides.
import type { TaskStatus } from './project-plan.ts';

export type DependencyState = { id: string; title: string; status: TaskStatus };

/** A dependency blocks while it is to do, in progress or blocked; done and cancelled tasks no longer do. */
export const blocksCompletion = (status: TaskStatus): boolean => status !== 'done' && status !== 'cancelled';

/**
 * The dependencies still open, in the order the task names them. A dependency that no longer exists (deleted with
 * its project's phase, say) does not block: nobody could close it.
 */
export function openDependencies(dependsOn: readonly string[], dependencies: readonly DependencyState[]): DependencyState[] {
  const byId = new Map(dependencies.map((d) => [d.id, d]));
  return dependsOn.flatMap((id) => {
    const d = byId.get(id);
    return d && blocksCompletion(d.status) ? [d] : [];
  });
}

/** The note kept on a task completed while its dependencies were open ("Completed while ... was still open"). */
export function overrideNote(open: readonly Pick<DependencyState, 'title'>[]): string {
  const names = open.map((d) => `"${d.title}"`);
  const list = names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
  return `Completed anyway while ${list} ${open.length === 1 ? 'was' : 'were'} still open.`;
}
