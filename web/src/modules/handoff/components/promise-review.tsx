// A promise's review state, and for its owner "Confirm" (as it stands) or "Correct…" (with the promise as it really is).
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { Badge } from '../../../ui/badge.tsx';
import { ErrorMessage } from '../../../ui/feedback.tsx';
import { fieldSentence, splitFieldErrors } from '../../../ui/form.ts';
import { formatDateTime } from '../../../ui/format.ts';
import { reviewPromise, type BriefItem } from '../api/brief.api.ts';
import { useBriefAction } from '../hooks/use-brief-action.ts';
import { useBriefContext } from '../hooks/use-brief-context.tsx';

export function PromiseReviewMark({ item }: { item: BriefItem }) {
  const { timeZone } = useBriefContext();
  if (item.signed && !item.review)
    return (
      <Badge tone="green" title="Quoted from the signed scope: no review needed">
        In the signed scope
      </Badge>
    );
  if (!item.review) return <Badge tone="amber">Not reviewed</Badge>;
  const by = item.review.by?.name ?? 'someone';
  return (
    <Badge tone="green" title={`${formatDateTime(item.review.at, timeZone)}${item.review.note ? `: ${item.review.note}` : ''}`}>
      {item.review.decision === 'corrected' ? `Corrected by ${by}` : `Confirmed by ${by}`}
    </Badge>
  );
}

/** The owner of the promise reviews it (the AE when nobody else was given it); admins may too. */
export function PromiseReview({ item }: { item: BriefItem }) {
  const id = useId();
  const { brief, onBrief, mayWrite, userId, isAe, isCsm } = useBriefContext();
  const [correcting, setCorrecting] = useState(false);
  const [text, setText] = useState(item.text);
  const [note, setNote] = useState('');
  const action = useBriefAction(onBrief);
  const correctButton = useRef<HTMLButtonElement>(null);
  const wasOpen = useRef(false);

  useEffect(() => {
    if (!correcting && wasOpen.current) correctButton.current?.focus();
    wasOpen.current = correcting;
  }, [correcting]);

  const ownerId = item.owner?.id ?? brief.ae?.id ?? null;
  // Admins may act as anyone; the server decides in the end and its refusal is shown.
  const isAdminActing = isAe && isCsm && userId !== brief.ae?.id && userId !== brief.csm?.id;
  const mayReview = mayWrite && !item.dismissed && !item.withdrawn && (userId === ownerId || isAdminActing);
  if (!mayReview || item.review || item.signed) {
    return item.review?.note ? <p className="muted small">Review note: {item.review.note}</p> : null;
  }

  const confirm = () => void action.run(() => reviewPromise(brief.id, item.id, { decision: 'confirmed' }));
  const correct = async (event: FormEvent) => {
    event.preventDefault();
    if (!text.trim()) return;
    if (await action.run(() => reviewPromise(brief.id, item.id, { decision: 'corrected', text: text.trim(), note: note.trim() || null }))) setCorrecting(false);
  };
  const server = splitFieldErrors(action.error, ['text', 'note']);

  return (
    <div className="promise-review">
      {correcting ? (
        <form className="item-form" onSubmit={correct} noValidate aria-label="Correct the promise">
          <label className="label" htmlFor={`${id}-text`}>
            The promise as it really stands
          </label>
          <textarea
            id={`${id}-text`}
            className="input"
            rows={2}
            autoFocus
            value={text}
            aria-invalid={Boolean(server.byField.text)}
            aria-describedby={server.byField.text ? `${id}-text-error` : undefined}
            onChange={(event) => setText(event.target.value)}
          />
          {server.byField.text ? (
            <p id={`${id}-text-error`} className="field-error">
              {fieldSentence('The promise', server.byField.text)}
            </p>
          ) : null}
          <label className="label" htmlFor={`${id}-note`}>
            Note <span className="muted">(optional)</span>
          </label>
          <input id={`${id}-note`} className="input" value={note} onChange={(event) => setNote(event.target.value)} />
          <ErrorMessage error={server.rest} />
          <div className="button-row">
            <button type="submit" className="button button-primary button-small" disabled={action.pending || !text.trim()}>
              {action.pending ? 'Saving…' : 'Save correction'}
            </button>
            <button type="button" className="button button-small" onClick={() => setCorrecting(false)}>
              Cancel
            </button>
          </div>
        </form>
      ) : (
        <div className="button-row">
          <span className="muted small">Yours to review: is this what was promised?</span>
          <button type="button" className="button button-small button-success" disabled={action.pending} onClick={confirm}>
            {action.pending ? 'Confirming…' : 'Confirm'}
          </button>
          <button
            ref={correctButton}
            type="button"
            className="button button-small"
            disabled={action.pending}
            onClick={() => {
              action.clearError();
              setText(item.text);
              setCorrecting(true);
            }}
          >
            Correct…
          </button>
        </div>
      )}
      {correcting ? null : <ErrorMessage error={action.error} />}
    </div>
  );
}
