// How many approvals wait on the signed-in person, for the navigation: read again whenever `place` changes (the
// shell passes where the person is). Null until known or when the read fails.
import { useEffect, useState } from 'react';
import { listApprovals } from '../api/approvals.api.ts';

export function useApprovalsWaiting(place: string): number | null {
  const [count, setCount] = useState<number | null>(null);
  useEffect(() => {
    let current = true;
    listApprovals({ status: 'pending', limit: 100 }).then(
      (page) => {
        if (current) setCount(page.next ? 100 : page.items.length);
      },
      // No badge rather than a broken navigation; the inbox shows the error.
      () => {},
    );
    return () => {
      current = false;
    };
  }, [place]);
  return count;
}
