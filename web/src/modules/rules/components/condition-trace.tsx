// Each test a condition made, on what value, and whether it held (dry runs and run pages).
import { Badge } from '../../../ui/badge.tsx';
import type { TraceLine } from '../api/rules.api.ts';

function show(value: unknown): string {
  if (value === undefined) return 'not set';
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}

export function ConditionTrace({ trace, empty = 'No condition: the rule always applies.' }: { trace: TraceLine[]; empty?: string }) {
  if (trace.length === 0) return <p className="muted small">{empty}</p>;
  return (
    <table className="table trace-table">
      <thead>
        <tr>
          <th scope="col">Field</th>
          <th scope="col">Test</th>
          <th scope="col">Actual value</th>
          <th scope="col">Result</th>
        </tr>
      </thead>
      <tbody>
        {trace.map((line, index) => (
          <tr key={`${line.path}-${index}`} data-testid="trace-line">
            <td className="nowrap">
              <code className="code">{line.path}</code>
            </td>
            <td>
              <code className="code">{line.test}</code>
            </td>
            <td className="cell-value">{show(line.actual)}</td>
            <td>{line.result ? <Badge tone="green">passed</Badge> : <Badge tone="red">failed</Badge>}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
