import { EmptyState } from '../ui/feedback.tsx';
import { Link } from '../ui/router.tsx';
import { useTitle } from '../ui/use-title.ts';

export function NotFoundPage() {
  useTitle('Not found');
  return (
    <main className="page">
      <EmptyState title="This page does not exist">
        <Link to="/">Go to the pipeline</Link>
      </EmptyState>
    </main>
  );
}
