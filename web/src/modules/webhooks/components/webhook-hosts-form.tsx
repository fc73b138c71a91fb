// The admin's allow-list of webhook hosts that are not public (an internal n8n), one per line.
import { useId, useState, type FormEvent } from 'react';
import { ErrorMessage } from '../../../ui/feedback.tsx';
import { saveWebhookSettings, type WebhookSettings } from '../api/webhooks.api.ts';

export function WebhookHostsForm({ settings, onSaved }: { settings: WebhookSettings; onSaved: (settings: WebhookSettings) => void }) {
  const id = useId();
  const [text, setText] = useState(settings.allowedHosts.join('\n'));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setSaved(false);
    setBusy(true);
    try {
      const allowedHosts = text
        .split('\n')
        .map((line) => line.trim())
        .filter(Boolean);
      const result = await saveWebhookSettings({ allowedHosts });
      setText(result.allowedHosts.join('\n'));
      setSaved(true);
      onSaved(result);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="stack" onSubmit={submit} noValidate aria-label="Webhook targets">
      <div className="form-cell">
        <label className="label" htmlFor={`${id}-hosts`}>
          Allowed internal hosts (one per line)
        </label>
        <textarea
          id={`${id}-hosts`}
          className="input"
          rows={3}
          placeholder="n8n.internal"
          value={text}
          onChange={(event) => {
            setText(event.target.value);
            setSaved(false);
          }}
        />
      </div>
      <ErrorMessage error={error} />
      {saved ? (
        <p className="success" role="status">
          Saved. Rule webhooks may call these hosts.
        </p>
      ) : null}
      <div>
        <button type="submit" className="button" disabled={busy}>
          {busy ? 'Saving…' : 'Save webhook targets'}
        </button>
      </div>
    </form>
  );
}
