// Adds a task by hand to a project: title, owner, due date and, optionally, its phase.
import { useId, useState, type FormEvent } from 'react';
import { ErrorMessage } from '../../../ui/feedback.tsx';
import { fieldSentence, splitFieldErrors } from '../../../ui/form.ts';
import type { Task } from '../../tasks/api/tasks.api.ts';
import type { WorkspaceUser } from '../../users/api/users.api.ts';
import { UserSelect } from '../../users/components/user-select.tsx';
import { addTask, type Phase } from '../api/projects.api.ts';

const fieldNames = ['title', 'ownerId', 'dueDate', 'phaseId'] as const;
type FieldName = (typeof fieldNames)[number];
const labels: Record<FieldName, string> = { title: 'Title', ownerId: 'Owner', dueDate: 'Due date', phaseId: 'Phase' };

type AddTaskFormProps = { projectId: string; phases: Phase[]; people: WorkspaceUser[] | undefined; onCreated: (task: Task) => void };

export function AddTaskForm({ projectId, phases, people, onCreated }: AddTaskFormProps) {
  const id = useId();
  const [title, setTitle] = useState('');
  const [ownerId, setOwnerId] = useState('');
  const [dueDate, setDueDate] = useState('');
  const [phaseId, setPhaseId] = useState('');
  const [busy, setBusy] = useState(false);
  const [local, setLocal] = useState<Partial<Record<FieldName, string>>>({});
  const [error, setError] = useState<unknown>(null);
  const [added, setAdded] = useState<Task | null>(null);

  const server = splitFieldErrors(error, fieldNames);
  const messageFor = (field: FieldName) => local[field] ?? (server.byField[field] ? fieldSentence(labels[field], server.byField[field]) : undefined);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const found: Partial<Record<FieldName, string>> = {};
    if (!title.trim()) found.title = 'Enter a title.';
    if (!ownerId) found.ownerId = 'Choose who does it.';
    if (!dueDate) found.dueDate = 'Choose a due date.';
    setLocal(found);
    setError(null);
    setAdded(null);
    const first = fieldNames.find((f) => found[f]);
    if (first) {
      form.querySelector<HTMLElement>(`#${CSS.escape(`${id}-${first}`)}`)?.focus();
      return;
    }
    setBusy(true);
    try {
      const task = await addTask(projectId, { title: title.trim(), ownerId, dueDate, ...(phaseId ? { phaseId } : {}) });
      setAdded(task);
      setTitle('');
      onCreated(task);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  const fieldError = (field: FieldName) =>
    messageFor(field) ? (
      <p id={`${id}-${field}-error`} className="field-error">
        {messageFor(field)}
      </p>
    ) : null;
  const describedBy = (field: FieldName) => (messageFor(field) ? `${id}-${field}-error` : undefined);

  return (
    <form className="stack" onSubmit={submit} noValidate aria-label="Add a task">
      <div className="form-row">
        <div className="form-cell form-cell-grow">
          <label className="label" htmlFor={`${id}-title`}>
            Title
          </label>
          <input
            id={`${id}-title`}
            className="input"
            value={title}
            aria-invalid={Boolean(messageFor('title'))}
            aria-describedby={describedBy('title')}
            onChange={(event) => setTitle(event.target.value)}
          />
          {fieldError('title')}
        </div>
        <div className="form-cell">
          <label className="label" htmlFor={`${id}-ownerId`}>
            Owner
          </label>
          <UserSelect
            id={`${id}-ownerId`}
            people={people}
            value={ownerId}
            onChange={setOwnerId}
            invalid={Boolean(messageFor('ownerId'))}
            describedBy={describedBy('ownerId')}
          />
          {fieldError('ownerId')}
        </div>
        <div className="form-cell">
          <label className="label" htmlFor={`${id}-dueDate`}>
            Due date
          </label>
          <input
            id={`${id}-dueDate`}
            className="input"
            type="date"
            value={dueDate}
            aria-invalid={Boolean(messageFor('dueDate'))}
            aria-describedby={describedBy('dueDate')}
            onChange={(event) => setDueDate(event.target.value)}
          />
          {fieldError('dueDate')}
        </div>
        <div className="form-cell">
          <label className="label" htmlFor={`${id}-phaseId`}>
            Phase
          </label>
          <select
            id={`${id}-phaseId`}
            className="input"
            value={phaseId}
            aria-describedby={describedBy('phaseId')}
            onChange={(event) => setPhaseId(event.target.value)}
          >
            <option value="">No phase</option>
            {phases.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
          {fieldError('phaseId')}
        </div>
      </div>
      <ErrorMessage error={server.rest} />
      {added ? (
        <p className="success" role="status">
          "{added.title}" was added{added.owner ? ` for ${added.owner.name}` : ''}.
        </p>
      ) : null}
      <div>
        <button type="submit" className="button button-primary" disabled={busy}>
          {busy ? 'Adding…' : 'Add task'}
        </button>
      </div>
    </form>
  );
}
