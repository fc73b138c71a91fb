// The deal's traction gate on its page: whether delivery people may join yet and what is missing, the budget
// confirmation, the rules that bring delivery roles in and when, and the deal's trial tasks with their acceptance.
import { useId, useState, type FormEvent } from 'react';
import { Badge } from '../../../ui/badge.tsx';
import { EmptyState, ErrorMessage, Loading, Section } from '../../../ui/feedback.tsx';
import { formatDate } from '../../../ui/format.ts';
import type { InlineOption } from '../../../ui/inline-field.tsx';
import { Link } from '../../../ui/router.tsx';
import { useResource } from '../../../ui/use-resource.ts';
import { updateOpportunity, type Opportunity } from '../../opportunities/api/opportunities.api.ts';
import { conditionInWords } from '../../rules/api/condition-draft.ts';
import { getCatalog, triggerWords } from '../../rules/api/rules.api.ts';
import { addDealTask, decideTrial, getDealTraction, listTrialTasks, type DealTraction } from '../api/traction.api.ts';

/** "Traction: met (…)" or "Delivery people can join once: …", in the words the deal page shows. */
export function tractionHeadline(t: DealTraction): string {
  if (!t.gated) return 'No traction gate: delivery people can join this deal at any time.';
  if (t.won) return 'Traction: met (the deal is won).';
  if (t.met) return `Traction: met (${t.signals.map((s) => s.label).join('; ')}).`;
  return `Delivery people can join once: ${t.missing.join('; ')}.`;
}

