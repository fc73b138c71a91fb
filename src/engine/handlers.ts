// Which flow handles which outbox event. Events nobody handles are marked delivered.
import { notifyOperationsOfWin } from '../flows/notify-operations.flow.ts';
import type { EventHandler } from './outbox.ts';

export function eventHandlers(): Record<string, EventHandler> {
  return {
    'deal.won': notifyOperationsOfWin,
  };
}
