// The deal's facts the plan was made from, read live from the deal (changing them there shows here).
import { Field } from '../../../ui/feedback.tsx';
import { formatDate, formatMoney, humanize } from '../../../ui/format.ts';
import type { Project } from '../api/projects.api.ts';

export function DealFacts({ deal }: { deal: Project['deal'] }) {
  return (
    <dl className="fields">
      <Field label="Value" value={formatMoney(deal.amountMinor, deal.currency)} />
      <Field label="Close date" value={formatDate(deal.closeDate)} />
      <Field label="Deal type" value={humanize(deal.dealType)} />
      <Field label="Complexity" value={humanize(deal.complexity)} />
      <Field label="Stage" value={deal.stage} />
    </dl>
  );
}
