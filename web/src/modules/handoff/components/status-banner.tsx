// Where the handoff stands, what happens next and who acts; when paused, why (the conflicts follow right under it).
import type { ReactNode } from 'react';
import { Badge } from '../../../ui/badge.tsx';
import { formatDateTime } from '../../../ui/format.ts';
import type { Brief, BriefStatus } from '../api/brief.api.ts';
import { useBriefContext } from '../hooks/use-brief-context.tsx';
import { HandoffTeam } from './handoff-team.tsx';

type Next = { title: string; body: string; actor: 'ae' | 'csm' | 'anyone' | null };

/** Where a paused handoff goes back to, in words. */
const resumeWords: Partial<Record<BriefStatus, string>> = {
  draft: 'draft',
  ae_review: "the AE's review",
  csm_review: "the CSM's review",
  returned: 'the AE, to answer the questions',
};

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function whatNext(brief: Brief, timeZone: string): Next {
  const ae = brief.ae?.name ?? 'the account executive (nobody assigned yet)';
  const csm = brief.csm?.name ?? 'the CSM (nobody assigned yet)';
  const asked = brief.items.question.filter((q) => q.raisedBy && !q.answer && !q.dismissed).length;
  switch (brief.status) {
    case 'draft':
      return {
        title: `Draft — ${ae} checks it once the deal is won`,
        body: 'The brief was prepared before the deal was won. The review starts with the win.',
        actor: 'ae',
      };
    case 'ae_review':
      return { title: `In AE review — ${ae} checks it`, body: `${ae} checks what was extracted, fills the gaps and sends it to ${csm}.`, actor: 'ae' };
    case 'csm_review':
      return { title: `In CSM review — ${csm} decides`, body: `${csm} accepts the handoff or returns it to ${ae} with questions.`, actor: 'csm' };
    case 'returned':
      return {
        title: `Returned with questions — ${ae} answers`,
        body: asked
          ? `${ae} answers ${plural(asked, 'question')} from ${csm}, then sends the brief again.`
          : `Every question is answered: ${ae} sends the brief to ${csm} again.`,
        actor: 'ae',
      };
    case 'paused': {
      const back = resumeWords[(brief.pausedFrom ?? 'ae_review') as BriefStatus] ?? "the AE's review";
      return {
        title: 'Paused: the sales notes and the signed scope disagree',
        body: `Settle each conflict below (anyone on the deal can); the handoff then goes back to ${back}.`,
        actor: 'anyone',
      };
    }
    case 'accepted':
      return {
        title: `Accepted by ${brief.acceptedBy ?? csm}`,
        body: `${formatDateTime(brief.acceptedAt, timeZone)}. The kickoff preparation tasks go to ${csm}; the brief is closed.`,
        actor: null,
      };
  }
}

export function StatusBanner({ children }: { children?: ReactNode }) {
  const { brief, userId, timeZone, mayWrite } = useBriefContext();
  const next = whatNext(brief, timeZone);
  const mine = (next.actor === 'ae' && brief.ae?.id === userId) || (next.actor === 'csm' && brief.csm?.id === userId) || (next.actor === 'anyone' && mayWrite);
  return (
    <section className={`status-banner status-banner-${brief.status}`} aria-labelledby="brief-status-title" data-testid="status-banner">
      <div className="status-banner-head" aria-live="polite">
        <h2 id="brief-status-title">{next.title}</h2>
        {mine ? <Badge tone="blue">Your turn</Badge> : null}
      </div>
      <p>{next.body}</p>
      {brief.reopenedAt ? (
        <p className="notice notice-block" data-testid="brief-reopened">
          The deal was reopened on {formatDateTime(brief.reopenedAt, timeZone)}: this handoff waits until the deal is won again.
        </p>
      ) : null}
      {brief.stale && brief.status !== 'accepted' ? (
        <p className="notice notice-block">The sources changed since this brief was prepared: refresh it to read them.</p>
      ) : null}
      {children}
      <HandoffTeam />
    </section>
  );
}
