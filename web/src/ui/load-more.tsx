// The "Load more" button under a paged list, and the error of the last attempt.
import { ErrorMessage } from './feedback.tsx';
import type { PagedList } from './use-paged-list.ts';

type LoadMoreProps = {
  list: Pick<PagedList<{ id: string }>, 'hasMore' | 'loadingMore' | 'loadMore' | 'moreError'>;
  label?: string;
  className?: string;
};

export function LoadMore({ list, label = 'Load more', className = 'load-more' }: LoadMoreProps) {
  return (
    <>
      {list.hasMore ? (
        <div className={className || undefined}>
          <button type="button" className="button" disabled={list.loadingMore} onClick={() => void list.loadMore()}>
            {list.loadingMore ? 'Loading…' : label}
          </button>
        </div>
      ) : null}
      <ErrorMessage error={list.moreError} />
    </>
  );
}
