// One task of a template: what it is, who does it (a team role), when it is due, and when it applies at all.
import { useId, useState } from 'react';
import type { FieldError } from '../../../ui/http.ts';
import { assignmentStrategies, strategyLabel } from '../../team/api/team.api.ts';
import { isUnder, restOf, type TaskDraft } from '../api/template-draft.ts';
import { DueFields } from './due-fields.tsx';
import { ItemIssues } from './item-issues.tsx';
import { ItemToolbar } from '../../../ui/item-toolbar.tsx';
import type { TeamRole } from '../../team/api/team.api.ts';
import { roleNameOf } from '../../team/hooks/use-team-roles.ts';
import { RolePicker } from './role-picker.tsx';

type TaskEditorProps = {
  task: TaskDraft;
  index: number;
  count: number;
  /** Where the task sits, as error paths name it: ['phases', '0', 'groups', '1', 'tasks', '2']. */
  prefix: string[];
  issues: FieldError[];
  /** Keys of the other tasks and the milestones (for "due after" and "depends on"). */
  taskKeys: string[];
  milestoneKeys: string[];
  /** The roster's team roles: a task's role is chosen and shown by name. */
  roles: TeamRole[];
  startOpen: boolean;
  onChange: (task: TaskDraft) => void;
  onMove: (by: -1 | 1) => void;
  onRemove: () => void;
};

export function TaskEditor({ task, index, count, prefix, issues, taskKeys, milestoneKeys, roles, startOpen, onChange, onMove, onRemove }: TaskEditorProps) {
  const id = useId();
  const [open, setOpen] = useState(startOpen);
  const mine = issues.filter((i) => isUnder(i.path, prefix));
  const bad = (field: string) => mine.some((i) => restOf(i.path, prefix).startsWith(field));
  const expanded = open || mine.length > 0;
  const others = taskKeys.filter((k) => k !== task.key);
  const set = (changes: Partial<TaskDraft>) => onChange({ ...task, ...changes });
  const label = `task ${task.key || index + 1}`;
  const dueText = `${task.due.days || '?'} business days after ${task.due.from === 'task' ? task.due.task || '?' : 'the close date'}`;

  return (
    <li className={`editor-item ${mine.length > 0 ? 'editor-item-invalid' : ''}`} data-testid="template-task">
      <div className="editor-item-head">
        <button type="button" className="disclosure" aria-expanded={expanded} aria-controls={`${id}-body`} onClick={() => setOpen(!expanded)}>
          <span aria-hidden="true">{expanded ? '▾' : '▸'}</span>
          <span className="editor-item-title">{task.title || <span className="muted">Untitled task</span>}</span>
          <code className="code">{task.key || 'no key'}</code>
          <span className="muted small">
            {task.role ? roleNameOf(roles, task.role) : 'no role'} · {dueText}
            {task.condition.trim() ? ' · conditional' : ''}
          </span>
        </button>
        <ItemToolbar label={label} index={index} count={count} onMove={onMove} onRemove={onRemove} />
      </div>
      <ItemIssues issues={mine} prefix={prefix} />
      {expanded ? (
        <div id={`${id}-body`} className="editor-item-body">
          <div className="form-row">
            <div className="form-cell form-cell-narrow">
              <label className="label" htmlFor={`${id}-key`}>
                Key
              </label>
              <input
                id={`${id}-key`}
                className="input input-mono"
                value={task.key}
                aria-invalid={bad('key') || undefined}
                onChange={(event) => set({ key: event.target.value })}
              />
            </div>
            <div className="form-cell form-cell-grow">
              <label className="label" htmlFor={`${id}-title`}>
                Title
              </label>
              <input
                id={`${id}-title`}
                className="input"
                value={task.title}
                aria-invalid={bad('title') || undefined}
                onChange={(event) => set({ title: event.target.value })}
              />
            </div>
            <div className="form-cell">
              <label className="label" htmlFor={`${id}-role`}>
                Team role
              </label>
              <RolePicker
                id={`${id}-role`}
                roles={roles}
                value={task.role}
                emptyLabel="Choose a role"
                invalid={bad('role')}
                onChange={(role) => set({ role })}
              />
            </div>
          </div>
          <div className="form-row">
            <DueFields
              id={`${id}-due`}
              due={task.due}
              keys={[...others, ...milestoneKeys]}
              invalid={{ days: bad('due.days'), task: bad('due.task') }}
              onChange={(due) => set({ due })}
            />
            <div className="form-cell form-cell-narrow">
              <label className="label" htmlFor={`${id}-hours`}>
                Estimate (hours)
              </label>
              <input
                id={`${id}-hours`}
                className="input"
                type="number"
                min={0}
                step="any"
                value={task.estimateHours}
                aria-invalid={bad('estimateHours') || undefined}
                onChange={(event) => set({ estimateHours: event.target.value })}
              />
            </div>
            <div className="form-cell">
              <label className="label" htmlFor={`${id}-assignment`}>
                Assignment
              </label>
              <select
                id={`${id}-assignment`}
                className="input"
                value={task.assignment}
                onChange={(event) => set({ assignment: event.target.value as TaskDraft['assignment'] })}
              >
                <option value="">The role’s strategy</option>
                {assignmentStrategies.map((s) => (
                  <option key={s} value={s}>
                    {strategyLabel(s)}
                  </option>
                ))}
              </select>
            </div>
          </div>
          <div className="form-row">
            <div className="form-cell form-cell-grow">
              <label className="label" htmlFor={`${id}-description`}>
                Description (optional)
              </label>
              <textarea
                id={`${id}-description`}
                className="input"
                rows={2}
                value={task.description}
                onChange={(event) => set({ description: event.target.value })}
              />
            </div>
          </div>
          <div className="form-row">
            <div className="form-cell">
              <label className="label" htmlFor={`${id}-depends`}>
                Depends on
              </label>
              <select
                id={`${id}-depends`}
                className="input input-multi"
                multiple
                size={Math.min(5, Math.max(3, others.length))}
                value={task.dependsOn}
                aria-invalid={bad('dependsOn') || undefined}
                aria-describedby={`${id}-depends-hint`}
                onChange={(event) => set({ dependsOn: Array.from(event.target.selectedOptions, (o) => o.value) })}
              >
                {task.dependsOn
                  .filter((k) => !others.includes(k))
                  .map((k) => (
                    <option key={k} value={k}>
                      {k} (not in this template)
                    </option>
                  ))}
                {others.map((k) => (
                  <option key={k} value={k}>
                    {k}
                  </option>
                ))}
              </select>
              <p id={`${id}-depends-hint`} className="muted small">
                Ctrl-click (⌘-click) to choose several.
              </p>
            </div>
            <div className="form-cell form-cell-grow">
              <label className="label" htmlFor={`${id}-condition`}>
                Condition (JSON, empty for always)
              </label>
              <textarea
                id={`${id}-condition`}
                className="input input-mono"
                rows={Math.min(10, Math.max(3, task.condition.split('\n').length))}
                spellCheck={false}
                placeholder='{"field": "deal.complexity", "op": "eq", "value": "complex"}'
                value={task.condition}
                aria-invalid={bad('condition') || undefined}
                onChange={(event) => set({ condition: event.target.value })}
              />
            </div>
          </div>
        </div>
      ) : null}
    </li>
  );
}
