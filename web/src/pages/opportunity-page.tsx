import { useEffect, useMemo, useRef, useState } from 'react';
import { DealLeadPanel } from '../modules/leads/components/deal-lead-panel.tsx';
import { ContactsPanel } from '../modules/accounts/components/contacts-panel.tsx';
import { ActivityPanel } from '../modules/activities/components/activity-panel.tsx';
import { HandoffPanel } from '../modules/handoff/components/handoff-panel.tsx';
import { HandoffCallPanel } from '../modules/meetings/components/handoff-call-panel.tsx';
import { ScopeDocumentsPanel } from '../modules/handoff/components/scope-documents-panel.tsx';
import { DealApprovalsPanel } from '../modules/approvals/components/deal-approvals-panel.tsx';
import {
  getOpportunity,
  getOutcome,
  listTimeline,
  moveOpportunity,
  type Opportunity,
  type TimelineKind,
} from '../modules/opportunities/api/opportunities.api.ts';
import { CloseActions } from '../modules/opportunities/components/close-actions.tsx';
import { OpportunityFields } from '../modules/opportunities/components/opportunity-fields.tsx';
import { StageBadge } from '../modules/opportunities/components/stage-badge.tsx';
import { StageSelect } from '../modules/opportunities/components/stage-select.tsx';
import { Timeline, TimelineFilter } from '../modules/opportunities/components/timeline.tsx';
import { WhatHappenedPanel } from '../modules/opportunities/components/what-happened-panel.tsx';
import { useCloseDeal } from '../modules/opportunities/hooks/use-close-deal.ts';
import { listPipelines } from '../modules/pipeline/api/pipelines.api.ts';
import { DocumentsPanel } from '../modules/documents/components/documents-panel.tsx';
import { TermsPanel } from '../modules/documents/components/terms-panel.tsx';
import { DeliveryPanel } from '../modules/projects/components/delivery-panel.tsx';
import { TractionPanel } from '../modules/traction/components/traction-panel.tsx';
import { can, canCloseDeals, canEditDeals, canWriteActivities, useSession } from '../modules/session/hooks/use-session.tsx';
import { usePeopleOptions } from '../modules/users/hooks/use-people-options.ts';
import { ErrorMessage, Loading, Section } from '../ui/feedback.tsx';
import { formatMoney } from '../ui/format.ts';
import { ApiError } from '../ui/http.ts';
import { Link } from '../ui/router.tsx';
import { useResource } from '../ui/use-resource.ts';
import { useTitle } from '../ui/use-title.ts';

