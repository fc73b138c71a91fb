// A question for the AE: who asked it and for what, its answer, or (for the AE) a box to answer it inline.
import { useId, useState, type FormEvent } from 'react';
import { Badge } from '../../../ui/badge.tsx';
import { ErrorMessage } from '../../../ui/feedback.tsx';
import { fieldSentence, splitFieldErrors } from '../../../ui/form.ts';
import { formatDateTime } from '../../../ui/format.ts';
import { answerQuestion, type BriefItem } from '../api/brief.api.ts';
import { useBriefAction } from '../hooks/use-brief-action.ts';
import { useBriefContext } from '../hooks/use-brief-context.tsx';
import { questionFieldLabels } from './brief-badges.tsx';

export function QuestionMarks({ item }: { item: BriefItem }) {
  return (
    <>
      {item.raisedBy ? <Badge tone="blue">Asked by {item.raisedBy}</Badge> : <Badge tone="grey">Missing from the sources</Badge>}
      {item.field ? <span className="tag">{questionFieldLabels[item.field]}</span> : null}
      {item.answer ? <Badge tone="green">Answered</Badge> : item.resolved ? <Badge tone="green">Resolved</Badge> : <Badge tone="amber">Open</Badge>}
    </>
  );
}

export function QuestionAnswer({ item }: { item: BriefItem }) {
  const id = useId();
  const { brief, onBrief, mayWrite, isAe, timeZone } = useBriefContext();
  const [answer, setAnswer] = useState('');
  const [touched, setTouched] = useState(false);
  // The CSM's questions are open to answer; those the extractor raised behind a button, so a long list stays short.
  const [open, setOpen] = useState(Boolean(item.raisedBy));
  const action = useBriefAction(onBrief);

  if (item.answer) {
    return (
      <div className="answer">
        <p className="answer-text">{item.answer.text}</p>
        <p className="muted small">
          Answered by {item.answer.by}, {formatDateTime(item.answer.at, timeZone)} · logged as a note on the deal
        </p>
      </div>
    );
  }
  if (item.resolved) return <p className="muted small">{item.dismissed ? 'Dismissed.' : 'The brief answers it now.'}</p>;
  if (item.dismissed || item.withdrawn) return null;
  if (!mayWrite || !isAe) {
    return <p className="muted small">Waiting for {brief.ae ? `${brief.ae.name} (the account executive)` : 'an account executive'} to answer.</p>;
  }

  if (!open) {
    return (
      <div>
        <button type="button" className="button button-small" onClick={() => setOpen(true)}>
          Answer…<span className="visually-hidden"> {item.text}</span>
        </button>
      </div>
    );
  }

  const missing = answer.trim() === '';
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setTouched(true);
    if (missing) return;
    if (await action.run(() => answerQuestion(brief.id, item.id, answer.trim()))) {
      setAnswer('');
      setTouched(false);
    }
  };
  const server = splitFieldErrors(action.error, ['answer']);
  const error = touched && missing ? 'Write the answer first.' : server.byField.answer ? fieldSentence('The answer', server.byField.answer) : undefined;

  return (
    <form className="answer-form" onSubmit={submit} noValidate aria-label={`Answer: ${item.text}`}>
      <label className="label" htmlFor={`${id}-answer`}>
        Your answer
      </label>
      <textarea
        id={`${id}-answer`}
        className="input"
        rows={2}
        autoFocus={!item.raisedBy}
        value={answer}
        aria-invalid={Boolean(error)}
        aria-describedby={error ? `${id}-answer-error` : `${id}-answer-hint`}
        onChange={(event) => setAnswer(event.target.value)}
      />
      {error ? (
        <p id={`${id}-answer-error`} className="field-error">
          {error}
        </p>
      ) : (
        <p id={`${id}-answer-hint`} className="muted small">
          Logged as a note on the deal; the brief is prepared again from it.
        </p>
      )}
      <ErrorMessage error={server.rest} />
      <div>
        <button type="submit" className="button button-primary button-small" disabled={action.pending}>
          {action.pending ? 'Sending…' : 'Send answer'}
        </button>
      </div>
    </form>
  );
}
