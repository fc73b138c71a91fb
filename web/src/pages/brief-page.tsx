// The deal's handoff brief: status and what happens next, conflicts, gates, scores, the items by kind with their evidence,
// kickoff and first value, history; the sources beside them with every quote highlighted.
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { prepareBrief, type Brief, type Evidence } from '../modules/handoff/api/brief.api.ts';
import { AcceptedLinks } from '../modules/handoff/components/accepted-links.tsx';
import { BriefStatusBadge } from '../modules/handoff/components/brief-badges.tsx';
import { BriefHistory } from '../modules/handoff/components/brief-history.tsx';
import { BriefSections } from '../modules/handoff/components/brief-sections.tsx';
import { ToConfirmNotice } from '../modules/handoff/components/confidence-mark.tsx';
import { ConflictList } from '../modules/handoff/components/conflict-list.tsx';
import { GateList } from '../modules/handoff/components/gate-list.tsx';
import { KickoffPanel } from '../modules/handoff/components/kickoff-panel.tsx';
import { ReviewToolbar } from '../modules/handoff/components/review-toolbar.tsx';
import { ScorePanel } from '../modules/handoff/components/score-panel.tsx';
import { SourcePanel, type SourceSelection } from '../modules/handoff/components/source-panel.tsx';
import { StatusBanner } from '../modules/handoff/components/status-banner.tsx';
import { useBrief } from '../modules/handoff/hooks/use-brief.ts';
import { useBriefAction } from '../modules/handoff/hooks/use-brief-action.ts';
import { BriefProvider, type BriefContextValue } from '../modules/handoff/hooks/use-brief-context.tsx';
import { getOpportunity } from '../modules/opportunities/api/opportunities.api.ts';
import { can, useSession } from '../modules/session/hooks/use-session.tsx';
import { usePeople } from '../modules/users/hooks/use-people.ts';
import { EmptyState, ErrorMessage, Loading, Section } from '../ui/feedback.tsx';
import { formatDateTime } from '../ui/format.ts';
import { ApiError } from '../ui/http.ts';
import { Link } from '../ui/router.tsx';
import { useResource } from '../ui/use-resource.ts';
import { useTitle } from '../ui/use-title.ts';

const dealPath = (id: string) => `/opportunities/${encodeURIComponent(id)}`;

function Breadcrumbs({
  opportunityId,
  accountId,
  accountName,
  dealName,
}: {
  opportunityId: string;
  accountId?: string;
  accountName?: string;
  dealName?: string;
}) {
  return (
    <p className="breadcrumbs">
      <Link to="/handoffs">Handoffs</Link> <span aria-hidden="true">/</span>{' '}
      {accountId ? (
        <>
          <Link to={`/accounts/${encodeURIComponent(accountId)}`}>{accountName}</Link> <span aria-hidden="true">/</span>{' '}
        </>
      ) : null}
      <Link to={dealPath(opportunityId)}>{dealName ?? 'The deal'}</Link>
    </p>
  );
}

/** No brief yet: it is prepared when the deal is won; a person may prepare it now. */
function NoBrief({
  opportunityId,
  dealName,
  mayPrepare,
  onBrief,
}: {
  opportunityId: string;
  dealName: string | undefined;
  mayPrepare: boolean;
  onBrief: (brief: Brief) => void;
}) {
  const prepare = useBriefAction(onBrief);
  return (
    <EmptyState title="No handoff brief yet">
      <p>
        The brief is prepared when the deal is won, from its notes, calls, e-mails, meetings, signed scope, fields and contacts.
        {mayPrepare ? ' You can prepare it now; on an open deal it stays a draft until the win.' : ''}
      </p>
      {mayPrepare ? (
        <p>
          <button
            type="button"
            className="button button-primary"
            disabled={prepare.pending}
            onClick={() => void prepare.run(() => prepareBrief(opportunityId))}
          >
            {prepare.pending ? 'Preparing…' : 'Prepare brief now'}
          </button>
        </p>
      ) : null}
      <ErrorMessage error={prepare.error} />
      {dealName ? (
        <p>
          <Link to={dealPath(opportunityId)}>Back to {dealName}</Link>
        </p>
      ) : null}
    </EmptyState>
  );
}

