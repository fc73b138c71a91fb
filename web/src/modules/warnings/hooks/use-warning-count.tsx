// How many warnings the signed-in user has, for the badge in the navigation: fetched on load, updated by the warnings page.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { listWarnings } from '../api/warnings.api.ts';

type WarningCount = { count: number | null; refresh: () => Promise<void>; setCount: (count: number) => void };
const WarningCountContext = createContext<WarningCount>({ count: null, refresh: async () => {}, setCount: () => {} });

export function WarningCountProvider({ children }: { children: ReactNode }) {
  const [count, setCount] = useState<number | null>(null);

  const refresh = useCallback(async () => {
    try {
      setCount((await listWarnings()).length);
    } catch {
      // No badge rather than a broken navigation; the warnings page shows the error.
    }
  }, []);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  const value = useMemo(() => ({ count, refresh, setCount }), [count, refresh]);
  return <WarningCountContext.Provider value={value}>{children}</WarningCountContext.Provider>;
}

export function useWarningCount(): WarningCount {
  return useContext(WarningCountContext);
}
