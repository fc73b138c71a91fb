// The events Baton puts in its outbox: each type with its subject, its payload and whether rules can start on it.
// Declared once (TypeBox): the outbox, the dispatcher, the rule editor's trigger list and the tests all read it.
import { Type, type Static, type TSchema } from 'typebox';

const Id = Type.String();
const Depth = Type.Optional(Type.Integer({ minimum: 0, description: 'automated changes in a row that led here (0 for a person)' }));
const NullableId = Type.Union([Type.String(), Type.Null()]);

const dealClosed = Type.Object({
  opportunityId: Id,
  outcomeId: Id,
  accountId: Id,
  name: Type.String(),
  amountMinor: Type.Integer(),
  currency: Type.String(),
  closeDate: Type.String(),
  stageId: Id,
  reason: Type.Union([Type.String(), Type.Null()]),
  /** A loss in a workspace with a list of reasons: the reason chosen (its id and key) and the note. */
  lossReasonId: Type.Optional(NullableId),
  lossReason: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  lossNote: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  /** Won again after a reopen: the project that was on hold and resumed. */
  resumedProjectId: Type.Optional(Id),
  actor: Type.String(),
  depth: Depth,
});

/** What a trial task's acceptance carries: the task, its deal, the criteria and the note it was decided with. */
const trialDecided = Type.Object({
  taskId: Id,
  title: Type.String(),
  opportunityId: NullableId,
  ownerId: NullableId,
  acceptanceCriteria: Type.Union([Type.String(), Type.Null()]),
  note: Type.Union([Type.String(), Type.Null()]),
  actor: Type.String(),
  depth: Depth,
});

/** What every handoff measurement event carries; the rest depends on the event. */
const handoff = <P extends Record<string, TSchema>>(props: P) => Type.Object({ opportunityId: Id, briefId: Id, depth: Depth, ...props });

/** What every client document event carries; the rest depends on the event. */
const document = <P extends Record<string, TSchema>>(props: P) =>
  Type.Object({
    opportunityId: Id,
    documentId: Id,
    templateKey: Type.String(),
    templateVersion: Type.Integer(),
    number: Type.String(),
    revision: Type.Integer(),
    actor: Type.String(),
    depth: Depth,
    ...props,
  });

/** What every meeting event carries (the handoff call); the rest depends on the event. */
const meeting = <P extends Record<string, TSchema>>(props: P) =>
  Type.Object({ opportunityId: Id, meetingId: Id, kind: Type.String(), sequence: Type.Integer(), actor: Type.String(), depth: Depth, ...props });

/** What every approval event carries; the rest depends on the event. */
const approval = <P extends Record<string, TSchema>>(props: P) =>
  Type.Object({
    opportunityId: Id,
    requestId: Id,
    policyId: Id,
    policyKey: Type.String(),
    policyName: Type.String(),
    round: Type.Integer(),
    depth: Depth,
    ...props,
  });

/** What every lead event carries; the rest depends on the event. */
const lead = <P extends Record<string, TSchema>>(props: P) =>
  Type.Object({
    leadId: Id,
    title: Type.String(),
    stage: Type.String(),
    needMaturity: Type.String(),
    actor: Type.String(),
    depth: Depth,
    ...props,
  });

/** What the five results of a lead's handoff task carry: the task completed and the task that follows, if any. */
const handoffResult = <P extends Record<string, TSchema>>(props: P) =>
  lead({ taskId: Id, fromStage: Type.String(), fromNeedMaturity: Type.String(), nextTaskId: NullableId, ...props });

type EventSpec = {
  subject: 'opportunity' | 'account' | 'project' | 'task' | 'mail' | 'lead';
  label: string;
  /** Rules may start on it (the rule editor lists it); internal events are delivered but start no rule. */
  trigger: boolean;
  /** Trigger fields that narrow the match beyond the type (see domain/rules/rules.ts). */
  fields?: readonly ('toStage' | 'toCategory' | 'field' | 'to')[];
  payload: TSchema;
};

