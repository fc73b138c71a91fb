// "New deal": a dialog that creates an opportunity in an open stage of a pipeline, for an account chosen or given.
import { useEffect, useId, useState, type FormEvent, type ReactNode } from 'react';
import { Dialog } from '../../../ui/dialog.tsx';
import { ErrorMessage } from '../../../ui/feedback.tsx';
import { fieldSentence, splitFieldErrors } from '../../../ui/form.ts';
import { FormField, textControl } from '../../../ui/form-field.tsx';
import { currencyDigits, parseAmount, type InlineOption } from '../../../ui/inline-field.tsx';
import { useResource } from '../../../ui/use-resource.ts';
import { listAccounts } from '../../accounts/api/accounts.api.ts';
import type { Pipeline } from '../../pipeline/api/pipelines.api.ts';
import { createOpportunity, type Opportunity } from '../api/opportunities.api.ts';

const fieldNames = ['name', 'accountId', 'stageId', 'amountMinor', 'currency', 'closeDate', 'ownerId'] as const;
type FieldName = (typeof fieldNames)[number];
const labels: Record<FieldName, string> = {
  name: 'Deal name',
  accountId: 'Account',
  stageId: 'Stage',
  amountMinor: 'Amount',
  currency: 'Currency',
  closeDate: 'Expected close date',
  ownerId: 'Owner',
};

type NewDealDialogProps = {
  open: boolean;
  pipeline: Pipeline | undefined;
  /** Given on an account's page; chosen in the dialog otherwise. */
  account?: { id: string; name: string };
  people: InlineOption[];
  defaultOwnerId: string;
  /** The currency the amount starts in (the one most deals around it use); USD when none. */
  defaultCurrency?: string;
  onClose: () => void;
  onCreated: (opportunity: Opportunity) => void;
};

export function NewDealDialog({ open, pipeline, account, people, defaultOwnerId, defaultCurrency, onClose, onCreated }: NewDealDialogProps) {
  return (
    <Dialog open={open} title={account ? `New deal for ${account.name}` : 'New deal'} onClose={onClose}>
      <NewDealForm
        pipeline={pipeline}
        account={account}
        people={people}
        defaultOwnerId={defaultOwnerId}
        defaultCurrency={defaultCurrency}
        onCancel={onClose}
        onCreated={onCreated}
      />
    </Dialog>
  );
}

function NewDealForm({
  pipeline,
  account,
  people,
  defaultOwnerId,
  defaultCurrency = 'USD',
  onCancel,
  onCreated,
}: Omit<NewDealDialogProps, 'open' | 'onClose'> & { onCancel: () => void }) {
  const id = useId();
  const openStages = (pipeline?.stages ?? []).filter((s) => s.category === 'open').sort((a, b) => a.position - b.position);
  const [values, setValues] = useState<Record<FieldName, string>>({
    name: '',
    accountId: account?.id ?? '',
    stageId: openStages[0]?.id ?? '',
    amountMinor: '',
    currency: defaultCurrency,
    closeDate: '',
    ownerId: defaultOwnerId,
  });
  const [accountQuery, setAccountQuery] = useState('');
  const accounts = useResource(
    async () => (account ? [] : (await listAccounts({ q: accountQuery.trim() || undefined, limit: 50 })).items),
    [accountQuery, account],
  );
  const [local, setLocal] = useState<Partial<Record<FieldName, string>>>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const server = splitFieldErrors(error, fieldNames);
  const messageFor = (f: FieldName) => local[f] ?? (server.byField[f] ? fieldSentence(labels[f], server.byField[f]) : undefined);
  const set = (f: FieldName, value: string) => setValues((v) => ({ ...v, [f]: value }));

  // The first account found is chosen until the user picks one, so the select never shows a choice it does not send.
  const found = accounts.data;
  useEffect(() => {
    if (account || !found) return;
    setValues((v) => (found.some((a) => a.id === v.accountId) ? v : { ...v, accountId: found[0]?.id ?? '' }));
  }, [found, account]);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const currency = values.currency.trim().toUpperCase();
    const amount = values.amountMinor.trim() ? parseAmount(values.amountMinor, currencyDigits(currency)) : 0;
    const problems: Partial<Record<FieldName, string>> = {};
    if (!values.name.trim()) problems.name = 'Enter a name for the deal.';
    if (!values.accountId) problems.accountId = 'Choose an account.';
    if (!/^[A-Z]{3}$/.test(currency)) problems.currency = 'Enter a three-letter currency code, like USD.';
    else if (amount === undefined) problems.amountMinor = `Enter an amount in ${currency}, like 12500.`;
    setLocal(problems);
    setError(null);
    if (Object.keys(problems).length > 0) return;
    setBusy(true);
    try {
      const created = await createOpportunity({
        name: values.name.trim(),
        accountId: values.accountId,
        ...(pipeline ? { pipelineId: pipeline.id } : {}),
        ...(values.stageId ? { stageId: values.stageId } : {}),
        amountMinor: amount,
        currency,
        closeDate: values.closeDate || null,
        ownerId: values.ownerId || null,
      });
      onCreated(created);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  const props = (f: FieldName) => textControl(`${id}-${f}`, values[f], messageFor(f), (value) => set(f, value));
  const cell = (f: FieldName, input: ReactNode, className = 'form-cell form-cell-grow') => (
    <FormField id={`${id}-${f}`} label={labels[f]} error={messageFor(f)} className={className}>
      {input}
    </FormField>
  );

  return (
    <form className="stack" onSubmit={submit} noValidate>
      {cell('name', <input {...props('name')} autoFocus autoComplete="off" />)}
      {account ? null : (
        <div className="form-row">
          <div className="form-cell">
            <label className="label" htmlFor={`${id}-account-search`}>
              Find an account
            </label>
            <input
              id={`${id}-account-search`}
              className="input"
              type="search"
              placeholder="Name or domain"
              value={accountQuery}
              onChange={(event) => setAccountQuery(event.target.value)}
            />
          </div>
          {cell(
            'accountId',
            <select {...props('accountId')} disabled={!found && accounts.loading}>
              {found && found.length === 0 ? <option value="">No account matches</option> : null}
              {(found ?? []).map((a) => (
                <option key={a.id} value={a.id}>
                  {a.name}
                </option>
              ))}
            </select>,
          )}
        </div>
      )}
      <div className="form-row">
        {cell(
          'stageId',
          <select {...props('stageId')}>
            {openStages.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name} ({s.probability}%)
              </option>
            ))}
          </select>,
        )}
        {cell(
          'ownerId',
          <select {...props('ownerId')}>
            <option value="">No owner</option>
            {people.map((p) => (
              <option key={p.value} value={p.value}>
                {p.label}
              </option>
            ))}
          </select>,
        )}
      </div>
      <div className="form-row">
        {cell('amountMinor', <input {...props('amountMinor')} inputMode="decimal" autoComplete="off" placeholder="0" />)}
        {cell('currency', <input {...props('currency')} maxLength={3} autoComplete="off" />, 'form-cell form-cell-narrow')}
        {cell('closeDate', <input {...props('closeDate')} type="date" />)}
      </div>
      <ErrorMessage error={server.rest} />
      <div className="dialog-actions">
        <button type="button" className="button" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" className="button button-primary" disabled={busy}>
          {busy ? 'Creating…' : 'Create deal'}
        </button>
      </div>
    </form>
  );
}

/** The currency most of these deals are in, or undefined when there are none. */
export function usualCurrency(deals: { currency: string }[]): string | undefined {
  const counts = new Map<string, number>();
  for (const d of deals) counts.set(d.currency, (counts.get(d.currency) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0];
}
