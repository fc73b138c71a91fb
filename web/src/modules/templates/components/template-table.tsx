import { formatDateTime, humanize } from '../../../ui/format.ts';
import { Link } from '../../../ui/router.tsx';
import { templatePath, type TemplateSummary } from '../api/templates.api.ts';

export function TemplateTable({ templates, timeZone }: { templates: TemplateSummary[]; timeZone: string }) {
  return (
    <table className="table">
      <thead>
        <tr>
          <th scope="col">Template</th>
          <th scope="col">Deal type</th>
          <th scope="col">Upsells</th>
          <th scope="col" className="numeric">
            Phases
          </th>
          <th scope="col" className="numeric">
            Tasks
          </th>
          <th scope="col">Version</th>
          <th scope="col">Updated</th>
        </tr>
      </thead>
      <tbody>
        {templates.map((t) => (
          <tr key={t.id} data-testid="template-row">
            <td>
              <Link to={templatePath(t.id)}>{t.name}</Link>
              <div className="muted small">
                <code className="code">{t.key}</code>
                {t.description ? ` ${t.description}` : ''}
              </div>
            </td>
            <td>{t.dealType ? humanize(t.dealType) : <span className="muted">Any</span>}</td>
            <td>{t.upsellMode === 'add_to_existing' ? 'Added to the existing project' : 'A new project'}</td>
            <td className="numeric">{t.phaseCount}</td>
            <td className="numeric">{t.taskCount}</td>
            <td>v{t.currentVersion}</td>
            <td className="nowrap">
              <time dateTime={t.updatedAt}>{formatDateTime(t.updatedAt, timeZone)}</time>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
