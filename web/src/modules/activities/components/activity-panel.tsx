// Activities of an opportunity or an account: the form to log one, then the list.
import { EmptyState, ErrorMessage, Loading } from '../../../ui/feedback.tsx';
import { formatDateTime } from '../../../ui/format.ts';
import { LoadMore } from '../../../ui/load-more.tsx';
import { Link } from '../../../ui/router.tsx';
import { activityKinds, type ActivitySubject } from '../api/activities.api.ts';
import { useActivities } from '../hooks/use-activities.ts';
import { ActivityForm } from './activity-form.tsx';

type ActivityPanelProps = {
  subject: ActivitySubject;
  timeZone: string;
  canWrite: boolean;
  onCreated?: () => void;
  /** On an account's page: the names of its deals, so each activity says which deal it is about. */
  opportunityNames?: ReadonlyMap<string, string>;
};

export function ActivityPanel({ subject, timeZone, canWrite, onCreated, opportunityNames }: ActivityPanelProps) {
  const activities = useActivities(subject);
  return (
    <div className="stack">
      {canWrite ? (
        <ActivityForm
          subject={subject}
          onCreated={(activity) => {
            activities.prepend(activity);
            onCreated?.();
          }}
        />
      ) : (
        <p className="muted small">Your role can read activities but not log them.</p>
      )}
      {activities.error ? <ErrorMessage error={activities.error} onRetry={() => void activities.reload()} /> : null}
      {activities.loading && !activities.loaded ? <Loading /> : null}
      {activities.loaded && activities.items.length === 0 ? <EmptyState title="No activities yet" /> : null}
      {activities.items.length > 0 ? (
        <ul className="activities">
          {activities.items.map((activity) => (
            <li key={activity.id} className="activity">
              <div className="activity-head">
                <span className={`tag tag-${activity.kind}`}>{activityKinds.find((k) => k.value === activity.kind)?.label ?? activity.kind}</span>
                {activity.subject ? <strong>{activity.subject}</strong> : null}
                <span className="muted small">
                  {formatDateTime(activity.occurredAt, timeZone)}
                  {activity.authorName ? ` · ${activity.authorName}` : ''}
                </span>
                {activity.opportunityId && opportunityNames?.has(activity.opportunityId) ? (
                  <span className="muted small">
                    on <Link to={`/opportunities/${encodeURIComponent(activity.opportunityId)}`}>{opportunityNames.get(activity.opportunityId)}</Link>
                  </span>
                ) : null}
              </div>
              <p className="activity-body">{activity.body}</p>
            </li>
          ))}
        </ul>
      ) : null}
      <LoadMore list={activities} label="Load more activities" className="" />
    </div>
  );
}
