// A condition as the pickers hold it: "all" or "any" of rows (field, operator, value as typed), converted to and
// from the condition the server takes. Money is typed in currency units and sent in minor units. Pure.
import type { FieldError } from '../../../ui/http.ts';
import { operatorsFor } from '../../../../../src/domain/rules/fields.ts';
import type { Comparison, Condition } from '../../../../../src/domain/rules/conditions.ts';
import type { CatalogField, FieldType } from '../../../../../src/schemas/automation.ts';

export type ConditionRow = {
  uid: string;
  field: string;
  op: Comparison;
  /** The value as typed (money in currency units). */
  text: string;
  /** The values of "is one of" / "is none of". */
  list: string[];
};

export type ConditionDraft = { match: 'all' | 'any'; rows: ConditionRow[] };

let lastUid = 0;
const newUid = () => `c${++lastUid}`;

export const typeOf = (fields: readonly CatalogField[], path: string): FieldType => fields.find((f) => f.path === path)?.type ?? 'text';

const listOps: readonly Comparison[] = ['in', 'not_in'];
const noValueOps: readonly Comparison[] = ['exists', 'not_exists'];
export const takesList = (op: Comparison) => listOps.includes(op);
export const takesValue = (op: Comparison) => !noValueOps.includes(op);

/** The operator in words, for a field of this type. */
export function operatorLabel(op: Comparison, type: FieldType): string {
  const dated = type === 'date';
  switch (op) {
    case 'eq':
      return 'is';
    case 'ne':
      return 'is not';
    case 'gt':
      return dated ? 'is after' : 'is more than';
    case 'gte':
      return dated ? 'is on or after' : 'is at least';
    case 'lt':
      return dated ? 'is before' : 'is less than';
    case 'lte':
      return dated ? 'is on or before' : 'is at most';
    case 'in':
      return 'is one of';
    case 'not_in':
      return 'is none of';
    case 'exists':
      return 'is set';
    case 'not_exists':
      return 'is not set';
    case 'contains':
      return 'contains';
    default:
      return op;
  }
}

/** A stored value as the input shows it: minor units as currency units, true/false as words. */
function textOf(value: unknown, type: FieldType): string {
  if (value === undefined || value === null) return '';
  if (type === 'money' && typeof value === 'number') return String(value / 100);
  return typeof value === 'string' ? value : JSON.stringify(value);
}

export function newRow(fields: readonly CatalogField[], path = ''): ConditionRow {
  const type = typeOf(fields, path);
  return { uid: newUid(), field: path, op: operatorsFor(type)[0]!, text: type === 'boolean' ? 'true' : '', list: [] };
}

/** A row for another field: the operator stays when the new type allows it, the value is cleared. */
export function withField(row: ConditionRow, fields: readonly CatalogField[], path: string): ConditionRow {
  const ops = operatorsFor(typeOf(fields, path));
  return { ...row, field: path, op: ops.includes(row.op) ? row.op : ops[0]!, text: typeOf(fields, path) === 'boolean' ? 'true' : '', list: [] };
}

function rowOf(c: Condition, fields: readonly CatalogField[]): ConditionRow | null {
  if (!('field' in c)) return null;
  const type = typeOf(fields, c.field);
  return {
    uid: newUid(),
    field: c.field,
    op: c.op,
    text: takesList(c.op) ? '' : textOf(c.value, type),
    list: takesList(c.op) && Array.isArray(c.value) ? c.value.map((v) => textOf(v, type)) : [],
  };
}

/** The pickers' form of a condition; null when it is more than the pickers show (nesting, "some", "not"). */
export function conditionDraftOf(condition: Condition | null | undefined, fields: readonly CatalogField[]): ConditionDraft | null {
  if (!condition) return { match: 'all', rows: [] };
  const match = 'all' in condition ? 'all' : 'any' in condition ? 'any' : null;
  const parts = 'all' in condition ? condition.all : 'any' in condition ? condition.any : [condition];
  const rows = parts.map((p) => rowOf(p, fields));
  if (rows.some((r) => r === null)) return null;
  return { match: match ?? 'all', rows: rows as ConditionRow[] };
}

