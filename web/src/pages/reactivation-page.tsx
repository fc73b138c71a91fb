// Lost deals to bring back: filtered by reason, value, age, owner and account; each row, or the rows ticked, can be
// reopened (into the stage it was lost from) or given a reactivation sequence.
import { useEffect, useState } from 'react';
import { listLossReasons } from '../modules/loss-reasons/api/loss-reasons.api.ts';
import {
  listLostDeals,
  listSequences,
  reopenLost,
  startReactivation,
  type LostDeal,
  type ReactivationOutcome,
} from '../modules/reactivation/api/reactivation.api.ts';
import { can, useSession } from '../modules/session/hooks/use-session.tsx';
import { usePeopleOptions } from '../modules/users/hooks/use-people-options.ts';
import { EmptyState, ErrorMessage, Loading } from '../ui/feedback.tsx';
import { formatDate, formatMoney } from '../ui/format.ts';
import { withQuery } from '../ui/http.ts';
import { LoadMore } from '../ui/load-more.tsx';
import { Link, navigate, useLocation } from '../ui/router.tsx';
import { usePagedList } from '../ui/use-paged-list.ts';
import { useResource } from '../ui/use-resource.ts';
import { useTitle } from '../ui/use-title.ts';

const ages = [
  { value: '', label: 'Any time' },
  { value: 'max:30', label: 'Lost in the last 30 days' },
  { value: 'min:30', label: 'Lost over 30 days ago' },
  { value: 'min:90', label: 'Lost over 90 days ago' },
  { value: 'min:180', label: 'Lost over 180 days ago' },
];

