// The deal's terms for finance and legal: the billing schedule with its invoices, payment terms, discount, contract
// version and non-standard clauses; those who may change them edit them in place.
import { useState } from 'react';
import { ErrorMessage, Loading, Section } from '../../../ui/feedback.tsx';
import { formatMoney, minorDigits } from '../../../ui/format.ts';
import { useResource } from '../../../ui/use-resource.ts';
import { getDealTerms, updateDealTerms, type BillingSchedule, type DealTerms } from '../api/terms.api.ts';

const kinds: { value: BillingSchedule['kind'] | ''; label: string }[] = [
  { value: '', label: 'No schedule' },
  { value: 'upfront', label: 'Upfront' },
  { value: 'monthly', label: 'Monthly' },
  { value: 'quarterly', label: 'Quarterly' },
  { value: 'annually', label: 'Annually' },
  { value: 'milestones', label: 'Milestones' },
];

type Draft = {
  kind: BillingSchedule['kind'] | '';
  amount: string;
  periods: string;
  milestones: { name: string; amount: string }[];
  paymentTerms: string;
  discount: string;
  contractVersion: string;
  clauses: { title: string; text: string }[];
};

const toUnits = (minor: number, currency: string) => String(minor / 10 ** minorDigits(currency));
const toMinor = (units: string, currency: string) => Math.round(Number(units) * 10 ** minorDigits(currency));

function draftOf(t: DealTerms): Draft {
  const s = t.billingSchedule;
  return {
    kind: s?.kind ?? '',
    amount: s?.amountMinor !== undefined ? toUnits(s.amountMinor, t.currency) : '',
    periods: s?.periods !== undefined ? String(s.periods) : '',
    milestones: (s?.milestones ?? []).map((m) => ({ name: m.name, amount: toUnits(m.amountMinor, t.currency) })),
    paymentTerms: t.paymentTerms ?? '',
    discount: t.discountPercent === null ? '' : String(t.discountPercent),
    contractVersion: t.contractVersion ?? '',
    clauses: t.clauses.map((c) => ({ ...c })),
  };
}

function scheduleOf(d: Draft, currency: string): BillingSchedule | null {
  if (!d.kind) return null;
  if (d.kind === 'milestones') return { kind: 'milestones', milestones: d.milestones.map((m) => ({ name: m.name, amountMinor: toMinor(m.amount, currency) })) };
  return { kind: d.kind, amountMinor: toMinor(d.amount, currency), ...(d.kind !== 'upfront' && { periods: Number(d.periods) }) };
}

