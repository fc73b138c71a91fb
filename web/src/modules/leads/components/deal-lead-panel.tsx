// On a deal converted from a lead: where it came from, the handoff details it carried, and the way to the lead's history.
import { Section } from '../../../ui/feedback.tsx';
import { Link } from '../../../ui/router.tsx';
import { useResource } from '../../../ui/use-resource.ts';
import { leadPath, leadStageLabels, listLeads } from '../api/leads.api.ts';
import { HandoffDetailsList } from './lead-history.tsx';

export function DealLeadPanel({ opportunityId, timeZone }: { opportunityId: string; timeZone: string }) {
  const leads = useResource(() => listLeads({ opportunityId, limit: 1 }), [opportunityId]);
  const lead = leads.data?.items[0];
  if (!lead) return null;
  return (
    <Section title="From the lead">
      <p data-testid="deal-lead">
        Converted from the lead <Link to={leadPath(lead.id)}>{lead.title}</Link> ({leadStageLabels[lead.stage]}
        {lead.distributor ? `, distributed by ${lead.distributor.name}` : ''}). <Link to={`${leadPath(lead.id)}#section-history`}>Its history</Link>
      </p>
      {lead.handoff ? (
        <HandoffDetailsList
          handoff={lead.handoff}
          names={(id) => (id === lead.handoff?.salesOwnerId ? (lead.handoff.salesOwnerName ?? '—') : '—')}
          timeZone={timeZone}
        />
      ) : (
        <p className="muted">The lead was converted without handoff details.</p>
      )}
    </Section>
  );
}
