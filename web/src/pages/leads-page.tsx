// Leads: a list (filtered by stage, need maturity, mine, words) or a board by stage, and "New lead".
import { useEffect, useId, useState, type FormEvent } from 'react';
import {
  createLead,
  leadPath,
  leadStageLabels,
  leadStages,
  listLeads,
  maturityLabels,
  needMaturities,
  type Lead,
  type LeadStage,
  type NeedMaturity,
} from '../modules/leads/api/leads.api.ts';
import { LeadBoard, MaturityBadge } from '../modules/leads/components/lead-board.tsx';
import { canEditDeals, useSession } from '../modules/session/hooks/use-session.tsx';
import { usePeopleOptions } from '../modules/users/hooks/use-people-options.ts';
import { Dialog } from '../ui/dialog.tsx';
import { EmptyState, ErrorMessage, Loading } from '../ui/feedback.tsx';
import { fieldSentence, splitFieldErrors } from '../ui/form.ts';
import { FormField, textControl } from '../ui/form-field.tsx';
import { formatDate } from '../ui/format.ts';
import { withQuery } from '../ui/http.ts';
import { LoadMore } from '../ui/load-more.tsx';
import { Link, navigate, useLocation } from '../ui/router.tsx';
import { usePagedList } from '../ui/use-paged-list.ts';
import { useTitle } from '../ui/use-title.ts';

const pageSize = 100;