export function TractionPanel({
  opportunity,
  version,
  people,
  mayEditDeal,
  mayWriteTasks,
  onChanged,
}: {
  opportunity: Opportunity;
  /** Changes when something the gate reads may have changed (the deal, an activity). */
  version: string;
  people: InlineOption[];
  mayEditDeal: boolean;
  mayWriteTasks: boolean;
  onChanged: (next: Opportunity) => void;
}) {
  const id = useId();
  const traction = useResource(() => getDealTraction(opportunity.id), [opportunity.id, version]);
  const trials = useResource(() => listTrialTasks(opportunity.id), [opportunity.id]);
  // The triggers' and fields' labels, to put a rule in words; without them it reads as the rule stores it.
  const catalog = useResource(() => getCatalog().catch(() => null), []);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [title, setTitle] = useState('');
  const [ownerId, setOwnerId] = useState('');
  const [dueDate, setDueDate] = useState('');
  const [criteria, setCriteria] = useState('');
  const [notes, setNotes] = useState<Record<string, string>>({});
  // The box shows the person's click at once; the deal's stored value takes over when the save answers.
  const [budgetShown, setBudgetShown] = useState<boolean | null>(null);

  async function act(step: () => Promise<unknown>) {
    setBusy(true);
    setError(null);
    try {
      await step();
      return true;
    } catch (caught) {
      setError(caught);
      return false;
    } finally {
      setBusy(false);
    }
  }

  const setBudget = async (confirmed: boolean) => {
    setBudgetShown(confirmed);
    await act(async () => {
      onChanged(await updateOpportunity(opportunity.id, { budgetConfirmed: confirmed }));
    });
    setBudgetShown(null);
  };

  const addTrial = async (event: FormEvent) => {
    event.preventDefault();
    const ok = await act(async () => {
      await addDealTask(opportunity.id, { title, ownerId, dueDate, trial: true, acceptanceCriteria: criteria });
      await trials.reload();
    });
    if (ok) {
      setTitle('');
      setCriteria('');
    }
  };

  const decide = (taskId: string, acceptance: 'accepted' | 'not_accepted') =>
    act(async () => {
      const note = notes[taskId]?.trim();
      await decideTrial(taskId, { acceptance, ...(note ? { note } : {}) });
      await trials.reload();
    });

  const t = traction.data;
  return (
    <Section title="Traction and trials" id="traction">
      {traction.error ? <ErrorMessage error={traction.error} onRetry={() => void traction.reload()} /> : null}
      {!t && traction.loading ? <Loading /> : null}
      {t ? (
        <div className="stack-small">
          <p className={t.met ? 'success' : 'notice'} data-testid="traction-headline">
            <strong>{tractionHeadline(t)}</strong>
          </p>
          {t.gated ? (
            <ul className="plain-list">
              {t.signals.map((s) => (
                <li key={s.signal}>
                  <Badge tone={s.met ? 'green' : 'amber'}>{s.met ? 'Met' : 'Missing'}</Badge> {s.label}
                </li>
              ))}
            </ul>
          ) : null}
          <label className="checkbox">
            <input
              type="checkbox"
              checked={budgetShown ?? opportunity.budgetConfirmed}
              disabled={!mayEditDeal || busy}
              onChange={(event) => void setBudget(event.target.checked)}
            />{' '}
            Budget confirmed by the buyer
          </label>
          {t.rules.length > 0 ? (
            <ul className="plain-list small">
              {t.rules.map((r) => (
                <li key={`${r.ruleId}:${r.role}`}>
                  Rule <Link to={`/rules/${encodeURIComponent(r.ruleId)}`}>{r.ruleName}</Link> brings the {r.roleName} in{' '}
                  {catalog.data
                    ? `${triggerWords(r.trigger, r.event, catalog.data.triggers)}${r.condition ? `, if ${conditionInWords(r.condition, catalog.data.fields)}` : ''}`
                    : r.when}
                  {t.met ? '.' : ' (held until the traction is met).'}
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
      <ErrorMessage error={error} />

      <h3>Trial tasks</h3>
      {trials.error ? <ErrorMessage error={trials.error} onRetry={() => void trials.reload()} /> : null}
      {trials.data && trials.data.length === 0 ? <EmptyState title="No trial tasks: a trial brings a delivery person in before the traction is met" /> : null}
      {trials.data && trials.data.length > 0 ? (
        <ul className="editor-list" aria-label="Trial tasks">
          {trials.data.map((task) => (
            <li key={task.id} className="editor-block">
              <p>
                <Badge tone="blue">Trial</Badge> <Link to={`/tasks/${encodeURIComponent(task.id)}`}>{task.title}</Link> · {task.owner?.name ?? 'nobody'} · due{' '}
                {formatDate(task.dueDate)}{' '}
                {task.result ? (
                  <Badge tone={task.result === 'accepted' ? 'green' : 'red'}>{task.result === 'accepted' ? 'Accepted' : 'Not accepted'}</Badge>
                ) : null}
              </p>
              <p className="small">
                <strong>Acceptance:</strong> {task.acceptanceCriteria}
              </p>
              {task.acceptanceNote ? <p className="small muted">{task.acceptanceNote}</p> : null}
              {mayWriteTasks && task.status !== 'done' && task.status !== 'cancelled' ? (
                <div className="form-row">
                  <input
                    className="input form-cell-grow"
                    aria-label={`Acceptance note for ${task.title}`}
                    placeholder="Note (required when not accepted)"
                    value={notes[task.id] ?? ''}
                    onChange={(event) => setNotes({ ...notes, [task.id]: event.target.value })}
                  />
                  <button type="button" className="button button-small" disabled={busy} onClick={() => void decide(task.id, 'accepted')}>
                    Accept
                  </button>
                  <button
                    type="button"
                    className="button button-small button-danger-outline"
                    disabled={busy}
                    onClick={() => void decide(task.id, 'not_accepted')}
                  >
                    Not accepted
                  </button>
                </div>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}

      {mayWriteTasks ? (
        <form className="stack-small" onSubmit={addTrial} aria-label="Add a trial task">
          <div className="form-row">
            <div className="form-cell form-cell-grow">
              <label className="label" htmlFor={`${id}-title`}>
                Trial task
              </label>
              <input id={`${id}-title`} className="input" value={title} onChange={(event) => setTitle(event.target.value)} />
            </div>
            <div className="form-cell">
              <label className="label" htmlFor={`${id}-owner`}>
                Trial owner
              </label>
              <select id={`${id}-owner`} className="input" value={ownerId} onChange={(event) => setOwnerId(event.target.value)}>
                <option value="">Choose…</option>
                {people.map((p) => (
                  <option key={p.value} value={p.value}>
                    {p.label}
                  </option>
                ))}
              </select>
            </div>
            <div className="form-cell">
              <label className="label" htmlFor={`${id}-due`}>
                Due
              </label>
              <input id={`${id}-due`} className="input" type="date" value={dueDate} onChange={(event) => setDueDate(event.target.value)} />
            </div>
          </div>
          <div className="form-cell">
            <label className="label" htmlFor={`${id}-criteria`}>
              Acceptance criteria
            </label>
            <textarea id={`${id}-criteria`} className="input" rows={2} value={criteria} onChange={(event) => setCriteria(event.target.value)} />
          </div>
          <div>
            <button type="submit" className="button" disabled={busy || !title.trim() || !ownerId || !dueDate || !criteria.trim()}>
              Add trial task
            </button>
          </div>
        </form>
      ) : null}
    </Section>
  );
}
