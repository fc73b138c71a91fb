// Saved views of a list (the deals list, the delivery dashboard): a dropdown of the person's views and those shared
// with them, "Save view" (shared with the workspace or not) and "Delete view" for their own.
import { useId, useState, type FormEvent } from 'react';
import { Dialog } from '../../../ui/dialog.tsx';
import { ErrorMessage } from '../../../ui/feedback.tsx';
import { fieldSentence, splitFieldErrors } from '../../../ui/form.ts';
import { createView, deleteView, type SavedView, type SavedViewFilters, type ViewEntity } from '../api/views.api.ts';

type SavedViewsProps = {
  /** The list the views filter. */
  entity: ViewEntity;
  /** The select's id (one per page, for its label). */
  selectId: string;
  /** The dropdown's first option: the list with no view. */
  noViewLabel: string;
  views: SavedView[];
  selectedId: string;
  filters: SavedViewFilters;
  onSelect: (view: SavedView | null) => void;
  onSaved: (view: SavedView) => void;
  onDeleted: (id: string) => void;
};

export function SavedViews({ entity, selectId, noViewLabel, views, selectedId, filters, onSelect, onSaved, onDeleted }: SavedViewsProps) {
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const selected = views.find((v) => v.id === selectedId);
  const mine = views.filter((v) => v.mine);
  const shared = views.filter((v) => !v.mine);

  return (
    <div className="filters saved-views">
      <div className="form-cell">
        <label className="label" htmlFor={selectId}>
          Saved views
        </label>
        <select
          id={selectId}
          className="input"
          value={selected ? selected.id : ''}
          onChange={(e) => onSelect(views.find((v) => v.id === e.target.value) ?? null)}
        >
          <option value="">{views.length ? noViewLabel : 'No saved views yet'}</option>
          {mine.length ? (
            <optgroup label="My views">
              {mine.map((v) => (
                <option key={v.id} value={v.id}>
                  {v.name}
                  {v.shared ? ' (shared)' : ''}
                </option>
              ))}
            </optgroup>
          ) : null}
          {shared.length ? (
            <optgroup label="Shared with the team">
              {shared.map((v) => (
                <option key={v.id} value={v.id}>
                  {v.name} · {v.ownerName}
                </option>
              ))}
            </optgroup>
          ) : null}
        </select>
      </div>
      <button type="button" className="button" onClick={() => setSaving(true)}>
        Save view
      </button>
      {selected?.mine ? (
        <button
          type="button"
          className="button"
          onClick={async () => {
            if (!window.confirm(`Delete the view "${selected.name}"${selected.shared ? ' for everyone it is shared with' : ''}?`)) return;
            setError(null);
            try {
              await deleteView(selected.id);
              onDeleted(selected.id);
            } catch (caught) {
              setError(caught);
            }
          }}
        >
          Delete view
        </button>
      ) : null}
      <ErrorMessage error={error} />
      <Dialog open={saving} title="Save view" onClose={() => setSaving(false)}>
        <SaveViewForm
          entity={entity}
          filters={filters}
          onCancel={() => setSaving(false)}
          onSaved={(view) => {
            setSaving(false);
            onSaved(view);
          }}
        />
      </Dialog>
    </div>
  );
}

function SaveViewForm({
  entity,
  filters,
  onCancel,
  onSaved,
}: {
  entity: ViewEntity;
  filters: SavedViewFilters;
  onCancel: () => void;
  onSaved: (view: SavedView) => void;
}) {
  const id = useId();
  const [name, setName] = useState('');
  const [shared, setShared] = useState(false);
  const [local, setLocal] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const server = splitFieldErrors(error, ['name']);
  const nameError = local ?? (server.byField.name ? fieldSentence('Name', server.byField.name) : undefined);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setError(null);
    if (!name.trim()) return setLocal('Enter a name for the view.');
    setLocal(null);
    setBusy(true);
    try {
      onSaved(await createView({ name: name.trim(), entity, filters, shared }));
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="stack" onSubmit={submit} noValidate>
      <p className="muted small">The view keeps the filters{entity === 'opportunities' ? ' and the sort' : ''} shown now.</p>
      <div className="form-cell form-cell-grow">
        <label className="label" htmlFor={`${id}-name`}>
          Name
        </label>
        <input
          id={`${id}-name`}
          className="input"
          value={name}
          autoFocus
          autoComplete="off"
          maxLength={100}
          aria-invalid={Boolean(nameError)}
          aria-describedby={nameError ? `${id}-name-error` : undefined}
          onChange={(e) => setName(e.target.value)}
        />
        {nameError ? (
          <p id={`${id}-name-error`} className="field-error">
            {nameError}
          </p>
        ) : null}
      </div>
      <label className="checkbox">
        <input type="checkbox" checked={shared} onChange={(e) => setShared(e.target.checked)} />
        Share with everyone in the workspace
      </label>
      <ErrorMessage error={server.rest} />
      <div className="dialog-actions">
        <button type="button" className="button" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" className="button button-primary" disabled={busy}>
          {busy ? 'Saving…' : 'Save view'}
        </button>
      </div>
    </form>
  );
}