export function OpportunityPage({ id }: { id: string }) {
  const { user, workspace } = useSession();
  const opportunity = useResource(() => getOpportunity(id), [id]);
  const pipelines = useResource(() => listPipelines(), []);
  const [timelineKind, setTimelineKind] = useState<TimelineKind | null>(null);
  const timeline = useResource(() => listTimeline(id, timelineKind), [id, timelineKind]);
  const people = usePeopleOptions();
  const [moveError, setMoveError] = useState<unknown>(null);
  const [moving, setMoving] = useState(false);
  const [sourcesVersion, setSourcesVersion] = useState(0);
  // The automation after a win requests approvals: the approvals section reads again when it has moved on.
  const [settledCount, setSettledCount] = useState(0);
  const panelRef = useRef<HTMLDivElement>(null);

  const onChanged = (next: Opportunity) => {
    opportunity.setData(next);
    void timeline.reload();
  };
  // The engine moved on after the win: the timeline tells the same story, so it follows.
  const close = useCloseDeal(id, onChanged, () => {
    void timeline.reload();
    setSettledCount((n) => n + 1);
  });
  const timelineRuns = useMemo(
    () => new Map((timeline.data ?? []).flatMap((item) => (item.run ? [[item.run.id, item.run.status] as const] : []))),
    [timeline.data],
  );
  const lostCategory = opportunity.data?.stageCategory === 'lost';
  const outcome = useResource(() => (lostCategory ? getOutcome(id) : Promise.resolve(null)), [id, lostCategory, opportunity.data?.updatedAt]);
  useTitle(opportunity.data?.name ?? 'Opportunity');

  // Move focus to the answer so keyboard and screen-reader users land on what happened.
  const hasResult = close.result !== null;
  useEffect(() => {
    if (hasResult) panelRef.current?.querySelector<HTMLElement>('section')?.focus();
  }, [hasResult]);

  if (opportunity.error && !opportunity.data) {
    const missing = opportunity.error instanceof ApiError && opportunity.error.status === 404;
    return (
      <main className="page">
        <p>
          <Link to="/">← Pipeline</Link>
        </p>
        {missing ? <h1>Opportunity not found</h1> : null}
        <ErrorMessage error={opportunity.error} onRetry={missing ? undefined : () => void opportunity.reload()} />
      </main>
    );
  }
  const o = opportunity.data;
  if (!o) {
    return (
      <main className="page">
        <Loading label="Loading the opportunity…" />
      </main>
    );
  }

  const pipeline = pipelines.data?.find((p) => p.id === o.pipelineId);
  const stages = pipeline?.stages ?? [];
  const lossReason = o.stageCategory === 'lost' ? outcome.data?.outcome?.reason : undefined;
  const mayClose = canCloseDeals(user.role);

  const move = async (stageId: string) => {
    setMoving(true);
    setMoveError(null);
    try {
      onChanged(await moveOpportunity(o.id, stageId));
    } catch (error) {
      setMoveError(error);
    } finally {
      setMoving(false);
    }
  };

  return (
    <main className="page">
      <p className="breadcrumbs">
        <Link to="/">Pipeline</Link> <span aria-hidden="true">/</span> <Link to={`/accounts/${encodeURIComponent(o.accountId)}`}>{o.accountName}</Link>
      </p>
      <div className="page-header">
        <div>
          <h1>{o.name}</h1>
          <p className="headline">
            <StageBadge name={o.stageName} category={o.stageCategory} />
            <span className="headline-amount">{formatMoney(o.amountMinor, o.currency)}</span>
            {can(user.role, 'audit.read') ? (
              <Link to={`/audit?entityId=${encodeURIComponent(o.id)}`} className="small">
                Audit trail
              </Link>
            ) : null}
          </p>
        </div>
        <CloseActions
          opportunity={o}
          allowed={mayClose}
          pending={close.pending}
          error={close.error}
          errorAction={close.errorAction}
          onWin={close.win}
          onLose={close.lose}
          onReopen={() => close.reopen()}
          onClearError={close.clearError}
          onEditFields={() => {
            const details = document.getElementById('section-details');
            details?.scrollIntoView({ block: 'start' });
            details?.querySelector<HTMLButtonElement>('button')?.focus();
          }}
        />
      </div>
      {lossReason ? (
        <p className="loss-reason">
          <strong>Loss reason:</strong> {lossReason}
        </p>
      ) : null}
      {close.error && close.errorAction === 'reopen' ? <ErrorMessage error={close.error} /> : null}
      {close.result ? (
        <div ref={panelRef}>
          <WhatHappenedPanel result={close.result} settling={close.settling} timelineRuns={timelineRuns} onDismiss={close.dismiss} />
        </div>
      ) : null}

      <Section title="Details">
        {o.stageCategory === 'open' && stages.length > 0 ? (
          <div className="stack-small">
            <StageSelect stages={stages} value={o.stageId} disabled={!canEditDeals(user.role) || moving} onChange={(stageId) => void move(stageId)} />
            <ErrorMessage error={moveError} />
          </div>
        ) : null}
        <OpportunityFields
          opportunity={o}
          timeZone={workspace.timeZone}
          editable={canEditDeals(user.role)}
          people={people}
          requiredToWin={pipeline?.requiredToWin ?? []}
          onSaved={onChanged}
        />
      </Section>

      <TractionPanel
        opportunity={o}
        version={`${o.updatedAt}:${o.stageId}:${sourcesVersion}`}
        people={people}
        mayEditDeal={canEditDeals(user.role)}
        mayWriteTasks={can(user.role, 'task.write')}
        onChanged={onChanged}
      />

      <DealLeadPanel opportunityId={o.id} timeZone={workspace.timeZone} />

      <TermsPanel opportunityId={o.id} amountMinor={o.amountMinor} editable={can(user.role, 'terms.write')} />

      <DealApprovalsPanel opportunityId={o.id} version={`${o.updatedAt}:${settledCount}`} timeZone={workspace.timeZone} />

      <DocumentsPanel
        opportunityId={o.id}
        timeZone={workspace.timeZone}
        may={{ write: can(user.role, 'documents.write'), approve: can(user.role, 'documents.approve'), send: can(user.role, 'documents.send') }}
      />

      <Section title="Contacts">
        <ContactsPanel accountId={o.accountId} canWrite={canEditDeals(user.role)} />
      </Section>

      <DeliveryPanel opportunityId={o.id} stageCategory={o.stageCategory} mayCreate={can(user.role, 'project.write')} />

      <HandoffCallPanel opportunityId={o.id} stageCategory={o.stageCategory} timeZone={workspace.timeZone} mayWrite={canWriteActivities(user.role)} />

      <HandoffPanel opportunityId={o.id} stageCategory={o.stageCategory} sourcesVersion={sourcesVersion} />
      <ScopeDocumentsPanel
        opportunityId={o.id}
        mayWrite={can(user.role, 'brief.write')}
        timeZone={workspace.timeZone}
        onChanged={() => setSourcesVersion((v) => v + 1)}
      />

      <div className="two-columns">
        <Section title="Activities">
          <ActivityPanel
            subject={{ opportunityId: o.id }}
            timeZone={workspace.timeZone}
            canWrite={canWriteActivities(user.role)}
            onCreated={() => {
              void timeline.reload();
              // A new note is a new source: the rules refresh the handoff brief from it.
              setSourcesVersion((v) => v + 1);
            }}
          />
        </Section>
        <Section title="Timeline" actions={<TimelineFilter value={timelineKind} onChange={setTimelineKind} />}>
          {timeline.error ? <ErrorMessage error={timeline.error} onRetry={() => void timeline.reload()} /> : null}
          {timeline.data ? <Timeline items={timeline.data} timeZone={workspace.timeZone} kind={timelineKind} /> : timeline.loading ? <Loading /> : null}
        </Section>
      </div>
    </main>
  );
}
