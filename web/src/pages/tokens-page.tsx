import { useEffect, useRef, useState } from 'react';
import { SettingsNav } from '../modules/settings/components/settings-nav.tsx';
import { can, useSession } from '../modules/session/hooks/use-session.tsx';
import { listTokens, revokeToken, type ApiToken, type IssuedToken } from '../modules/tokens/api/tokens.api.ts';
import { CreateTokenForm } from '../modules/tokens/components/create-token-form.tsx';
import { IssuedTokenPanel } from '../modules/tokens/components/issued-token-panel.tsx';
import { RevokeTokenDialog } from '../modules/tokens/components/revoke-token-dialog.tsx';
import { TokenTable } from '../modules/tokens/components/token-table.tsx';
import { getWebhookSettings } from '../modules/webhooks/api/webhooks.api.ts';
import { WebhookHostsForm } from '../modules/webhooks/components/webhook-hosts-form.tsx';
import { EmptyState, ErrorMessage, Loading, Section } from '../ui/feedback.tsx';
import { useResource } from '../ui/use-resource.ts';
import { useTitle } from '../ui/use-title.ts';

export function TokensPage() {
  useTitle('API tokens');
  const { workspace, user } = useSession();
  const tokens = useResource(() => listTokens(), []);
  const mayAllowHosts = can(user.role, 'webhooks.manage');
  const webhooks = useResource(() => (mayAllowHosts ? getWebhookSettings() : Promise.resolve(null)), [mayAllowHosts]);
  const [issued, setIssued] = useState<IssuedToken | null>(null);
  const [revoking, setRevoking] = useState<ApiToken | null>(null);
  const [revokeBusy, setRevokeBusy] = useState(false);
  const [revokeError, setRevokeError] = useState<unknown>(null);
  const [revoked, setRevoked] = useState<ApiToken | null>(null);
  const issuedRef = useRef<HTMLElement>(null);
  const revokedRef = useRef<HTMLParagraphElement>(null);

  // The secret is the one thing to act on after creating: move focus (and the screen reader) to it.
  useEffect(() => {
    if (issued) issuedRef.current?.focus();
  }, [issued]);

  // The revoked token's button is gone: land on the confirmation instead of the top of the page.
  useEffect(() => {
    if (revoked) revokedRef.current?.focus();
  }, [revoked]);

  const items = tokens.data ?? [];

  const onCreated = (next: IssuedToken) => {
    setRevoked(null);
    setIssued(next);
    tokens.setData([next.token, ...items.filter((t) => t.id !== next.token.id)]);
  };

  const confirmRevoke = async (token: ApiToken) => {
    setRevokeBusy(true);
    setRevokeError(null);
    try {
      const updated = await revokeToken(token.id);
      tokens.setData(items.map((t) => (t.id === updated.id ? updated : t)));
      if (issued?.token.id === updated.id) setIssued(null);
      setRevoked(updated);
      setRevoking(null);
    } catch (error) {
      setRevokeError(error);
    } finally {
      setRevokeBusy(false);
    }
  };

  return (
    <main className="page">
      <p className="breadcrumbs">Settings</p>
      <div className="page-header">
        <h1>API tokens</h1>
      </div>
      <SettingsNav current="/settings/tokens" />
      <p className="muted page-intro">
        A token lets a script, the <code className="code">baton</code> CLI or another system call the API as the role you choose. Send it as{' '}
        <code className="code">Authorization: Bearer &lt;secret&gt;</code>.
      </p>
      {issued ? <IssuedTokenPanel ref={issuedRef} issued={issued} origin={window.location.origin} onDismiss={() => setIssued(null)} /> : null}
      <Section title="Create a token">
        <CreateTokenForm onCreated={onCreated} />
      </Section>
      <Section title="Tokens" id="tokens-list">
        {revoked ? (
          <p ref={revokedRef} tabIndex={-1} className="success" role="status">
            "{revoked.name}" was revoked: requests with it now get 401.
          </p>
        ) : null}
        {tokens.error ? <ErrorMessage error={tokens.error} onRetry={() => void tokens.reload()} /> : null}
        {!tokens.data && tokens.loading ? <Loading label="Loading tokens…" /> : null}
        {tokens.data && items.length === 0 ? <EmptyState title="No API tokens yet">Create one above for a script or the CLI.</EmptyState> : null}
        {items.length > 0 ? (
          <TokenTable
            tokens={items}
            timeZone={workspace.timeZone}
            onRevoke={(token) => {
              setRevokeError(null);
              setRevoking(token);
            }}
          />
        ) : null}
      </Section>
      {mayAllowHosts ? (
        <Section title="Webhook targets">
          <p className="muted">
            Rule webhooks call public http(s) addresses only. List the internal hosts they may call as well (an n8n on your network, for example).
          </p>
          {webhooks.error ? <ErrorMessage error={webhooks.error} onRetry={() => void webhooks.reload()} /> : null}
          {webhooks.data ? <WebhookHostsForm settings={webhooks.data} onSaved={(saved) => webhooks.setData(saved)} /> : null}
        </Section>
      ) : null}
      <RevokeTokenDialog
        token={revoking}
        busy={revokeBusy}
        error={revokeError}
        onCancel={() => setRevoking(null)}
        onConfirm={(token) => void confirmRevoke(token)}
      />
    </main>
  );
}
