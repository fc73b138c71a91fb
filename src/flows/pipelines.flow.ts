// Pipelines and their stages: create one, rename it, make it the default, reorder, add, re-weight and archive stages.
import type { Actor } from '../domain/actor.ts';
import { AppError, invalid, notFound, type FieldIssue } from '../domain/errors.ts';
import { checkRequiredFields, type StageCategory } from '../domain/opportunity.ts';
import { arrangeStages, checkStages, defaultStages, type StageDraft } from '../domain/pipeline.ts';
import { recordAudit } from '../adapters/db/audit.repo.ts';
import type { Tx } from '../adapters/db/database.ts';
import {
  countDealsPerStage,
  findPipeline,
  insertPipeline,
  listPipelines,
  lockPipeline,
  lockStagesOf,
  replaceStages,
  setDefaultPipeline,
  updatePipelineRow,
  type Pipeline,
} from '../adapters/db/pipelines.repo.ts';
import { flow } from './flow.ts';

type Ctx = { workspaceId: string; actor: Actor };
type ProjectCreation = 'automatic' | 'manual';

export type PipelineInput = {
  name: string;
  isDefault?: boolean | undefined;
  projectCreation?: ProjectCreation | undefined;
  requiredToWin?: string[] | undefined;
  stages?: StageDraft[] | undefined;
};
export type PipelinePatch = {
  name?: string | undefined;
  isDefault?: boolean | undefined;
  projectCreation?: ProjectCreation | undefined;
  archived?: boolean | undefined;
  /** Deal field keys a deal must have filled before it is won (the whole list). */
  requiredToWin?: string[] | undefined;
  /** The pipeline's stages in their new order: with an id to keep one, without to add one; those left out are archived. */
  stages?: StageDraft[] | undefined;
};

const bodyIssues = (issues: FieldIssue[]) => issues.map((i) => ({ ...i, path: `body:/${i.path}` }));

function checkName(name: string): string {
  const trimmed = name.trim();
  if (!trimmed) throw invalid([{ path: 'body:/name', message: 'A pipeline needs a name' }]);
  return trimmed;
}

async function assertNameFree(tx: Tx, workspaceId: string, name: string, except?: string): Promise<void> {
  const key = name.toLocaleLowerCase('en');
  const taken = (await listPipelines(tx, workspaceId)).find((p) => p.id !== except && p.name.toLocaleLowerCase('en') === key);
  if (taken) throw new AppError('pipeline.name_taken', 'conflict', `A pipeline named "${taken.name}" already exists`, { details: { pipelineId: taken.id } });
}

/** A new pipeline (the default stages unless given); the workspace's first active pipeline becomes its default. */
export const createPipeline = flow(async (tx, _deps, ctx: Ctx, input: PipelineInput): Promise<Pipeline> => {
  const name = checkName(input.name);
  const drafts = input.stages ?? [...defaultStages];
  const issues = [...checkStages(drafts), ...checkRequiredFields(input.requiredToWin ?? [])];
  if (issues.length) throw invalid(bodyIssues(issues));
  await assertNameFree(tx, ctx.workspaceId, name);
  const first = (await listPipelines(tx, ctx.workspaceId)).length === 0;
  const stages = arrangeStages(drafts.map(({ name, category, probability }) => ({ name, category, probability })));
  const id = await insertPipeline(tx, ctx.workspaceId, {
    name,
    isDefault: false,
    projectCreation: input.projectCreation ?? 'automatic',
    requiredToWin: input.requiredToWin,
    stages,
  });
  if (first || input.isDefault) await setDefaultPipeline(tx, ctx.workspaceId, id);
  const pipeline = (await findPipeline(tx, ctx.workspaceId, id))!;
  await recordAudit(tx, ctx.workspaceId, ctx.actor, [
    {
      action: 'pipeline.created',
      entityType: 'pipeline',
      entityId: id,
      after: { name, isDefault: pipeline.isDefault, stages: pipeline.stages.map((s) => ({ name: s.name, category: s.category, probability: s.probability })) },
    },
  ]);
  return pipeline;
});

/**
 * Changes a pipeline. Refuses (409) to archive the default pipeline or one with open deals, and to archive a stage
 * or change the category of one that deals are in: those deals would be left in a stage nobody can see or that means
 * something else. The pipeline's row is locked for the change, so two editors take turns.
 */
