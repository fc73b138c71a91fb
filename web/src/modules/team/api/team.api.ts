import { http } from '../../../ui/http.ts';
import { listPipelines, type Pipeline } from '../../pipeline/api/pipelines.api.ts';
import type { Calendar, TeamRole, TeamRoleChange } from '../../../../../src/schemas/settings.ts';
import type { ProjectCreation } from '../../../../../src/schemas/opportunities.ts';

export { assignmentStrategies, strategyLabel, teamRoleKinds, type AssignmentStrategy, type TeamRoleKind } from '../../../../../src/domain/assignment.ts';

export type TeamMember = TeamRole['members'][number];

/** A role of the roster: delivery (project lead, IT ...) or sales (lead distributors ...): how its tasks are assigned, and to whom. */
export type { TeamRole };

export type TeamRoleInput = TeamRoleChange;

export async function listTeamRoles(): Promise<TeamRole[]> {
  return (await http.get<{ items: TeamRole[] }>('/api/team/roles')).items;
}

export const createTeamRole = (input: TeamRoleInput & { key: string }) => http.post<TeamRole>('/api/team/roles', input);

export const saveTeamRole = (id: string, input: TeamRoleInput) => http.put<TeamRole>(`/api/team/roles/${encodeURIComponent(id)}`, input);

/** Weekdays are ISO numbers: 1 = Monday ... 7 = Sunday. */
export type WorkCalendar = Calendar;

export const getCalendar = () => http.get<WorkCalendar>('/api/calendar');

export const saveCalendar = (calendar: WorkCalendar) => http.put<WorkCalendar>('/api/calendar', calendar);

export type { ProjectCreation };
export type PipelineWithCreation = Pipeline & { projectCreation?: ProjectCreation };

export const listPipelinesWithCreation = () => listPipelines() as Promise<PipelineWithCreation[]>;

export const setProjectCreation = (pipelineId: string, projectCreation: ProjectCreation) =>
  http.patch<PipelineWithCreation>(`/api/pipelines/${encodeURIComponent(pipelineId)}`, { projectCreation });
