import { Field } from '../../../ui/feedback.tsx';
import { formatDate, formatDateTime, formatMoney, humanize } from '../../../ui/format.ts';
import { amountText, currencyDigits, InlineField, parseAmount, type InlineOption } from '../../../ui/inline-field.tsx';
import { Link } from '../../../ui/router.tsx';
import { complexities } from '../../../../../src/domain/opportunity.ts';
import { dealTypes } from '../../templates/api/templates.api.ts';
import { updateOpportunity, type Opportunity } from '../api/opportunities.api.ts';

type OpportunityFieldsProps = {
  opportunity: Opportunity;
  timeZone: string;
  /** Whether the reader may edit the deal (crm.write); the fields stay read-only otherwise. */
  editable?: boolean;
  /** Owner choices: the workspace's people. */
  people?: InlineOption[];
  /** The deal field keys its pipeline requires before a win: marked, and their custom fields shown even when empty. */
  requiredToWin?: readonly string[];
  onSaved?: (next: Opportunity) => void;
};

const customText = (value: unknown) => (value === null || value === undefined ? '' : String(value));

export function OpportunityFields({ opportunity, timeZone, editable = false, people = [], requiredToWin = [], onSaved }: OpportunityFieldsProps) {
  const o = opportunity;
  const mark = (key: string, label: string) => (requiredToWin.includes(key) ? `${label} (required to win)` : label);
  const customKeys = [
    ...new Set([...Object.keys(o.customFields), ...requiredToWin.filter((k) => k.startsWith('custom.')).map((k) => k.slice('custom.'.length))]),
  ];
  const save = async (changes: Parameters<typeof updateOpportunity>[1]) => onSaved?.(await updateOpportunity(o.id, changes));
  const digits = currencyDigits(o.currency);
  return (
    <dl className="fields">
      <InlineField
        label="Name"
        field="name"
        display={o.name}
        value={o.name}
        editable={editable}
        check={(v) => (v.trim() ? undefined : 'Enter a name.')}
        onSave={(v) => save({ name: v.trim() })}
      />
      <Field label="Account" value={<Link to={`/accounts/${encodeURIComponent(o.accountId)}`}>{o.accountName}</Link>} />
      <Field label="Account status" value={humanize(o.accountStatus)} />
      <InlineField
        label={mark('amountMinor', `Amount (${o.currency})`)}
        field="amountMinor"
        type="amount"
        display={formatMoney(o.amountMinor, o.currency)}
        value={amountText(o.amountMinor, o.currency)}
        editable={editable}
        check={(v) => (parseAmount(v, digits) === undefined ? `Enter an amount in ${o.currency}, like 12500${digits > 0 ? '.50' : ''}.` : undefined)}
        onSave={(v) => save({ amountMinor: parseAmount(v, digits)! })}
      />
      <InlineField
        label="Close date"
        field="closeDate"
        type="date"
        display={formatDate(o.closeDate)}
        value={o.closeDate ?? ''}
        editable={editable}
        onSave={(v) => save({ closeDate: v || null })}
      />
      <InlineField
        label={mark('ownerId', 'Owner')}
        field="ownerId"
        type="select"
        options={[{ value: '', label: 'No owner' }, ...people]}
        display={o.ownerName ?? '—'}
        value={o.ownerId ?? ''}
        editable={editable}
        onSave={(v) => save({ ownerId: v || null })}
      />
      <InlineField
        label="Deal type"
        field="dealType"
        type="select"
        options={[...new Set([...dealTypes, o.dealType])].map((t) => ({ value: t, label: humanize(t) }))}
        display={humanize(o.dealType)}
        value={o.dealType}
        editable={editable}
        onSave={(v) => save({ dealType: v })}
      />
      <InlineField
        label="Complexity"
        field="complexity"
        type="select"
        options={complexities.map((c) => ({ value: c, label: humanize(c) }))}
        display={humanize(o.complexity)}
        value={o.complexity}
        editable={editable}
        onSave={(v) => save({ complexity: v as Opportunity['complexity'] })}
      />
      <InlineField
        label={mark('paymentTerms', 'Payment terms')}
        field="paymentTerms"
        display={o.paymentTerms ?? '—'}
        value={o.paymentTerms ?? ''}
        editable={editable}
        onSave={(v) => save({ paymentTerms: v.trim() || null })}
      />
      <InlineField
        label={mark('contractVersion', 'Contract version')}
        field="contractVersion"
        display={o.contractVersion ?? '—'}
        value={o.contractVersion ?? ''}
        editable={editable}
        onSave={(v) => save({ contractVersion: v.trim() || null })}
      />
      <InlineField
        label={mark('nonStandardClauses', 'Non-standard clauses')}
        field="nonStandardClauses"
        display={o.nonStandardClauses || 'None'}
        value={o.nonStandardClauses ?? ''}
        editable={editable}
        onSave={(v) => save({ nonStandardClauses: v.trim() || null })}
      />
      {customKeys.map((key) => (
        <InlineField
          key={key}
          label={mark(`custom.${key}`, humanize(key))}
          field={`customFields/${key}`}
          display={customText(o.customFields[key]) || '—'}
          value={customText(o.customFields[key])}
          editable={editable}
          onSave={(v) => save({ customFields: { [key]: v.trim() || null } })}
        />
      ))}
      <Field label="In stage since" value={formatDateTime(o.stageChangedAt, timeZone)} />
      <Field label="Created" value={formatDateTime(o.createdAt, timeZone)} />
    </dl>
  );
}
