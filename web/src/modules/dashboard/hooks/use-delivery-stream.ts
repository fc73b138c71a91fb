// The workspace's delivery events, live: a task completed or a deal won anywhere calls `onChange` (at most every
// 300 ms while events keep coming). The browser reconnects by itself when the connection drops.
import { useEffect, useRef, useState } from 'react';
import { dashboardStreamUrl } from '../api/dashboard.api.ts';

export type StreamState = 'connecting' | 'live' | 'offline';

export function useDeliveryStream(onChange: () => void): StreamState {
  const callback = useRef(onChange);
  callback.current = onChange;
  const [state, setState] = useState<StreamState>('connecting');
  useEffect(() => {
    const source = new EventSource(dashboardStreamUrl);
    let timer: ReturnType<typeof setTimeout> | null = null;
    source.onopen = () => setState('live');
    source.onerror = () => setState(source.readyState === EventSource.CLOSED ? 'offline' : 'connecting');
    source.onmessage = () => {
      if (timer) return;
      timer = setTimeout(() => {
        timer = null;
        callback.current();
      }, 300);
    };
    return () => {
      if (timer) clearTimeout(timer);
      source.close();
    };
  }, []);
  return state;
}
