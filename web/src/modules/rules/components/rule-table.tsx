import { Fragment } from 'react';
import { Badge } from '../../../ui/badge.tsx';
import { ErrorMessage } from '../../../ui/feedback.tsx';
import { formatDateTime } from '../../../ui/format.ts';
import { Link } from '../../../ui/router.tsx';
import { runPath } from '../../runs/api/runs.api.ts';
import { RunStatusBadge } from '../../runs/components/run-status-badge.tsx';
import { rulePath, triggerWords, type Rule, type TriggerEvent } from '../api/rules.api.ts';

type RuleTableProps = {
  /** The catalog's events, to name triggers in words. */
  triggers?: readonly TriggerEvent[] | undefined;
  rules: Rule[];
  timeZone: string;
  mayManage: boolean;
  /** The rule being switched and the state it is switching to, shown at once. */
  pending: { id: string; enabled: boolean } | null;
  error: { id: string; error: unknown } | null;
  onToggle: (rule: Rule, enabled: boolean) => void;
};

export function RuleTable({ rules, triggers, timeZone, mayManage, pending, error, onToggle }: RuleTableProps) {
  return (
    <table className="table">
      <thead>
        <tr>
          <th scope="col">Rule</th>
          <th scope="col">Trigger</th>
          <th scope="col">Enabled</th>
          <th scope="col">Version</th>
          <th scope="col">Last run</th>
        </tr>
      </thead>
      <tbody>
        {rules.map((r) => {
          const enabled = pending?.id === r.id ? pending.enabled : r.enabled;
          return (
            <Fragment key={r.id}>
              <tr data-testid="rule-row" className={r.enabled ? undefined : 'row-muted'}>
                <td>
                  <Link to={rulePath(r.id)}>{r.name}</Link>
                  <div className="muted small">
                    <code className="code">{r.key}</code> {r.actions.length} action{r.actions.length === 1 ? '' : 's'}
                  </div>
                </td>
                <td>{triggerWords(r.triggerText, r.trigger.event, triggers)}</td>
                <td>
                  {mayManage ? (
                    <label className="checkbox">
                      <input
                        type="checkbox"
                        checked={enabled}
                        disabled={pending?.id === r.id}
                        onChange={(event) => onToggle(r, event.target.checked)}
                        aria-label={`${r.name} is enabled`}
                      />
                      {enabled ? 'On' : 'Off'}
                    </label>
                  ) : r.enabled ? (
                    <Badge tone="green">on</Badge>
                  ) : (
                    <Badge tone="grey">off</Badge>
                  )}
                </td>
                <td>v{r.version}</td>
                <td>
                  {r.lastRun ? (
                    <>
                      <Link to={runPath(r.lastRun.id)}>
                        <RunStatusBadge status={r.lastRun.status} />
                      </Link>
                      <div className="muted small">
                        <time dateTime={r.lastRun.createdAt}>{formatDateTime(r.lastRun.createdAt, timeZone)}</time>
                      </div>
                    </>
                  ) : (
                    <span className="muted">Never</span>
                  )}
                </td>
              </tr>
              {error?.id === r.id ? (
                <tr>
                  <td colSpan={5}>
                    <ErrorMessage error={error.error} />
                  </td>
                </tr>
              ) : null}
            </Fragment>
          );
        })}
      </tbody>
    </table>
  );
}
