// "Dry run": pick a deal and an event; the server says what the rules (or the draft being edited) would do. Nothing is written.
import { useId, useState } from 'react';
import { ErrorMessage } from '../../../ui/feedback.tsx';
import { OpportunityPicker } from '../../opportunities/components/opportunity-picker.tsx';
import { dryRun, type CatalogField, type DryRunResult as Result, type RuleInput, type TriggerEvent } from '../api/rules.api.ts';
import { DryRunResult } from './dry-run-result.tsx';

type DryRunPanelProps = {
  events: TriggerEvent[];
  timeZone: string;
  /** The unsaved draft to try, or the reason it cannot be sent; without it, every saved rule is tried. */
  draft?: () => RuleInput | Error;
  /** The event to try first (the draft's own trigger). */
  defaultEvent?: string;
  /** The catalog's fields: the condition trace names them and shows amounts in currency units. */
  fields?: readonly CatalogField[] | undefined;
};

export function DryRunPanel({ events, timeZone, draft, defaultEvent = 'deal.won', fields }: DryRunPanelProps) {
  const id = useId();
  const [opportunityId, setOpportunityId] = useState('');
  const [event, setEvent] = useState(defaultEvent);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [result, setResult] = useState<Result | null>(null);

  const run = async () => {
    setError(null);
    const rule = draft?.();
    if (rule instanceof Error) {
      setError(rule);
      return;
    }
    setBusy(true);
    try {
      setResult(await dryRun({ opportunityId, ...(event ? { event } : {}), ...(rule ? { rules: [rule] } : {}) }));
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="stack">
      <OpportunityPicker value={opportunityId} onChange={setOpportunityId} />
      <div className="form-row">
        <div className="form-cell">
          <label className="label" htmlFor={`${id}-event`}>
            As if
          </label>
          <select id={`${id}-event`} className="input" value={event} onChange={(e) => setEvent(e.target.value)}>
            {!events.some((e) => e.event === 'deal.won') ? <option value="deal.won">the deal were won now</option> : null}
            {event && !events.some((e) => e.event === event) && event !== 'deal.won' ? <option value={event}>{event}</option> : null}
            {events.map((e) => (
              <option key={e.event} value={e.event}>
                {e.event === 'deal.won' ? 'the deal were won now' : e.label}
              </option>
            ))}
          </select>
        </div>
        <div className="form-cell form-cell-end">
          <button type="button" className="button" disabled={!opportunityId || busy} onClick={() => void run()} data-testid="dry-run">
            {busy ? 'Trying…' : 'Dry run'}
          </button>
        </div>
      </div>
      <ErrorMessage error={error} />
      {result ? <DryRunResult result={result} timeZone={timeZone} fields={fields} events={events} /> : null}
    </div>
  );
}