export function BriefPage({ opportunityId }: { opportunityId: string }) {
  const { user, workspace } = useSession();
  const { brief, sources } = useBrief(opportunityId);
  const opportunity = useResource(() => getOpportunity(opportunityId), [opportunityId]);
  const people = usePeople();
  const [selection, setSelection] = useState<SourceSelection | null>(null);
  const [notice, setNotice] = useState<{ message: ReactNode; stamp: number } | null>(null);
  const noticeRef = useRef<HTMLParagraphElement>(null);
  const b = brief.data;
  const dealName = b?.opportunity.name ?? opportunity.data?.name;
  useTitle(dealName ? `Handoff brief: ${dealName}` : 'Handoff brief');

  // An action that removed its own button (accepting, sending) leaves focus nowhere: put it on what happened.
  useEffect(() => {
    if (notice) noticeRef.current?.focus();
  }, [notice]);

  if (brief.error && brief.data === undefined) {
    const missing = brief.error instanceof ApiError && brief.error.status === 404;
    return (
      <main className="page">
        <Breadcrumbs opportunityId={opportunityId} dealName={dealName} />
        {missing ? <h1>Opportunity not found</h1> : <h1>Handoff brief</h1>}
        <ErrorMessage error={brief.error} onRetry={missing ? undefined : () => void brief.reload()} />
      </main>
    );
  }
  if (brief.data === undefined) {
    return (
      <main className="page">
        <Loading label="Loading the handoff brief…" />
      </main>
    );
  }

  const mayPrepare = can(user.role, 'brief.write');
  if (b === null || b === undefined) {
    return (
      <main className="page">
        <Breadcrumbs opportunityId={opportunityId} accountId={opportunity.data?.accountId} accountName={opportunity.data?.accountName} dealName={dealName} />
        <div className="page-header">
          <h1>Handoff brief{dealName ? `: ${dealName}` : ''}</h1>
        </div>
        <NoBrief opportunityId={opportunityId} dealName={dealName} mayPrepare={mayPrepare} onBrief={(next) => brief.setData(next)} />
      </main>
    );
  }

  const isAdmin = user.role === 'admin';
  const context: BriefContextValue = {
    brief: b,
    onBrief: (next) => brief.setData(next),
    mayWrite: mayPrepare && b.status !== 'accepted',
    mayRecord: mayPrepare,
    isAe: isAdmin || b.ae?.id === user.id,
    isCsm: isAdmin || b.csm?.id === user.id,
    userId: user.id,
    timeZone: workspace.timeZone,
    people: people.data,
    showEvidence: (evidence: Evidence) => setSelection((current) => ({ sourceId: evidence.sourceId, quote: evidence.quote, stamp: (current?.stamp ?? 0) + 1 })),
  };
  const conflictsOpen = b.conflicts.some((c) => c.status === 'open');
  const weakConflicts = b.conflicts.some((c) => c.status === 'open' && c.needsConfirmation);

  return (
    <BriefProvider value={context}>
      <main className="page page-brief">
        <Breadcrumbs opportunityId={opportunityId} accountId={b.opportunity.accountId} accountName={b.opportunity.accountName} dealName={b.opportunity.name} />
        <div className="page-header">
          <div>
            <h1 data-testid="brief-heading">Handoff brief: {b.opportunity.name}</h1>
            <p className="headline">
              <BriefStatusBadge status={b.status} />
              <span className="muted small">
                {b.opportunity.amount} · prepared {formatDateTime(b.preparedAt, workspace.timeZone)} by the{' '}
                {b.extractor === 'embedded' ? 'built-in extractor' : b.extractor.replace(/^llm:/, 'LLM ')}
                {b.returns ? ` · returned ${b.returns === 1 ? 'once' : `${b.returns} times`}` : ''}
              </span>
            </p>
            {b.extractorNote ? <p className="muted small">{b.extractorNote}</p> : null}
          </div>
          <ReviewToolbar onNotice={({ message }) => setNotice((current) => ({ message, stamp: (current?.stamp ?? 0) + 1 }))} />
        </div>
        {notice ? (
          <p key={notice.stamp} ref={noticeRef} className="success" role="status" tabIndex={-1} data-testid="brief-notice">
            {notice.message}
          </p>
        ) : null}

        <div className="brief-layout">
          <div className="brief-main">
            <StatusBanner>
              {b.status === 'accepted' ? <AcceptedLinks opportunityId={b.opportunity.id} dealName={b.opportunity.name} isCsm={context.isCsm} /> : null}
            </StatusBanner>
            {b.conflicts.length > 0 ? (
              <Section title={conflictsOpen ? 'Conflicts to settle' : 'Conflicts'} id="brief-conflicts">
                <p className="muted small section-description">
                  What the sales notes say against what the customer signed. While one is open the handoff is paused
                  {weakConflicts ? ', except one marked “To confirm”: it pauses the handoff once the AE confirms it' : ''}.
                </p>
                <ConflictList conflicts={b.conflicts} />
              </Section>
            ) : null}
            <div className="brief-readiness">
              <Section title="Gates" id="brief-gates">
                <GateList gates={b.gates} accepted={b.status === 'accepted'} />
              </Section>
              <Section title="Scores" id="brief-scores">
                <ScorePanel scores={b.scores} />
              </Section>
            </div>
            <ToConfirmNotice brief={b} />
            <BriefSections brief={b} />
            <Section title="Kickoff and first value" id="brief-kickoff">
              <KickoffPanel />
            </Section>
            <Section title="History" id="brief-history">
              <BriefHistory events={b.history} timeZone={workspace.timeZone} />
            </Section>
          </div>
          <aside className="brief-aside" aria-labelledby="brief-sources-title">
            <SourcePanel
              brief={b}
              sources={sources.data}
              loading={sources.loading}
              error={sources.error}
              onRetry={() => void sources.reload()}
              selection={selection}
              onSelect={(sourceId) => setSelection((current) => ({ sourceId, quote: null, stamp: (current?.stamp ?? 0) + 1 }))}
              timeZone={workspace.timeZone}
            />
          </aside>
        </div>
      </main>
    </BriefProvider>
  );
}
