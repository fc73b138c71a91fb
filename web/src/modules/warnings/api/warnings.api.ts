import { http } from '../../../ui/http.ts';

export type WarningKind = 'client_without_project' | 'project_without_owner' | 'task_unassigned' | 'task_flagged' | 'run_failed' | 'run_stuck' | 'event_stuck';

export type Warning = {
  kind: WarningKind;
  severity: 'warning' | 'error';
  message: string;
  subject: { type: 'account' | 'project' | 'task' | 'run' | 'event' | 'opportunity'; id: string; name: string };
  since: string;
  /** The page in the app that shows the subject. */
  path: string;
};

/** Operations and admins see every warning; others those about their own deals and tasks. */
export async function listWarnings(): Promise<Warning[]> {
  return (await http.get<{ items: Warning[] }>('/api/warnings')).items;
}
