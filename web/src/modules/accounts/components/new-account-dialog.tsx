// "New account": name, domain, industry and owner; the account starts as a prospect.
import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { Dialog } from '../../../ui/dialog.tsx';
import { ErrorMessage } from '../../../ui/feedback.tsx';
import { fieldSentence, splitFieldErrors } from '../../../ui/form.ts';
import { FormField, textControl } from '../../../ui/form-field.tsx';
import type { InlineOption } from '../../../ui/inline-field.tsx';
import { createAccount, type Account } from '../api/accounts.api.ts';

const fieldNames = ['name', 'domain', 'industry', 'ownerId'] as const;
type FieldName = (typeof fieldNames)[number];
const labels: Record<FieldName, string> = { name: 'Name', domain: 'Domain', industry: 'Industry', ownerId: 'Owner' };

type NewAccountDialogProps = {
  open: boolean;
  people: InlineOption[];
  defaultOwnerId: string;
  onClose: () => void;
  onCreated: (account: Account) => void;
};

export function NewAccountDialog({ open, people, defaultOwnerId, onClose, onCreated }: NewAccountDialogProps) {
  return (
    <Dialog open={open} title="New account" onClose={onClose}>
      <NewAccountForm people={people} defaultOwnerId={defaultOwnerId} onCancel={onClose} onCreated={onCreated} />
    </Dialog>
  );
}

function NewAccountForm({ people, defaultOwnerId, onCancel, onCreated }: Omit<NewAccountDialogProps, 'open' | 'onClose'> & { onCancel: () => void }) {
  const id = useId();
  const [values, setValues] = useState<Record<FieldName, string>>({ name: '', domain: '', industry: '', ownerId: defaultOwnerId });
  const [local, setLocal] = useState<Partial<Record<FieldName, string>>>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const server = splitFieldErrors(error, fieldNames);
  const messageFor = (f: FieldName) => local[f] ?? (server.byField[f] ? fieldSentence(labels[f], server.byField[f]) : undefined);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const problems: Partial<Record<FieldName, string>> = values.name.trim() ? {} : { name: 'Enter the account name.' };
    setLocal(problems);
    setError(null);
    if (problems.name) return;
    setBusy(true);
    try {
      onCreated(
        await createAccount({
          name: values.name.trim(),
          domain: values.domain.trim() || null,
          industry: values.industry.trim() || null,
          ownerId: values.ownerId || null,
        }),
      );
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  const props = (f: FieldName) => textControl(`${id}-${f}`, values[f], messageFor(f), (value) => setValues((v) => ({ ...v, [f]: value })));
  const cell = (f: FieldName, input: ReactNode) => (
    <FormField id={`${id}-${f}`} label={labels[f]} error={messageFor(f)} className="form-cell form-cell-grow">
      {input}
    </FormField>
  );

  return (
    <form className="stack" onSubmit={submit} noValidate>
      {cell('name', <input {...props('name')} autoFocus autoComplete="off" />)}
      <div className="form-row">
        {cell('domain', <input {...props('domain')} autoComplete="off" placeholder="acme.example" />)}
        {cell('industry', <input {...props('industry')} autoComplete="off" />)}
      </div>
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
      <ErrorMessage error={server.rest} />
      <div className="dialog-actions">
        <button type="button" className="button" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" className="button button-primary" disabled={busy}>
          {busy ? 'Creating…' : 'Create account'}
        </button>
      </div>
    </form>
  );
}
