// "Attach signed scope": kind, title, signed-on date and the text, pasted or read from a text file in the browser.
import { useId, useRef, useState, type ChangeEvent, type FormEvent } from 'react';
import { ErrorMessage } from '../../../ui/feedback.tsx';
import { fieldSentence, splitFieldErrors } from '../../../ui/form.ts';
import { attachScopeDocument, scopeDocumentKindLabels, scopeDocumentKinds, type ScopeDocument, type ScopeDocumentKind } from '../api/scope-documents.api.ts';

const fieldNames = ['kind', 'title', 'signedOn', 'body', 'fileName'] as const;
type FieldName = (typeof fieldNames)[number];
const labels: Record<FieldName, string> = { kind: 'The kind', title: 'The title', signedOn: 'The signing date', body: 'The text', fileName: 'The file name' };
/** Text files only: the browser reads them; other formats are pasted as text. */
const accept = '.txt,.md,.text,.csv,.eml,text/plain,text/markdown,text/csv,message/rfc822';
const maxBytes = 2_000_000;

type AttachScopeFormProps = { opportunityId: string; onAttached: (document: ScopeDocument) => void; onCancel: () => void };

export function AttachScopeForm({ opportunityId, onAttached, onCancel }: AttachScopeFormProps) {
  const id = useId();
  const [kind, setKind] = useState<ScopeDocumentKind>('sow');
  const [title, setTitle] = useState('');
  const [signedOn, setSignedOn] = useState('');
  const [body, setBody] = useState('');
  const [fileName, setFileName] = useState<string | null>(null);
  const [reading, setReading] = useState(false);
  const [local, setLocal] = useState<Partial<Record<FieldName, string>>>({});
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const fileInput = useRef<HTMLInputElement>(null);

  const server = splitFieldErrors(error, fieldNames);
  const messageFor = (field: FieldName) => local[field] ?? (server.byField[field] ? fieldSentence(labels[field], server.byField[field]) : undefined);
  const describedBy = (field: FieldName, hint?: string) => [messageFor(field) ? `${id}-${field}-error` : null, hint].filter(Boolean).join(' ') || undefined;
  const fieldError = (field: FieldName) =>
    messageFor(field) ? (
      <p id={`${id}-${field}-error`} className="field-error">
        {messageFor(field)}
      </p>
    ) : null;

  const readFile = (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    if (!file) return;
    if (file.size > maxBytes) {
      setLocal((l) => ({ ...l, body: `“${file.name}” is larger than 2 MB: paste the relevant part instead.` }));
      return;
    }
    setReading(true);
    const reader = new FileReader();
    reader.onload = () => {
      setBody(String(reader.result ?? ''));
      setFileName(file.name);
      setTitle((current) => {
        if (current) return current;
        const name = file.name
          .replace(/\.[^.]+$/, '')
          .replace(/[_-]+/g, ' ')
          .trim();
        return name.charAt(0).toUpperCase() + name.slice(1);
      });
      setLocal((l) => ({ ...l, body: undefined }));
      setReading(false);
    };
    reader.onerror = () => {
      setLocal((l) => ({ ...l, body: `“${file.name}” could not be read: paste its text instead.` }));
      setReading(false);
    };
    reader.readAsText(file);
  };

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const found: Partial<Record<FieldName, string>> = {};
    if (!title.trim()) found.title = 'Give the document a title.';
    if (!body.trim()) found.body = 'Paste the text of the document, or choose a text file.';
    setLocal(found);
    setError(null);
    const first = fieldNames.find((f) => found[f]);
    if (first) {
      form.querySelector<HTMLElement>(`#${CSS.escape(`${id}-${first}`)}`)?.focus();
      return;
    }
    setBusy(true);
    try {
      onAttached(await attachScopeDocument(opportunityId, { kind, title: title.trim(), body, fileName, signedOn: signedOn || null }));
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="stack attach-scope" onSubmit={submit} noValidate aria-label="Attach signed scope">
      <div className="form-row">
        <div className="form-cell">
          <label className="label" htmlFor={`${id}-kind`}>
            Kind
          </label>
          <select
            id={`${id}-kind`}
            className="input"
            autoFocus
            value={kind}
            aria-describedby={describedBy('kind')}
            onChange={(event) => setKind(event.target.value as ScopeDocumentKind)}
          >
            {scopeDocumentKinds.map((k) => (
              <option key={k} value={k}>
                {scopeDocumentKindLabels[k]}
              </option>
            ))}
          </select>
          {fieldError('kind')}
        </div>
        <div className="form-cell form-cell-grow">
          <label className="label" htmlFor={`${id}-title`}>
            Title
          </label>
          <input
            id={`${id}-title`}
            className="input"
            value={title}
            aria-invalid={Boolean(messageFor('title'))}
            aria-describedby={describedBy('title')}
            onChange={(event) => setTitle(event.target.value)}
          />
          {fieldError('title')}
        </div>
        <div className="form-cell">
          <label className="label" htmlFor={`${id}-signedOn`}>
            Signed on <span className="muted">(optional)</span>
          </label>
          <input
            id={`${id}-signedOn`}
            className="input"
            type="date"
            value={signedOn}
            aria-invalid={Boolean(messageFor('signedOn'))}
            aria-describedby={describedBy('signedOn')}
            onChange={(event) => setSignedOn(event.target.value)}
          />
          {fieldError('signedOn')}
        </div>
      </div>
      <div>
        <label className="label" htmlFor={`${id}-file`}>
          Read a text file <span className="muted">(optional)</span>
        </label>
        <input ref={fileInput} id={`${id}-file`} type="file" className="file-input" accept={accept} aria-describedby={`${id}-file-hint`} onChange={readFile} />
        <p id={`${id}-file-hint`} className="muted small">
          .txt, .md, .csv or .eml, read here in the browser into the text below{fileName ? ` (read: ${fileName})` : ''}. For a PDF or Word file, paste its text.
        </p>
        {fieldError('fileName')}
      </div>
      <div>
        <label className="label" htmlFor={`${id}-body`}>
          Text of the document
        </label>
        <textarea
          id={`${id}-body`}
          className="input input-mono"
          rows={8}
          value={body}
          aria-invalid={Boolean(messageFor('body'))}
          aria-describedby={describedBy('body', `${id}-body-hint`)}
          onChange={(event) => setBody(event.target.value)}
        />
        <p id={`${id}-body-hint`} className="muted small">
          The brief quotes it as it is written here, and compares it with what sales noted.
        </p>
        {fieldError('body')}
      </div>
      <ErrorMessage error={server.rest} />
      <div className="button-row">
        <button type="submit" className="button button-primary" disabled={busy || reading}>
          {busy ? 'Attaching…' : reading ? 'Reading the file…' : 'Attach'}
        </button>
        <button type="button" className="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
