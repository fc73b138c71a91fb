// Conditions over a record and its relations: and/or/not, comparisons, in, exists, and "some related record matches".
export type Comparison = 'eq' | 'ne' | 'gt' | 'gte' | 'lt' | 'lte' | 'in' | 'not_in' | 'exists' | 'not_exists' | 'contains';

export type Condition =
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition }
  | { field: string; op: Comparison; value?: unknown }
  /** True when at least one element of a related list (e.g. "tasks") matches `where`. */
  | { some: string; where?: Condition };

export const comparisons: readonly Comparison[] = ['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'in', 'not_in', 'exists', 'not_exists', 'contains'];

/** One line of an evaluation trace: which test ran, on what value, and its result. */
export type ConditionTrace = { path: string; test: string; actual: unknown; result: boolean };

/** Reads a dotted path ("deal.custom.region") from a plain object; undefined when any part is missing. */
export function readPath(facts: unknown, path: string): unknown {
  let value: unknown = facts;
  for (const part of path.split('.')) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

function same(a: unknown, b: unknown): boolean {
  if (typeof a === 'string' && typeof b === 'string') return a.toLowerCase() === b.toLowerCase();
  return a === b;
}

function order(a: unknown, b: unknown): number | null {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  return null;
}

function compare(actual: unknown, op: Comparison, expected: unknown): boolean {
  switch (op) {
    case 'eq':
      return same(actual, expected);
    case 'ne':
      return !same(actual, expected);
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte': {
      const d = order(actual, expected);
      if (d === null) return false;
      return op === 'gt' ? d > 0 : op === 'gte' ? d >= 0 : op === 'lt' ? d < 0 : d <= 0;
    }
    case 'in':
      return Array.isArray(expected) && expected.some((e) => same(actual, e));
    case 'not_in':
      return Array.isArray(expected) && !expected.some((e) => same(actual, e));
    case 'exists':
      return actual !== undefined && actual !== null && actual !== '';
    case 'not_exists':
      return actual === undefined || actual === null || actual === '';
    case 'contains':
      if (Array.isArray(actual)) return actual.some((a) => same(a, expected));
      return typeof actual === 'string' && typeof expected === 'string' && actual.toLowerCase().includes(expected.toLowerCase());
    default:
      return assertNever(op);
  }
}

function assertNever(value: never): never {
  throw new Error(`unexpected ${JSON.stringify(value)}`);
}

/** Evaluates a condition against facts; with a trace, records each comparison made (for dry runs). */
export function evaluate(condition: Condition | undefined | null, facts: unknown, trace?: ConditionTrace[], prefix = ''): boolean {
  if (!condition) return true;
  if ('all' in condition) return condition.all.every((c) => evaluate(c, facts, trace, prefix));
  if ('any' in condition) return condition.any.some((c) => evaluate(c, facts, trace, prefix));
  if ('not' in condition) return !evaluate(condition.not, facts, trace, prefix);
  if ('some' in condition) {
    const list = readPath(facts, condition.some);
    const items = Array.isArray(list) ? list : [];
    const result = items.some((item) => evaluate(condition.where, item));
    trace?.push({
      path: prefix + condition.some,
      test: `some${condition.where ? ` matching ${describeCondition(condition.where)}` : ''}`,
      actual: `${items.length} item(s)`,
      result,
    });
    return result;
  }
  const actual = readPath(facts, condition.field);
  const result = compare(actual, condition.op, condition.value);
  trace?.push({
    path: prefix + condition.field,
    test: `${condition.op}${condition.op === 'exists' || condition.op === 'not_exists' ? '' : ` ${JSON.stringify(condition.value)}`}`,
    actual: actual ?? null,
    result,
  });
  return result;
}

/** A condition in words, e.g. `deal.dealType eq "new_business" and deal.amountMinor gte 1000000`. */
export function describeCondition(condition: Condition | undefined | null): string {
  if (!condition) return 'always';
  if ('all' in condition) return condition.all.length === 0 ? 'always' : condition.all.map((c) => wrap(c)).join(' and ');
  if ('any' in condition) return condition.any.length === 0 ? 'never' : condition.any.map((c) => wrap(c)).join(' or ');
  if ('not' in condition) return `not ${wrap(condition.not)}`;
  if ('some' in condition) return `some ${condition.some}${condition.where ? ` where ${describeCondition(condition.where)}` : ''}`;
  if (condition.op === 'exists' || condition.op === 'not_exists') return `${condition.field} ${condition.op === 'exists' ? 'is set' : 'is not set'}`;
  return `${condition.field} ${condition.op} ${JSON.stringify(condition.value)}`;
}

function wrap(condition: Condition): string {
  const text = describeCondition(condition);
  return 'all' in condition || 'any' in condition ? `(${text})` : text;
}

/** Structural problems in a condition (paths like `where.all[1].op`), for a 400 that names the spot. */
export function checkCondition(condition: unknown, path = 'condition'): { path: string; message: string }[] {
  if (condition === undefined || condition === null) return [];
  if (typeof condition !== 'object' || Array.isArray(condition)) return [{ path, message: 'must be an object' }];
  const c = condition as Record<string, unknown>;
  if ('all' in c || 'any' in c) {
    const key = 'all' in c ? 'all' : 'any';
    const list = c[key];
    if (!Array.isArray(list)) return [{ path: `${path}.${key}`, message: 'must be a list of conditions' }];
    return list.flatMap((item, i) => checkCondition(item, `${path}.${key}[${i}]`));
  }
  if ('not' in c) return c.not ? checkCondition(c.not, `${path}.not`) : [{ path: `${path}.not`, message: 'must be a condition' }];
  if ('some' in c) {
    if (typeof c.some !== 'string' || !c.some) return [{ path: `${path}.some`, message: 'must name a related list, e.g. "tasks"' }];
    return checkCondition(c.where, `${path}.where`);
  }
  if ('field' in c) {
    const issues: { path: string; message: string }[] = [];
    if (typeof c.field !== 'string' || !/^[A-Za-z_][\w]*(\.[\w]+)*$/.test(c.field))
      issues.push({ path: `${path}.field`, message: 'must be a dotted field path such as deal.amountMinor' });
    if (!comparisons.includes(c.op as Comparison)) issues.push({ path: `${path}.op`, message: `must be one of ${comparisons.join(', ')}` });
    else if ((c.op === 'in' || c.op === 'not_in') && !Array.isArray(c.value)) issues.push({ path: `${path}.value`, message: `must be a list for "${c.op}"` });
    else if (c.op !== 'exists' && c.op !== 'not_exists' && c.value === undefined)
      issues.push({ path: `${path}.value`, message: `is required for "${String(c.op)}"` });
    return issues;
  }
  return [{ path, message: 'must have one of all, any, not, some or field' }];
}
