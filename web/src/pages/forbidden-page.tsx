import { EmptyState } from '../ui/feedback.tsx';
import { Link } from '../ui/router.tsx';
import { useTitle } from '../ui/use-title.ts';

/** A page this role may not use (the server would answer 403 anyway). */
export function ForbiddenPage({ title, who }: { title: string; who: string }) {
  useTitle(title);
  return (
    <main className="page">
      <h1>{title}</h1>
      <EmptyState title="You do not have access to this page">
        <p>Only {who} can open it. Ask an administrator if you need it.</p>
        <p>
          <Link to="/">Go to the pipeline</Link>
        </p>
      </EmptyState>
    </main>
  );
}