export function TermsPanel({ opportunityId, amountMinor, editable }: { opportunityId: string; amountMinor: number; editable: boolean }) {
  const terms = useResource(() => getDealTerms(opportunityId), [opportunityId, amountMinor]);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);
  const t = terms.data;

  const save = async (d: Draft, currency: string) => {
    setSaving(true);
    setError(null);
    try {
      const next = await updateDealTerms(opportunityId, {
        billingSchedule: scheduleOf(d, currency),
        paymentTerms: d.paymentTerms.trim() || null,
        discountPercent: d.discount.trim() === '' ? null : Number(d.discount),
        contractVersion: d.contractVersion.trim() || null,
        clauses: d.clauses.filter((c) => c.title.trim() || c.text.trim()),
      });
      terms.setData(next);
      setDraft(null);
    } catch (caught) {
      setError(caught);
    } finally {
      setSaving(false);
    }
  };

  const actions =
    editable && t && !draft ? (
      <button type="button" className="button button-small" onClick={() => setDraft(draftOf(t))}>
        Edit terms
      </button>
    ) : null;

  return (
    <Section title="Terms" actions={actions}>
      {terms.error ? <ErrorMessage error={terms.error} onRetry={() => void terms.reload()} /> : null}
      {!t ? (
        terms.loading ? (
          <Loading />
        ) : null
      ) : draft ? (
        <form
          className="stack-small terms-form"
          onSubmit={(event) => {
            event.preventDefault();
            void save(draft, t.currency);
          }}
        >
          <div className="form-row">
            <label>
              Billing schedule
              <select className="input" value={draft.kind} onChange={(e) => setDraft({ ...draft, kind: e.target.value as Draft['kind'] })}>
                {kinds.map((k) => (
                  <option key={k.value} value={k.value}>
                    {k.label}
                  </option>
                ))}
              </select>
            </label>
            {draft.kind && draft.kind !== 'milestones' ? (
              <label>
                {draft.kind === 'upfront' ? `Amount (${t.currency})` : `Amount per invoice (${t.currency})`}
                <input className="input" inputMode="decimal" value={draft.amount} onChange={(e) => setDraft({ ...draft, amount: e.target.value })} />
              </label>
            ) : null}
            {draft.kind && draft.kind !== 'milestones' && draft.kind !== 'upfront' ? (
              <label>
                Invoices
                <input className="input" inputMode="numeric" value={draft.periods} onChange={(e) => setDraft({ ...draft, periods: e.target.value })} />
              </label>
            ) : null}
          </div>
          {draft.kind === 'milestones' ? (
            <fieldset className="stack-small">
              <legend>Milestones</legend>
              {draft.milestones.map((m, i) => (
                <div className="form-row" key={i}>
                  <label>
                    Milestone
                    <input
                      className="input"
                      value={m.name}
                      onChange={(e) => setDraft({ ...draft, milestones: draft.milestones.map((x, j) => (j === i ? { ...x, name: e.target.value } : x)) })}
                    />
                  </label>
                  <label>
                    Amount ({t.currency})
                    <input
                      className="input"
                      inputMode="decimal"
                      value={m.amount}
                      onChange={(e) => setDraft({ ...draft, milestones: draft.milestones.map((x, j) => (j === i ? { ...x, amount: e.target.value } : x)) })}
                    />
                  </label>
                  <button
                    type="button"
                    className="button button-small"
                    onClick={() => setDraft({ ...draft, milestones: draft.milestones.filter((_, j) => j !== i) })}
                  >
                    Remove
                  </button>
                </div>
              ))}
              <button
                type="button"
                className="button button-small"
                onClick={() => setDraft({ ...draft, milestones: [...draft.milestones, { name: '', amount: '' }] })}
              >
                Add a milestone
              </button>
            </fieldset>
          ) : null}
          <div className="form-row">
            <label>
              Payment terms
              <input className="input" value={draft.paymentTerms} onChange={(e) => setDraft({ ...draft, paymentTerms: e.target.value })} />
            </label>
            <label>
              Discount (%)
              <input className="input" inputMode="decimal" value={draft.discount} onChange={(e) => setDraft({ ...draft, discount: e.target.value })} />
            </label>
            <label>
              Contract version
              <input className="input" value={draft.contractVersion} onChange={(e) => setDraft({ ...draft, contractVersion: e.target.value })} />
            </label>
          </div>
          <fieldset className="stack-small">
            <legend>Non-standard clauses</legend>
            {draft.clauses.map((c, i) => (
              <div className="stack-small" key={i}>
                <label>
                  Title
                  <input
                    className="input"
                    value={c.title}
                    onChange={(e) => setDraft({ ...draft, clauses: draft.clauses.map((x, j) => (j === i ? { ...x, title: e.target.value } : x)) })}
                  />
                </label>
                <label>
                  Text
                  <textarea
                    className="input"
                    rows={3}
                    value={c.text}
                    onChange={(e) => setDraft({ ...draft, clauses: draft.clauses.map((x, j) => (j === i ? { ...x, text: e.target.value } : x)) })}
                  />
                </label>
                <button type="button" className="button button-small" onClick={() => setDraft({ ...draft, clauses: draft.clauses.filter((_, j) => j !== i) })}>
                  Remove the clause
                </button>
              </div>
            ))}
            <button type="button" className="button button-small" onClick={() => setDraft({ ...draft, clauses: [...draft.clauses, { title: '', text: '' }] })}>
              Add a clause
            </button>
          </fieldset>
          <ErrorMessage error={error} />
          <div className="form-actions">
            <button type="button" className="button" onClick={() => setDraft(null)}>
              Cancel
            </button>
            <button type="submit" className="button button-primary" disabled={saving}>
              Save the terms
            </button>
          </div>
        </form>
      ) : (
        <TermsView terms={t} />
      )}
    </Section>
  );
}

function TermsView({ terms: t }: { terms: DealTerms }) {
  const kind = kinds.find((k) => k.value === t.billingSchedule?.kind)?.label ?? 'No schedule';
  return (
    <div className="stack-small">
      <dl className="fields">
        <dt>Billing schedule</dt>
        <dd>
          {kind}
          {t.scheduleTotalMinor !== null ? ` · ${formatMoney(t.scheduleTotalMinor, t.currency)} in total` : ''}
          {t.scheduleTotalMinor !== null && t.scheduleTotalMinor !== t.amountMinor ? (
            <strong className="field-error"> (the deal's amount is {formatMoney(t.amountMinor, t.currency)})</strong>
          ) : null}
        </dd>
        <dt>Payment terms</dt>
        <dd>{t.paymentTerms ?? '—'}</dd>
        <dt>Discount</dt>
        <dd>{t.discountPercent === null ? '—' : `${t.discountPercent} %`}</dd>
        <dt>Contract version</dt>
        <dd>{t.contractVersion ?? '—'}</dd>
      </dl>
      {t.invoices.length > 0 ? (
        <table className="table">
          <caption>Invoices</caption>
          <thead>
            <tr>
              <th scope="col">Invoice</th>
              <th scope="col">Amount</th>
            </tr>
          </thead>
          <tbody>
            {t.invoices.map((line, i) => (
              <tr key={i}>
                <td>{line.label}</td>
                <td>{formatMoney(line.amountMinor, t.currency)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {t.clauses.length > 0 ? (
        <div>
          <h3>Non-standard clauses</h3>
          <ul>
            {t.clauses.map((c, i) => (
              <li key={i}>
                <strong>{c.title}</strong>: {c.text}
              </li>
            ))}
          </ul>
        </div>
      ) : (
        <p className="muted">No non-standard clauses.</p>
      )}
    </div>
  );
}
