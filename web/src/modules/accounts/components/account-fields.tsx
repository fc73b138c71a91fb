// The account's details, each editable in place by those who may edit the CRM.
import { Field } from '../../../ui/feedback.tsx';
import { humanize } from '../../../ui/format.ts';
import { InlineField, type InlineOption } from '../../../ui/inline-field.tsx';
import { updateAccount, type Account } from '../api/accounts.api.ts';

type AccountFieldsProps = { account: Account; editable: boolean; people: InlineOption[]; onSaved: (next: Account) => void };

export function AccountFields({ account: a, editable, people, onSaved }: AccountFieldsProps) {
  const save = async (changes: Parameters<typeof updateAccount>[1]) => onSaved(await updateAccount(a.id, changes));
  const personOptions = (none: string) => [{ value: '', label: none }, ...people];
  return (
    <dl className="fields">
      <InlineField
        label="Name"
        field="name"
        display={a.name}
        value={a.name}
        editable={editable}
        check={(v) => (v.trim() ? undefined : 'Enter a name.')}
        onSave={(v) => save({ name: v.trim() })}
      />
      <InlineField
        label="Domain"
        field="domain"
        display={a.domain ?? '—'}
        value={a.domain ?? ''}
        editable={editable}
        onSave={(v) => save({ domain: v.trim() || null })}
      />
      <InlineField
        label="Industry"
        field="industry"
        display={a.industry ?? '—'}
        value={a.industry ?? ''}
        editable={editable}
        onSave={(v) => save({ industry: v.trim() || null })}
      />
      <Field label="Status" value={humanize(a.status)} />
      <InlineField
        label="Owner"
        field="ownerId"
        type="select"
        options={personOptions('No owner')}
        display={a.ownerName ?? '—'}
        value={a.ownerId ?? ''}
        editable={editable}
        onSave={(v) => save({ ownerId: v || null })}
      />
      <InlineField
        label="CSM"
        field="csmId"
        type="select"
        options={personOptions('No CSM')}
        display={a.csmName ?? (a.status === 'active' ? <span className="warning-text">No CSM assigned</span> : '—')}
        value={a.csmId ?? ''}
        editable={editable}
        onSave={(v) => save({ csmId: v || null })}
      />
    </dl>
  );
}
