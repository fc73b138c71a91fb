// One phase of a template: its milestones, then its groups of tasks, each reorderable and removable.
import { useId } from 'react';
import type { FieldError } from '../../../ui/http.ts';
import { move, removeAt, replaceAt, type GroupDraft, type MilestoneDraft, type PhaseDraft, type TaskDraft } from '../api/template-draft.ts';
import { DueFields } from './due-fields.tsx';
import { issuesUnder, ItemIssues } from './item-issues.tsx';
import { ItemToolbar } from '../../../ui/item-toolbar.tsx';
import { TaskEditor } from './task-editor.tsx';
import type { TeamRole } from '../../team/api/team.api.ts';

type Factories = { task: () => TaskDraft; group: () => GroupDraft; milestone: () => MilestoneDraft };

type PhaseEditorProps = {
  phase: PhaseDraft;
  index: number;
  count: number;
  issues: FieldError[];
  taskKeys: string[];
  milestoneKeys: string[];
  roles: TeamRole[];
  /** Tasks loaded from the server start folded; new ones start open. */
  openUids: ReadonlySet<string>;
  make: Factories;
  onChange: (phase: PhaseDraft) => void;
  onMove: (by: -1 | 1) => void;
  onRemove: () => void;
  onAdded: (uid: string) => void;
};