export function ReactivationPage() {
  useTitle('Lost deals to bring back');
  const { user } = useSession();
  const people = usePeopleOptions();
  const reasons = useResource(() => listLossReasons(), []);
  const sequences = useResource(async () => (await listSequences()).items, []);
  const { search } = useLocation();
  const f = {
    lossReasonId: search.get('lossReasonId') ?? '',
    ownerId: search.get('ownerId') ?? '',
    accountId: search.get('accountId') ?? '',
    amountMin: search.get('amountMin') ?? '',
    age: search.get('age') ?? '',
  };
  const go = (change: Partial<typeof f>) => navigate(withQuery('/reactivation', { ...f, ...change }), { replace: true });
  const [ageKind, ageDays] = f.age.split(':');
  const deals = usePagedList(
    (cursor) =>
      listLostDeals({
        lossReasonId: f.lossReasonId,
        ownerId: f.ownerId,
        accountId: f.accountId,
        amountMin: f.amountMin ? Number(f.amountMin) : '',
        ...(ageKind === 'min' && { minAgeDays: Number(ageDays) }),
        ...(ageKind === 'max' && { maxAgeDays: Number(ageDays) }),
        limit: 100,
        cursor,
      }),
    [f.lossReasonId, f.ownerId, f.accountId, f.amountMin, f.age],
  );
  // eslint-disable-next-line react-hooks/exhaustive-deps -- deliberate: only the filters restart it
  useEffect(() => deals.reset(), [f.lossReasonId, f.ownerId, f.accountId, f.amountMin, f.age]);
  const [picked, setPicked] = useState<Set<string>>(new Set());
  const [sequenceId, setSequenceId] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [outcomes, setOutcomes] = useState<(ReactivationOutcome & { name: string })[]>([]);
  const mayReopen = can(user.role, 'deal.close');
  const mayEnrol = can(user.role, 'sequence.write');
  const nameOf = (id: string) => deals.items.find((d) => d.id === id)?.name ?? id;

  const run = async (work: () => Promise<{ items: ReactivationOutcome[] }>) => {
    setBusy(true);
    setError(null);
    try {
      const result = await work();
      // Named now: a reopened deal leaves the list when it is read again.
      setOutcomes(result.items.map((o) => ({ ...o, name: nameOf(o.opportunityId) })));
      setPicked(new Set());
      await deals.reload();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };
  const reopen = (ids: string[]) => run(() => reopenLost(ids));
  const enrol = (ids: string[]) => {
    if (!sequenceId) {
      setError(new Error('Choose the reactivation sequence first.'));
      return;
    }
    void run(() => startReactivation(ids, sequenceId));
  };
  const toggle = (id: string) =>
    setPicked((p) => {
      const next = new Set(p);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  return (
    <main className="page page-wide">
      <p className="breadcrumbs">
        <Link to="/deals">Deals</Link> <span aria-hidden="true">/</span> <span>Lost deals</span>
      </p>
      <div className="page-header">
        <div>
          <h1>Lost deals to bring back</h1>
          <p className="muted small">Reopening a deal puts it back in the stage it was lost from.</p>
        </div>
      </div>
      <div className="filters reactivation-filters">
        <div className="form-cell">
          <label className="label" htmlFor="reactivation-reason">
            Reason
          </label>
          <select id="reactivation-reason" className="input" value={f.lossReasonId} onChange={(e) => go({ lossReasonId: e.target.value })}>
            <option value="">Any reason</option>
            {(reasons.data ?? []).map((r) => (
              <option key={r.id} value={r.id}>
                {r.label}
              </option>
            ))}
          </select>
        </div>
        <div className="form-cell">
          <label className="label" htmlFor="reactivation-value">
            Value at least
          </label>
          <input id="reactivation-value" className="input" type="number" min={0} value={f.amountMin} onChange={(e) => go({ amountMin: e.target.value })} />
        </div>
        <div className="form-cell">
          <label className="label" htmlFor="reactivation-age">
            Lost
          </label>
          <select id="reactivation-age" className="input" value={f.age} onChange={(e) => go({ age: e.target.value })}>
            {ages.map((a) => (
              <option key={a.value} value={a.value}>
                {a.label}
              </option>
            ))}
          </select>
        </div>
        <div className="form-cell">
          <label className="label" htmlFor="reactivation-owner">
            Owner
          </label>
          <select id="reactivation-owner" className="input" value={f.ownerId} onChange={(e) => go({ ownerId: e.target.value })}>
            <option value="">Anyone</option>
            {people.map((p) => (
              <option key={p.value} value={p.value}>
                {p.label}
              </option>
            ))}
          </select>
        </div>
        {f.accountId ? (
          <button type="button" className="button button-small" onClick={() => go({ accountId: '' })}>
            All accounts
          </button>
        ) : null}
      </div>

      {mayEnrol || mayReopen ? (
        <div className="button-row reactivation-bulk" role="group" aria-label="With the deals ticked">
          <span className="muted small">{picked.size === 1 ? '1 deal ticked' : `${picked.size} deals ticked`}</span>
          {mayEnrol ? (
            <>
              <label className="label" htmlFor="reactivation-sequence">
                Sequence
              </label>
              <select id="reactivation-sequence" className="input input-auto" value={sequenceId} onChange={(e) => setSequenceId(e.target.value)}>
                <option value="">Choose a sequence</option>
                {(sequences.data ?? []).map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.name}
                  </option>
                ))}
              </select>
              <button type="button" className="button" disabled={busy || picked.size === 0} onClick={() => enrol([...picked])}>
                Start a reactivation sequence
              </button>
            </>
          ) : null}
          {mayReopen ? (
            <button type="button" className="button" disabled={busy || picked.size === 0} onClick={() => void reopen([...picked])}>
              Reopen
            </button>
          ) : null}
        </div>
      ) : null}
      {error ? <ErrorMessage error={error} /> : null}
      {outcomes.length > 0 ? (
        <ul className="plain-list reactivation-outcomes" aria-live="polite" data-testid="reactivation-outcomes">
          {outcomes.map((o) => (
            <li key={o.opportunityId} className={o.ok ? undefined : 'warning-text'}>
              <Link to={`/opportunities/${encodeURIComponent(o.opportunityId)}`}>{o.name}</Link>: {o.summary}
            </li>
          ))}
        </ul>
      ) : null}

      {deals.error ? <ErrorMessage error={deals.error} onRetry={() => void deals.reload()} /> : null}
      {!deals.loaded && deals.loading ? <Loading label="Loading lost deals…" /> : null}
      {deals.loaded && deals.items.length === 0 ? <EmptyState title="No lost deals match these filters" /> : null}
      {deals.items.length > 0 ? (
        <div className="table-scroll" aria-busy={deals.loading}>
          <table className="table" data-testid="reactivation-table">
            <thead>
              <tr>
                <th scope="col">
                  <span className="visually-hidden">Tick</span>
                </th>
                <th scope="col">Deal</th>
                <th scope="col">Account</th>
                <th scope="col">Value</th>
                <th scope="col">Reason</th>
                <th scope="col">Lost from</th>
                <th scope="col">Lost</th>
                <th scope="col">Owner</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {deals.items.map((d: LostDeal) => (
                <tr key={d.id}>
                  <td>
                    <input type="checkbox" aria-label={`Tick ${d.name}`} checked={picked.has(d.id)} onChange={() => toggle(d.id)} />
                  </td>
                  <td>
                    <Link to={`/opportunities/${encodeURIComponent(d.id)}`}>{d.name}</Link>
                    {d.activeEnrolments > 0 ? <div className="muted small">{d.activeEnrolments} in a sequence</div> : null}
                  </td>
                  <td>
                    <button type="button" className="link-button" onClick={() => go({ accountId: d.account.id })} title="Only this account">
                      {d.account.name}
                    </button>
                  </td>
                  <td className="nowrap">{formatMoney(d.amountMinor, d.currency)}</td>
                  <td>
                    {d.lossReason?.name ?? '—'}
                    {d.lossNote ? <div className="muted small">{d.lossNote}</div> : null}
                  </td>
                  <td>{d.lostFrom?.name ?? '—'}</td>
                  <td className="nowrap">
                    {formatDate(d.lostAt.slice(0, 10))}
                    <div className="muted small">{d.ageDays === 1 ? '1 day ago' : `${d.ageDays} days ago`}</div>
                  </td>
                  <td>{d.owner?.name ?? '—'}</td>
                  <td>
                    <div className="button-row">
                      {mayReopen ? (
                        <button type="button" className="button button-small" disabled={busy} onClick={() => void reopen([d.id])}>
                          Reopen
                        </button>
                      ) : null}
                      {mayEnrol ? (
                        <button type="button" className="button button-small" disabled={busy} onClick={() => enrol([d.id])}>
                          Start sequence
                        </button>
                      ) : null}
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <LoadMore list={deals} />
    </main>
  );
}
