// What each rule would do on a deal: matched or not and why (trigger, condition trace), its timer, each action in words.
import { Badge } from '../../../ui/badge.tsx';
import { EmptyState } from '../../../ui/feedback.tsx';
import { formatDateTime, humanize } from '../../../ui/format.ts';
import { Link } from '../../../ui/router.tsx';
import { rulePath, type CatalogField, type DryRunResult as Result, type TriggerEvent } from '../api/rules.api.ts';
import { ConditionTrace } from './condition-trace.tsx';

type DryRunResultProps = { result: Result; timeZone: string; fields?: readonly CatalogField[] | undefined; events?: readonly TriggerEvent[] | undefined };

export function DryRunResult({ result, timeZone, fields, events }: DryRunResultProps) {
  const matched = result.results.filter((r) => r.matched).length;
  // The server's label starts with the event's key ("deal.won: deal … moved to Closed won"): its name reads better.
  const eventName = events?.find((e) => e.event === result.event.type)?.label;
  const what = eventName ? `${eventName}: ${result.event.label.replace(new RegExp(`^${result.event.type.replace('.', '\\.')}: `), '')}` : result.event.label;
  return (
    <div className="stack" data-testid="dry-run-result">
      <p>
        As if <strong>{what}</strong>
        {eventName ? null : (
          <>
            {' '}
            <code className="code">{result.event.type}</code>
          </>
        )}
        : {matched} of {result.results.length} rule
        {result.results.length === 1 ? '' : 's'} would run. Nothing was written.
      </p>
      {result.results.length === 0 ? <EmptyState title="No rule listens to this event" /> : null}
      {result.results.map((r, index) => (
        <article key={r.ruleId ?? `draft-${index}`} className={`dry-run ${r.matched ? 'dry-run-matched' : ''}`} data-testid="dry-run-rule">
          <div className="dry-run-head">
            <h3 className="dry-run-title">{r.ruleId ? <Link to={rulePath(r.ruleId)}>{r.name}</Link> : r.name}</h3>
            {r.matched ? <Badge tone="green">would run</Badge> : <Badge tone="grey">would not run</Badge>}
            {r.enabled === false ? <Badge tone="amber">disabled</Badge> : null}
            <span className="muted small">
              trigger {r.triggerMatched ? 'matches' : 'does not match'} · condition {r.conditionMet ? 'met' : 'not met'}
            </span>
          </div>
          {r.timer ? (
            <p className="small">
              Timer: due <time dateTime={r.timer.dueAt}>{formatDateTime(r.timer.dueAt, timeZone)}</time>
            </p>
          ) : null}
          {r.triggerMatched ? <ConditionTrace trace={r.conditionTrace} fields={fields} /> : null}
          {r.actions.length > 0 ? (
            <ol className="dry-run-actions">
              {r.actions.map((a) => (
                <li key={a.key} className={r.matched ? undefined : 'muted'}>
                  <span className="small muted">
                    <code className="code">{a.key}</code> {humanize(a.type)}
                  </span>
                  <div>{a.summary}</div>
                  {a.details.length > 0 ? (
                    <ul className="summary small">
                      {a.details.map((d, n) => (
                        <li key={n}>{d}</li>
                      ))}
                    </ul>
                  ) : null}
                </li>
              ))}
            </ol>
          ) : null}
        </article>
      ))}
    </div>
  );
}
