// A lead: its details, its stage and need maturity, the handoff task (completed with one of five results), the
// handoff details, its history, and "Convert to a deal".
import { useEffect, useId, useState } from 'react';
import {
  convertLead,
  getLead,
  handoffCategory,
  leadPriorities,
  needMaturities,
  updateLead,
  type NeedMaturity,
  leadStageLabels,
  maturityLabels,
  moveLead,
  resultLabels,
  settableLeadStages,
  type HandoffResult,
  type LeadStage,
} from '../modules/leads/api/leads.api.ts';
import { HandoffEditDialog } from '../modules/leads/components/handoff-edit-dialog.tsx';
import { HandoffResultDialog } from '../modules/leads/components/handoff-result-dialog.tsx';
import { MaturityBadge } from '../modules/leads/components/lead-board.tsx';
import { HandoffDetailsList, LeadHistory } from '../modules/leads/components/lead-history.tsx';
import { can, canEditDeals, useSession } from '../modules/session/hooks/use-session.tsx';
import { isOpen, mayChangeTask, taskPath } from '../modules/tasks/api/tasks.api.ts';
import { TaskStatusBadge } from '../modules/tasks/components/task-status.tsx';
import { usePeople } from '../modules/users/hooks/use-people.ts';
import { usePeopleOptions } from '../modules/users/hooks/use-people-options.ts';
import { InlineField } from '../ui/inline-field.tsx';
import { Badge } from '../ui/badge.tsx';
import { ErrorMessage, Field, Loading, Section } from '../ui/feedback.tsx';
import { formatDate, formatDateTime, humanize } from '../ui/format.ts';
import { ApiError } from '../ui/http.ts';
import { Link, navigate } from '../ui/router.tsx';
import { useResource } from '../ui/use-resource.ts';
import { useTitle } from '../ui/use-title.ts';

