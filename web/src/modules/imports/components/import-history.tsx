// The imports run so far, newest first: when, who, which file and source, how far, what they did, and their report.
import { Badge, type BadgeTone } from '../../../ui/badge.tsx';
import { EmptyState, ErrorMessage, Loading } from '../../../ui/feedback.tsx';
import { LoadMore } from '../../../ui/load-more.tsx';
import type { PagedList } from '../../../ui/use-paged-list.ts';
import { problemsReportUrl, type ImportRecord } from '../api/imports.api.ts';

const tones: Record<ImportRecord['status'], BadgeTone> = { running: 'blue', done: 'green', failed: 'red', interrupted: 'amber' };

export function ImportHistory({ list }: { list: PagedList<ImportRecord> }) {
  if (list.error) return <ErrorMessage error={list.error} onRetry={() => void list.reload()} />;
  if (!list.loaded) return <Loading label="Loading past imports…" />;
  if (list.items.length === 0) return <EmptyState title="No import yet">The imports you run appear here with their counts and error report.</EmptyState>;
  return (
    <>
      <table className="table" data-testid="import-history">
        <thead>
          <tr>
            <th scope="col">Started</th>
            <th scope="col">File</th>
            <th scope="col">Source</th>
            <th scope="col">State</th>
            <th scope="col" className="numeric">
              Rows
            </th>
            <th scope="col" className="numeric">
              Created
            </th>
            <th scope="col" className="numeric">
              Updated
            </th>
            <th scope="col" className="numeric">
              Unchanged
            </th>
            <th scope="col" className="numeric">
              Not imported
            </th>
            <th scope="col">Report</th>
          </tr>
        </thead>
        <tbody>
          {list.items.map((i) => (
            <tr key={i.id}>
              <td>
                {new Date(i.createdAt).toLocaleString()}
                <div className="muted small">{i.createdBy}</div>
              </td>
              <td>{i.fileName ?? '—'}</td>
              <td>{i.source}</td>
              <td>
                <Badge tone={tones[i.status]} title={i.error ?? undefined}>
                  {i.status}
                </Badge>{' '}
                {i.dryRun ? <Badge tone="grey">dry run</Badge> : null}
                {i.status === 'interrupted' || i.status === 'failed' ? <div className="muted small">{i.error}</div> : null}
              </td>
              <td className="numeric">
                {i.done} / {i.total}
              </td>
              <td className="numeric">{i.created}</td>
              <td className="numeric">{i.updated}</td>
              <td className="numeric">{i.unchanged}</td>
              <td className="numeric">{i.failed}</td>
              <td>{i.failed > 0 ? <a href={problemsReportUrl(i.id)}>Error report (CSV)</a> : <span className="muted">—</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <LoadMore list={list} />
    </>
  );
}
