import { LoginForm } from '../modules/session/components/login-form.tsx';
import { useTitle } from '../ui/use-title.ts';

export function LoginPage({ expired }: { expired: boolean }) {
  useTitle('Sign in');
  return (
    <main className="login-page">
      <div className="login-brand" aria-hidden="true">
        Baton
      </div>
      <LoginForm expired={expired} />
      <p className="muted small login-hint">The operational CRM: from a won deal to delivered work.</p>
    </main>
  );
}
