// A list read page by page: the first page loads (and reloads) with its inputs, "Load more" follows the server's `next` cursor.
import { useRef, useState } from 'react';
import type { Page } from './http.ts';
import { useResource } from './use-resource.ts';

/** The first page and the pages loaded after it; `stamp` changes whenever the later pages no longer follow from the first. */
type Pages<T> = { first: Page<T>; more: Page<T> | null; stamp: object };

export type PagedList<T> = {
  /** Every item loaded so far, in the server's order. */
  items: T[];
  /** The cursor of the next page, or null at the end of the list. */
  next: string | null;
  hasMore: boolean;
  /** True once a first page has arrived (it stays while a new one loads). */
  loaded: boolean;
  /** The first page is loading. */
  loading: boolean;
  /** The first page failed to load. */
  error: Error | undefined;
  reload: () => Promise<void>;
  loadMore: () => Promise<void>;
  loadingMore: boolean;
  /** The last "Load more" failed (cleared when the next one starts). */
  moreError: unknown;
  /** Drops the pages loaded after the first one. */
  reset: () => void;
  /** Rewrites the loaded items (each page on its own, so `fn` may map or filter). */
  update: (fn: (items: T[]) => T[]) => void;
  /** Puts an item first, removing it from where it was. */
  prepend: (item: T) => void;
};

type Options = {
  /** Reports a failed "Load more" here instead of in `moreError`. */
  onMoreError?: (error: unknown) => void;
};

export function usePagedList<T extends { id: string }>(
  load: (cursor: string | null) => Promise<Page<T>>,
  deps: readonly unknown[],
  options: Options = {},
): PagedList<T> {
  const loadRef = useRef(load);
  loadRef.current = load;
  const resource = useResource<Pages<T>>(async () => ({ first: await loadRef.current(null), more: null, stamp: {} }), deps);
  const [loadingMore, setLoadingMore] = useState(false);
  const [moreError, setMoreError] = useState<unknown>(null);

  const pages = resource.data;
  const items = pages ? [...pages.first.items, ...(pages.more?.items ?? [])] : [];
  const next = pages ? (pages.more ? pages.more.next : pages.first.next) : null;

  const loadMore = async () => {
    if (!pages || !next) return;
    const { stamp } = pages;
    setLoadingMore(true);
    if (!options.onMoreError) setMoreError(null);
    try {
      const page = await loadRef.current(next);
      // A page asked for before a reload or a reset belongs to another list.
      resource.setData((current) =>
        current && current.stamp === stamp ? { ...current, more: { items: [...(current.more?.items ?? []), ...page.items], next: page.next } } : current,
      );
    } catch (error) {
      if (options.onMoreError) options.onMoreError(error);
      else setMoreError(error);
    } finally {
      setLoadingMore(false);
    }
  };

  const reset = () => resource.setData((current) => (current ? { ...current, more: null, stamp: {} } : current));

  const update = (fn: (items: T[]) => T[]) =>
    resource.setData((current) =>
      current
        ? {
            ...current,
            first: { ...current.first, items: fn(current.first.items) },
            more: current.more ? { ...current.more, items: fn(current.more.items) } : null,
          }
        : current,
    );

  const prepend = (item: T) =>
    resource.setData((current) => {
      const others = (list: T[]) => list.filter((i) => i.id !== item.id);
      const base = current ?? { first: { items: [], next: null }, more: null, stamp: {} };
      return {
        ...base,
        first: { ...base.first, items: [item, ...others(base.first.items)] },
        more: base.more ? { ...base.more, items: others(base.more.items) } : null,
      };
    });

  return {
    items,
    next,
    hasMore: next !== null,
    loaded: pages !== undefined,
    loading: resource.loading,
    error: resource.error,
    reload: resource.reload,
    loadMore,
    loadingMore,
    moreError,
    reset,
    update,
    prepend,
  };
}
