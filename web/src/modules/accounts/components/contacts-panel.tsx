// The contacts of an account, listed with a form to add one; shown on the account page and on its deals.
import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { buyingRoles } from '../../../../../src/domain/opportunity.ts';
import { ErrorMessage, Loading } from '../../../ui/feedback.tsx';
import { fieldSentence, splitFieldErrors } from '../../../ui/form.ts';
import { humanize } from '../../../ui/format.ts';
import { useResource } from '../../../ui/use-resource.ts';
import { createContact, listContacts } from '../api/accounts.api.ts';
import { ContactTable } from './contact-table.tsx';

const fieldNames = ['firstName', 'lastName', 'title', 'email', 'buyingRole'] as const;
type FieldName = (typeof fieldNames)[number];
const labels: Record<FieldName, string> = { firstName: 'First name', lastName: 'Last name', title: 'Title', email: 'E-mail', buyingRole: 'Buying role' };

export const buyingRoleOptions = buyingRoles.map((role) => ({ value: role, label: humanize(role) }));

export function ContactsPanel({ accountId, canWrite }: { accountId: string; canWrite: boolean }) {
  const contacts = useResource(() => listContacts(accountId), [accountId]);
  const [adding, setAdding] = useState(false);
  return (
    <div className="stack-small">
      {contacts.error ? <ErrorMessage error={contacts.error} onRetry={() => void contacts.reload()} /> : null}
      {contacts.data ? <ContactTable contacts={contacts.data.items} /> : contacts.loading ? <Loading /> : null}
      {canWrite && !adding ? (
        <div>
          <button type="button" className="button button-small" onClick={() => setAdding(true)}>
            Add contact
          </button>
        </div>
      ) : null}
      {canWrite && adding ? (
        <AddContactForm
          accountId={accountId}
          onCancel={() => setAdding(false)}
          onCreated={() => {
            setAdding(false);
            void contacts.reload();
          }}
        />
      ) : null}
    </div>
  );
}

function AddContactForm({ accountId, onCreated, onCancel }: { accountId: string; onCreated: () => void; onCancel: () => void }) {
  const id = useId();
  const [values, setValues] = useState<Record<FieldName, string>>({ firstName: '', lastName: '', title: '', email: '', buyingRole: '' });
  const [local, setLocal] = useState<Partial<Record<FieldName, string>>>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const server = splitFieldErrors(error, fieldNames);
  const messageFor = (f: FieldName) => local[f] ?? (server.byField[f] ? fieldSentence(labels[f], server.byField[f]) : undefined);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const found: Partial<Record<FieldName, string>> = {};
    if (!values.firstName.trim()) found.firstName = 'Enter a first name.';
    if (!values.lastName.trim()) found.lastName = 'Enter a last name.';
    setLocal(found);
    setError(null);
    if (Object.keys(found).length > 0) return;
    setBusy(true);
    try {
      await createContact({
        accountId,
        firstName: values.firstName.trim(),
        lastName: values.lastName.trim(),
        title: values.title.trim() || null,
        email: values.email.trim() || null,
        buyingRole: values.buyingRole || null,
      });
      onCreated();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  const cell = (f: FieldName, input: ReactNode) => (
    <div className="form-cell form-cell-grow">
      <label className="label" htmlFor={`${id}-${f}`}>
        {labels[f]}
      </label>
      {input}
      {messageFor(f) ? (
        <p id={`${id}-${f}-error`} className="field-error">
          {messageFor(f)}
        </p>
      ) : null}
    </div>
  );
  const props = (f: FieldName) => ({
    id: `${id}-${f}`,
    className: 'input',
    value: values[f],
    'aria-invalid': Boolean(messageFor(f)),
    'aria-describedby': messageFor(f) ? `${id}-${f}-error` : undefined,
    onChange: (event: { target: { value: string } }) => setValues((v) => ({ ...v, [f]: event.target.value })),
  });

  return (
    <form className="stack-small inline-form" onSubmit={submit} noValidate aria-label="Add a contact">
      <div className="form-row">
        {cell('firstName', <input {...props('firstName')} autoFocus autoComplete="off" />)}
        {cell('lastName', <input {...props('lastName')} autoComplete="off" />)}
        {cell('title', <input {...props('title')} autoComplete="off" />)}
      </div>
      <div className="form-row">
        {cell('email', <input {...props('email')} type="email" autoComplete="off" />)}
        {cell(
          'buyingRole',
          <select {...props('buyingRole')}>
            <option value="">No role</option>
            {buyingRoleOptions.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>,
        )}
      </div>
      <ErrorMessage error={server.rest} />
      <div className="button-row">
        <button type="submit" className="button button-primary" disabled={busy}>
          {busy ? 'Adding…' : 'Add contact'}
        </button>
        <button type="button" className="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