export const updatePipeline = flow(async (tx, _deps, ctx: Ctx, pipelineId: string, patch: PipelinePatch): Promise<Pipeline> => {
  const row = await lockPipeline(tx, ctx.workspaceId, pipelineId);
  if (!row) throw notFound('pipeline.not_found', 'Pipeline');
  // Deals moving into this pipeline's stages hold them FOR SHARE: wait for them, so the counts below are current.
  await lockStagesOf(tx, ctx.workspaceId, pipelineId);
  const before = (await findPipeline(tx, ctx.workspaceId, pipelineId, { includeArchived: true }))!;
  const activeBefore = before.stages.filter((s) => !s.archivedAt);
  const name = patch.name === undefined ? undefined : checkName(patch.name);
  const requiredIssues = checkRequiredFields(patch.requiredToWin ?? []);
  if (requiredIssues.length) throw invalid(bodyIssues(requiredIssues), 'A field required to win is not a deal field');
  if (name !== undefined && name !== before.name) await assertNameFree(tx, ctx.workspaceId, name, pipelineId);
  const archiving = patch.archived === true && !before.archivedAt;
  if (patch.isDefault === false && before.isDefault)
    throw invalid([{ path: 'body:/isDefault', message: 'Make another pipeline the default instead: a workspace always has one' }]);
  if (patch.isDefault === true && (archiving || (before.archivedAt && patch.archived !== false)))
    throw invalid([{ path: 'body:/isDefault', message: 'An archived pipeline cannot be the default' }]);

  const deals = await countDealsPerStage(tx, ctx.workspaceId, pipelineId);
  const dealsIn = (stageId: string) => deals.get(stageId) ?? 0;
  if (archiving) {
    if (before.isDefault) throw new AppError('pipeline.in_use', 'conflict', 'The default pipeline cannot be archived: make another pipeline the default first');
    const open = activeBefore.filter((s) => s.category === 'open').reduce((n, s) => n + dealsIn(s.id), 0);
    if (open > 0)
      throw new AppError('pipeline.in_use', 'conflict', `${open} open deal${open === 1 ? ' is' : 's are'} in this pipeline: move or close them first`, {
        details: { openDeals: open },
      });
  }

  if (patch.stages) {
    const issues = checkStages(patch.stages);
    const known = new Map(before.stages.map((s) => [s.id, s]));
    patch.stages.forEach((s, i) => {
      if (s.id && !known.has(s.id)) issues.push({ path: `stages/${i}/id`, message: 'Not a stage of this pipeline' });
    });
    if (issues.length) throw invalid(bodyIssues(issues));
    const keptIds = new Set(patch.stages.flatMap((s) => (s.id ? [s.id] : [])));
    for (const stage of activeBefore) {
      const n = dealsIn(stage.id);
      if (!keptIds.has(stage.id) && n > 0)
        throw new AppError('stage.in_use', 'conflict', `${n} deal${n === 1 ? ' is' : 's are'} in "${stage.name}": move them before archiving the stage`, {
          details: { stageId: stage.id, deals: n },
        });
    }
    patch.stages.forEach((s) => {
      const old = s.id ? known.get(s.id) : undefined;
      const n = old ? dealsIn(old.id) : 0;
      if (old && old.category !== s.category && n > 0)
        throw new AppError('stage.in_use', 'conflict', `${n} deal${n === 1 ? ' is' : 's are'} in "${old.name}": a stage with deals keeps its category`, {
          details: { stageId: old.id, deals: n },
        });
    });
    // A kept stage keeps its probability unless a new one is given.
    const drafts = patch.stages.map((s) => ({ ...s, probability: s.probability ?? (s.id ? known.get(s.id)?.probability : undefined) }));
    await replaceStages(tx, ctx.workspaceId, pipelineId, arrangeStages(drafts));
  }

  await updatePipelineRow(tx, ctx.workspaceId, pipelineId, {
    ...(name !== undefined && { name }),
    ...(patch.projectCreation !== undefined && { projectCreation: patch.projectCreation }),
    ...(patch.archived !== undefined && { archived: patch.archived }),
    ...(patch.requiredToWin !== undefined && { requiredToWin: patch.requiredToWin }),
  });
  if (patch.isDefault === true && !before.isDefault) await setDefaultPipeline(tx, ctx.workspaceId, pipelineId);

  const after = (await findPipeline(tx, ctx.workspaceId, pipelineId, { includeArchived: true }))!;
  const summary = (p: Pipeline) => ({
    name: p.name,
    isDefault: p.isDefault,
    projectCreation: p.projectCreation,
    archived: !!p.archivedAt,
    requiredToWin: p.requiredToWin,
    stages: p.stages.filter((s) => !s.archivedAt).map((s) => ({ id: s.id, name: s.name, category: s.category as StageCategory, probability: s.probability })),
  });
  const [b, a] = [summary(before), summary(after)];
  if (JSON.stringify(b) !== JSON.stringify(a))
    await recordAudit(tx, ctx.workspaceId, ctx.actor, [{ action: 'pipeline.updated', entityType: 'pipeline', entityId: pipelineId, before: b, after: a }]);
  return { ...after, stages: after.stages.filter((s) => !s.archivedAt) };
});
