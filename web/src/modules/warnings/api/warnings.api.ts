import { http } from '../../../ui/http.ts';
import type { Warning } from '../../../../../src/schemas/projects.ts';

export type { Warning };
export type WarningKind = Warning['kind'];

/** Operations and admins see every warning; others those about their own deals and tasks. */
export async function listWarnings(): Promise<Warning[]> {
  return (await http.get<{ items: Warning[] }>('/api/warnings')).items;
}
