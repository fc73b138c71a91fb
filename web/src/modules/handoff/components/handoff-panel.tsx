// The deal's handoff on the opportunity page: the brief's status, score, open questions and conflicts, and the way to it.
import { useEffect, useRef } from 'react';
import { Badge } from '../../../ui/badge.tsx';
import { ErrorMessage, Loading, Section } from '../../../ui/feedback.tsx';
import { Link } from '../../../ui/router.tsx';
import { useResource } from '../../../ui/use-resource.ts';
import type { StageCategory } from '../../pipeline/api/pipelines.api.ts';
import { briefPagePath, findBrief, openConflicts } from '../api/brief.api.ts';
import { BriefStatusBadge, ScoreBadge } from './brief-badges.tsx';

/** The rules prepare (and refresh) the brief moments after a win or a new source: look again a few times. */
const pollMs = 2000;
const maxPolls = 8;

type HandoffPanelProps = {
  opportunityId: string;
  stageCategory: StageCategory;
  /** Changes when a source was added or removed here. */ sourcesVersion: number;
};

export function HandoffPanel({ opportunityId, stageCategory, sourcesVersion }: HandoffPanelProps) {
  const brief = useResource(() => findBrief(opportunityId), [opportunityId, stageCategory, sourcesVersion]);
  const polls = useRef(0);
  const b = brief.data;
  const won = stageCategory === 'won';

  useEffect(() => {
    polls.current = 0;
  }, [stageCategory, sourcesVersion]);

  const waiting = b !== undefined && ((b === null && won) || (b !== null && b.stale));
  useEffect(() => {
    if (!waiting || brief.loading || polls.current >= maxPolls) return;
    const timer = setTimeout(() => {
      polls.current += 1;
      void brief.reload();
    }, pollMs);
    return () => clearTimeout(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [waiting, brief.loading, b]);

  const link = (
    <Link to={briefPagePath(opportunityId)} className="handoff-link" data-testid="brief-link">
      Open the handoff brief
    </Link>
  );

  let body;
  if (brief.error && b === undefined) body = <ErrorMessage error={brief.error} onRetry={() => void brief.reload()} />;
  else if (b === undefined) body = <Loading label="Loading the handoff…" />;
  else if (b === null) {
    body = (
      <div className="handoff-summary">
        {won && polls.current < maxPolls ? (
          <Loading label="The rules are preparing the handoff brief…" />
        ) : (
          <p className="muted">{won ? 'No handoff brief yet.' : 'The handoff brief is prepared when the deal is won.'}</p>
        )}
        <p>{link}</p>
      </div>
    );
  } else {
    const conflicts = openConflicts(b).length;
    body = (
      <div className="handoff-summary" aria-live="polite">
        <p className="delivery-line">
          <BriefStatusBadge status={b.status} />
          <span className="handoff-score">
            Score <ScoreBadge score={b.scores.overall.score} />
          </span>
          {b.openQuestions ? (
            <Badge tone="amber">{b.openQuestions === 1 ? '1 open question' : `${b.openQuestions} open questions`}</Badge>
          ) : (
            <span className="muted small">No open question</span>
          )}
          {conflicts ? <Badge tone="red">{conflicts === 1 ? '1 open conflict' : `${conflicts} open conflicts`}</Badge> : null}
          {b.stale ? <span className="muted small">sources changed, refreshing…</span> : null}
        </p>
        <p className="muted small">
          AE {b.ae?.name ?? 'nobody'} · CSM {b.csm?.name ?? 'nobody'} · {b.gates.filter((g) => !g.passed).length} of {b.gates.length} gates open
        </p>
        <p>{link}</p>
      </div>
    );
  }

  return <Section title="Handoff">{body}</Section>;
}
