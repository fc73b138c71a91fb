// The review's buttons: the AE sends the brief to the CSM; the CSM returns it with questions or accepts it (once every
// gate holds); anyone on the deal refreshes it from the sources. Each shows the server's refusal when there is one.
import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { Dialog } from '../../../ui/dialog.tsx';
import { ErrorMessage } from '../../../ui/feedback.tsx';
import { acceptBrief, prepareBrief, returnBrief, submitBrief, type Brief, type QuestionField, type ReturnQuestion } from '../api/brief.api.ts';
import { useBriefAction } from '../hooks/use-brief-action.ts';
import { useBriefContext } from '../hooks/use-brief-context.tsx';
import { ReturnDialog } from './return-dialog.tsx';

/** The gates in a few words, for the reason beside "Accept handoff" (the Gates section has the detail). */
const gateWords: Record<string, string> = {
  goals: 'customer goals',
  first_value: 'first value',
  risk_owners: 'risk owners',
  promises_reviewed: 'promise reviews',
  evidence: 'evidence',
  owner: 'AE and CSM',
  conflicts: 'conflicts with the signed scope',
};

type ReviewToolbarProps = {
  /** What an action did, for the page to announce: a sentence, with links when there is somewhere to go. */
  onNotice: (notice: { kind: 'submitted' | 'returned' | 'accepted' | 'refreshed'; message: ReactNode }) => void;
};

function SubmitDialog({
  open,
  csmName,
  busy,
  error,
  onCancel,
  onConfirm,
}: {
  open: boolean;
  csmName: string;
  busy: boolean;
  error: unknown;
  onCancel: () => void;
  onConfirm: (note: string) => void;
}) {
  const id = useId();
  const [note, setNote] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onConfirm(note.trim());
  };
  return (
    <Dialog open={open} title={`Send the brief to ${csmName}`} onClose={onCancel}>
      <form onSubmit={submit} className="stack" noValidate>
        <p className="muted">{csmName} then accepts the handoff or returns it with questions.</p>
        <div>
          <label className="label" htmlFor={`${id}-note`}>
            Note for the CSM <span className="muted">(optional)</span>
          </label>
          <textarea id={`${id}-note`} className="input" rows={3} autoFocus value={note} onChange={(event) => setNote(event.target.value)} />
        </div>
        <ErrorMessage error={error} />
        <div className="dialog-actions">
          <button type="button" className="button" onClick={onCancel}>
            Cancel
          </button>
          <button type="submit" className="button button-primary" disabled={busy}>
            {busy ? 'Sending…' : 'Send to CSM'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

export function ReviewToolbar({ onNotice }: ReviewToolbarProps) {
  const reasonId = useId();
  const { brief, onBrief, mayWrite, isAe, isCsm } = useBriefContext();
  const [dialog, setDialog] = useState<'submit' | 'return' | null>(null);
  const [dialogKey, setDialogKey] = useState(0);
  const submit = useBriefAction(onBrief);
  const giveBack = useBriefAction(onBrief);
  const accept = useBriefAction(onBrief);
  const refresh = useBriefAction(onBrief);

  const ae = brief.ae?.name ?? 'the account executive';
  const csm = brief.csm?.name ?? 'the CSM';
  const openGates = brief.gates.filter((g) => !g.passed);
  const status = brief.status;
  const canSubmit = mayWrite && isAe && (status === 'draft' || status === 'ae_review' || status === 'returned');
  const canDecide = mayWrite && isCsm && status === 'csm_review';
  const openFields = brief.items.question.filter((q) => q.field && !q.resolved && !q.dismissed).map((q) => q.field as QuestionField);

  const closeDialog = () => {
    setDialog(null);
    submit.clearError();
    giveBack.clearError();
  };

  const onSubmit = async (note: string) => {
    if (await submit.run(() => submitBrief(brief.id, note || undefined))) {
      setDialog(null);
      onNotice({ kind: 'submitted', message: `The brief is with ${csm} now.` });
    }
  };
  const onReturn = async (questions: ReturnQuestion[]) => {
    if (await giveBack.run(() => returnBrief(brief.id, questions))) {
      setDialog(null);
      setDialogKey((k) => k + 1);
      onNotice({ kind: 'returned', message: `The brief went back to ${ae} with ${questions.length === 1 ? 'a question' : `${questions.length} questions`}.` });
    }
  };
  const onAccept = () =>
    void accept.run(async () => {
      const next: Brief = await acceptBrief(brief.id);
      onNotice({ kind: 'accepted', message: `The handoff is accepted. The kickoff preparation tasks are being created for ${csm}.` });
      return next;
    });
  const onRefresh = () =>
    void refresh.run(async () => {
      const next = await prepareBrief(brief.opportunity.id);
      onNotice({
        kind: 'refreshed',
        message:
          next.outcome === 'unchanged'
            ? 'The sources have not changed: the brief is up to date.'
            : 'The brief was prepared again from the current sources; your edits are kept.',
      });
      return next;
    });

  if (!mayWrite) return null;
  const waitingFor =
    !canSubmit && !canDecide ? (status === 'csm_review' ? `${csm} decides now.` : status === 'paused' ? null : `${ae} sends it to the CSM.`) : null;

  return (
    <div className="review-toolbar">
      <div className="button-row" role="group" aria-label="Review">
        {canSubmit ? (
          <button type="button" className="button button-primary" disabled={submit.pending} onClick={() => setDialog('submit')}>
            Send to CSM
          </button>
        ) : null}
        {canDecide ? (
          <>
            <button type="button" className="button" disabled={giveBack.pending} onClick={() => setDialog('return')}>
              Return with questions
            </button>
            <button
              type="button"
              className="button button-success"
              disabled={accept.pending || openGates.length > 0}
              aria-describedby={openGates.length ? reasonId : undefined}
              onClick={onAccept}
            >
              {accept.pending ? 'Accepting…' : 'Accept handoff'}
            </button>
          </>
        ) : null}
        <button
          type="button"
          className="button"
          disabled={refresh.pending}
          onClick={onRefresh}
          title="Read the deal's notes, calls, e-mails, meetings and signed scope again"
        >
          {refresh.pending ? 'Refreshing…' : 'Refresh from sources'}
        </button>
      </div>
      {canDecide && openGates.length ? (
        <p id={reasonId} className="muted small toolbar-reason">
          Accepting waits for {openGates.length === 1 ? 'an open gate' : `${openGates.length} open gates`}:{' '}
          {openGates.map((g) => gateWords[g.key] ?? g.label.toLowerCase()).join(', ')}.
        </p>
      ) : null}
      {waitingFor ? <p className="muted small toolbar-reason">{waitingFor}</p> : null}
      <ErrorMessage error={accept.error ?? refresh.error} />
      <SubmitDialog
        open={dialog === 'submit'}
        csmName={csm}
        busy={submit.pending}
        error={submit.error}
        onCancel={closeDialog}
        onConfirm={(note) => void onSubmit(note)}
      />
      <ReturnDialog
        key={dialogKey}
        open={dialog === 'return'}
        aeName={ae}
        openFields={openFields}
        busy={giveBack.pending}
        error={giveBack.error}
        onCancel={closeDialog}
        onConfirm={(questions) => void onReturn(questions)}
      />
    </div>
  );
}
