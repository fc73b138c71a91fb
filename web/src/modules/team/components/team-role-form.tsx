// One role of the roster: its kind (delivery, or sales whose people may sell), how its tasks are assigned (strategy,
// fixed person) and who is in it.
import { useId, useState, type FormEvent } from 'react';
import { ErrorMessage } from '../../../ui/feedback.tsx';
import { fieldSentence, splitFieldErrors } from '../../../ui/form.ts';
import { FieldMessage, FormField, fieldControl } from '../../../ui/form-field.tsx';
import type { WorkspaceUser } from '../../users/api/users.api.ts';
import { UserSelect } from '../../users/components/user-select.tsx';
import {
  assignmentStrategies,
  createTeamRole,
  saveTeamRole,
  strategyLabel,
  teamRoleKinds,
  type AssignmentStrategy,
  type TeamRole,
  type TeamRoleKind,
} from '../api/team.api.ts';
import { roleLabel } from '../../../ui/labels.ts';

const fieldNames = ['key', 'name', 'kind', 'strategy', 'fixedUserId', 'members'] as const;
type FieldName = (typeof fieldNames)[number];
const labels: Record<FieldName, string> = { key: 'Key', name: 'Name', kind: 'Kind', strategy: 'Strategy', fixedUserId: 'Fixed person', members: 'Members' };

const kindLabels: Record<TeamRoleKind, string> = { delivery: 'Delivery', sales: 'Sales' };
const kindHints: Record<TeamRoleKind, string> = {
  delivery: 'Project work; templates use it. No sales people.',
  sales: 'Work for the sales team (rule tasks, handoffs). Sales people may be members.',
};

const strategyHints: Record<AssignmentStrategy, string> = {
  deal_owner: 'The deal owner; on a delivery role, not when they sell (sales reps take no delivery tasks).',
  deal_csm: 'The account’s customer success manager.',
  fixed: 'Always the same person.',
  round_robin: 'Members in turn.',
  least_open: 'The member with the fewest open tasks.',
};

type Member = { userId: string; name: string; isLead: boolean };

type TeamRoleFormProps = { role: TeamRole | null; people: WorkspaceUser[] | undefined; onSaved: (role: TeamRole) => void };

