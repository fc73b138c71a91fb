// Mark won / Mark lost / Reopen, shown to everyone and enabled only for roles that may close deals.
import { useState } from 'react';
import type { Opportunity } from '../api/opportunities.api.ts';
import { LoseDialog } from './lose-dialog.tsx';

type CloseActionsProps = {
  opportunity: Opportunity;
  allowed: boolean;
  pending: 'win' | 'lose' | 'reopen' | null;
  error: unknown;
  onWin: () => Promise<boolean>;
  onLose: (reason: string) => Promise<boolean>;
  onReopen: () => Promise<boolean>;
  onClearError: () => void;
};

export function CloseActions({ opportunity, allowed, pending, error, onWin, onLose, onReopen, onClearError }: CloseActionsProps) {
  const [losing, setLosing] = useState(false);
  const closed = opportunity.stageCategory !== 'open';
  const why = allowed ? undefined : 'close-actions-why';

  return (
    <div className="close-actions">
      <div className="button-row">
        {closed ? (
          <button type="button" className="button" disabled={!allowed || pending !== null} aria-describedby={why} onClick={() => void onReopen()}>
            {pending === 'reopen' ? 'Reopening…' : 'Reopen'}
          </button>
        ) : (
          <>
            <button type="button" className="button button-success" disabled={!allowed || pending !== null} aria-describedby={why} onClick={() => void onWin()}>
              {pending === 'win' ? 'Marking won…' : 'Mark won'}
            </button>
            <button
              type="button"
              className="button button-danger-outline"
              disabled={!allowed || pending !== null}
              aria-describedby={why}
              onClick={() => {
                onClearError();
                setLosing(true);
              }}
            >
              Mark lost
            </button>
          </>
        )}
      </div>
      {allowed ? null : (
        <p id="close-actions-why" className="muted small">
          Only admin and sales users can win, lose or reopen deals.
        </p>
      )}
      <LoseDialog
        open={losing}
        dealName={opportunity.name}
        busy={pending === 'lose'}
        error={losing ? error : null}
        onCancel={() => setLosing(false)}
        onConfirm={async (reason) => {
          if (await onLose(reason)) setLosing(false);
        }}
      />
    </div>
  );
}
