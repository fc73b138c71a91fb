// What an approval request froze for its approvers: finance sees the value, discount, payment terms and billing
// schedule (each invoice); legal sees the contract version and every flagged clause with its full text.
import { Field, Section } from '../../../ui/feedback.tsx';
import { formatDate, formatDateTime, formatMoney } from '../../../ui/format.ts';
import { billingKindLabel } from '../../../ui/labels.ts';
import { Link } from '../../../ui/router.tsx';
import type { Snapshot } from '../api/approvals.api.ts';

/**
 * `policyDescription` says in words what the policy checks; the condition itself follows: in words (`reasonWords`,
 * with a link to the policy) when the policy still states it as the request froze it, else as frozen.
 */
export function ApprovalContext({
  snapshot: s,
  policyDescription,
  reasonWords,
  policyPath,
  timeZone,
}: {
  snapshot: Snapshot;
  policyDescription: string | null;
  reasonWords?: string | undefined;
  policyPath?: string | undefined;
  timeZone: string;
}) {
  return (
    <>
      <Section title="Why it needs approval">
        <div className="approval-why">
          {policyDescription ? <p>{policyDescription}</p> : null}
          <p className="small muted" data-testid="approval-reason">
            The deal met the policy's condition: {reasonWords ? <strong title={s.reason}>{reasonWords}</strong> : <code>{s.reason}</code>}
            {policyPath ? (
              <>
                {' '}
                (<Link to={policyPath}>the policy</Link>)
              </>
            ) : null}
          </p>
          <dl className="fields">
            <Field label="Account" value={s.deal.accountName} />
            {s.finance ? null : <Field label="Deal value" value={formatMoney(s.deal.amountMinor, s.deal.currency)} />}
            <Field label="Close date" value={formatDate(s.deal.closeDate)} />
          </dl>
          <p className="small muted">The context as it was on {formatDateTime(s.takenAt, timeZone)}; a change of the deal's terms reopens the request.</p>
        </div>
      </Section>
      {s.finance ? <FinanceContext finance={s.finance} /> : null}
      {s.legal ? <LegalContext legal={s.legal} /> : null}
    </>
  );
}

function FinanceContext({ finance: f }: { finance: NonNullable<Snapshot['finance']> }) {
  const kind = typeof f.billingSchedule?.kind === 'string' ? f.billingSchedule.kind : null;
  const mismatch = f.scheduleTotalMinor !== null && f.scheduleTotalMinor !== f.amountMinor;
  return (
    <Section title="Finance">
      <dl className="fields">
        <Field label="Deal value" value={formatMoney(f.amountMinor, f.currency)} />
        <Field label="Discount" value={f.discountPercent === null ? 'None' : `${f.discountPercent} %`} />
        <Field label="Payment terms" value={f.paymentTerms ?? '—'} />
        <Field
          label="Billing schedule"
          value={
            <>
              {billingKindLabel(kind)}
              {f.scheduleTotalMinor !== null ? ` · ${formatMoney(f.scheduleTotalMinor, f.currency)} in total` : ''}
              {mismatch ? <strong className="field-error"> (not the deal's value)</strong> : null}
            </>
          }
        />
      </dl>
      {f.invoices.length > 0 ? (
        <table className="table approval-invoices">
          <caption>Billing schedule</caption>
          <thead>
            <tr>
              <th scope="col">Invoice</th>
              <th scope="col" className="number">
                Amount
              </th>
            </tr>
          </thead>
          <tbody>
            {f.invoices.map((line, i) => (
              <tr key={i}>
                <td>{line.label}</td>
                <td className="number">{formatMoney(line.amountMinor, f.currency)}</td>
              </tr>
            ))}
          </tbody>
          {f.scheduleTotalMinor !== null ? (
            <tfoot>
              <tr>
                <th scope="row">Total</th>
                <td className="number">
                  <strong>{formatMoney(f.scheduleTotalMinor, f.currency)}</strong>
                </td>
              </tr>
            </tfoot>
          ) : null}
        </table>
      ) : (
        <p className="muted">The deal has no billing schedule.</p>
      )}
    </Section>
  );
}

function LegalContext({ legal }: { legal: NonNullable<Snapshot['legal']> }) {
  return (
    <Section title="Legal">
      <dl className="fields">
        <Field label="Contract version" value={legal.contractVersion ?? '—'} />
        <Field label="Flagged clauses" value={legal.clauses.length} />
      </dl>
      {legal.clauses.length > 0 ? (
        <ol className="approval-clauses">
          {legal.clauses.map((c, i) => (
            <li key={i}>
              <h3>{c.title}</h3>
              <blockquote>{c.text}</blockquote>
            </li>
          ))}
        </ol>
      ) : (
        <p className="muted">No non-standard clauses.</p>
      )}
    </Section>
  );
}