export function TeamRoleForm({ role, people, onSaved }: TeamRoleFormProps) {
  const id = useId();
  const [key, setKey] = useState('');
  const [name, setName] = useState(role?.name ?? '');
  const [kind, setKind] = useState<TeamRoleKind>(role?.kind ?? 'delivery');
  const [strategy, setStrategy] = useState<AssignmentStrategy>(role?.strategy ?? 'round_robin');
  const [fixedUserId, setFixedUserId] = useState(role?.fixedUser?.id ?? '');
  const [members, setMembers] = useState<Member[]>(role?.members.map((m) => ({ userId: m.user.id, name: m.user.name, isLead: m.isLead })) ?? []);
  const [adding, setAdding] = useState('');
  const [busy, setBusy] = useState(false);
  const [local, setLocal] = useState<Partial<Record<FieldName, string>>>({});
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);

  const server = splitFieldErrors(error, fieldNames);
  const messageFor = (field: FieldName) => local[field] ?? (server.byField[field] ? fieldSentence(labels[field], server.byField[field]) : undefined);
  const changed = () => setSaved(false);
  const memberIds = new Set(members.map((m) => m.userId));
  // A delivery role is offered no sales people; a sales role everyone.
  const sells = (userId: string) => people?.find((p) => p.id === userId)?.role === 'sales';
  const candidates = people?.filter((p) => !memberIds.has(p.id) && (kind === 'sales' || p.role !== 'sales'));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const found: Partial<Record<FieldName, string>> = {};
    if (!role && !key.trim()) found.key = 'Enter a key, e.g. project_lead.';
    if (!name.trim()) found.name = 'Enter a name.';
    if (strategy === 'fixed' && !fixedUserId) found.fixedUserId = 'Choose the person who takes every task.';
    const seller = kind === 'delivery' ? members.find((m) => sells(m.userId)) : undefined;
    if (seller) found.kind = `${seller.name} sells: a delivery role has no sales people. Remove them or keep the role a sales role.`;
    setLocal(found);
    setError(null);
    setSaved(false);
    if (Object.keys(found).length > 0) return;
    setBusy(true);
    try {
      const input = {
        name: name.trim(),
        kind,
        strategy,
        fixedUserId: strategy === 'fixed' ? fixedUserId : null,
        members: members.map((m) => ({ userId: m.userId, isLead: m.isLead })),
      };
      const result = role ? await saveTeamRole(role.id, input) : await createTeamRole({ ...input, key: key.trim() });
      setSaved(true);
      if (!role) {
        setKey('');
        setName('');
        setKind('delivery');
        setMembers([]);
        setFixedUserId('');
      }
      onSaved(result);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  const control = (field: FieldName, hint = false) => fieldControl(`${id}-${field}`, messageFor(field), hint);

  return (
    <form
      className="stack"
      onSubmit={submit}
      noValidate
      aria-label={role ? `${kindLabels[role.kind]} role ${role.name}` : 'Add a team role'}
      data-testid="team-role"
    >
      <div className="form-row">
        {role ? (
          <div className="form-cell">
            <span className="label">Key</span>
            <code className="code key-display">{role.key}</code>
          </div>
        ) : (
          <FormField id={`${id}-key`} label="Key" error={messageFor('key')}>
            <input
              {...control('key')}
              className="input input-mono"
              placeholder="project_lead"
              value={key}
              onChange={(event) => {
                setKey(event.target.value);
                changed();
              }}
            />
          </FormField>
        )}
        <FormField id={`${id}-name`} label="Name" error={messageFor('name')} className="form-cell form-cell-grow">
          <input
            {...control('name')}
            className="input"
            value={name}
            onChange={(event) => {
              setName(event.target.value);
              changed();
            }}
          />
        </FormField>
        <FormField id={`${id}-kind`} label="Kind" error={messageFor('kind')} hint={kindHints[kind]}>
          <select
            {...control('kind', true)}
            className="input"
            value={kind}
            onChange={(event) => {
              setKind(event.target.value as TeamRoleKind);
              changed();
            }}
          >
            {teamRoleKinds.map((k) => (
              <option key={k} value={k}>
                {kindLabels[k]}
              </option>
            ))}
          </select>
        </FormField>
        <FormField id={`${id}-strategy`} label="Assignment" error={messageFor('strategy')} hint={strategyHints[strategy]}>
          <select
            {...control('strategy', true)}
            className="input"
            value={strategy}
            onChange={(event) => {
              setStrategy(event.target.value as AssignmentStrategy);
              changed();
            }}
          >
            {assignmentStrategies.map((s) => (
              <option key={s} value={s}>
                {strategyLabel(s)}
              </option>
            ))}
          </select>
        </FormField>
        {strategy === 'fixed' ? (
          <FormField id={`${id}-fixedUserId`} label="Fixed person" error={messageFor('fixedUserId')}>
            <UserSelect
              id={`${id}-fixedUserId`}
              people={people}
              value={fixedUserId}
              current={role?.fixedUser ?? null}
              invalid={Boolean(messageFor('fixedUserId'))}
              describedBy={control('fixedUserId')['aria-describedby']}
              onChange={(userId) => {
                setFixedUserId(userId);
                changed();
              }}
            />
          </FormField>
        ) : null}
      </div>

      <div>
        <span className="label" id={`${id}-members`}>
          Members
        </span>
        {members.length === 0 ? (
          <p className="muted small">Nobody yet. Without members, round robin and fewest open tasks find nobody and flag the task.</p>
        ) : (
          <table className="table table-compact" aria-labelledby={`${id}-members`}>
            <thead>
              <tr>
                <th scope="col">Person</th>
                <th scope="col">Lead</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {members.map((m, index) => {
                const person = people?.find((p) => p.id === m.userId);
                return (
                  <tr key={m.userId} className={person && !person.active ? 'row-muted' : undefined}>
                    <td>
                      {m.name}
                      {person ? (
                        <span className="muted small">
                          {' '}
                          ({roleLabel(person.role)}
                          {person.active ? '' : ', inactive'})
                        </span>
                      ) : null}
                    </td>
                    <td>
                      <input
                        type="checkbox"
                        checked={m.isLead}
                        aria-label={`${m.name} leads this role (takes what nobody else can)`}
                        onChange={(event) => {
                          setMembers(members.map((x, i) => (i === index ? { ...x, isLead: event.target.checked } : x)));
                          changed();
                        }}
                      />
                    </td>
                    <td className="cell-actions">
                      <button
                        type="button"
                        className="button button-small button-danger-outline"
                        aria-label={`Remove ${m.name} from the role`}
                        onClick={() => {
                          setMembers(members.filter((_, i) => i !== index));
                          changed();
                        }}
                      >
                        Remove
                      </button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
        <div className="button-row add-member">
          <UserSelect
            id={`${id}-add`}
            label="Person to add"
            className="input input-inline"
            people={candidates}
            value={adding}
            emptyLabel="Add a person…"
            onChange={setAdding}
          />
          <button
            type="button"
            className="button button-small"
            disabled={!adding}
            onClick={() => {
              const person = people?.find((p) => p.id === adding);
              if (!person) return;
              setMembers([...members, { userId: person.id, name: person.name, isLead: members.length === 0 }]);
              setAdding('');
              changed();
            }}
          >
            Add member
          </button>
        </div>
        <FieldMessage id={`${id}-members`} error={messageFor('members')} />
      </div>
      <ErrorMessage error={server.rest} />
      {saved ? (
        <p className="success" role="status">
          {role ? 'Saved.' : 'The role was added.'}
        </p>
      ) : null}
      <div>
        <button type="submit" className="button button-primary" disabled={busy}>
          {busy ? 'Saving…' : role ? 'Save role' : 'Add role'}
        </button>
      </div>
    </form>
  );
}
