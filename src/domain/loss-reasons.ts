// Why deals are lost: a workspace's list of reasons, and what a loss records from the reason chosen and its note.
import { invalid } from './errors.ts';

export type LossReason = { id: string; key: string; label: string; archived: boolean; position: number };

/** The reasons a new workspace starts with; "other" asks for a note. */
export const defaultLossReasons: readonly { key: string; label: string }[] = [
  { key: 'price', label: 'Price' },
  { key: 'competitor', label: 'Chose a competitor' },
  { key: 'no_budget', label: 'No budget' },
  { key: 'no_decision', label: 'No decision' },
  { key: 'timing', label: 'Timing' },
  { key: 'other', label: 'Other' },
];

/** The reason that asks for a note. */
export const otherReasonKey = 'other';

export type LossInput = { lossReasonId?: string | undefined; lossNote?: string | undefined; reason?: string | undefined };
export type Loss = { lossReasonId: string | null; lossReasonKey: string | null; lossNote: string | null; reason: string };

/**
 * What a loss records. With a list of reasons the caller picks an active one (`lossReasonId`), and "other" needs a
 * note (`lossNote`, or the free-text `reason` older clients send); without a list the free-text reason is required.
 * `reason` is the line the outcome, the stopped sequences and the summary show: the label, then the note.
 */
export function decideLoss(reasons: readonly LossReason[], input: LossInput): Loss {
  const note = (input.lossNote ?? input.reason ?? '').trim() || null;
  if (reasons.length === 0 && input.lossReasonId === undefined) {
    if (!note) throw invalid([{ path: 'body:/reason', message: 'is required' }], 'Say why the deal was lost');
    return { lossReasonId: null, lossReasonKey: null, lossNote: null, reason: note };
  }
  if (input.lossReasonId === undefined)
    throw invalid([{ path: 'body:/lossReasonId', message: 'is required: choose a loss reason' }], 'Choose why the deal was lost');
  const chosen = reasons.find((r) => r.id === input.lossReasonId);
  if (!chosen) throw invalid([{ path: 'body:/lossReasonId', message: 'is not a loss reason of this workspace' }], 'Unknown loss reason');
  if (chosen.archived) throw invalid([{ path: 'body:/lossReasonId', message: `"${chosen.label}" is archived: choose another reason` }], 'Archived loss reason');
  if (chosen.key === otherReasonKey && !note)
    throw invalid([{ path: 'body:/lossNote', message: `is required when the reason is "${chosen.label}"` }], 'Say why the deal was lost');
  return { lossReasonId: chosen.id, lossReasonKey: chosen.key, lossNote: note, reason: note ? `${chosen.label}: ${note}` : chosen.label };
}
