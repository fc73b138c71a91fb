// The delivery dashboard: every won deal with where its delivery stands, the charts' figures, and the live stream.
import { Type, type Static } from 'typebox';
import { IsoDate, Nullable, PageQuery, Ref, Uuid } from './common.ts';
import { ProjectHealth } from './projects.ts';

/** What the dashboard can be narrowed by: its query string, and a saved view's filters. */
export const dashboardFilterFields = {
  ownerId: Type.Optional(Uuid),
  projectOwnerId: Type.Optional(Uuid),
  teamId: Type.Optional(Type.String({ format: 'uuid', description: 'a delivery team (team role): wins whose project one of its members owns' })),
  health: Type.Optional(ProjectHealth),
  pipelineId: Type.Optional(Uuid),
  wonFrom: Type.Optional(IsoDate),
  wonTo: Type.Optional(IsoDate),
};

const filters = dashboardFilterFields;

export const DashboardQuery = Type.Object({ ...filters, ...PageQuery }, { additionalProperties: false });
export type DashboardQuery = Static<typeof DashboardQuery>;

export const DashboardSummaryQuery = Type.Object(
  {
    ...filters,
    months: Type.Optional(Type.Integer({ minimum: 1, maximum: 24, default: 6, description: 'months of the acceptance rate and of won to kickoff' })),
  },
  { additionalProperties: false },
);
export type DashboardSummaryQuery = Static<typeof DashboardSummaryQuery>;

const HealthReason = Type.Object({ code: Type.String(), severity: Type.String(), message: Type.String() });

export const DashboardRow = Type.Object({
  id: Type.String({ description: 'the win (the cursor of the next page)' }),
  opportunity: Ref,
  account: Ref,
  owner: Nullable(Ref),
  pipelineId: Type.String(),
  amountMinor: Type.Integer(),
  currency: Type.String(),
  wonAt: Type.String(),
  brief: Nullable(Type.Object({ id: Type.String(), status: Type.String(), acceptedAt: Nullable(Type.String()) })),
  approvalsPending: Type.Integer(),
  documentsPending: Type.Integer(),
  project: Nullable(
    Type.Object({
      id: Type.String(),
      name: Type.String(),
      status: Type.String(),
      owner: Nullable(Ref),
      health: ProjectHealth,
      healthReasons: Type.Array(HealthReason),
    }),
  ),
  tasks: Type.Object({ done: Type.Integer(), open: Type.Integer(), overdue: Type.Integer() }),
  nextMilestone: Nullable(Type.Object({ name: Type.String(), dueDate: Type.String() })),
  kickoff: Type.Object({ on: Nullable(Type.String()), heldOn: Nullable(Type.String()) }),
  firstValue: Type.Object({ due: Nullable(Type.String()), reachedOn: Nullable(Type.String()), missed: Type.Boolean() }),
});
export type DashboardRow = Static<typeof DashboardRow>;

export const DashboardSummary = Type.Object({
  funnel: Type.Object({ won: Type.Integer(), briefAccepted: Type.Integer(), kickoffHeld: Type.Integer(), firstValue: Type.Integer() }),
  health: Type.Object({ on_track: Type.Integer(), at_risk: Type.Integer(), off_track: Type.Integer(), noProject: Type.Integer() }),
  acceptance: Type.Array(
    Type.Object({
      month: Type.String(),
      decided: Type.Integer({ description: 'handoffs accepted or returned' }),
      acceptedFirstPass: Type.Integer(),
      rate: Nullable(Type.Number({ description: 'accepted without a return, over decided handoffs' })),
    }),
  ),
  returnsByField: Type.Array(
    Type.Object({
      field: Type.String({ description: 'the brief field the CSM named as missing (success_criteria, stakeholders ...)' }),
      returns: Type.Integer({ description: 'returns naming it (a brief returned twice for it counts twice)' }),
      briefs: Type.Integer({ description: 'briefs returned at least once for it' }),
    }),
    { description: "briefs returned by the CSM to the AE, per missing field, over the filters' wins; most returned first" },
  ),
  wonToKickoff: Type.Array(
    Type.Object({
      month: Type.String({ description: 'the month of the win (YYYY-MM, workspace time zone)' }),
      won: Type.Integer({ description: 'wins that month the filters keep' }),
      held: Type.Integer({ description: 'of them, with the kickoff held' }),
      medianDays: Nullable(
        Type.Number({
          description: "business days (the workspace's working week, holidays skipped) from the win to the kickoff held, median; null when none held",
        }),
      ),
      p90Days: Nullable(Type.Number({ description: '90th percentile of the same' })),
    }),
    { description: 'time from won to kickoff held, by month of the win, over the same months as acceptance' },
  ),
  target: Type.Number({ description: 'the acceptance rate aimed for (0.9)' }),
});
export type DashboardSummary = Static<typeof DashboardSummary>;
