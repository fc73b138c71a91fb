import { formatDateTime, humanize } from '../../../ui/format.ts';
import { auditActionLabel, recordPath, recordTypeLabel } from '../../../ui/labels.ts';
import { Link } from '../../../ui/router.tsx';
import { shortId, type AuditRecord } from '../api/audit.api.ts';
import { ChangeList } from './change-list.tsx';

export function AuditTable({ records, timeZone, onFilter }: { records: AuditRecord[]; timeZone: string; onFilter: (entityId: string) => void }) {
  return (
    <table className="table audit-table">
      <thead>
        <tr>
          <th scope="col">Time</th>
          <th scope="col">Actor</th>
          <th scope="col">Action</th>
          <th scope="col">Entity</th>
          <th scope="col">Changes</th>
        </tr>
      </thead>
      <tbody>
        {records.map((r) => {
          const path = recordPath(r.entityType, r.entityId);
          const name = r.references[r.entityId]?.name;
          return (
            <tr key={r.id} data-testid="audit-row">
              <td className="nowrap">
                <time dateTime={r.at}>{formatDateTime(r.at, timeZone, { seconds: true })}</time>
              </td>
              <td>
                {r.actor.label}
                <div className="muted small">{humanize(r.actor.type)}</div>
              </td>
              <td>
                <span title={r.action} data-action={r.action}>
                  {auditActionLabel(r.action)}
                </span>
              </td>
              <td>
                {name ? (
                  <>
                    <span className="audit-entity-name" title={name}>
                      {path ? <Link to={path}>{name}</Link> : name}
                    </span>
                    <div className="muted small">{recordTypeLabel(r.entityType)}</div>
                  </>
                ) : path ? (
                  <Link to={path}>{recordTypeLabel(r.entityType)}</Link>
                ) : (
                  recordTypeLabel(r.entityType)
                )}
                <div>
                  <button
                    type="button"
                    className="id-filter"
                    onClick={() => onFilter(r.entityId)}
                    title={`Show only the changes to ${r.entityId}`}
                    aria-label={`Show only the changes to this ${recordTypeLabel(r.entityType).toLowerCase()} (${r.entityId})`}
                  >
                    {shortId(r.entityId)}
                  </button>
                </div>
              </td>
              <td>
                <ChangeList before={r.before} after={r.after} references={r.references} />
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
