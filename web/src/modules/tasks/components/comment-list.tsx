import { EmptyState } from '../../../ui/feedback.tsx';
import { formatDateTime } from '../../../ui/format.ts';
import type { TaskComment } from '../api/tasks.api.ts';

export function CommentList({ comments, timeZone }: { comments: TaskComment[]; timeZone: string }) {
  if (comments.length === 0) return <EmptyState title="No comments yet" />;
  return (
    <ul className="activities" aria-label="Comments">
      {comments.map((c) => (
        <li key={c.id} className="activity" data-testid="task-comment">
          <div className="activity-head">
            <strong>{c.author}</strong>
            <time dateTime={c.createdAt} className="muted small">
              {formatDateTime(c.createdAt, timeZone)}
            </time>
          </div>
          <p className="activity-body">{c.body}</p>
        </li>
      ))}
    </ul>
  );
}
