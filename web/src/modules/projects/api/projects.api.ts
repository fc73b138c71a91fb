import { http, type ListQuery, type Page } from '../../../ui/http.ts';
import type {
  Milestone,
  NewProject,
  NewProjectTask,
  Phase,
  Project,
  ProjectChange,
  ProjectDeal,
  ProjectHealth,
  ProjectListQuery,
  ProjectStatus,
  ProjectStatusAnswer,
  ProjectSummary,
  Task,
} from '../../../../../src/schemas/projects.ts';

export { projectHealths, projectStatuses } from '../../../../../src/domain/project-plan.ts';
export type { Milestone, Phase, Project, ProjectDeal, ProjectHealth, ProjectStatus, ProjectSummary };

/** The list's query as the page holds it: '' is any status. */
export type ProjectFilter = Omit<ProjectListQuery, 'status' | 'limit' | 'cursor'> & { status?: ProjectStatus | '' };

export const listProjects = (query: ListQuery<ProjectListQuery>): Promise<Page<ProjectSummary>> => http.page<ProjectSummary>('/api/projects', query);

export const getProject = (id: string) => http.get<Project>(`/api/projects/${encodeURIComponent(id)}`);

export type ProjectChanges = ProjectChange;

export const updateProject = (id: string, changes: ProjectChanges) => http.patch<Project>(`/api/projects/${encodeURIComponent(id)}`, changes);

/** The manual "Create project" step on a won deal; 409 when it has one already or is not won. */
export const createProjectForDeal = (opportunityId: string, body: NewProject = {}) =>
  http.post<Project>(`/api/opportunities/${encodeURIComponent(opportunityId)}/project`, body);

export const getDealProjectStatus = (opportunityId: string) =>
  http.get<ProjectStatusAnswer>(`/api/opportunities/${encodeURIComponent(opportunityId)}/project-status`);

export type NewTask = NewProjectTask;

export const addTask = (projectId: string, task: NewTask) => http.post<Task>(`/api/projects/${encodeURIComponent(projectId)}/tasks`, task);

export const projectPath = (id: string) => `/projects/${encodeURIComponent(id)}`;
