// prepare_brief: the handoff brief prepared (or refreshed) from the deal's sources. With an LLM configured, the
// model is asked before the step's transaction; when it fails, the embedded extractor prepares the brief.
import type { Logger } from 'pino';
import type { Db } from '../../adapters/db/database.ts';
import { findBriefRow } from '../../adapters/db/briefs.repo.ts';
import { askOutsideExtractor, loadBriefInput, prepareBrief, type BriefExtractor, type OutsideExtraction } from '../../flows/brief.flow.ts';
import { dealOf, type ActionHandler } from './action.ts';

/** An outside extractor and what asking it needs (it runs before the step's transaction). */
export type OutsideBriefExtractor = { extractor: BriefExtractor; db: Db; log: Logger };

export function prepareBriefHandler(outside: OutsideBriefExtractor | undefined): ActionHandler<'prepare_brief'> {
  const llm = outside?.extractor;
  return {
    type: 'prepare_brief',
    ...(outside && {
      async external(ctx) {
        const deal = dealOf(ctx);
        return { outside: (await askOutsideExtractor(outside, outside.extractor, ctx.workspaceId, deal.deal.id)) ?? null };
      },
    }),
    async run(tx, ctx, _params, external) {
      const deal = dealOf(ctx);
      const existing = await findBriefRow(tx, ctx.workspaceId, { opportunityId: deal.deal.id });
      if (existing?.status === 'accepted') return { status: 'skipped', summary: 'The handoff was accepted: its brief is closed' };
      const result = await prepareBrief(tx, {
        workspaceId: ctx.workspaceId,
        opportunityId: deal.deal.id,
        actor: ctx.actor,
        now: ctx.now,
        outside: (external?.outside ?? undefined) as OutsideExtraction | undefined,
        originRunId: ctx.run.id,
      });
      const summary =
        result.outcome === 'unchanged'
          ? 'The sources have not changed: the brief stays as it is'
          : `Brief ${result.outcome}: ${result.items} item(s), ${result.conflicts} conflict(s) with the signed scope${result.dropped ? `, ${result.dropped} item(s) dropped for lack of evidence` : ''}; ${result.status.replace('_', ' ')}`;
      return {
        summary,
        created: result.outcome === 'created' ? [{ type: 'brief', id: result.briefId, label: deal.deal.name }] : [],
        output: { briefId: result.briefId, outcome: result.outcome, status: result.status },
        changedFacts: result.outcome !== 'unchanged',
      };
    },
    async preview(db, ctx) {
      const deal = dealOf(ctx);
      const loaded = await loadBriefInput(db, ctx.workspaceId, deal.deal.id);
      const sources = loaded?.input.sources.filter((s) => s.kind !== 'contact' && s.kind !== 'fields') ?? [];
      const existing = await findBriefRow(db, ctx.workspaceId, { opportunityId: deal.deal.id });
      if (existing?.status === 'accepted') return { summary: 'Skip: the handoff was accepted', details: [] };
      return {
        summary: `${existing ? 'Refresh' : 'Prepare'} the handoff brief from ${sources.length} source(s) with the ${llm ? `LLM (${llm.name}), falling back to the embedded extractor` : 'embedded extractor'}`,
        details: sources.slice(0, 10).map((s) => `${s.kind}: ${s.title}`),
      };
    },
  };
}
