// "Add goal" (and the like) under a section: the words, what the kind needs, and optionally the exact words of a source as evidence.
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { ErrorMessage } from '../../../ui/feedback.tsx';
import { fieldSentence, splitFieldErrors } from '../../../ui/form.ts';
import { UserSelect } from '../../users/components/user-select.tsx';
import { addItem, authorities, authorityLabels, promiseKinds, type Authority, type ItemKind, type NewItem, type PromiseKind } from '../api/brief.api.ts';
import { useBriefAction } from '../hooks/use-brief-action.ts';
import { useBriefContext } from '../hooks/use-brief-context.tsx';
import { itemKindLabels, promiseKindLabels, sourceKindLabels } from './brief-badges.tsx';

const fieldNames = ['text', 'promiseKind', 'authority', 'title', 'ownerId', 'evidence'] as const;
type FieldName = (typeof fieldNames)[number];

export function AddItemForm({ kind }: { kind: Exclude<ItemKind, 'question'> }) {
  const id = useId();
  const { brief, onBrief, mayWrite, people } = useBriefContext();
  const [open, setOpen] = useState(false);
  const [text, setText] = useState('');
  const [promiseKind, setPromiseKind] = useState<PromiseKind | ''>('');
  const [authority, setAuthority] = useState<Authority>('unknown');
  const [engaged, setEngaged] = useState(false);
  const [title, setTitle] = useState('');
  const [ownerId, setOwnerId] = useState('');
  const [sourceId, setSourceId] = useState('');
  const [quote, setQuote] = useState('');
  const [local, setLocal] = useState<Partial<Record<FieldName, string>>>({});
  const [added, setAdded] = useState(false);
  const action = useBriefAction(onBrief);
  const toggle = useRef<HTMLButtonElement>(null);
  const wasOpen = useRef(false);

  useEffect(() => {
    if (!open && wasOpen.current) toggle.current?.focus();
    wasOpen.current = open;
  }, [open]);

  if (!mayWrite) return null;
  const one = itemKindLabels[kind].one;
  const isPerson = kind === 'stakeholder';
  const hasOwner = kind === 'risk' || kind === 'promise' || kind === 'kickoff_task';

  const reset = () => {
    setText('');
    setPromiseKind('');
    setAuthority('unknown');
    setEngaged(false);
    setTitle('');
    setOwnerId('');
    setSourceId('');
    setQuote('');
    setLocal({});
    action.clearError();
  };

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const found: Partial<Record<FieldName, string>> = {};
    if (!text.trim()) found.text = isPerson ? 'Enter the person’s name.' : `Write the ${one}.`;
    if (kind === 'promise' && !promiseKind) found.promiseKind = 'Choose what kind of promise it is.';
    if (sourceId && quote.trim().length < 3) found.evidence = 'Paste the exact words from the source (at least 3 characters), or choose no source.';
    setLocal(found);
    setAdded(false);
    const first = fieldNames.find((f) => found[f]);
    if (first) {
      form.querySelector<HTMLElement>(`#${CSS.escape(`${id}-${first}`)}`)?.focus();
      return;
    }
    const item: NewItem = {
      kind,
      text: text.trim(),
      ...(kind === 'promise' && promiseKind ? { promiseKind } : {}),
      ...(isPerson ? { authority, engaged, title: title.trim() || null } : {}),
      ...(hasOwner && ownerId ? { ownerId } : {}),
      ...(sourceId ? { evidence: { sourceId, quote: quote.trim() } } : {}),
    };
    if (await action.run(() => addItem(brief.id, item))) {
      reset();
      setAdded(true);
      setOpen(false);
    }
  };

  const server = splitFieldErrors(action.error, fieldNames);
  const fieldLabels: Record<FieldName, string> = {
    text: isPerson ? 'The name' : 'The text',
    promiseKind: 'The kind',
    authority: 'The authority',
    title: 'The title',
    ownerId: 'The owner',
    evidence: 'The quote',
  };
  // The server says of a quote "these words are not in …": a sentence of its own.
  const sentence = (field: FieldName, message: string) =>
    field === 'evidence'
      ? fieldSentence('', message)
          .trim()
          .replace(/^./, (c) => c.toUpperCase())
      : fieldSentence(fieldLabels[field], message);
  const messageFor = (field: FieldName) => local[field] ?? (server.byField[field] ? sentence(field, server.byField[field]) : undefined);
  const describedBy = (field: FieldName, hint?: string) => (messageFor(field) ? `${id}-${field}-error` : hint);
  const fieldError = (field: FieldName) =>
    messageFor(field) ? (
      <p id={`${id}-${field}-error`} className="field-error">
        {messageFor(field)}
      </p>
    ) : null;

  return (
    <div className="add-item">
      <p className="visually-hidden" role="status" aria-live="polite">
        {added ? `The ${one} was added.` : ''}
      </p>
      {open ? null : (
        <button ref={toggle} type="button" className="button button-small" onClick={() => setOpen(true)}>
          + Add {one}
        </button>
      )}
      {open ? (
        <form className="add-item-form stack" onSubmit={submit} noValidate aria-label={`Add ${one}`}>
          <div className="form-row">
            <div className="form-cell form-cell-grow">
              <label className="label" htmlFor={`${id}-text`}>
                {isPerson ? 'Name' : `The ${one}`}
              </label>
              {isPerson ? (
                <input
                  id={`${id}-text`}
                  className="input"
                  autoFocus
                  value={text}
                  aria-invalid={Boolean(messageFor('text'))}
                  aria-describedby={describedBy('text')}
                  onChange={(event) => setText(event.target.value)}
                />
              ) : (
                <textarea
                  id={`${id}-text`}
                  className="input"
                  rows={2}
                  autoFocus
                  value={text}
                  aria-invalid={Boolean(messageFor('text'))}
                  aria-describedby={describedBy('text')}
                  onChange={(event) => setText(event.target.value)}
                />
              )}
              {fieldError('text')}
            </div>
            {isPerson ? (
              <div className="form-cell">
                <label className="label" htmlFor={`${id}-title`}>
                  Title <span className="muted">(optional)</span>
                </label>
                <input
                  id={`${id}-title`}
                  className="input"
                  value={title}
                  aria-describedby={describedBy('title')}
                  onChange={(event) => setTitle(event.target.value)}
                />
                {fieldError('title')}
              </div>
            ) : null}
          </div>
          {isPerson || kind === 'promise' || hasOwner ? (
            <div className="form-row">
              {isPerson ? (
                <>
                  <div className="form-cell">
                    <label className="label" htmlFor={`${id}-authority`}>
                      Authority
                    </label>
                    <select
                      id={`${id}-authority`}
                      className="input"
                      value={authority}
                      aria-describedby={describedBy('authority')}
                      onChange={(event) => setAuthority(event.target.value as Authority)}
                    >
                      {authorities.map((a) => (
                        <option key={a} value={a}>
                          {authorityLabels[a]}
                        </option>
                      ))}
                    </select>
                    {fieldError('authority')}
                  </div>
                  <div className="form-cell form-cell-end">
                    <label className="checkbox">
                      <input type="checkbox" checked={engaged} onChange={(event) => setEngaged(event.target.checked)} /> Took part (spoke, attended, wrote)
                    </label>
                  </div>
                </>
              ) : null}
              {kind === 'promise' ? (
                <div className="form-cell">
                  <label className="label" htmlFor={`${id}-promiseKind`}>
                    Kind of promise
                  </label>
                  <select
                    id={`${id}-promiseKind`}
                    className="input"
                    value={promiseKind}
                    aria-invalid={Boolean(messageFor('promiseKind'))}
                    aria-describedby={describedBy('promiseKind')}
                    onChange={(event) => setPromiseKind(event.target.value as PromiseKind)}
                  >
                    <option value="">Choose…</option>
                    {promiseKinds.map((k) => (
                      <option key={k} value={k}>
                        {promiseKindLabels[k]}
                      </option>
                    ))}
                  </select>
                  {fieldError('promiseKind')}
                </div>
              ) : null}
              {hasOwner ? (
                <div className="form-cell">
                  <label className="label" htmlFor={`${id}-ownerId`}>
                    Owner <span className="muted">(optional)</span>
                  </label>
                  <UserSelect
                    id={`${id}-ownerId`}
                    people={people}
                    value={ownerId}
                    emptyLabel={kind === 'promise' ? 'The account executive' : kind === 'kickoff_task' ? 'The CSM' : 'Nobody yet'}
                    onChange={setOwnerId}
                    describedBy={describedBy('ownerId')}
                  />
                  {fieldError('ownerId')}
                </div>
              ) : null}
            </div>
          ) : null}
          <fieldset className="fieldset-plain evidence-fieldset">
            <legend className="label">Evidence</legend>
            <div className="form-row">
              <div className="form-cell evidence-source-cell">
                <label className="label label-light" htmlFor={`${id}-source`}>
                  Source
                </label>
                <select
                  id={`${id}-source`}
                  className="input"
                  value={sourceId}
                  aria-describedby={`${id}-source-hint`}
                  onChange={(event) => setSourceId(event.target.value)}
                >
                  <option value="">None: log my words as a note</option>
                  {brief.sources.map((s) => (
                    <option key={s.id} value={s.id}>
                      {sourceKindLabels[s.kind]}: {s.title}
                    </option>
                  ))}
                </select>
              </div>
              {sourceId ? (
                <div className="form-cell form-cell-grow">
                  <label className="label label-light" htmlFor={`${id}-evidence`}>
                    The exact words in that source
                  </label>
                  <textarea
                    id={`${id}-evidence`}
                    className="input"
                    rows={2}
                    value={quote}
                    aria-invalid={Boolean(messageFor('evidence'))}
                    aria-describedby={describedBy('evidence')}
                    onChange={(event) => setQuote(event.target.value)}
                  />
                  {fieldError('evidence')}
                </div>
              ) : null}
            </div>
            <p id={`${id}-source-hint`} className="muted small">
              {sourceId
                ? 'Copy the words from the source column; they must appear in it as written.'
                : kind === 'kickoff_task'
                  ? 'A kickoff task needs no source.'
                  : `Without a source, your words are logged as a note on the deal and the ${one} cites that note.`}
            </p>
          </fieldset>
          <ErrorMessage error={server.rest} />
          <div className="button-row">
            <button type="submit" className="button button-primary button-small" disabled={action.pending}>
              {action.pending ? 'Adding…' : `Add ${one}`}
            </button>
            <button
              type="button"
              className="button button-small"
              onClick={() => {
                reset();
                setOpen(false);
              }}
            >
              Cancel
            </button>
          </div>
        </form>
      ) : null}
    </div>
  );
}
