// Each test a condition made, on what value, and whether it held (dry runs and run pages).
import type { Comparison } from '../../../../../src/domain/rules/conditions.ts';
import { Badge } from '../../../ui/badge.tsx';
import { operatorLabel } from '../api/condition-draft.ts';
import type { CatalogField, TraceLine } from '../api/rules.api.ts';

function show(value: unknown, field?: CatalogField): string {
  if (value === undefined || value === null) return 'not set';
  if (field?.type === 'money' && typeof value === 'number') return (value / 100).toLocaleString(undefined, { maximumFractionDigits: 2 });
  if (Array.isArray(value)) return value.map((v) => show(v, field)).join(', ');
  const option = field?.options?.find((o) => o.value === value);
  if (option) return option.label;
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}

/** "gt 10000000" on a money field reads "is more than 100,000"; a test the catalog cannot word stays as it is. */
function testText(test: string, field: CatalogField | undefined): string {
  const m = /^(eq|ne|gt|gte|lt|lte|in|not_in|exists|not_exists|contains)(?: (.*))?$/.exec(test);
  if (!field || !m) return test;
  let value: unknown;
  try {
    value = m[2] === undefined ? undefined : JSON.parse(m[2]);
  } catch {
    return test;
  }
  const op = operatorLabel(m[1] as Comparison, field.type);
  return value === undefined ? op : `${op} ${show(value, field)}`;
}

type ConditionTraceProps = { trace: TraceLine[]; empty?: string; fields?: readonly CatalogField[] | undefined };

export function ConditionTrace({ trace, empty = 'No condition: the rule always applies.', fields = [] }: ConditionTraceProps) {
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
        {trace.map((line, index) => {
          const field = fields.find((f) => f.path === line.path);
          return (
            <tr key={`${line.path}-${index}`} data-testid="trace-line">
              <td className="nowrap">{field ? <span title={line.path}>{field.label}</span> : <code className="code">{line.path}</code>}</td>
              <td>{field ? testText(line.test, field) : <code className="code">{line.test}</code>}</td>
              <td className="cell-value">{show(line.actual, field)}</td>
              <td>{line.result ? <Badge tone="green">passed</Badge> : <Badge tone="red">failed</Badge>}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
