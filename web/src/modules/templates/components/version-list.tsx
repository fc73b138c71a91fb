import { formatDateTime } from '../../../ui/format.ts';
import { Link } from '../../../ui/router.tsx';
import type { TemplateVersion } from '../api/templates.api.ts';

type VersionListProps = { versions: TemplateVersion[]; current: number; shown: number; pathFor: (version: number) => string; timeZone: string };

export function VersionList({ versions, current, shown, pathFor, timeZone }: VersionListProps) {
  const sorted = [...versions].sort((a, b) => b.version - a.version);
  return (
    <table className="table">
      <thead>
        <tr>
          <th scope="col">Version</th>
          <th scope="col">Saved</th>
          <th scope="col">By</th>
        </tr>
      </thead>
      <tbody>
        {sorted.map((v) => (
          <tr key={v.version} className={v.version === shown ? 'row-new' : undefined}>
            <td>
              {v.version === shown ? <strong aria-current="true">v{v.version} (shown)</strong> : <Link to={pathFor(v.version)}>v{v.version}</Link>}
              {v.version === current ? <span className="tag tag-green">current</span> : null}
            </td>
            <td>
              <time dateTime={v.createdAt}>{formatDateTime(v.createdAt, timeZone)}</time>
            </td>
            <td>{v.createdBy}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