export const eventCatalog = {
  'deal.created': {
    subject: 'opportunity',
    label: 'Deal created',
    trigger: true,
    payload: Type.Object({ opportunityId: Id, name: Type.String(), stageId: Id, depth: Depth }),
  },
  'deal.stage_changed': {
    subject: 'opportunity',
    label: 'Deal stage changes (into the stage, or the kind of stage, picked below)',
    trigger: true,
    fields: ['toStage', 'toCategory'],
    payload: Type.Object({ opportunityId: Id, name: Type.String(), fromStageId: Id, toStageId: Id, category: Type.String(), depth: Depth }),
  },
  'deal.won': { subject: 'opportunity', label: 'Deal won', trigger: true, payload: dealClosed },
  'deal.lost': { subject: 'opportunity', label: 'Deal lost', trigger: true, payload: dealClosed },
  'deal.reopened': {
    subject: 'opportunity',
    label: 'Deal reopened',
    trigger: true,
    payload: Type.Object({
      opportunityId: Id,
      name: Type.String(),
      outcomeId: NullableId,
      stageId: Id,
      /** A lost deal: the expected close date it had before the loss, restored. */
      closeDate: Type.Optional(Type.String()),
      /** A won deal: its project, put on hold. */
      heldProjectId: Type.Optional(Id),
      depth: Depth,
    }),
  },
  'deal.field_changed': {
    subject: 'opportunity',
    label: 'Deal field changed (set by a rule or a person)',
    trigger: true,
    fields: ['field', 'to'],
    payload: Type.Object({
      opportunityId: Id,
      name: Type.String(),
      field: Type.String(),
      from: Type.Unknown(),
      to: Type.Unknown(),
      actor: Type.Optional(Type.String()),
      runId: Type.Optional(Id),
      depth: Depth,
    }),
  },
  'task.completed': {
    subject: 'task',
    label: 'Task completed',
    trigger: true,
    payload: Type.Object({
      taskId: Id,
      title: Type.String(),
      templateKey: Type.Union([Type.String(), Type.Null()]),
      opportunityId: NullableId,
      projectId: NullableId,
      actor: Type.String(),
      depth: Depth,
    }),
  },
  'trial.accepted': {
    subject: 'task',
    label: 'Trial task accepted (its acceptance criteria met)',
    trigger: true,
    payload: trialDecided,
  },
  'trial.not_accepted': {
    subject: 'task',
    label: 'Trial task not accepted',
    trigger: true,
    payload: trialDecided,
  },
  'project.created': {
    subject: 'project',
    label: 'Project created',
    trigger: true,
    payload: Type.Object({
      projectId: Id,
      opportunityId: Id,
      templateId: Id,
      templateVersion: Type.Integer(),
      tasks: Type.Integer(),
      runId: NullableId,
      depth: Depth,
    }),
  },
  'project.deal_added': {
    subject: 'project',
    label: "An upsell's phases added to the customer's open project",
    trigger: true,
    payload: Type.Object({
      projectId: Id,
      opportunityId: Id,
      templateId: Id,
      templateVersion: Type.Integer(),
      tasks: Type.Integer(),
      runId: NullableId,
      depth: Depth,
    }),
  },
  'milestone.reached': {
    subject: 'project',
    label: 'Milestone reached (its tasks all done)',
    trigger: true,
    payload: Type.Object({ projectId: Id, milestoneId: Id, name: Type.String(), dueDate: Type.String(), reachedOn: Type.String(), depth: Depth }),
  },
  'milestone.reopened': {
    subject: 'project',
    label: 'Milestone no longer reached (one of its tasks reopened)',
    trigger: false,
    payload: Type.Object({ projectId: Id, milestoneId: Id, name: Type.String(), depth: Depth }),
  },
  'project.health_changed': {
    subject: 'project',
    label: 'Project health changed (on track, at risk, off track)',
    trigger: true,
    payload: Type.Object({
      projectId: Id,
      opportunityId: Id,
      from: Type.String(),
      to: Type.String(),
      reasons: Type.Array(Type.String()),
      depth: Depth,
    }),
  },
  'project.status_changed': {
    subject: 'project',
    label: 'Project status changed (on hold, done, cancelled ...)',
    trigger: true,
    payload: Type.Object({ projectId: Id, name: Type.String(), from: Type.String(), to: Type.String(), actor: Type.String(), depth: Depth }),
  },
  'activity.logged': {
    subject: 'opportunity' as 'opportunity' | 'account',
    label: 'Note, call, e-mail, meeting or signed scope added to a deal',
    trigger: true,
    payload: Type.Object({
      activityId: Type.Optional(Id),
      scopeDocumentId: Type.Optional(Id),
      kind: Type.Optional(Type.String()),
      archived: Type.Optional(Type.Boolean()),
      opportunityId: NullableId,
      accountId: Type.Optional(Id),
      depth: Depth,
    }),
  },
  'mail.requested': { subject: 'mail', label: 'E-mail queued by a rule', trigger: false, payload: Type.Object({ mailId: Id, depth: Depth }) },
  'handoff.created': {
    subject: 'opportunity',
    label: 'Handoff brief prepared for the first time',
    trigger: true,
    payload: handoff({ items: Type.Integer(), extractor: Type.String() }),
  },
  'handoff.paused': {
    subject: 'opportunity',
    label: 'Handoff paused (notes and signed scope disagree)',
    trigger: true,
    payload: handoff({ conflicts: Type.Array(Type.String()), summary: Type.String() }),
  },
  'handoff.resumed': { subject: 'opportunity', label: 'Handoff resumed (conflicts settled)', trigger: true, payload: handoff({ status: Type.String() }) },
  'handoff.submitted': {
    subject: 'opportunity',
    label: 'Handoff sent by the AE to the CSM',
    trigger: true,
    payload: handoff({ from: Type.String(), note: Type.Optional(Type.String()) }),
  },
  'handoff.returned': {
    subject: 'opportunity',
    label: 'Handoff returned by the CSM with questions',
    trigger: true,
    payload: handoff({
      missing: Type.Array(Type.String()),
      questions: Type.Array(Type.Object({ field: Type.Union([Type.String(), Type.Null()]), text: Type.String() }, { additionalProperties: true })),
      summary: Type.String(),
    }),
  },
  'handoff.accepted': {
    subject: 'opportunity',
    label: 'Handoff accepted by the CSM',
    trigger: true,
    payload: handoff({ returns: Type.Integer(), firstPass: Type.Boolean(), hoursFromWon: Type.Optional(Type.Number()) }),
  },
  'kickoff.scheduled': {
    subject: 'opportunity',
    label: 'Kickoff scheduled',
    trigger: true,
    payload: handoff({ on: Type.String(), was: Type.Optional(Type.String()) }),
  },
  'kickoff.delayed': {
    subject: 'opportunity',
    label: 'Kickoff delayed',
    trigger: true,
    payload: handoff({ from: Type.String(), to: Type.String(), days: Type.Integer() }),
  },
  'kickoff.held': {
    subject: 'opportunity',
    label: 'Kickoff held',
    trigger: true,
    payload: handoff({ on: Type.String(), planned: Type.Optional(Type.String()), delayDays: Type.Integer() }),
  },
  'first_value.reached': {
    subject: 'opportunity',
    label: 'First value reached',
    trigger: true,
    payload: handoff({ on: Type.String(), due: Type.Optional(Type.String()), daysLate: Type.Optional(Type.Integer()) }),
  },
  'first_value.missed': {
    subject: 'opportunity',
    label: 'First value missed',
    trigger: true,
    payload: handoff({ reason: Type.String(), due: Type.Optional(Type.String()) }),
  },
  'document.generated': {
    subject: 'opportunity',
    label: 'Client document generated from a template',
    trigger: true,
    payload: document({ runId: Type.Optional(NullableId) }),
  },
  'document.submitted': { subject: 'opportunity', label: 'Client document submitted for review', trigger: true, payload: document({}) },
  'document.approved': { subject: 'opportunity', label: 'Client document approved', trigger: true, payload: document({}) },
  'document.rejected': {
    subject: 'opportunity',
    label: 'Client document rejected with a comment',
    trigger: true,
    payload: document({ comment: Type.String() }),
  },
  'document.sent': {
    subject: 'opportunity',
    label: 'Client document e-mailed to the client',
    trigger: true,
    payload: document({ to: Type.String(), mailId: Id }),
  },
  'approval.requested': {
    subject: 'opportunity',
    label: 'Approval requested (a deal matched a finance or legal policy, or its terms changed after a decision)',
    trigger: true,
    payload: approval({ reopened: Type.Boolean(), approvers: Type.Array(Id) }),
  },
  'approval.decided': {
    subject: 'opportunity',
    label: 'Approval decided (outcome approved or rejected)',
    trigger: true,
    payload: approval({
      outcome: Type.Union([Type.Literal('approved'), Type.Literal('rejected')]),
      comment: Type.Union([Type.String(), Type.Null()]),
      actor: Type.String(),
    }),
  },
  'deal.reactivation_started': {
    subject: 'opportunity',
    label: 'Reactivation sequence started for a lost deal',
    trigger: true,
    payload: Type.Object({
      opportunityId: Id,
      name: Type.String(),
      sequenceId: Id,
      sequence: Type.String(),
      enrolled: Type.Integer(),
      actor: Type.String(),
      depth: Depth,
    }),
  },
  'lead.created': { subject: 'lead', label: 'Lead created', trigger: true, payload: lead({ source: NullableId }) },
  'lead.stage_changed': {
    subject: 'lead',
    label: 'Lead moved to another stage',
    trigger: true,
    payload: lead({ fromStage: Type.String(), handoffTaskId: Type.Optional(NullableId) }),
  },
  'lead.proceeded_to_order': { subject: 'lead', label: 'Lead handoff result: proceed to order', trigger: true, payload: handoffResult({}) },
  'lead.proceeded_to_handoff': {
    subject: 'lead',
    label: 'Lead handoff result: proceed to handoff (need, budget, sales owner, first meeting given)',
    trigger: true,
    payload: handoffResult({ handoff: Type.Record(Type.String(), Type.Unknown()) }),
  },
  'lead.returned_to_distribution': { subject: 'lead', label: 'Lead handoff result: back to distribution', trigger: true, payload: handoffResult({}) },
  'lead.handoff_rescheduled': {
    subject: 'lead',
    label: 'Lead handoff result: rescheduled (a new handoff task)',
    trigger: true,
    payload: handoffResult({ dueDate: Type.String() }),
  },
  'lead.not_interested': { subject: 'lead', label: 'Lead handoff result: not interested', trigger: true, payload: handoffResult({}) },
  'lead.converted': {
    subject: 'lead',
    label: 'Lead converted into an account, a contact and a deal',
    trigger: true,
    payload: lead({ opportunityId: Id, accountId: Id, contactId: NullableId, accountCreated: Type.Boolean(), contactCreated: Type.Boolean() }),
  },
  'meeting.proposed': {
    subject: 'opportunity',
    label: 'Handoff call proposed (attendees and times chosen)',
    trigger: true,
    payload: meeting({ attendees: Type.Array(Id), proposedTimes: Type.Array(Type.String()) }),
  },
  'meeting.invited': {
    subject: 'opportunity',
    label: 'Handoff call invitation sent (iCalendar request)',
    trigger: true,
    payload: meeting({ startsAt: Type.String(), attendees: Type.Array(Id) }),
  },
  'meeting.rescheduled': {
    subject: 'opportunity',
    label: 'Handoff call rescheduled (update sent)',
    trigger: true,
    payload: meeting({ startsAt: Type.String(), was: Type.Union([Type.String(), Type.Null()]) }),
  },
  'meeting.cancelled': { subject: 'opportunity', label: 'Handoff call cancelled (cancellation sent)', trigger: true, payload: meeting({}) },
  'meeting.outcome_recorded': {
    subject: 'opportunity',
    label: 'Handoff call outcome recorded (held, no show, rescheduled; who attended)',
    trigger: true,
    payload: meeting({
      outcome: Type.Union([Type.Literal('held'), Type.Literal('no_show'), Type.Literal('rescheduled')]),
      attended: Type.Array(Id),
      absent: Type.Array(Id),
      startsAt: Type.Union([Type.String(), Type.Null()]),
      /** Hours from the win to the call, for the handoff measures. */
      hoursFromWon: Type.Union([Type.Number(), Type.Null()]),
    }),
  },
} as const satisfies Record<string, EventSpec>;

