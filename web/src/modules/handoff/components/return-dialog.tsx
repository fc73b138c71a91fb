// "Return with questions": the CSM picks what is missing from the question vocabulary, each with a question to edit; at least one.
import { useId, useState, type FormEvent } from 'react';
import { Dialog } from '../../../ui/dialog.tsx';
import { ErrorMessage } from '../../../ui/feedback.tsx';
import { questionFields, questionText, type QuestionField, type ReturnQuestion } from '../api/brief.api.ts';
import { questionFieldLabels } from './brief-badges.tsx';

type ReturnDialogProps = {
  open: boolean;
  aeName: string;
  /** Fields the brief already has open questions for (shown as a hint). */
  openFields: QuestionField[];
  busy: boolean;
  error: unknown;
  onCancel: () => void;
  onConfirm: (questions: ReturnQuestion[]) => void;
};

type Choice = { checked: boolean; text: string };

const initial = (): Record<QuestionField, Choice> =>
  Object.fromEntries(questionFields.map((f) => [f, { checked: false, text: questionText[f] }])) as Record<QuestionField, Choice>;

export function ReturnDialog({ open, aeName, openFields, busy, error, onCancel, onConfirm }: ReturnDialogProps) {
  const id = useId();
  const [choices, setChoices] = useState(initial);
  const [other, setOther] = useState<Choice>({ checked: false, text: '' });
  const [problem, setProblem] = useState<string | null>(null);

  const set = (field: QuestionField, change: Partial<Choice>) => {
    setChoices((current) => ({ ...current, [field]: { ...current[field], ...change } }));
    setProblem(null);
  };

  const close = () => {
    setChoices(initial());
    setOther({ checked: false, text: '' });
    setProblem(null);
    onCancel();
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const questions: ReturnQuestion[] = questionFields.filter((f) => choices[f].checked).map((f) => ({ field: f, text: choices[f].text.trim() || null }));
    if (other.checked) {
      if (!other.text.trim()) {
        setProblem('Write the other question, or untick it.');
        document.getElementById(`${id}-other-text`)?.focus();
        return;
      }
      questions.push({ field: null, text: other.text.trim() });
    }
    if (questions.length === 0) {
      setProblem('Pick at least one thing that is missing.');
      document.getElementById(`${id}-${questionFields[0]}`)?.focus();
      return;
    }
    setProblem(null);
    onConfirm(questions);
  };

  return (
    <Dialog open={open} title="Return the brief with questions" onClose={close}>
      <form onSubmit={submit} className="stack return-form" noValidate>
        <p className="muted">Pick what is missing. Each becomes a question for {aeName}, who answers it in the brief.</p>
        <fieldset className="fieldset-plain" aria-describedby={problem ? `${id}-problem` : undefined}>
          <legend className="label">What is missing</legend>
          <ul className="return-fields">
            {questionFields.map((f, index) => (
              <li key={f}>
                <label className="checkbox">
                  <input
                    id={`${id}-${f}`}
                    type="checkbox"
                    autoFocus={index === 0}
                    checked={choices[f].checked}
                    onChange={(event) => set(f, { checked: event.target.checked })}
                  />
                  {questionFieldLabels[f]}
                  {openFields.includes(f) ? <span className="muted small">(open in the brief)</span> : null}
                </label>
                {choices[f].checked ? (
                  <>
                    <label className="visually-hidden" htmlFor={`${id}-${f}-text`}>
                      Question about {questionFieldLabels[f].toLowerCase()}
                    </label>
                    <textarea
                      id={`${id}-${f}-text`}
                      className="input"
                      rows={2}
                      value={choices[f].text}
                      onChange={(event) => set(f, { text: event.target.value })}
                    />
                  </>
                ) : null}
              </li>
            ))}
            <li>
              <label className="checkbox">
                <input
                  type="checkbox"
                  checked={other.checked}
                  onChange={(event) => {
                    setOther((o) => ({ ...o, checked: event.target.checked }));
                    setProblem(null);
                  }}
                />
                Another question
              </label>
              {other.checked ? (
                <>
                  <label className="visually-hidden" htmlFor={`${id}-other-text`}>
                    Your question
                  </label>
                  <textarea
                    id={`${id}-other-text`}
                    className="input"
                    rows={2}
                    value={other.text}
                    onChange={(event) => setOther((o) => ({ ...o, text: event.target.value }))}
                  />
                </>
              ) : null}
            </li>
          </ul>
        </fieldset>
        {problem ? (
          <p id={`${id}-problem`} className="field-error" role="alert">
            {problem}
          </p>
        ) : null}
        <ErrorMessage error={error} />
        <div className="dialog-actions">
          <button type="button" className="button" onClick={close}>
            Cancel
          </button>
          <button type="submit" className="button button-primary" disabled={busy}>
            {busy ? 'Returning…' : `Return to ${aeName}`}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
