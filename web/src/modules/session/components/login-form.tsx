import { useState, type FormEvent } from 'react';
import { ErrorMessage } from '../../../ui/feedback.tsx';
import { useSessionState } from '../hooks/use-session.tsx';

export function LoginForm({ expired }: { expired: boolean }) {
  const { logIn } = useSessionState();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await logIn(email.trim(), password);
    } catch (caught) {
      setError(caught);
      setBusy(false);
    }
  };

  return (
    <form className="login-form" onSubmit={submit} noValidate={false}>
      <h1>Sign in to Baton</h1>
      {expired && !error ? (
        <p className="notice" role="status">
          Your session ended. Please sign in again.
        </p>
      ) : null}
      <label className="label" htmlFor="login-email">
        E-mail
      </label>
      <input
        id="login-email"
        className="input"
        type="email"
        name="email"
        autoComplete="username"
        required
        autoFocus
        value={email}
        onChange={(event) => setEmail(event.target.value)}
      />
      <label className="label" htmlFor="login-password">
        Password
      </label>
      <input
        id="login-password"
        className="input"
        type="password"
        name="password"
        autoComplete="current-password"
        required
        value={password}
        onChange={(event) => setPassword(event.target.value)}
      />
      <ErrorMessage error={error} />
      <button type="submit" className="button button-primary" disabled={busy}>
        {busy ? 'Signing in…' : 'Sign in'}
      </button>
    </form>
  );
}
