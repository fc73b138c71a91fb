// Adds a task by hand to a project: title, owner, due date and, optionally, its phase.
import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { ErrorMessage } from '../../../ui/feedback.tsx';
import { fieldSentence, splitFieldErrors } from '../../../ui/form.ts';
import { FormField, fieldControl, focusFirstProblem } from '../../../ui/form-field.tsx';
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
    if (focusFirstProblem(form, id, fieldNames, found)) return;
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

  const control = (field: FieldName) => fieldControl(`${id}-${field}`, messageFor(field));
  const cell = (field: FieldName, input: ReactNode, className = 'form-cell') => (
    <FormField id={`${id}-${field}`} label={labels[field]} error={messageFor(field)} className={className}>
      {input}
    </FormField>
  );

  return (
    <form className="stack" onSubmit={submit} noValidate aria-label="Add a task">
      <div className="form-row">
        {cell(
          'title',
          <input {...control('title')} className="input" value={title} onChange={(event) => setTitle(event.target.value)} />,
          'form-cell form-cell-grow',
        )}
        {cell(
          'ownerId',
          <UserSelect
            id={`${id}-ownerId`}
            people={people}
            value={ownerId}
            onChange={setOwnerId}
            invalid={Boolean(messageFor('ownerId'))}
            describedBy={control('ownerId')['aria-describedby']}
          />,
        )}
        {cell('dueDate', <input {...control('dueDate')} className="input" type="date" value={dueDate} onChange={(event) => setDueDate(event.target.value)} />)}
        {cell(
          'phaseId',
          <select {...control('phaseId')} className="input" value={phaseId} onChange={(event) => setPhaseId(event.target.value)}>
            <option value="">No phase</option>
            {phases.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>,
        )}
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
