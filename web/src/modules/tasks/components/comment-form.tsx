import { useId, useState, type FormEvent } from 'react';
import { ErrorMessage } from '../../../ui/feedback.tsx';
import { addComment, type TaskComment } from '../api/tasks.api.ts';

export function CommentForm({ taskId, onCreated }: { taskId: string; onCreated: (comment: TaskComment) => void }) {
  const id = useId();
  const [body, setBody] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!body.trim()) {
      setError(new Error('Write something before adding a comment.'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      onCreated(await addComment(taskId, body.trim()));
      setBody('');
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="activity-form" onSubmit={submit} aria-label="Add a comment">
      <label className="label" htmlFor={`${id}-body`}>
        Comment
      </label>
      <textarea id={`${id}-body`} className="input" rows={3} value={body} onChange={(event) => setBody(event.target.value)} />
      <ErrorMessage error={error} />
      <div>
        <button type="submit" className="button button-primary" disabled={busy}>
          {busy ? 'Adding…' : 'Add comment'}
        </button>
      </div>
    </form>
  );
}