export type EventType = keyof typeof eventCatalog;
export type EventPayload<T extends EventType> = Static<(typeof eventCatalog)[T]['payload']>;
export type EventSubject<T extends EventType> = (typeof eventCatalog)[T]['subject'];

/** An event as a flow hands it to the outbox: typed per event type. */
export type NewEvent = {
  [T in EventType]: { type: T; subjectType: EventSubject<T>; subjectId: string; payload: EventPayload<T>; idempotencyKey: string };
}[EventType];

export const eventTypes = Object.keys(eventCatalog) as EventType[];
export const isEventType = (value: string): value is EventType => Object.hasOwn(eventCatalog, value);

/** Events that move a deal into a stage: rules on deal.stage_changed match them too. */
export const stageEventTypes: ReadonlySet<string> = new Set<EventType>(['deal.stage_changed', 'deal.won', 'deal.lost', 'deal.reopened']);

/** The events a rule can start on, with the trigger fields each accepts (for the rule editor and validation). */
export const triggerCatalog = eventTypes
  .filter((type) => eventCatalog[type].trigger)
  .map((type) => ({ event: type, label: eventCatalog[type].label, fields: [...((eventCatalog[type] as EventSpec).fields ?? [])] }));

export type HandoffEventType = Extract<EventType, `handoff.${string}` | `kickoff.${string}` | `first_value.${string}`>;
/** What a handoff event carries beyond the deal, the brief and the depth. */
export type HandoffEventData<T extends HandoffEventType> = Omit<EventPayload<T>, 'opportunityId' | 'briefId' | 'depth'>;
