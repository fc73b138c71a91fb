// The deals list's filters: name, owner, pipeline or stage, status, close dates and amount range, account.
// Selects apply at once; typed values (name, amounts, dates) after a short pause.
import { useEffect, useRef, useState } from 'react';
import type { InlineOption } from '../../../ui/inline-field.tsx';
import { humanize } from '../../../ui/format.ts';
import { orderStages, type Pipeline } from '../../pipeline/api/pipelines.api.ts';
import { stageCategories } from '../../../../../src/domain/opportunity.ts';
import type { OpportunityFilters } from '../api/deal-list.api.ts';

type DealFilterBarProps = {
  filters: OpportunityFilters;
  onChange: (filters: OpportunityFilters) => void;
  people: InlineOption[];
  pipelines: Pipeline[];
  accounts: InlineOption[];
};

const same = (a: OpportunityFilters, b: OpportunityFilters) => JSON.stringify(a) === JSON.stringify(b);

/** Drops empty values so that the URL and a saved view carry only what narrows the list. */
function clean(filters: OpportunityFilters): OpportunityFilters {
  return Object.fromEntries(
    Object.entries(filters).filter(([, v]) => v !== undefined && v !== '' && !(typeof v === 'number' && Number.isNaN(v))),
  ) as OpportunityFilters;
}

const amountOf = (text: string) => (text.trim() === '' ? undefined : Number(text));

export function DealFilterBar({ filters, onChange, people, pipelines, accounts }: DealFilterBarProps) {
  const [draft, setDraft] = useState(filters);
  const [amounts, setAmounts] = useState({ min: filters.amountMin?.toString() ?? '', max: filters.amountMax?.toString() ?? '' });
  const applied = useRef(filters);

  // A new set of filters from outside (a saved view, back and forward) replaces what is being typed.
  useEffect(() => {
    if (same(filters, applied.current)) return;
    applied.current = filters;
    setDraft(filters);
    setAmounts({ min: filters.amountMin?.toString() ?? '', max: filters.amountMax?.toString() ?? '' });
  }, [filters]);

  useEffect(() => {
    const next = clean(draft);
    if (same(next, clean(applied.current))) return;
    const timer = setTimeout(() => {
      applied.current = next;
      onChange(next);
    }, 300);
    return () => clearTimeout(timer);
  }, [draft, onChange]);

  const set = (changes: Partial<OpportunityFilters>, now = false) => {
    const next = clean({ ...draft, ...changes });
    setDraft(next);
    if (now) {
      applied.current = next;
      onChange(next);
    }
  };

  const stageValue = draft.stageId ? `s:${draft.stageId}` : draft.pipelineId ? `p:${draft.pipelineId}` : '';
  const withStages = pipelines.filter((p) => !p.archivedAt);

  return (
    <div className="filters deal-filters" role="group" aria-label="Filter deals">
      <div className="form-cell">
        <label className="label" htmlFor="deals-q">
          Deal name
        </label>
        <input
          id="deals-q"
          className="input"
          type="search"
          placeholder="Contains…"
          value={draft.q ?? ''}
          onChange={(e) => set({ q: e.target.value || undefined })}
        />
      </div>
      <div className="form-cell">
        <label className="label" htmlFor="deals-owner">
          Owner
        </label>
        <select id="deals-owner" className="input" value={draft.ownerId ?? ''} onChange={(e) => set({ ownerId: e.target.value || undefined }, true)}>
          <option value="">Anyone</option>
          {people.map((p) => (
            <option key={p.value} value={p.value}>
              {p.label}
            </option>
          ))}
        </select>
      </div>
      <div className="form-cell">
        <label className="label" htmlFor="deals-stage">
          Pipeline or stage
        </label>
        <select
          id="deals-stage"
          className="input"
          value={stageValue}
          onChange={(e) => {
            const [kind, id] = e.target.value.split(':');
            if (kind === 's') {
              const pipeline = pipelines.find((p) => p.stages.some((s) => s.id === id));
              set({ stageId: id, pipelineId: pipeline?.id }, true);
            } else set({ stageId: undefined, pipelineId: kind === 'p' ? id : undefined }, true);
          }}
        >
          <option value="">All pipelines</option>
          {withStages.map((p) => (
            <optgroup key={p.id} label={p.name}>
              <option value={`p:${p.id}`}>Every stage of {p.name}</option>
              {orderStages(p.stages.filter((s) => !s.archivedAt)).map((s) => (
                <option key={s.id} value={`s:${s.id}`}>
                  {s.name}
                </option>
              ))}
            </optgroup>
          ))}
        </select>
      </div>
      <div className="form-cell">
        <label className="label" htmlFor="deals-status">
          Status
        </label>
        <select
          id="deals-status"
          className="input"
          value={draft.status ?? ''}
          onChange={(e) => set({ status: (e.target.value || undefined) as OpportunityFilters['status'] }, true)}
        >
          <option value="">Any status</option>
          {stageCategories.map((c) => (
            <option key={c} value={c}>
              {humanize(c)}
            </option>
          ))}
        </select>
      </div>
      <fieldset className="form-cell filter-range">
        <legend className="label">Close date</legend>
        <div className="filter-range-inputs">
          <input
            className="input input-auto"
            type="date"
            aria-label="Close date from"
            value={draft.closeFrom ?? ''}
            onChange={(e) => set({ closeFrom: e.target.value || undefined })}
          />
          <span aria-hidden="true">–</span>
          <input
            className="input input-auto"
            type="date"
            aria-label="Close date to"
            value={draft.closeTo ?? ''}
            onChange={(e) => set({ closeTo: e.target.value || undefined })}
          />
        </div>
      </fieldset>
      <fieldset className="form-cell filter-range">
        <legend className="label">Amount</legend>
        <div className="filter-range-inputs">
          <input
            className="input input-amount"
            type="number"
            min={0}
            step="any"
            inputMode="decimal"
            placeholder="Min"
            aria-label="Amount at least"
            value={amounts.min}
            onChange={(e) => {
              setAmounts({ ...amounts, min: e.target.value });
              set({ amountMin: amountOf(e.target.value) });
            }}
          />
          <span aria-hidden="true">–</span>
          <input
            className="input input-amount"
            type="number"
            min={0}
            step="any"
            inputMode="decimal"
            placeholder="Max"
            aria-label="Amount at most"
            value={amounts.max}
            onChange={(e) => {
              setAmounts({ ...amounts, max: e.target.value });
              set({ amountMax: amountOf(e.target.value) });
            }}
          />
        </div>
      </fieldset>
      <div className="form-cell">
        <label className="label" htmlFor="deals-account">
          Account
        </label>
        <select id="deals-account" className="input" value={draft.accountId ?? ''} onChange={(e) => set({ accountId: e.target.value || undefined }, true)}>
          <option value="">Any account</option>
          {draft.accountId && !accounts.some((a) => a.value === draft.accountId) ? <option value={draft.accountId}>The account chosen</option> : null}
          {accounts.map((a) => (
            <option key={a.value} value={a.value}>
              {a.label}
            </option>
          ))}
        </select>
      </div>
    </div>
  );
}
