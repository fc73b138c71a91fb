import { useId, useState, type FormEvent } from 'react';
import { ErrorMessage } from '../../../ui/feedback.tsx';
import { fieldSentence, splitFieldErrors } from '../../../ui/form.ts';
import type { Role } from '../../session/api/session.api.ts';
import { RolePicker } from '../../users/components/role-picker.tsx';
import { createToken, type IssuedToken } from '../api/tokens.api.ts';

const fieldNames = ['name', 'role'] as const;

export function CreateTokenForm({ onCreated }: { onCreated: (issued: IssuedToken) => void }) {
  const id = useId();
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('sales');
  const [busy, setBusy] = useState(false);
  const [missingName, setMissingName] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const server = splitFieldErrors(error, fieldNames);
  const nameError = missingName
    ? 'Name the token after what will use it, for example "CI deploys".'
    : server.byField['name']
      ? fieldSentence('Name', server.byField['name'])
      : undefined;

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setError(null);
    if (!name.trim()) {
      setMissingName(true);
      document.getElementById(`${id}-name`)?.focus();
      return;
    }
    setMissingName(false);
    setBusy(true);
    try {
      const issued = await createToken({ name: name.trim(), role });
      setName('');
      onCreated(issued);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="stack" onSubmit={submit} noValidate aria-label="Create an API token">
      <div className="form-row">
        <div className="form-cell form-cell-grow">
          <label className="label" htmlFor={`${id}-name`}>
            Token name
          </label>
          <input
            id={`${id}-name`}
            className="input"
            autoComplete="off"
            maxLength={100}
            required
            placeholder="For example: CI deploys"
            value={name}
            aria-invalid={Boolean(nameError)}
            aria-describedby={nameError ? `${id}-name-error` : undefined}
            onChange={(event) => setName(event.target.value)}
          />
          {nameError ? (
            <p id={`${id}-name-error`} className="field-error">
              {nameError}
            </p>
          ) : null}
        </div>
        <div className="form-cell form-cell-grow">
          <RolePicker id={`${id}-role`} label="Acts as role" value={role} onChange={setRole} />
          {server.byField['role'] ? <p className="field-error">{fieldSentence('Role', server.byField['role'])}</p> : null}
        </div>
      </div>
      <ErrorMessage error={server.rest} />
      <div>
        <button type="submit" className="button button-primary" disabled={busy}>
          {busy ? 'Creating…' : 'Create token'}
        </button>
      </div>
    </form>
  );
}
