import { useId, useState, type FormEvent } from 'react';
import { ErrorMessage } from '../../../ui/feedback.tsx';
import { fieldSentence, splitFieldErrors } from '../../../ui/form.ts';
import { FieldMessage, FormField, fieldControl, focusFirstProblem } from '../../../ui/form-field.tsx';
import type { Role } from '../../session/api/session.api.ts';
import { createUser, type WorkspaceUser } from '../api/users.api.ts';
import { RolePicker } from './role-picker.tsx';
import { roleLabel } from '../../../ui/labels.ts';

const fieldNames = ['email', 'name', 'role', 'password'] as const;
type FieldName = (typeof fieldNames)[number];

/** Checks what the browser can check; the server has the last word (an e-mail already taken, for one). */
function localErrors(input: { email: string; name: string; password: string }): Partial<Record<FieldName, string>> {
  const errors: Partial<Record<FieldName, string>> = {};
  if (!input.email.trim()) errors.email = 'Enter an e-mail address.';
  else if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(input.email.trim())) errors.email = 'Enter an e-mail address like name@company.com.';
  if (!input.name.trim()) errors.name = 'Enter a name.';
  if (input.password && input.password.length < 10) errors.password = 'Use at least 10 characters, or leave it empty.';
  return errors;
}

export function AddUserForm({ onCreated }: { onCreated: (user: WorkspaceUser) => void }) {
  const id = useId();
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('sales');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [local, setLocal] = useState<Partial<Record<FieldName, string>>>({});
  const [error, setError] = useState<unknown>(null);
  const [added, setAdded] = useState<WorkspaceUser | null>(null);

  const server = splitFieldErrors(error, fieldNames);
  const labels: Record<FieldName, string> = { email: 'E-mail', name: 'Name', role: 'Role', password: 'Password' };
  const messageFor = (field: FieldName) => local[field] ?? (server.byField[field] ? fieldSentence(labels[field], server.byField[field]) : undefined);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const found = localErrors({ email, name, password });
    setLocal(found);
    setError(null);
    setAdded(null);
    if (focusFirstProblem(form, id, fieldNames, found)) return;
    setBusy(true);
    try {
      const user = await createUser({ email: email.trim(), name: name.trim(), role, ...(password ? { password } : {}) });
      setAdded(user);
      setEmail('');
      setName('');
      setPassword('');
      onCreated(user);
    } catch (caught) {
      setError(caught);
      focusFirstProblem(form, id, fieldNames, splitFieldErrors(caught, fieldNames).byField);
    } finally {
      setBusy(false);
    }
  };

  const control = (field: FieldName, hint = false) => fieldControl(`${id}-${field}`, messageFor(field), hint);

  return (
    <form className="stack" onSubmit={submit} noValidate aria-label="Add a person">
      <div className="form-row">
        <FormField id={`${id}-email`} label="E-mail" error={messageFor('email')} className="form-cell form-cell-grow">
          <input
            {...control('email')}
            className="input"
            type="email"
            autoComplete="off"
            required
            value={email}
            onChange={(event) => setEmail(event.target.value)}
          />
        </FormField>
        <FormField id={`${id}-name`} label="Name" error={messageFor('name')} className="form-cell form-cell-grow">
          <input {...control('name')} className="input" autoComplete="off" required value={name} onChange={(event) => setName(event.target.value)} />
        </FormField>
      </div>
      <div className="form-row">
        <div className="form-cell form-cell-grow">
          <RolePicker
            id={`${id}-role`}
            label="Role"
            value={role}
            onChange={setRole}
            invalid={Boolean(messageFor('role'))}
            describedBy={control('role')['aria-describedby']}
          />
          <FieldMessage id={`${id}-role`} error={messageFor('role')} />
        </div>
        <FormField
          id={`${id}-password`}
          label="Password (optional)"
          error={messageFor('password')}
          hint="At least 10 characters. Without one, the person cannot sign in yet."
          className="form-cell form-cell-grow"
        >
          <input
            {...control('password', true)}
            className="input"
            type="password"
            autoComplete="new-password"
            value={password}
            onChange={(event) => setPassword(event.target.value)}
          />
        </FormField>
      </div>
      <ErrorMessage error={server.rest} />
      {added ? (
        <p className="success" role="status">
          {added.name} was added as {roleLabel(added.role)}.
        </p>
      ) : null}
      <div>
        <button type="submit" className="button button-primary" disabled={busy}>
          {busy ? 'Adding…' : 'Add person'}
        </button>
      </div>
    </form>
  );
}
