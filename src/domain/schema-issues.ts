// Checks a value against a TypeBox schema and names each problem by its path (for rule action params and imports).
import type { TSchema } from 'typebox';
import { Value } from 'typebox/value';
import type { FieldIssue } from './errors.ts';

export function schemaIssues(schema: TSchema, value: unknown, base: string): FieldIssue[] {
  if (Value.Check(schema, value)) return [];
  const issues: FieldIssue[] = [];
  for (const e of Value.Errors(schema, value)) {
    if (e.keyword === 'boolean') continue;
    if (e.keyword === 'required') {
      for (const p of (e.params as { requiredProperties?: string[] }).requiredProperties ?? [])
        issues.push({ path: `${base}${e.instancePath}/${p}`, message: 'is required' });
    } else if (e.keyword === 'additionalProperties') {
      for (const p of (e.params as { additionalProperties?: string[] }).additionalProperties ?? [])
        issues.push({ path: `${base}${e.instancePath}/${p}`, message: 'is not a known field' });
    } else if (e.keyword === 'anyOf' || e.keyword === 'oneOf') {
      issues.push({ path: `${base}${e.instancePath}`, message: 'does not match any allowed form' });
    } else {
      issues.push({ path: `${base}${e.instancePath}`, message: e.message });
    }
  }
  return issues.length > 0 ? issues : [{ path: base, message: 'is not valid' }];
}
