// The contacts of an account, listed with a form to add one; shown on the account page and on its deals.
import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { buyingRoles } from '../../../../../src/domain/opportunity.ts';
import { ErrorMessage, Loading } from '../../../ui/feedback.tsx';
import { fieldSentence, splitFieldErrors } from '../../../ui/form.ts';
import { FormField, textControl } from '../../../ui/form-field.tsx';
import { humanize } from '../../../ui/format.ts';
import { useResource } from '../../../ui/use-resource.ts';
import { createContact, listContacts, updateContact, type Contact } from '../api/accounts.api.ts';
import { ContactTable } from './contact-table.tsx';
import { ExportLink } from '../../../ui/export-link.tsx';

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
      {contacts.data ? (
        canWrite && contacts.data.items.length > 0 ? (
          <EditableContactTable
            contacts={contacts.data.items}
            onSaved={(next) => contacts.setData((page) => page && { ...page, items: page.items.map((c) => (c.id === next.id ? next : c)) })}
          />
        ) : (
          <ContactTable contacts={contacts.data.items} />
        )
      ) : contacts.loading ? (
        <Loading />
      ) : null}
      {!adding ? (
        <div className="button-row">
          {canWrite ? (
            <button type="button" className="button button-small" onClick={() => setAdding(true)}>
              Add contact
            </button>
          ) : null}
          {contacts.data && contacts.data.items.length > 0 ? <ExportLink path="/api/exports/contacts.csv" query={{ accountId }} small /> : null}
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
        buyingRole: buyingRoles.find((role) => role === values.buyingRole) ?? null,
      });
      onCreated();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  const cell = (f: FieldName, input: ReactNode) => (
    <FormField id={`${id}-${f}`} label={labels[f]} error={messageFor(f)} className="form-cell form-cell-grow">
      {input}
    </FormField>
  );
  const props = (f: FieldName) => textControl(`${id}-${f}`, values[f], messageFor(f), (value) => setValues((v) => ({ ...v, [f]: value })));

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

const editNames = ['firstName', 'lastName', 'title', 'buyingRole', 'email'] as const;
type EditName = (typeof editNames)[number];
const editLabels: Record<EditName, string> = { ...labels, firstName: 'First name', lastName: 'Last name' };

/** The contacts with an Edit button per row; the row being edited turns into inputs, each with its own reason. */
function EditableContactTable({ contacts, onSaved }: { contacts: Contact[]; onSaved: (contact: Contact) => void }) {
  const [editing, setEditing] = useState<string | null>(null);
  return (
    <table className="table contact-table">
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">Title</th>
          <th scope="col">Buying role</th>
          <th scope="col">E-mail</th>
          <th scope="col">Phone</th>
          <th scope="col">
            <span className="visually-hidden">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {contacts.map((c) =>
          editing === c.id ? (
            <ContactEditRow
              key={c.id}
              contact={c}
              onCancel={() => setEditing(null)}
              onSaved={(next) => {
                setEditing(null);
                onSaved(next);
              }}
            />
          ) : (
            <tr key={c.id}>
              <td>
                {c.firstName} {c.lastName}
              </td>
              <td>{c.title ?? '—'}</td>
              <td>{humanize(c.buyingRole)}</td>
              <td>{c.email ? <a href={`mailto:${c.email}`}>{c.email}</a> : '—'}</td>
              <td>{c.phone ? <a href={`tel:${c.phone}`}>{c.phone}</a> : '—'}</td>
              <td className="numeric">
                <button type="button" className="button-edit" aria-label={`Edit ${c.firstName} ${c.lastName}`} onClick={() => setEditing(c.id)}>
                  Edit
                </button>
              </td>
            </tr>
          ),
        )}
      </tbody>
    </table>
  );
}

function ContactEditRow({ contact, onSaved, onCancel }: { contact: Contact; onSaved: (contact: Contact) => void; onCancel: () => void }) {
  const id = useId();
  const start: Record<EditName, string> = {
    firstName: contact.firstName,
    lastName: contact.lastName,
    title: contact.title ?? '',
    buyingRole: contact.buyingRole ?? '',
    email: contact.email ?? '',
  };
  const [values, setValues] = useState(start);
  const [local, setLocal] = useState<Partial<Record<EditName, string>>>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const server = splitFieldErrors(error, editNames);
  const messageFor = (f: EditName) => local[f] ?? (server.byField[f] ? fieldSentence(editLabels[f], server.byField[f]) : undefined);
  const formId = `${id}-form`;

  const save = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const found: Partial<Record<EditName, string>> = {};
    if (!values.firstName.trim()) found.firstName = 'Enter a first name.';
    if (!values.lastName.trim()) found.lastName = 'Enter a last name.';
    setLocal(found);
    setError(null);
    if (Object.keys(found).length > 0) return;
    const changes: Parameters<typeof updateContact>[1] = {};
    if (values.firstName.trim() !== start.firstName) changes.firstName = values.firstName.trim();
    if (values.lastName.trim() !== start.lastName) changes.lastName = values.lastName.trim();
    if (values.title.trim() !== start.title) changes.title = values.title.trim() || null;
    if (values.email.trim() !== start.email) changes.email = values.email.trim() || null;
    if (values.buyingRole !== start.buyingRole) changes.buyingRole = buyingRoles.find((role) => role === values.buyingRole) ?? null;
    if (Object.keys(changes).length === 0) return onCancel();
    setBusy(true);
    try {
      onSaved(await updateContact(contact.id, changes));
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  const input = (f: EditName, extra: Record<string, unknown> = {}) => (
    <>
      <input
        {...textControl(`${id}-${f}`, values[f], messageFor(f), (value) => setValues((v) => ({ ...v, [f]: value })))}
        form={formId}
        aria-label={editLabels[f]}
        {...extra}
      />
      {messageFor(f) ? (
        <p id={`${id}-${f}-error`} className="field-error">
          {messageFor(f)}
        </p>
      ) : null}
    </>
  );

  return (
    <tr className="contact-editing">
      <td>
        <div className="stack-tight">
          {input('firstName', { autoFocus: true })}
          {input('lastName')}
        </div>
      </td>
      <td>{input('title')}</td>
      <td>
        <select
          form={formId}
          className="input"
          aria-label="Buying role"
          value={values.buyingRole}
          onChange={(event) => setValues((v) => ({ ...v, buyingRole: event.target.value }))}
        >
          <option value="">No role</option>
          {buyingRoleOptions.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
        {messageFor('buyingRole') ? <p className="field-error">{messageFor('buyingRole')}</p> : null}
      </td>
      <td>{input('email', { type: 'email' })}</td>
      <td>{contact.phone ?? '—'}</td>
      <td>
        <form id={formId} onSubmit={save} noValidate className="button-row">
          <button type="submit" className="button button-primary button-small" disabled={busy}>
            {busy ? 'Saving…' : 'Save'}
          </button>
          <button type="button" className="button button-small" onClick={onCancel}>
            Cancel
          </button>
        </form>
        <ErrorMessage error={server.rest && !(server.rest instanceof Error && server.rest.message === 'Check the highlighted fields.') ? server.rest : null} />
      </td>
    </tr>
  );
}
