// Export every rule as YAML (to review or keep in git) and import YAML back: same keys update, new keys create.
import { useId, useState, type FormEvent } from 'react';
import { ErrorMessage } from '../../../ui/feedback.tsx';
import { exportRules, importRules, type Rule } from '../api/rules.api.ts';

export function RulesTransfer({ onImported }: { onImported: (rules: Rule[]) => void }) {
  const id = useId();
  const [exporting, setExporting] = useState(false);
  const [exportError, setExportError] = useState<unknown>(null);
  const [yaml, setYaml] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);

  const download = async () => {
    setExporting(true);
    setExportError(null);
    try {
      const text = await exportRules();
      const url = URL.createObjectURL(new Blob([text], { type: 'application/yaml' }));
      const link = document.createElement('a');
      link.href = url;
      link.download = `baton-rules-${new Date().toISOString().slice(0, 10)}.yaml`;
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 1000);
    } catch (caught) {
      setExportError(caught);
    } finally {
      setExporting(false);
    }
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setDone(null);
    if (!yaml.trim()) {
      setError(new Error('Paste the YAML of one or more rules first.'));
      return;
    }
    setBusy(true);
    try {
      const result = await importRules(yaml);
      setDone(`${result.created} rule${result.created === 1 ? '' : 's'} created, ${result.updated} updated.`);
      setYaml('');
      onImported(result.rules);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="stack">
      <div className="button-row">
        <button type="button" className="button" disabled={exporting} onClick={() => void download()}>
          {exporting ? 'Exporting…' : 'Export all rules (YAML)'}
        </button>
      </div>
      <ErrorMessage error={exportError} />
      <form className="stack" onSubmit={submit} aria-label="Import rules">
        <div className="form-cell">
          <label className="label" htmlFor={`${id}-yaml`}>
            Import YAML
          </label>
          <textarea
            id={`${id}-yaml`}
            className="input input-mono"
            rows={8}
            spellCheck={false}
            value={yaml}
            aria-describedby={`${id}-hint`}
            onChange={(event) => setYaml(event.target.value)}
          />
          <p id={`${id}-hint`} className="muted small">
            Rules with a key that exists are updated (as a new version); others are created.
          </p>
        </div>
        <ErrorMessage error={error} />
        {done ? (
          <p className="success" role="status">
            {done}
          </p>
        ) : null}
        <div>
          <button type="submit" className="button button-primary" disabled={busy}>
            {busy ? 'Importing…' : 'Import'}
          </button>
        </div>
      </form>
    </div>
  );
}
