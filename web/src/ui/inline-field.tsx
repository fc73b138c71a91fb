// A field of a record page that its reader may edit in place: the value, an Edit button, then an input with
// Save and Cancel. The server's reason for refusing the value (a 400 naming the field) shows under the input.
import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { ErrorMessage } from './feedback.tsx';
import { fieldName, fieldSentence, splitFieldErrors } from './form.ts';
import { ApiError } from './http.ts';

export type InlineOption = { value: string; label: string };

type InlineFieldProps = {
  label: string;
  /** The API's name of the field: a 400 whose `fields[].path` names it shows next to the input. */
  field: string;
  /** What the page shows when not editing. */
  display: ReactNode;
  /** The value the input starts from, as text. */
  value: string;
  type?: 'text' | 'email' | 'date' | 'select' | 'amount';
  options?: InlineOption[];
  /** Checks the browser can make first; returns a sentence when the value cannot be sent. */
  check?: (value: string) => string | undefined;
  editable: boolean;
  onSave: (value: string) => Promise<unknown>;
};

export function InlineField({ label, field, display, value, type = 'text', options = [], check, editable, onSave }: InlineFieldProps) {
  const id = useId();
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(value);
  const [busy, setBusy] = useState(false);
  const [local, setLocal] = useState<string | undefined>(undefined);
  const [error, setError] = useState<unknown>(null);

  const server = splitFieldErrors(error, [field]);
  const message = local ?? (server.byField[field] ? fieldSentence(label, server.byField[field]) : undefined);
  // A refusal that names only this field is said under the input: no second box repeating it.
  const onlyThisField = error instanceof ApiError && error.fields.length > 0 && error.fields.every((f) => fieldName(f.path) === field);

  const start = () => {
    setDraft(value);
    setLocal(undefined);
    setError(null);
    setEditing(true);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const problem = check?.(draft);
    setLocal(problem);
    setError(null);
    if (problem) return;
    if (draft === value) {
      setEditing(false);
      return;
    }
    setBusy(true);
    try {
      await onSave(draft);
      setEditing(false);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  if (!editing) {
    return (
      <div className="field field-editable">
        <dt>{label}</dt>
        <dd>
          <span className="field-value">{display}</span>
          {editable ? (
            <button type="button" className="button-edit" aria-label={`Edit ${label.toLowerCase()}`} onClick={start}>
              Edit
            </button>
          ) : null}
        </dd>
      </div>
    );
  }

  const common = {
    id,
    className: 'input',
    autoFocus: true,
    value: draft,
    'aria-invalid': Boolean(message),
    'aria-describedby': message ? `${id}-error` : undefined,
    onChange: (event: { target: { value: string } }) => setDraft(event.target.value),
  };

  return (
    <div className="field field-editing">
      <dt>
        <label htmlFor={id}>{label}</label>
      </dt>
      <dd>
        <form className="inline-edit" onSubmit={submit} noValidate onKeyDown={(event) => event.key === 'Escape' && setEditing(false)}>
          {type === 'select' ? (
            <select {...common}>
              {options.map((option) => (
                <option key={option.value} value={option.value}>
                  {option.label}
                </option>
              ))}
            </select>
          ) : (
            <input {...common} type={type === 'amount' ? 'text' : type} inputMode={type === 'amount' ? 'decimal' : undefined} />
          )}
          {message ? (
            <p id={`${id}-error`} className="field-error">
              {message}
            </p>
          ) : null}
          {onlyThisField ? null : <ErrorMessage error={server.rest} />}
          <div className="button-row">
            <button type="submit" className="button button-primary button-small" disabled={busy}>
              {busy ? 'Saving…' : 'Save'}
            </button>
            <button type="button" className="button button-small" onClick={() => setEditing(false)}>
              Cancel
            </button>
          </div>
        </form>
      </dd>
    </div>
  );
}

/** Reads an amount typed in currency units ("12,500.50") as minor units; undefined when it is not one. */
export function parseAmount(text: string, fractionDigits: number): number | undefined {
  const cleaned = text.replace(/[\s,_]/g, '');
  if (!/^\d+(\.\d+)?$/.test(cleaned)) return undefined;
  const [whole = '0', fraction = ''] = cleaned.split('.');
  if (fraction.length > fractionDigits) return undefined;
  return Number(whole) * 10 ** fractionDigits + Number(fraction.padEnd(fractionDigits, '0') || '0');
}

/** The number of minor digits of a currency (2 for EUR, 0 for JPY). */
export function currencyDigits(currency: string): number {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

/** Minor units as the text an amount input starts from ("12500.5"). */
export function amountText(amountMinor: number, currency: string): string {
  const digits = currencyDigits(currency);
  return String(amountMinor / 10 ** digits);
}
