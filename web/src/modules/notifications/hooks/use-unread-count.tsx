// The unread notification count, polled every 10 s while the tab is visible, shared by nav and page.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { countUnread } from '../api/notifications.api.ts';

const pollMs = 10_000;

type UnreadCount = { count: number | null; refresh: () => Promise<void> };
const UnreadCountContext = createContext<UnreadCount>({ count: null, refresh: async () => {} });

export function UnreadCountProvider({ children }: { children: ReactNode }) {
  const [count, setCount] = useState<number | null>(null);

  const refresh = useCallback(async () => {
    try {
      setCount(await countUnread());
    } catch {
      // Keep the last known count; a 401 is handled by the session.
    }
  }, []);

  useEffect(() => {
    void refresh();
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible') void refresh();
    }, pollMs);
    const onVisible = () => {
      if (document.visibilityState === 'visible') void refresh();
    };
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      clearInterval(timer);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [refresh]);

  const value = useMemo(() => ({ count, refresh }), [count, refresh]);
  return <UnreadCountContext.Provider value={value}>{children}</UnreadCountContext.Provider>;
}

export function useUnreadCount(): UnreadCount {
  return useContext(UnreadCountContext);
}
