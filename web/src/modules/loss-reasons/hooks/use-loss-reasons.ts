// The workspace's loss reasons, loaded when a lose dialog opens (and again the next time, in case settings changed).
import { useResource } from '../../../ui/use-resource.ts';
import { listLossReasons, type LossReason } from '../api/loss-reasons.api.ts';

export function useLossReasons(open: boolean) {
  return useResource<LossReason[]>(() => (open ? listLossReasons() : Promise.resolve([])), [open]);
}
