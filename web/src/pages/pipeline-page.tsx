import { useEffect, useState } from 'react';
import { loseOpportunity, moveOpportunity, winOpportunity, type LoseBody, type Opportunity } from '../modules/opportunities/api/opportunities.api.ts';
import { LoseDialog } from '../modules/opportunities/components/lose-dialog.tsx';
import { NewDealDialog, usualCurrency } from '../modules/opportunities/components/new-deal-dialog.tsx';
import { WinDialog } from '../modules/opportunities/components/win-dialog.tsx';
import type { Stage } from '../modules/pipeline/api/pipelines.api.ts';
import { PipelineBoard } from '../modules/pipeline/components/board.tsx';
import { useBoard, type Board } from '../modules/pipeline/hooks/use-board.ts';
import { canCloseDeals, canEditDeals, useSession } from '../modules/session/hooks/use-session.tsx';
import { usePeopleOptions } from '../modules/users/hooks/use-people-options.ts';
import { EmptyState, ErrorMessage, Loading } from '../ui/feedback.tsx';
import { dateIn } from '../ui/format.ts';
import { withQuery } from '../ui/http.ts';
import { Link, navigate, useLocation } from '../ui/router.tsx';
import { useTitle } from '../ui/use-title.ts';

type Closing = { kind: 'win' | 'lose'; opportunity: Opportunity; stage: Stage };

/** The board with one deal moved to another stage, as the server will answer (shown before it does). */
function moveCard(board: Board | undefined, opportunity: Opportunity, stage: Stage): Board | undefined {
  if (!board) return board;
  const moved = { ...opportunity, stageId: stage.id, stageName: stage.name, stageCategory: stage.category };
  return {
    ...board,
    columns: board.columns.map((column) => ({
      ...column,
      opportunities: column.stage.id === stage.id ? [moved, ...column.opportunities] : column.opportunities.filter((o) => o.id !== opportunity.id),
    })),
  };
}

