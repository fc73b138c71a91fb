// Names for the deals an event is about: most payloads carry none (deal.created, deal.stage_changed).
import { useEffect, useRef, useState } from 'react';
import { listOpportunities } from '../../opportunities/api/opportunities.api.ts';
import type { OutboxEvent } from '../api/outbox.api.ts';

/**
 * Reads one page of opportunities (200) once, only when an event needs a name; a deal not in it
 * keeps its short ID. Failing to load names is not an error worth showing: the IDs still link.
 */
export function useSubjectNames(events: readonly Pick<OutboxEvent, 'subjectType' | 'payload'>[]): ReadonlyMap<string, string> {
  const [names, setNames] = useState<ReadonlyMap<string, string>>(new Map());
  const requested = useRef(false);
  const mounted = useRef(true);
  const needed = events.some((e) => e.subjectType === 'opportunity' && typeof e.payload?.['name'] !== 'string');

  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  useEffect(() => {
    if (!needed || requested.current) return;
    requested.current = true;
    listOpportunities({ limit: 200 }).then(
      (page) => {
        if (mounted.current) setNames(new Map(page.items.map((o) => [o.id, o.name])));
      },
      () => undefined,
    );
  }, [needed]);

  return names;
}
