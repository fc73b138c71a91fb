import { useEffect } from 'react';

/** Sets the tab title so history entries and screen readers name the page. */
export function useTitle(title: string | undefined): void {
  useEffect(() => {
    document.title = title ? `${title} · Baton` : 'Baton';
  }, [title]);
}
