// Picks a deal to try something on (a template preview, a rule dry run): a search over the newest deals.
import { useEffect, useId, useState } from 'react';
import { ErrorMessage } from '../../../ui/feedback.tsx';
import { formatMoney } from '../../../ui/format.ts';
import { useResource } from '../../../ui/use-resource.ts';
import { listOpportunities } from '../api/opportunities.api.ts';

type OpportunityPickerProps = { value: string; onChange: (opportunityId: string) => void; label?: string };

export function OpportunityPicker({ value, onChange, label = 'Deal' }: OpportunityPickerProps) {
  const id = useId();
  const [text, setText] = useState('');
  const [q, setQ] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => setQ(text.trim()), 250);
    return () => clearTimeout(timer);
  }, [text]);
  const deals = useResource(() => listOpportunities({ limit: 50, ...(q ? { q } : {}) }), [q]);
  const items = deals.data?.items ?? [];

  return (
    <div className="form-row">
      <div className="form-cell">
        <label className="label" htmlFor={`${id}-search`}>
          Find a deal
        </label>
        <input id={`${id}-search`} className="input" type="search" placeholder="Name" value={text} onChange={(event) => setText(event.target.value)} />
      </div>
      <div className="form-cell form-cell-grow">
        <label className="label" htmlFor={`${id}-deal`}>
          {label}
        </label>
        <select id={`${id}-deal`} className="input" value={value} disabled={!deals.data && deals.loading} onChange={(event) => onChange(event.target.value)}>
          <option value="">{deals.loading && !deals.data ? 'Loading deals…' : items.length === 0 ? 'No deal matches' : 'Choose a deal'}</option>
          {value && !items.some((o) => o.id === value) ? <option value={value}>The deal chosen before</option> : null}
          {items.map((o) => (
            <option key={o.id} value={o.id}>
              {o.name} · {o.accountName} · {o.stageName} · {formatMoney(o.amountMinor, o.currency, { compact: true })}
            </option>
          ))}
        </select>
        <ErrorMessage error={deals.error} />
      </div>
    </div>
  );
}