export function LeadsPage() {
  useTitle('Leads');
  const { user } = useSession();
  const [creating, setCreating] = useState(false);
  const location = useLocation();
  const view = location.search.get('view') === 'board' ? 'board' : 'list';
  const stageParam = location.search.get('stage') ?? '';
  const stage = (leadStages as readonly string[]).includes(stageParam) ? (stageParam as LeadStage) : '';
  const maturityParam = location.search.get('needMaturity') ?? '';
  const needMaturity = (needMaturities as readonly string[]).includes(maturityParam) ? (maturityParam as NeedMaturity) : '';
  const mine = location.search.get('mine') === 'true';
  const q = location.search.get('q') ?? '';
  const [text, setText] = useState(q);
  const params = { view: view === 'board' ? 'board' : '', stage, needMaturity, mine: mine ? 'true' : '', q };
  const go = (change: Partial<typeof params>) => navigate(withQuery('/leads', { ...params, ...change }), { replace: true });
  const leads = usePagedList((cursor) => listLeads({ stage, needMaturity, mine: mine || '', q, limit: pageSize, cursor }), [stage, needMaturity, mine, q]);

  // eslint-disable-next-line react-hooks/exhaustive-deps -- deliberate: only these inputs restart it
  useEffect(() => leads.reset(), [stage, needMaturity, mine, q]);
  useEffect(() => setText(q), [q]);
  useEffect(() => {
    const trimmed = text.trim();
    if (trimmed === q) return;
    const timer = setTimeout(() => go({ q: trimmed }), 250);
    return () => clearTimeout(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- go is new on every render; text and q decide
  }, [text, q]);

  return (
    <main className="page">
      <div className="page-header">
        <h1>Leads</h1>
        <div className="filters">
          <div className="form-cell">
            <label className="label" htmlFor="leads-view">
              View
            </label>
            <select id="leads-view" className="input" value={view} onChange={(event) => go({ view: event.target.value === 'board' ? 'board' : '' })}>
              <option value="list">List</option>
              <option value="board">Board</option>
            </select>
          </div>
          <div className="form-cell">
            <label className="label" htmlFor="leads-stage">
              Stage
            </label>
            <select id="leads-stage" className="input" value={stage} onChange={(event) => go({ stage: event.target.value as LeadStage })}>
              <option value="">All stages</option>
              {leadStages.map((s) => (
                <option key={s} value={s}>
                  {leadStageLabels[s]}
                </option>
              ))}
            </select>
          </div>
          <div className="form-cell">
            <label className="label" htmlFor="leads-maturity">
              Need
            </label>
            <select id="leads-maturity" className="input" value={needMaturity} onChange={(event) => go({ needMaturity: event.target.value as NeedMaturity })}>
              <option value="">Any need maturity</option>
              {needMaturities.map((m) => (
                <option key={m} value={m}>
                  {maturityLabels[m]}
                </option>
              ))}
            </select>
          </div>
          <label className="leads-mine">
            <input type="checkbox" checked={mine} onChange={(event) => go({ mine: event.target.checked ? 'true' : '' })} /> Mine
          </label>
          <form role="search" className="form-cell" onSubmit={(event) => event.preventDefault()}>
            <label className="label" htmlFor="leads-search">
              Search leads
            </label>
            <input
              id="leads-search"
              className="input"
              type="search"
              placeholder="Title, company, contact, e-mail"
              value={text}
              onChange={(event) => setText(event.target.value)}
            />
          </form>
          {canEditDeals(user.role) ? (
            <button type="button" className="button button-primary" onClick={() => setCreating(true)}>
              New lead
            </button>
          ) : null}
        </div>
      </div>
      {leads.error ? <ErrorMessage error={leads.error} onRetry={() => void leads.reload()} /> : null}
      {!leads.loaded && leads.loading ? <Loading label="Loading leads…" /> : null}
      {leads.loaded && leads.items.length === 0 && view === 'list' ? (
        <EmptyState title={stage || needMaturity || mine || q ? 'No leads match these filters' : 'No leads yet'} />
      ) : null}
      {leads.loaded && view === 'board' ? <LeadBoard leads={leads.items} /> : null}
      {leads.items.length > 0 && view === 'list' ? (
        <div aria-busy={leads.loading} className="table-scroll">
          <LeadTable leads={leads.items} />
        </div>
      ) : null}
      <LoadMore list={leads} />
      <NewLeadDialog
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={(lead) => {
          setCreating(false);
          navigate(leadPath(lead.id));
        }}
      />
    </main>
  );
}

function LeadTable({ leads }: { leads: Lead[] }) {
  return (
    <table className="table" data-testid="lead-table">
      <thead>
        <tr>
          <th scope="col">Lead</th>
          <th scope="col">Stage</th>
          <th scope="col">Need</th>
          <th scope="col">Company</th>
          <th scope="col">Source</th>
          <th scope="col">Distributor</th>
          <th scope="col">Owner</th>
          <th scope="col">Expected sale</th>
        </tr>
      </thead>
      <tbody>
        {leads.map((l) => (
          <tr key={l.id}>
            <td>
              <Link to={leadPath(l.id)}>{l.title}</Link>
            </td>
            <td>{leadStageLabels[l.stage]}</td>
            <td>
              <MaturityBadge maturity={l.needMaturity} />
            </td>
            <td>{l.account ? <Link to={`/accounts/${encodeURIComponent(l.account.id)}`}>{l.account.name}</Link> : (l.companyName ?? '—')}</td>
            <td>{l.source ?? '—'}</td>
            <td>{l.distributor?.name ?? '—'}</td>
            <td>{l.owner?.name ?? '—'}</td>
            <td>{formatDate(l.expectedSaleDate)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const fields = ['title', 'companyName', 'contactName', 'email', 'source', 'distributorId', 'ownerId', 'expectedSaleDate'] as const;
type FieldName = (typeof fields)[number];
const labels: Record<FieldName, string> = {
  title: 'Title',
  companyName: 'Company',
  contactName: 'Contact',
  email: 'E-mail',
  source: 'Source',
  distributorId: 'Distributor',
  ownerId: 'Owner',
  expectedSaleDate: 'Expected sale date',
};

function NewLeadDialog({ open, onClose, onCreated }: { open: boolean; onClose: () => void; onCreated: (lead: Lead) => void }) {
  return (
    <Dialog open={open} title="New lead" onClose={onClose}>
      <NewLeadForm onCancel={onClose} onCreated={onCreated} />
    </Dialog>
  );
}

function NewLeadForm({ onCancel, onCreated }: { onCancel: () => void; onCreated: (lead: Lead) => void }) {
  const id = useId();
  const { user } = useSession();
  const people = usePeopleOptions();
  const [values, setValues] = useState<Record<FieldName, string>>({
    title: '',
    companyName: '',
    contactName: '',
    email: '',
    source: '',
    distributorId: '',
    ownerId: user.id,
    expectedSaleDate: '',
  });
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const server = splitFieldErrors(error, fields);
  const messageFor = (f: FieldName) => (server.byField[f] ? fieldSentence(labels[f], server.byField[f]) : undefined);
  const control = (f: FieldName) => textControl(`${id}-${f}`, values[f], messageFor(f), (value) => setValues((v) => ({ ...v, [f]: value })));
  const orNull = (s: string) => s.trim() || null;

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onCreated(
        await createLead({
          title: values.title.trim(),
          companyName: orNull(values.companyName),
          contactName: orNull(values.contactName),
          email: orNull(values.email),
          source: orNull(values.source),
          distributorId: values.distributorId || null,
          ownerId: values.ownerId || null,
          expectedSaleDate: values.expectedSaleDate || null,
        }),
      );
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  const personSelect = (f: 'distributorId' | 'ownerId') => (
    <select {...control(f)}>
      <option value="">Nobody yet</option>
      {people.map((p) => (
        <option key={p.value} value={p.value}>
          {p.label}
        </option>
      ))}
    </select>
  );

  return (
    <form onSubmit={(event) => void submit(event)} noValidate>
      <div className="form-row">
        <FormField id={`${id}-title`} label={labels.title} error={messageFor('title')}>
          <input {...control('title')} required maxLength={200} />
        </FormField>
        <FormField id={`${id}-source`} label={labels.source} error={messageFor('source')}>
          <input {...control('source')} maxLength={100} placeholder="Website, referral, event…" />
        </FormField>
      </div>
      <div className="form-row">
        <FormField id={`${id}-companyName`} label={labels.companyName} error={messageFor('companyName')}>
          <input {...control('companyName')} maxLength={200} />
        </FormField>
        <FormField id={`${id}-contactName`} label={labels.contactName} error={messageFor('contactName')}>
          <input {...control('contactName')} maxLength={200} />
        </FormField>
        <FormField id={`${id}-email`} label={labels.email} error={messageFor('email')}>
          <input {...control('email')} type="email" maxLength={320} />
        </FormField>
      </div>
      <div className="form-row">
        <FormField id={`${id}-distributorId`} label={labels.distributorId} error={messageFor('distributorId')}>
          {personSelect('distributorId')}
        </FormField>
        <FormField id={`${id}-ownerId`} label={labels.ownerId} error={messageFor('ownerId')}>
          {personSelect('ownerId')}
        </FormField>
        <FormField id={`${id}-expectedSaleDate`} label={labels.expectedSaleDate} error={messageFor('expectedSaleDate')}>
          <input {...control('expectedSaleDate')} type="date" />
        </FormField>
      </div>
      {server.rest ? <ErrorMessage error={server.rest} /> : null}
      <div className="dialog-actions">
        <button type="button" className="button" onClick={onCancel} disabled={busy}>
          Cancel
        </button>
        <button type="submit" className="button button-primary" disabled={busy}>
          {busy ? 'Adding…' : 'Add the lead'}
        </button>
      </div>
    </form>
  );
}
