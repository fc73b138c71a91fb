// A read-only value with a Copy button; selecting it on focus makes a manual copy one keystroke.
import { useEffect, useId, useState } from 'react';

export function CopyField({ label, value, description, multiline }: { label: string; value: string; description?: string; multiline?: boolean }) {
  const id = useId();
  const [copied, setCopied] = useState<'yes' | 'no' | null>(null);

  useEffect(() => {
    if (!copied) return;
    const timer = setTimeout(() => setCopied(null), 2500);
    return () => clearTimeout(timer);
  }, [copied]);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setCopied('yes');
    } catch {
      // The clipboard needs a secure context or a permission; selecting the text still lets Ctrl+C work.
      const input = document.getElementById(`${id}-value`) as HTMLInputElement | HTMLTextAreaElement | null;
      input?.focus();
      input?.select();
      setCopied('no');
    }
  };

  return (
    <div className="copy-field">
      <label className="label" htmlFor={`${id}-value`}>
        {label}
      </label>
      <div className="copy-field-row">
        {multiline ? (
          <textarea
            id={`${id}-value`}
            className="input input-mono"
            readOnly
            rows={2}
            value={value}
            spellCheck={false}
            aria-describedby={description ? `${id}-description` : undefined}
            onFocus={(event) => event.currentTarget.select()}
          />
        ) : (
          <input
            id={`${id}-value`}
            className="input input-mono"
            readOnly
            value={value}
            spellCheck={false}
            aria-describedby={description ? `${id}-description` : undefined}
            onFocus={(event) => event.currentTarget.select()}
          />
        )}
        <button type="button" className="button" onClick={() => void copy()}>
          Copy
        </button>
      </div>
      {description ? (
        <p id={`${id}-description`} className="muted small">
          {description}
        </p>
      ) : null}
      <p className="muted small copy-status" role="status" aria-live="polite">
        {copied === 'yes' ? 'Copied to the clipboard.' : copied === 'no' ? 'Copying is blocked here: the text is selected, press Ctrl+C (⌘C).' : ''}
      </p>
    </div>
  );
}
