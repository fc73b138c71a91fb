// Mark won / Mark lost / Reopen, shown to everyone and enabled only for roles that may close deals. Mark won and
// Mark lost each ask first in a dialog (the same ones a drop on the board's won or lost column opens).
import { useState } from 'react';
import type { LoseBody, Opportunity } from '../api/opportunities.api.ts';
import { LoseDialog } from './lose-dialog.tsx';
import { WinDialog } from './win-dialog.tsx';

type CloseActionsProps = {
  opportunity: Opportunity;
  allowed: boolean;
  pending: 'win' | 'lose' | 'reopen' | null;
  error: unknown;
  /** Which action the error came from. */
  errorAction?: 'win' | 'lose' | 'reopen' | null | undefined;
  onWin: () => Promise<boolean>;
  onLose: (body: LoseBody) => Promise<boolean>;
  onReopen: () => Promise<boolean>;
  onClearError: () => void;
  /** Close the win dialog and go to the deal's fields (a win refused for missing fields). */
  onEditFields?: (() => void) | undefined;
};

export function CloseActions({ opportunity, allowed, pending, error, errorAction, onWin, onLose, onReopen, onClearError, onEditFields }: CloseActionsProps) {
  const [asking, setAsking] = useState<'win' | 'lose' | null>(null);
  const closed = opportunity.stageCategory !== 'open';
  const why = allowed ? undefined : 'close-actions-why';
  const ask = (kind: 'win' | 'lose') => {
    onClearError();
    setAsking(kind);
  };

  return (
    <div className="close-actions">
      <div className="button-row">
        {closed ? (
          <button type="button" className="button" disabled={!allowed || pending !== null} aria-describedby={why} onClick={() => void onReopen()}>
            {pending === 'reopen' ? 'Reopening…' : 'Reopen'}
          </button>
        ) : (
          <>
            <button type="button" className="button button-success" disabled={!allowed || pending !== null} aria-describedby={why} onClick={() => ask('win')}>
              Mark won
            </button>
            <button
              type="button"
              className="button button-danger-outline"
              disabled={!allowed || pending !== null}
              aria-describedby={why}
              onClick={() => ask('lose')}
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
      <WinDialog
        open={asking === 'win'}
        dealName={opportunity.name}
        busy={pending === 'win'}
        error={asking === 'win' && errorAction !== 'lose' ? error : null}
        onCancel={() => setAsking(null)}
        onConfirm={async () => {
          if (await onWin()) setAsking(null);
        }}
        onEditFields={
          onEditFields &&
          (() => {
            setAsking(null);
            onEditFields();
          })
        }
      />
      <LoseDialog
        open={asking === 'lose'}
        dealName={opportunity.name}
        busy={pending === 'lose'}
        error={asking === 'lose' ? error : null}
        onCancel={() => setAsking(null)}
        onConfirm={async (body) => {
          if (await onLose(body)) setAsking(null);
        }}
      />
    </div>
  );
}
