// "Attach signed scope": kind, title, signed-on date and the text, pasted or read from a text file in the browser.
import { useId, useRef, useState, type ChangeEvent, type FormEvent } from 'react';
import { ErrorMessage } from '../../../ui/feedback.tsx';
import { fieldSentence, splitFieldErrors } from '../../../ui/form.ts';
import { FieldMessage, FormField, fieldControl, focusFirstProblem } from '../../../ui/form-field.tsx';
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
  const control = (field: FieldName, hint = false) => fieldControl(`${id}-${field}`, messageFor(field), hint);

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
    if (focusFirstProblem(form, id, fieldNames, found)) return;
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
        <FormField id={`${id}-kind`} label="Kind" error={messageFor('kind')}>
          <select {...control('kind')} className="input" autoFocus value={kind} onChange={(event) => setKind(event.target.value as ScopeDocumentKind)}>
            {scopeDocumentKinds.map((k) => (
              <option key={k} value={k}>
                {scopeDocumentKindLabels[k]}
              </option>
            ))}
          </select>
        </FormField>
        <FormField id={`${id}-title`} label="Title" error={messageFor('title')} className="form-cell form-cell-grow">
          <input {...control('title')} className="input" value={title} onChange={(event) => setTitle(event.target.value)} />
        </FormField>
        <FormField
          id={`${id}-signedOn`}
          label={
            <>
              Signed on <span className="muted">(optional)</span>
            </>
          }
          error={messageFor('signedOn')}
        >
          <input {...control('signedOn')} className="input" type="date" value={signedOn} onChange={(event) => setSignedOn(event.target.value)} />
        </FormField>
      </div>
      <div>
        <label className="label" htmlFor={`${id}-file`}>
          Read a text file <span className="muted">(optional)</span>
        </label>
        <input ref={fileInput} id={`${id}-file`} type="file" className="file-input" accept={accept} aria-describedby={`${id}-file-hint`} onChange={readFile} />
        <p id={`${id}-file-hint`} className="muted small">
          .txt, .md, .csv or .eml, read here in the browser into the text below{fileName ? ` (read: ${fileName})` : ''}. For a PDF or Word file, paste its text.
        </p>
        <FieldMessage id={`${id}-fileName`} error={messageFor('fileName')} />
      </div>
      <FormField
        id={`${id}-body`}
        label="Text of the document"
        error={messageFor('body')}
        hint="The brief quotes it as it is written here, and compares it with what sales noted."
        className=""
      >
        <textarea {...control('body', true)} className="input input-mono" rows={8} value={body} onChange={(event) => setBody(event.target.value)} />
      </FormField>
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
