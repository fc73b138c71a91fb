// The rows an import (or its dry run) left out: row, column, value and reason, as in the downloadable report.
import type { DealImportReport } from '../api/imports.api.ts';

export function ImportProblems({ problems }: { problems: DealImportReport['problems'] }) {
  if (problems.length === 0) return <p className="muted">No problems: every row can be imported.</p>;
  return (
    <table className="table" data-testid="import-problems">
      <thead>
        <tr>
          <th scope="col" className="numeric">
            Row
          </th>
          <th scope="col">Column</th>
          <th scope="col">Value</th>
          <th scope="col">Reason</th>
        </tr>
      </thead>
      <tbody>
        {problems.map((p, i) => (
          <tr key={`${p.row}:${p.column}:${i}`}>
            <td className="numeric">{p.row}</td>
            <td>{p.column || '—'}</td>
            <td>
              <code className="code">{p.value}</code>
            </td>
            <td>{p.reason}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
