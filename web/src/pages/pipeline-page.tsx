import { useEffect, useState } from 'react';
import { PipelineBoard } from '../modules/pipeline/components/board.tsx';
import { useBoard } from '../modules/pipeline/hooks/use-board.ts';
import { EmptyState, ErrorMessage, Loading } from '../ui/feedback.tsx';
import { navigate, useLocation } from '../ui/router.tsx';
import { useTitle } from '../ui/use-title.ts';

export function PipelinePage() {
  const location = useLocation();
  const q = location.search.get('q') ?? '';
  const [text, setText] = useState(q);
  const board = useBoard(q);
  useTitle(board.data?.pipeline?.name ?? 'Pipeline');

  // The search text goes to the URL (shareable, survives back/forward) after a short pause.
  useEffect(() => {
    const trimmed = text.trim();
    if (trimmed === q) return;
    const timer = setTimeout(() => navigate(trimmed ? `${location.pathname}?q=${encodeURIComponent(trimmed)}` : location.pathname, { replace: true }), 250);
    return () => clearTimeout(timer);
  }, [text, q, location.pathname]);

  useEffect(() => setText(q), [q]);

  const data = board.data;
  return (
    <main className="page page-wide">
      <div className="page-header">
        <div>
          <h1>{data?.pipeline?.name ?? 'Pipeline'}</h1>
          {data ? (
            <p className="muted">
              {data.total} {data.total === 1 ? 'deal' : 'deals'}
              {q ? ` matching “${q}”` : ''}
              {data.truncated ? ' (showing the first 2,000)' : ''}
            </p>
          ) : null}
        </div>
        <form role="search" className="search" onSubmit={(event) => event.preventDefault()}>
          <label htmlFor="pipeline-search" className="label">
            Search deals
          </label>
          <input
            id="pipeline-search"
            className="input"
            type="search"
            placeholder="Deal or account name"
            value={text}
            onChange={(event) => setText(event.target.value)}
          />
        </form>
      </div>
      {board.error ? <ErrorMessage error={board.error} onRetry={() => void board.reload()} /> : null}
      {!data && board.loading ? <Loading label="Loading the pipeline…" /> : null}
      {data && !data.pipeline ? <EmptyState title="No pipeline yet">Create a pipeline to see deals here.</EmptyState> : null}
      {data?.pipeline && data.total === 0 && q ? (
        <EmptyState title={`No deals match “${q}”`}>
          <button type="button" className="button" onClick={() => setText('')}>
            Clear search
          </button>
        </EmptyState>
      ) : null}
      {data?.pipeline && data.total === 0 && !q ? <EmptyState title="No deals in this pipeline yet" /> : null}
      {data?.pipeline && data.total > 0 ? (
        <div aria-busy={board.loading}>
          <PipelineBoard columns={data.columns} />
        </div>
      ) : null}
    </main>
  );
}
