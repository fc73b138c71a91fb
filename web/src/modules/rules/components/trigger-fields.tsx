// What starts a rule: an event (deal won, stage changed, a field changed ...), at once or some business days later.
import { useId } from 'react';
import type { TriggerDraft } from '../api/rule-draft.ts';
import { stageCategories, type TriggerEvent } from '../api/rules.api.ts';

const triggerFieldNames = ['toStage', 'toCategory', 'field', 'to'] as const;
type TriggerFieldName = (typeof triggerFieldNames)[number];

type TriggerFieldsProps = {
  trigger: TriggerDraft;
  events: TriggerEvent[];
  /** The workspace's stage names (a trigger names its stage by name). */
  stages: readonly string[];
  /** The deal fields a field change may name, by key ("dealType", "custom.region") with their labels. */
  dealFields: readonly { value: string; label: string }[];
  invalid: (field: string) => boolean;
  onChange: (trigger: TriggerDraft) => void;
};

export function TriggerFields({ trigger, events, stages, dealFields, invalid, onChange }: TriggerFieldsProps) {
  const id = useId();
  const set = (changes: Partial<TriggerDraft>) => onChange({ ...trigger, ...changes });
  const event = events.find((e) => e.event === trigger.event);
  // The catalog lists, per event, the trigger fields that apply (toStage for stage changes, field and to for field
  // changes); an event it does not know gets them all. A field already filled in stays visible.
  const named = (event?.fields ?? []).filter((f): f is TriggerFieldName => (triggerFieldNames as readonly string[]).includes(f));
  const recordFields = (event?.fields ?? []).filter((f) => !(triggerFieldNames as readonly string[]).includes(f));
  const shows = (field: TriggerFieldName) => !event || named.includes(field) || Boolean(trigger[field]);

  return (
    <div className="stack">
      <div className="form-row">
        <div className="form-cell">
          <label className="label" htmlFor={`${id}-event`}>
            When
          </label>
          <select
            id={`${id}-event`}
            className="input"
            value={trigger.event}
            aria-invalid={invalid('event') || undefined}
            onChange={(e) => set({ event: e.target.value })}
          >
            <option value="">Choose an event</option>
            {trigger.event && !event ? <option value={trigger.event}>{trigger.event}</option> : null}
            {events.map((e) => (
              <option key={e.event} value={e.event}>
                {e.label}
              </option>
            ))}
          </select>
        </div>
        <div className="form-cell">
          <label className="label" htmlFor={`${id}-type`}>
            Run
          </label>
          <select id={`${id}-type`} className="input" value={trigger.type} onChange={(e) => set({ type: e.target.value as TriggerDraft['type'] })}>
            <option value="event">At once</option>
            <option value="timer">Some business days later</option>
          </select>
        </div>
        {trigger.type === 'timer' ? (
          <>
            <div className="form-cell form-cell-narrow">
              <label className="label" htmlFor={`${id}-days`}>
                Business days later
              </label>
              <input
                id={`${id}-days`}
                className="input"
                type="number"
                min={0}
                step={1}
                value={trigger.businessDays}
                aria-invalid={invalid('businessDays') || undefined}
                onChange={(e) => set({ businessDays: e.target.value })}
              />
            </div>
            <div className="form-cell form-cell-narrow">
              <label className="label" htmlFor={`${id}-hour`}>
                At hour (0–23)
              </label>
              <input
                id={`${id}-hour`}
                className="input"
                type="number"
                min={0}
                max={23}
                step={1}
                placeholder="9"
                value={trigger.hour}
                aria-invalid={invalid('hour') || undefined}
                onChange={(e) => set({ hour: e.target.value })}
              />
            </div>
          </>
        ) : null}
      </div>
      <div className="form-row">
        {shows('toStage') ? (
          <div className="form-cell">
            <label className="label" htmlFor={`${id}-toStage`}>
              Into stage (optional)
            </label>
            <select
              id={`${id}-toStage`}
              className="input"
              value={trigger.toStage}
              aria-invalid={invalid('toStage') || undefined}
              onChange={(e) => set({ toStage: e.target.value })}
            >
              <option value="">Any stage</option>
              {trigger.toStage && !stages.includes(trigger.toStage) ? <option value={trigger.toStage}>{trigger.toStage} (no such stage)</option> : null}
              {stages.map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
            </select>
          </div>
        ) : null}
        {shows('toCategory') ? (
          <div className="form-cell">
            <label className="label" htmlFor={`${id}-toCategory`}>
              Into a stage that is (optional)
            </label>
            <select
              id={`${id}-toCategory`}
              className="input"
              value={trigger.toCategory}
              onChange={(e) => set({ toCategory: e.target.value as TriggerDraft['toCategory'] })}
            >
              <option value="">Any</option>
              {stageCategories.map((c) => (
                <option key={c} value={c}>
                  {c === 'open' ? 'Open' : c === 'won' ? 'Won' : 'Lost'}
                </option>
              ))}
            </select>
          </div>
        ) : null}
        {shows('field') ? (
          <div className="form-cell">
            <label className="label" htmlFor={`${id}-field`}>
              Field (optional)
            </label>
            <select
              id={`${id}-field`}
              className="input"
              value={trigger.field}
              aria-invalid={invalid('field') || undefined}
              onChange={(e) => set({ field: e.target.value })}
            >
              <option value="">Any field</option>
              {[...dealFields, ...recordFields.map((f) => ({ value: f, label: f }))]
                .concat(
                  trigger.field && !dealFields.some((f) => f.value === trigger.field) && !recordFields.includes(trigger.field)
                    ? [{ value: trigger.field, label: trigger.field }]
                    : [],
                )
                .map((f) => (
                  <option key={f.value} value={f.value}>
                    {f.label}
                  </option>
                ))}
            </select>
          </div>
        ) : null}
        {shows('to') ? (
          <div className="form-cell">
            <label className="label" htmlFor={`${id}-to`}>
              Became (optional)
            </label>
            <input
              id={`${id}-to`}
              className="input"
              placeholder="upsell"
              value={trigger.to}
              aria-invalid={invalid('to') || undefined}
              onChange={(e) => set({ to: e.target.value })}
              aria-describedby={`${id}-to-hint`}
            />
            <p id={`${id}-to-hint`} className="muted small">
              Numbers and true/false are read as such.
            </p>
          </div>
        ) : null}
      </div>
    </div>
  );
}