function valueOf(row: ConditionRow, type: FieldType, path: string, issues: FieldError[]): unknown {
  const one = (text: string): unknown => {
    const t = text.trim();
    switch (type) {
      case 'money': {
        const n = Number(t.replace(/[\s,]/g, ''));
        if (!t || !Number.isFinite(n)) issues.push({ path, message: 'enter an amount, e.g. 100000' });
        return Math.round(n * 100);
      }
      case 'number': {
        const n = Number(t);
        if (!t || !Number.isFinite(n)) issues.push({ path, message: 'enter a number' });
        return n;
      }
      case 'boolean':
        return t === 'true';
      default:
        if (!t) issues.push({ path, message: type === 'person' ? 'choose a person' : type === 'date' ? 'choose a date' : 'enter a value' });
        return t;
    }
  };
  if (!takesValue(row.op)) return undefined;
  if (takesList(row.op)) {
    const values = row.list.map((v) => v.trim()).filter(Boolean);
    if (values.length === 0) issues.push({ path, message: 'choose at least one value' });
    return values.map(one);
  }
  return one(row.text);
}

/** The condition to send, and what is missing, at the paths the server uses (`/condition/all/1/value`). */
export function conditionOf(draft: ConditionDraft, fields: readonly CatalogField[], issues: FieldError[]): Condition | undefined {
  const single = draft.rows.length === 1;
  const parts = draft.rows.map((row, i): Condition => {
    const at = single ? '/condition' : `/condition/${draft.match}/${i}`;
    if (!row.field) issues.push({ path: `${at}/field`, message: 'choose a field' });
    const value = valueOf(row, typeOf(fields, row.field), `${at}/value`, issues);
    return { field: row.field, op: row.op, ...(value !== undefined ? { value } : {}) };
  });
  if (parts.length === 0) return undefined;
  if (single) return parts[0];
  return draft.match === 'all' ? { all: parts } : { any: parts };
}

/** The row an error path points at (`/condition/field` is the only row; `/condition/all/2/value` the third). */
export function rowIndexOf(path: string[], draft: ConditionDraft): number | null {
  if (path[0] !== 'condition') return null;
  if (path[1] === 'all' || path[1] === 'any') return Number(path[2]);
  return draft.rows.length === 1 ? 0 : null;
}

/** A condition in words with the fields' labels ("Amount is more than 10,000.00 and Discount (%) is more than 15"); money in the deal's currency units. */
export function conditionInWords(condition: Condition, fields: readonly CatalogField[]): string {
  const words = (c: Condition): string => {
    if ('all' in c) return c.all.length === 0 ? 'always' : c.all.map(wrap).join(' and ');
    if ('any' in c) return c.any.length === 0 ? 'never' : c.any.map(wrap).join(' or ');
    if ('not' in c) return `not ${wrap(c.not)}`;
    if ('some' in c) return `some ${c.some}${c.where ? ` where ${words(c.where)}` : ''}`;
    const spec = fields.find((f) => f.path === c.field);
    const type = typeOf(fields, c.field);
    const one = (v: unknown): string => {
      if (type === 'money' && typeof v === 'number') return (v / 100).toLocaleString('en', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
      const option = spec?.options?.find((o) => o.value === v);
      return option ? option.label : typeof v === 'string' ? v : JSON.stringify(v);
    };
    const value = c.value === undefined ? '' : ` ${Array.isArray(c.value) ? c.value.map(one).join(', ') : one(c.value)}`;
    return `${spec?.label ?? c.field} ${operatorLabel(c.op, type)}${value}`;
  };
  const wrap = (c: Condition): string => ('all' in c || 'any' in c ? `(${words(c)})` : words(c));
  return words(condition);
}
