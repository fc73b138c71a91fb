// Edit, dismiss (with an optional reason) and restore, for one brief item: the buttons, and the form they open under the item.
import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { ErrorMessage } from '../../../ui/feedback.tsx';
import { fieldSentence, splitFieldErrors } from '../../../ui/form.ts';
import { confirmItem, updateItem, type BriefItem } from '../api/brief.api.ts';
import { useBriefAction } from '../hooks/use-brief-action.ts';
import { useBriefContext } from '../hooks/use-brief-context.tsx';

type Mode = 'idle' | 'edit' | 'dismiss';

type ItemControlsOptions = {
  /** What "Edit" changes: the item's words, or a stakeholder's title. */
  edits?: 'text' | 'title' | 'nothing';
};

/** The buttons (`actions`) and the open form or last error (`panel`), placed apart by the caller (a card, a table row). */
export function useItemControls(item: BriefItem, label: string, { edits = 'text' }: ItemControlsOptions = {}): { actions: ReactNode; panel: ReactNode } {
  const id = useId();
  const { brief, onBrief, mayWrite } = useBriefContext();
  const [mode, setMode] = useState<Mode>('idle');
  const current = edits === 'title' ? (item.stakeholder?.title ?? '') : item.text;
  const [text, setText] = useState(current);
  const [reason, setReason] = useState('');
  const action = useBriefAction(onBrief);
  const editButton = useRef<HTMLButtonElement>(null);
  const dismissButton = useRef<HTMLButtonElement>(null);
  const returnFocus = useRef<HTMLButtonElement | null>(null);

  // Back to the button that opened the form, once it is closed.
  useEffect(() => {
    if (mode === 'idle' && returnFocus.current) {
      returnFocus.current.focus();
      returnFocus.current = null;
    }
  }, [mode]);

  if (!mayWrite) return { actions: null, panel: null };
  const allowEdit = edits !== 'nothing';
  const titleOnly = edits === 'title';

  const open = (next: Mode) => {
    action.clearError();
    setText(current);
    setReason('');
    setMode(next);
  };
  const close = (button: HTMLButtonElement | null) => {
    returnFocus.current = button;
    setMode('idle');
  };

  const save = async (event: FormEvent) => {
    event.preventDefault();
    if (!titleOnly && !text.trim()) return;
    const change = titleOnly ? { title: text.trim() || null } : { text: text.trim() };
    if (await action.run(() => updateItem(brief.id, item.id, change))) close(editButton.current);
  };
  // A dismissed or restored item moves to another group of its section: focus goes to the section's heading
  // (found before the change, while the control is still in the page).
  const headingOf = (from: HTMLElement | null) => from?.closest('section')?.querySelector<HTMLElement>('h2') ?? null;
  const focus = (heading: HTMLElement | null) => {
    if (!heading?.isConnected) return;
    heading.tabIndex = -1;
    heading.focus();
  };
  const dismiss = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const heading = headingOf(event.currentTarget);
    if (await action.run(() => updateItem(brief.id, item.id, { dismissed: true, reason: reason.trim() || null }))) focus(heading);
  };
  const confirm = async () => {
    await action.run(() => confirmItem(brief.id, item.id));
  };
  const restore = async (button: HTMLButtonElement) => {
    const heading = headingOf(button);
    if (await action.run(() => updateItem(brief.id, item.id, { dismissed: false }))) focus(heading);
  };

  const server = splitFieldErrors(action.error, ['text', 'title', 'reason']);
  const serverText = titleOnly ? server.byField.title : server.byField.text;
  const textError = serverText
    ? fieldSentence(titleOnly ? 'The title' : 'The text', serverText)
    : !titleOnly && !text.trim()
      ? 'Write the item, or cancel.'
      : undefined;

  const actions = (
    <div className="item-actions" role="group" aria-label={`${label}: changes`}>
      {item.dismissed ? (
        <button type="button" className="button button-small" disabled={action.pending} onClick={(event) => void restore(event.currentTarget)}>
          {action.pending ? 'Restoring…' : 'Restore'}
        </button>
      ) : (
        <>
          {/* A promise is confirmed by its owner's review (its own "Confirm"); other weak items here. */}
          {item.needsConfirmation && !item.withdrawn && item.kind !== 'promise' ? (
            <button type="button" className="button button-primary button-small" disabled={action.pending} onClick={() => void confirm()}>
              {action.pending && mode === 'idle' ? 'Confirming…' : 'Confirm'}
              <span className="visually-hidden"> {label}</span>
            </button>
          ) : null}
          {allowEdit ? (
            <button
              ref={editButton}
              type="button"
              className="button button-small"
              aria-expanded={mode === 'edit'}
              disabled={action.pending && mode !== 'edit'}
              onClick={() => (mode === 'edit' ? close(editButton.current) : open('edit'))}
            >
              Edit<span className="visually-hidden"> {label}</span>
            </button>
          ) : null}
          <button
            ref={dismissButton}
            type="button"
            className="button button-small"
            aria-expanded={mode === 'dismiss'}
            onClick={() => (mode === 'dismiss' ? close(dismissButton.current) : open('dismiss'))}
          >
            Dismiss<span className="visually-hidden"> {label}</span>
          </button>
        </>
      )}
    </div>
  );

  const panel =
    mode === 'idle' && !action.error ? null : (
      <>
        {mode === 'edit' ? (
          <form className="item-form" onSubmit={save} noValidate aria-label={`Edit ${label}`}>
            <label className="label" htmlFor={`${id}-text`}>
              {titleOnly ? 'Title' : 'Text'}
            </label>
            <textarea
              id={`${id}-text`}
              className="input"
              rows={titleOnly ? 1 : 2}
              autoFocus
              value={text}
              aria-invalid={Boolean(textError)}
              aria-describedby={textError ? `${id}-text-error` : `${id}-text-hint`}
              onChange={(event) => setText(event.target.value)}
            />
            {textError ? (
              <p id={`${id}-text-error`} className="field-error">
                {textError}
              </p>
            ) : (
              <p id={`${id}-text-hint`} className="muted small">
                {item.origin === 'extracted' ? 'Your wording is kept apart from what was extracted; the evidence stays.' : 'The evidence stays as it is.'}
              </p>
            )}
            <ErrorMessage error={server.rest} />
            <div className="button-row">
              <button type="submit" className="button button-primary button-small" disabled={action.pending || (!titleOnly && !text.trim())}>
                {action.pending ? 'Saving…' : 'Save'}
              </button>
              <button type="button" className="button button-small" onClick={() => close(editButton.current)}>
                Cancel
              </button>
            </div>
          </form>
        ) : null}
        {mode === 'dismiss' ? (
          <form className="item-form" onSubmit={dismiss} noValidate aria-label={`Dismiss ${label}`}>
            <label className="label" htmlFor={`${id}-reason`}>
              Why dismiss it? <span className="muted">(optional)</span>
            </label>
            <input id={`${id}-reason`} className="input" autoFocus value={reason} onChange={(event) => setReason(event.target.value)} />
            <ErrorMessage error={action.error} />
            <div className="button-row">
              <button type="submit" className="button button-danger-outline button-small" disabled={action.pending}>
                {action.pending ? 'Dismissing…' : 'Dismiss'}
              </button>
              <button type="button" className="button button-small" onClick={() => close(dismissButton.current)}>
                Cancel
              </button>
            </div>
          </form>
        ) : null}
        {mode === 'idle' ? <ErrorMessage error={action.error} /> : null}
      </>
    );
  return { actions, panel };
}
