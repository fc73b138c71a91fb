// The deals list's filters: name, owner, pipeline or stage, status, close dates and amount range, account.
// Selects apply at once; typed values (name, amounts, dates) after a short pause.
import { useEffect, useRef, useState, type InputHTMLAttributes } from 'react';
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

type RangeEnd = { label: string; value: string; onChange: (value: string) => void; placeholder?: string };

/** A from–to pair of inputs under one legend (close dates, amounts); `input` is what both inputs share. */
function RangeFilter({ legend, input, from, to }: { legend: string; input: InputHTMLAttributes<HTMLInputElement>; from: RangeEnd; to: RangeEnd }) {
  const field = (end: RangeEnd) => (
    <input {...input} placeholder={end.placeholder} aria-label={end.label} value={end.value} onChange={(e) => end.onChange(e.target.value)} />
  );
  return (
    <fieldset className="form-cell filter-range">
      <legend className="label">{legend}</legend>
      <div className="filter-range-inputs">
        {field(from)}
        <span aria-hidden="true">–</span>
        {field(to)}
      </div>
    </fieldset>
  );
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

  /** The amount as typed is kept (a half-typed "1e" stays in the box); the filter takes its number. */
  const setAmount = (end: 'min' | 'max') => (text: string) => {
    setAmounts({ ...amounts, [end]: text });
    set(end === 'min' ? { amountMin: amountOf(text) } : { amountMax: amountOf(text) });
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
      <RangeFilter
        legend="Close date"
        input={{ className: 'input input-auto', type: 'date' }}
        from={{ label: 'Close date from', value: draft.closeFrom ?? '', onChange: (value) => set({ closeFrom: value || undefined }) }}
        to={{ label: 'Close date to', value: draft.closeTo ?? '', onChange: (value) => set({ closeTo: value || undefined }) }}
      />
      <RangeFilter
        legend="Amount"
        input={{ className: 'input input-amount', type: 'number', min: 0, step: 'any', inputMode: 'decimal' }}
        from={{ label: 'Amount at least', placeholder: 'Min', value: amounts.min, onChange: setAmount('min') }}
        to={{ label: 'Amount at most', placeholder: 'Max', value: amounts.max, onChange: setAmount('max') }}
      />
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
