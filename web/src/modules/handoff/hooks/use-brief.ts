// The brief page's data: the deal's brief (null when none was prepared yet) and the full text of its sources.
import { useResource, type Resource } from '../../../ui/use-resource.ts';
import { findBrief, listBriefSources, type Brief, type Source } from '../api/brief.api.ts';

export type BriefData = { brief: Resource<Brief | null>; sources: Resource<Source[]> };

export function useBrief(opportunityId: string): BriefData {
  const brief = useResource(() => findBrief(opportunityId), [opportunityId]);
  const b = brief.data;
  // The texts change only when the brief is prepared again or its list of sources changes.
  const sourcesKey = b ? `${b.preparedAt}|${b.sources.map((s) => `${s.id}:${s.length}`).join(',')}` : null;
  const sources = useResource(() => (sourcesKey ? listBriefSources(opportunityId) : Promise.resolve([])), [opportunityId, sourcesKey]);
  return { brief, sources };
}