export function PhaseEditor({
  phase,
  index,
  count,
  issues,
  taskKeys,
  milestoneKeys,
  roles,
  openUids,
  make,
  onChange,
  onMove,
  onRemove,
  onAdded,
}: PhaseEditorProps) {
  const id = useId();
  const prefix = ['phases', String(index)];
  const set = (changes: Partial<PhaseDraft>) => onChange({ ...phase, ...changes });
  const setGroup = (gi: number, group: GroupDraft) => set({ groups: replaceAt(phase.groups, gi, group) });
  const setMilestone = (mi: number, milestone: MilestoneDraft) => set({ milestones: replaceAt(phase.milestones, mi, milestone) });
  const ownIssues = issuesUnder(issues, prefix, ['groups', 'milestones']);

  return (
    <li className="editor-block" data-testid="template-phase">
      <div className="editor-block-head">
        <h3 className="editor-block-title">Phase {index + 1}</h3>
        <ItemToolbar label={`phase ${phase.name || index + 1}`} index={index} count={count} onMove={onMove} onRemove={onRemove} removeDisabled={count === 1} />
      </div>
      <div className="form-row">
        <div className="form-cell form-cell-narrow">
          <label className="label" htmlFor={`${id}-key`}>
            Key
          </label>
          <input id={`${id}-key`} className="input input-mono" value={phase.key} onChange={(event) => set({ key: event.target.value })} />
        </div>
        <div className="form-cell form-cell-grow">
          <label className="label" htmlFor={`${id}-name`}>
            Name
          </label>
          <input id={`${id}-name`} className="input" value={phase.name} onChange={(event) => set({ name: event.target.value })} />
        </div>
      </div>
      <ItemIssues issues={ownIssues} prefix={prefix} />

      <h4 className="editor-subtitle">Milestones</h4>
      {phase.milestones.length === 0 ? <p className="muted small">No milestones in this phase.</p> : null}
      <ol className="editor-list">
        {phase.milestones.map((m, mi) => {
          const mPrefix = [...prefix, 'milestones', String(mi)];
          const mIssues = issuesUnder(issues, mPrefix);
          return (
            <li key={m.uid} className={`editor-item ${mIssues.length > 0 ? 'editor-item-invalid' : ''}`} data-testid="template-milestone">
              <div className="form-row">
                <div className="form-cell form-cell-narrow">
                  <label className="label" htmlFor={`${id}-m${m.uid}-key`}>
                    Key
                  </label>
                  <input
                    id={`${id}-m${m.uid}-key`}
                    className="input input-mono"
                    value={m.key}
                    onChange={(event) => setMilestone(mi, { ...m, key: event.target.value })}
                  />
                </div>
                <div className="form-cell form-cell-grow">
                  <label className="label" htmlFor={`${id}-m${m.uid}-name`}>
                    Milestone
                  </label>
                  <input
                    id={`${id}-m${m.uid}-name`}
                    className="input"
                    value={m.name}
                    onChange={(event) => setMilestone(mi, { ...m, name: event.target.value })}
                  />
                </div>
                <DueFields
                  id={`${id}-m${m.uid}-due`}
                  due={m.due}
                  keys={[...taskKeys, ...milestoneKeys.filter((k) => k !== m.key)]}
                  invalid={{}}
                  onChange={(due) => setMilestone(mi, { ...m, due })}
                />
                <div className="form-cell form-cell-end">
                  <ItemToolbar
                    label={`milestone ${m.name || mi + 1}`}
                    index={mi}
                    count={phase.milestones.length}
                    onMove={(by) => set({ milestones: move(phase.milestones, mi, by) })}
                    onRemove={() => set({ milestones: removeAt(phase.milestones, mi) })}
                  />
                </div>
              </div>
              <ItemIssues issues={mIssues} prefix={mPrefix} />
            </li>
          );
        })}
      </ol>
      <div>
        <button type="button" className="button button-small" onClick={() => set({ milestones: [...phase.milestones, make.milestone()] })}>
          Add milestone
        </button>
      </div>

      <h4 className="editor-subtitle">Task groups</h4>
      <ol className="editor-list">
        {phase.groups.map((g, gi) => {
          const gPrefix = [...prefix, 'groups', String(gi)];
          const gIssues = issuesUnder(issues, gPrefix, ['tasks']);
          return (
            <li key={g.uid} className="editor-group" data-testid="template-group">
              <div className="editor-block-head">
                <div className="inline-field editor-group-name">
                  <label className="label" htmlFor={`${id}-g${g.uid}-name`}>
                    Group
                  </label>
                  <input
                    id={`${id}-g${g.uid}-name`}
                    className="input"
                    value={g.name}
                    placeholder="Group name"
                    onChange={(event) => setGroup(gi, { ...g, name: event.target.value })}
                  />
                </div>
                <ItemToolbar
                  label={`group ${g.name || gi + 1}`}
                  index={gi}
                  count={phase.groups.length}
                  onMove={(by) => set({ groups: move(phase.groups, gi, by) })}
                  onRemove={() => set({ groups: removeAt(phase.groups, gi) })}
                />
              </div>
              <ItemIssues issues={gIssues} prefix={gPrefix} />
              <ol className="editor-list">
                {g.tasks.map((t, ti) => (
                  <TaskEditor
                    key={t.uid}
                    task={t}
                    index={ti}
                    count={g.tasks.length}
                    prefix={[...gPrefix, 'tasks', String(ti)]}
                    issues={issues}
                    taskKeys={taskKeys}
                    milestoneKeys={milestoneKeys}
                    roles={roles}
                    startOpen={openUids.has(t.uid)}
                    onChange={(task) => setGroup(gi, { ...g, tasks: replaceAt(g.tasks, ti, task) })}
                    onMove={(by) => setGroup(gi, { ...g, tasks: move(g.tasks, ti, by) })}
                    onRemove={() => setGroup(gi, { ...g, tasks: removeAt(g.tasks, ti) })}
                  />
                ))}
              </ol>
              <div>
                <button
                  type="button"
                  className="button button-small"
                  onClick={() => {
                    const task = make.task();
                    onAdded(task.uid);
                    setGroup(gi, { ...g, tasks: [...g.tasks, task] });
                  }}
                >
                  Add task
                </button>
              </div>
            </li>
          );
        })}
      </ol>
      <div>
        <button
          type="button"
          className="button button-small"
          onClick={() => {
            const group = make.group();
            group.tasks.forEach((t) => onAdded(t.uid));
            set({ groups: [...phase.groups, group] });
          }}
        >
          Add group
        </button>
      </div>
    </li>
  );
}