export function LeadPage({ id }: { id: string }) {
  const formId = useId();
  const { user, workspace } = useSession();
  const lead = useResource(() => getLead(id), [id]);
  const people = usePeople();
  const peopleOptions = usePeopleOptions();
  const [completing, setCompleting] = useState<string | null>(null);
  const [editing, setEditing] = useState(false);
  const [busy, setBusy] = useState(false);
  const [actionError, setActionError] = useState<unknown>(null);
  const [stage, setStage] = useState<LeadStage | ''>('');
  const [expected, setExpected] = useState('');
  useTitle(lead.data?.title ?? 'Lead');
  const l = lead.data;
  useEffect(() => setExpected(l?.expectedSaleDate ?? ''), [l?.expectedSaleDate]);

  if (lead.error && !l) {
    const missing = lead.error instanceof ApiError && lead.error.status === 404;
    return (
      <main className="page">
        <p>
          <Link to="/leads">← Leads</Link>
        </p>
        {missing ? <h1>Lead not found</h1> : null}
        <ErrorMessage error={lead.error} onRetry={missing ? undefined : () => void lead.reload()} />
      </main>
    );
  }
  if (!l) {
    return (
      <main className="page">
        <Loading label="Loading the lead…" />
      </main>
    );
  }

  const mayEdit = canEditDeals(user.role);
  const nameOf = (personId: string) =>
    people.data?.find((p) => p.id === personId)?.name ?? (l.handoff?.salesOwnerId === personId ? (l.handoff.salesOwnerName ?? '—') : '—');
  const handoffTasks = l.tasks.filter((t) => t.category === handoffCategory);
  const openTask = handoffTasks.find((t) => isOpen(t.status));
  const mayComplete = openTask
    ? mayChangeTask({ editProjects: can(user.role, 'project.write'), writeTasks: can(user.role, 'task.write'), userId: user.id }, openTask)
    : false;

  // Details are edited in place until the lead is converted (its deal carries on from there).
  const editable = mayEdit && l.stage !== 'converted';
  const save = async (change: Parameters<typeof updateLead>[1]) => {
    await updateLead(l.id, change);
    await lead.reload();
  };
  const textField = (
    label: string,
    field: 'source' | 'companyName' | 'contactName' | 'email' | 'phone',
    value: string | null,
    type: 'text' | 'email' = 'text',
  ) => (
    <InlineField
      label={label}
      field={field}
      type={type}
      display={value ?? '—'}
      value={value ?? ''}
      editable={editable}
      onSave={(v) => save({ [field]: v.trim() || null })}
    />
  );
  const personField = (label: string, field: 'distributorId' | 'ownerId', person: { id: string; name: string } | null) => (
    <InlineField
      label={label}
      field={field}
      type="select"
      options={[{ value: '', label: 'Nobody' }, ...peopleOptions]}
      display={person?.name ?? '—'}
      value={person?.id ?? ''}
      editable={editable}
      onSave={(v) => save({ [field]: v || null })}
    />
  );
  const act = async (work: () => Promise<void>) => {
    setBusy(true);
    setActionError(null);
    try {
      await work();
    } catch (error) {
      setActionError(error);
    } finally {
      setBusy(false);
    }
  };
  const move = () =>
    act(async () => {
      if (!stage) return;
      await moveLead(l.id, { stage: stage as Exclude<LeadStage, 'converted'>, ...(expected && { expectedSaleDate: expected }) });
      setStage('');
      await lead.reload();
    });
  const convert = () =>
    act(async () => {
      const conversion = await convertLead(l.id);
      navigate(`/opportunities/${encodeURIComponent(conversion.opportunityId)}`);
    });

  return (
    <main className="page">
      <p className="breadcrumbs">
        <Link to="/leads">Leads</Link> <span aria-hidden="true">/</span> <span>Lead</span>
      </p>
      <div className="page-header">
        <div>
          <h1>{l.title}</h1>
          <p className="headline">
            <Badge tone={l.stage === 'converted' ? 'green' : l.stage === 'disqualified' ? 'red' : 'blue'}>
              <span data-testid="lead-stage">{leadStageLabels[l.stage]}</span>
            </Badge>{' '}
            <span data-testid="lead-maturity">
              <MaturityBadge maturity={l.needMaturity} />
            </span>
          </p>
        </div>
        <div className="button-row">
          {l.opportunity ? (
            <Link to={`/opportunities/${encodeURIComponent(l.opportunity.id)}`} className="button">
              Open the deal {l.opportunity.name}
            </Link>
          ) : mayEdit && l.stage !== 'disqualified' ? (
            <button type="button" className="button button-primary" onClick={() => void convert()} disabled={busy}>
              Convert to a deal
            </button>
          ) : null}
        </div>
      </div>
      {actionError ? <ErrorMessage error={actionError} /> : null}

      {mayEdit && l.stage !== 'converted' ? (
        <form
          className="form-row lead-move"
          onSubmit={(event) => {
            event.preventDefault();
            void move();
          }}
        >
          <div className="form-cell">
            <label className="label" htmlFor={`${formId}-stage`}>
              Move to
            </label>
            <select id={`${formId}-stage`} className="input" value={stage} onChange={(event) => setStage(event.target.value as LeadStage)}>
              <option value="">Choose a stage</option>
              {settableLeadStages
                .filter((s) => s !== l.stage || s === 'handoff_to_sales')
                .map((s) => (
                  <option key={s} value={s}>
                    {leadStageLabels[s]}
                  </option>
                ))}
            </select>
          </div>
          <div className="form-cell">
            <label className="label" htmlFor={`${formId}-expected`}>
              Expected sale date
            </label>
            <input id={`${formId}-expected`} className="input input-auto" type="date" value={expected} onChange={(event) => setExpected(event.target.value)} />
          </div>
          <div className="form-cell form-cell-end">
            <button type="submit" className="button" disabled={busy || !stage}>
              Move
            </button>
          </div>
        </form>
      ) : null}

      <Section title="Handoff task">
        {openTask ? (
          <div className="handoff-task" data-testid="handoff-task">
            <p>
              <Link to={taskPath(openTask.id)}>{openTask.title}</Link> <TaskStatusBadge status={openTask.status} />
            </p>
            <dl className="fields">
              <Field label="Owner" value={openTask.owner?.name ?? '—'} />
              <Field label="Reporter" value={openTask.reporter?.name ?? '—'} />
              <Field label="Starts" value={formatDateTime(openTask.startsAt, workspace.timeZone)} />
              <Field label="Due" value={<span className={openTask.overdue ? 'overdue-date' : undefined}>{formatDate(openTask.dueDate)}</span>} />
              <Field label="Priority" value={humanize(openTask.priority)} />
            </dl>
            {mayComplete ? (
              <button type="button" className="button button-primary" onClick={() => setCompleting(openTask.id)}>
                Complete with a result…
              </button>
            ) : null}
          </div>
        ) : (
          <p className="muted">
            {l.stage === 'handoff_to_sales' ? 'No open handoff task.' : 'A handoff task is given out when the lead enters handoff to sales.'}
          </p>
        )}
        {handoffTasks.filter((t) => t !== openTask).length > 0 ? (
          <>
            <h3>Earlier handoff tasks</h3>
            <ul className="plain-list">
              {handoffTasks
                .filter((t) => t !== openTask)
                .map((t) => (
                  <li key={t.id}>
                    <Link to={taskPath(t.id)}>Due {formatDate(t.dueDate)}</Link> · {t.owner?.name ?? '—'} ·{' '}
                    {t.result ? resultLabels[t.result as HandoffResult] : humanize(t.status)}
                  </li>
                ))}
            </ul>
          </>
        ) : null}
      </Section>

      {l.handoff ? (
        <Section
          title="Handoff details"
          actions={
            mayEdit ? (
              <button type="button" className="button button-small" onClick={() => setEditing(true)}>
                Edit
              </button>
            ) : null
          }
        >
          <HandoffDetailsList handoff={l.handoff} names={nameOf} timeZone={workspace.timeZone} />
        </Section>
      ) : null}

      <Section title="Lead">
        <dl className="fields">
          <InlineField
            label="Need maturity"
            field="needMaturity"
            type="select"
            options={needMaturities.map((m) => ({ value: m, label: maturityLabels[m] }))}
            display={maturityLabels[l.needMaturity]}
            value={l.needMaturity}
            editable={editable}
            onSave={(v) => save({ needMaturity: v as NeedMaturity })}
          />
          {textField('Source', 'source', l.source)}
          {textField('Company', 'companyName', l.companyName)}
          {textField('Contact', 'contactName', l.contactName)}
          {textField('E-mail', 'email', l.email, 'email')}
          {textField('Phone', 'phone', l.phone)}
          <Field label="Account" value={l.account ? <Link to={`/accounts/${encodeURIComponent(l.account.id)}`}>{l.account.name}</Link> : 'Not known yet'} />
          <Field label="Contact record" value={l.contact?.name ?? 'Not known yet'} />
          {personField('Distributor', 'distributorId', l.distributor)}
          {personField('Owner', 'ownerId', l.owner)}
          <Field label="Author" value={l.author?.name ?? '—'} />
          <InlineField
            label="Expected sale"
            field="expectedSaleDate"
            type="date"
            display={formatDate(l.expectedSaleDate)}
            value={l.expectedSaleDate ?? ''}
            editable={editable}
            onSave={(v) => save({ expectedSaleDate: v || null })}
          />
          <InlineField
            label="Priority"
            field="priority"
            type="select"
            options={leadPriorities.map((p) => ({ value: p, label: humanize(p) }))}
            display={humanize(l.priority)}
            value={l.priority}
            editable={editable}
            onSave={(v) => save({ priority: v as (typeof leadPriorities)[number] })}
          />
          <Field label="Created" value={formatDateTime(l.createdAt, workspace.timeZone)} />
        </dl>
      </Section>

      <Section title="History">
        <LeadHistory events={l.history} timeZone={workspace.timeZone} names={nameOf} />
      </Section>

      {editing && l.handoff ? (
        <HandoffEditDialog
          leadId={l.id}
          handoff={l.handoff}
          timeZone={workspace.timeZone}
          onClose={() => setEditing(false)}
          onSaved={() => {
            setEditing(false);
            void lead.reload();
          }}
        />
      ) : null}
      {completing ? (
        <HandoffResultDialog
          open
          taskId={completing}
          currency={l.baseCurrency}
          timeZone={workspace.timeZone}
          onClose={() => setCompleting(null)}
          onCompleted={() => {
            setCompleting(null);
            void lead.reload();
          }}
        />
      ) : null}
    </main>
  );
}
