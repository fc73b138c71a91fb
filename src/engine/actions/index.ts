// The action handlers the engine runs, one per action type of domain/rules/actions.ts (the compiler checks that
// every type has one).
import type { ActionType } from '../../domain/rules/actions.ts';
import type { ActionHandler } from './action.ts';
import { activateClient } from './activate-client.ts';
import { assignOwner } from './assign-owner.ts';
import { createKickoffTasks } from './create-kickoff-tasks.ts';
import { createReviewTask } from './create-review-task.ts';
import { createProject } from './create-project.ts';
import { createTask } from './create-task.ts';
import { enrolSequence } from './enrol-sequence.ts';
import { generateDocumentHandler } from './generate-document.ts';
import { notify } from './notify.ts';
import { prepareBriefHandler, type OutsideBriefExtractor } from './prepare-brief.ts';
import { scheduleHandoffCall } from './schedule-handoff-call.ts';
import { sendDocumentHandler } from './send-document.ts';
import { requestApprovalHandler } from './request-approval.ts';
import { setField } from './set-field.ts';
import { stopSequence } from './stop-sequence.ts';
import { submitDocumentHandler } from './submit-document.ts';
import { webhookHandler } from './webhook.ts';

export type ActionHandlers = { readonly [T in ActionType]: ActionHandler<T> };

export function actionHandlers(
  options: {
    outside?: OutsideBriefExtractor | undefined;
    /** The workspace's webhook allow-list; without it only public addresses are called. */
    webhookHosts?: ((workspaceId: string) => Promise<readonly string[]>) | undefined;
  } = {},
): ActionHandlers {
  return {
    activate_client: activateClient,
    create_project: createProject,
    create_task: createTask,
    assign_owner: assignOwner,
    notify,
    enrol_sequence: enrolSequence,
    stop_sequence: stopSequence,
    set_field: setField,
    webhook: webhookHandler(options.webhookHosts ?? (async () => [])),
    prepare_brief: prepareBriefHandler(options.outside),
    create_kickoff_tasks: createKickoffTasks,
    create_review_task: createReviewTask,
    generate_document: generateDocumentHandler,
    submit_document: submitDocumentHandler,
    send_document: sendDocumentHandler,
    request_approval: requestApprovalHandler,
    schedule_handoff_call: scheduleHandoffCall,
  };
}

export type { ActionContext, ActionHandler, ActionPreview, ActionResult, CreatedRef } from './action.ts';
export type { OutsideBriefExtractor } from './prepare-brief.ts';
