import { http, type Page } from '../../../ui/http.ts';
import type { Task } from '../../tasks/api/tasks.api.ts';

export type UserRef = { id: string; name: string };
export type NamedRef = { id: string; name: string };

export const projectStatuses = ['planned', 'active', 'on_hold', 'done', 'cancelled'] as const;
export type ProjectStatus = (typeof projectStatuses)[number];
export const projectHealths = ['on_track', 'at_risk', 'off_track'] as const;
export type ProjectHealth = (typeof projectHealths)[number];

export type ProjectSummary = {
  id: string;
  name: string;
  status: ProjectStatus;
  health: ProjectHealth;
  owner: UserRef | null;
  account: NamedRef;
  opportunity: NamedRef;
  template: { id: string; name: string; version: number } | null;
  startDate: string | null;
  targetDate: string | null;
  taskCounts: { total: number; open: number; done: number; overdue: number; flagged: number };
  originRunId: string | null;
  createdAt: string;
};

export type Milestone = { id: string; name: string; dueDate: string | null; reachedAt: string | null };
export type Phase = { id: string; key: string; name: string; position: number; opportunityId: string | null; milestones: Milestone[] };

export type ProjectDeal = { opportunityId: string; name: string; addedAt: string; templateVersion: number | null; originRunId: string | null; addedBy: string };

export type Project = ProjectSummary & {
  /** Read live from the deal, not copied into the project. */
  deal: { amountMinor: number; currency: string; closeDate: string | null; dealType: string; complexity: string; stage: string };
  deals: ProjectDeal[];
  phases: Phase[];
  tasks: Task[];
};

export type ProjectStatusOfDeal = {
  project: ProjectSummary | null;
  creation: 'automatic' | 'manual';
  canCreate: boolean;
  suggestedTemplate: NamedRef | null;
  reason: string;
};

export type ProjectFilter = { opportunityId?: string; accountId?: string; ownerId?: string; status?: ProjectStatus | '' };

export const listProjects = (query: ProjectFilter & { cursor?: string | null; limit?: number }): Promise<Page<ProjectSummary>> =>
  http.page<ProjectSummary>('/api/projects', query);

export const getProject = (id: string) => http.get<Project>(`/api/projects/${encodeURIComponent(id)}`);

export type ProjectChanges = { ownerId?: string | null; status?: ProjectStatus; health?: ProjectHealth; name?: string };

export const updateProject = (id: string, changes: ProjectChanges) => http.patch<Project>(`/api/projects/${encodeURIComponent(id)}`, changes);

/** The manual "Create project" step on a won deal; 409 when it has one already or is not won. */
export const createProjectForDeal = (opportunityId: string, body: { templateId?: string } = {}) =>
  http.post<Project>(`/api/opportunities/${encodeURIComponent(opportunityId)}/project`, body);

export const getDealProjectStatus = (opportunityId: string) =>
  http.get<ProjectStatusOfDeal>(`/api/opportunities/${encodeURIComponent(opportunityId)}/project-status`);

export type NewTask = { title: string; ownerId: string; dueDate: string; phaseId?: string; description?: string };

export const addTask = (projectId: string, task: NewTask) => http.post<Task>(`/api/projects/${encodeURIComponent(projectId)}/tasks`, task);

export const projectPath = (id: string) => `/projects/${encodeURIComponent(id)}`;