export function PipelinePage() {
  const { user, workspace } = useSession();
  const location = useLocation();
  const q = location.search.get('q') ?? '';
  const pipelineParam = location.search.get('pipeline') ?? '';
  const [text, setText] = useState(q);
  const board = useBoard(q, pipelineParam);
  const people = usePeopleOptions();
  const [creating, setCreating] = useState(false);
  const [closing, setClosing] = useState<Closing | null>(null);
  const [busy, setBusy] = useState(false);
  const [closeError, setCloseError] = useState<unknown>(null);
  const [moveError, setMoveError] = useState<unknown>(null);
  const [done, setDone] = useState<{ opportunity: Opportunity; outcome: 'won' | 'lost' } | null>(null);
  useTitle(board.data?.pipeline?.name ?? 'Pipeline');

  // The search text goes to the URL (shareable, survives back/forward) after a short pause.
  useEffect(() => {
    const trimmed = text.trim();
    if (trimmed === q) return;
    const timer = setTimeout(() => navigate(withQuery(location.pathname, { pipeline: pipelineParam, q: trimmed }), { replace: true }), 250);
    return () => clearTimeout(timer);
  }, [text, q, pipelineParam, location.pathname]);

  useEffect(() => setText(q), [q]);

  const data = board.data;
  const mayEdit = canEditDeals(user.role);

  const drop = (opportunity: Opportunity, stage: Stage) => {
    setMoveError(null);
    setDone(null);
    if (stage.category !== 'open') {
      setCloseError(null);
      setClosing({ kind: stage.category === 'won' ? 'win' : 'lose', opportunity, stage });
      return;
    }
    board.setData((current) => moveCard(current, opportunity, stage));
    moveOpportunity(opportunity.id, stage.id).then(
      () => void board.reload(),
      (error: unknown) => {
        setMoveError(error);
        void board.reload();
      },
    );
  };

  const close = async (loss?: LoseBody) => {
    if (!closing) return;
    setBusy(true);
    setCloseError(null);
    try {
      const id = closing.opportunity.id;
      const answer = closing.kind === 'win' ? await winOpportunity(id) : await loseOpportunity(id, loss ?? {});
      setDone({ opportunity: answer.opportunity, outcome: closing.kind === 'win' ? 'won' : 'lost' });
      setClosing(null);
      void board.reload();
    } catch (error) {
      setCloseError(error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="page page-wide">
      <div className="page-header">
        <div>
          <h1>{data?.pipeline?.name ?? 'Pipeline'}</h1>
          {data ? (
            <p className="muted">
              {data.total} {data.total === 1 ? 'deal' : 'deals'}
              {q ? ` matching “${q}”` : ''}
              {data.truncated ? ' (showing the first 2,000)' : ''}
            </p>
          ) : null}
        </div>
        <div className="filters">
          {data && data.pipelines.length > 0 ? (
            <div className="form-cell">
              <label htmlFor="pipeline-switch" className="label">
                Pipeline
              </label>
              <select
                id="pipeline-switch"
                className="input"
                value={data.pipeline?.id ?? ''}
                onChange={(event) => navigate(withQuery(location.pathname, { pipeline: event.target.value, q }))}
              >
                {data.pipelines.map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.name}
                    {p.isDefault ? ' (default)' : ''}
                  </option>
                ))}
              </select>
            </div>
          ) : null}
          <form role="search" className="search form-cell" onSubmit={(event) => event.preventDefault()}>
            <label htmlFor="pipeline-search" className="label">
              Search deals
            </label>
            <input
              id="pipeline-search"
              className="input"
              type="search"
              placeholder="Deal or account name"
              value={text}
              onChange={(event) => setText(event.target.value)}
            />
          </form>
          {mayEdit && data?.pipeline ? (
            <button type="button" className="button button-primary" onClick={() => setCreating(true)}>
              New deal
            </button>
          ) : null}
        </div>
      </div>
      {board.error ? <ErrorMessage error={board.error} onRetry={() => void board.reload()} /> : null}
      <ErrorMessage error={moveError} />
      {done ? (
        <p className="success" role="status">
          <Link to={`/opportunities/${encodeURIComponent(done.opportunity.id)}`}>{done.opportunity.name}</Link> was marked {done.outcome}.{' '}
          <Link to={`/opportunities/${encodeURIComponent(done.opportunity.id)}`}>Open the deal</Link>
        </p>
      ) : null}
      {!data && board.loading ? <Loading label="Loading the pipeline…" /> : null}
      {data && !data.pipeline ? <EmptyState title="No pipeline yet">Create a pipeline to see deals here.</EmptyState> : null}
      {data?.pipeline && data.total === 0 && q ? (
        <EmptyState title={`No deals match “${q}”`}>
          <button type="button" className="button" onClick={() => setText('')}>
            Clear search
          </button>
        </EmptyState>
      ) : null}
      {data?.pipeline && (data.total > 0 || !q) ? (
        <div aria-busy={board.loading}>
          <PipelineBoard
            columns={data.columns}
            today={dateIn(workspace.timeZone)}
            canMove={mayEdit}
            canClose={canCloseDeals(user.role)}
            onDrop={drop}
            health={data.health}
          />
        </div>
      ) : null}
      <NewDealDialog
        open={creating}
        pipeline={data?.pipeline}
        people={people}
        defaultOwnerId={user.id}
        defaultCurrency={usualCurrency(data?.columns.flatMap((c) => c.opportunities) ?? [])}
        onClose={() => setCreating(false)}
        onCreated={() => {
          setCreating(false);
          void board.reload();
        }}
      />
      <WinDialog
        open={closing?.kind === 'win'}
        dealName={closing?.opportunity.name ?? ''}
        opportunityId={closing?.opportunity.id}
        busy={busy}
        error={closing?.kind === 'win' ? closeError : null}
        onCancel={() => setClosing(null)}
        onConfirm={() => void close()}
      />
      <LoseDialog
        open={closing?.kind === 'lose'}
        dealName={closing?.opportunity.name ?? ''}
        busy={busy}
        error={closing?.kind === 'lose' ? closeError : null}
        onCancel={() => setClosing(null)}
        onConfirm={(loss) => void close(loss)}
      />
    </main>
  );
}
