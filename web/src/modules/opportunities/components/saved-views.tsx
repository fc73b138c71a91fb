// Saved views of the deals list: a dropdown of the person's views and those shared with them, and "Save view".
import { useId, useState, type FormEvent } from 'react';
import { Dialog } from '../../../ui/dialog.tsx';
import { ErrorMessage } from '../../../ui/feedback.tsx';
import { fieldSentence, splitFieldErrors } from '../../../ui/form.ts';
import { createView, deleteView, type OpportunityFilters, type SavedView } from '../api/deal-list.api.ts';

type SavedViewsProps = {
  views: SavedView[];
  selectedId: string;
  filters: OpportunityFilters;
  onSelect: (view: SavedView | null) => void;
  onSaved: (view: SavedView) => void;
  onDeleted: (id: string) => void;
};

export function SavedViews({ views, selectedId, filters, onSelect, onSaved, onDeleted }: SavedViewsProps) {
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const selected = views.find((v) => v.id === selectedId);
  const mine = views.filter((v) => v.mine);
  const shared = views.filter((v) => !v.mine);

  return (
    <div className="filters saved-views">
      <div className="form-cell">
        <label className="label" htmlFor="deals-view">
          Saved views
        </label>
        <select
          id="deals-view"
          className="input"
          value={selected ? selected.id : ''}
          onChange={(e) => onSelect(views.find((v) => v.id === e.target.value) ?? null)}
        >
          <option value="">{views.length ? 'All deals (no view)' : 'No saved views yet'}</option>
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

function SaveViewForm({ filters, onCancel, onSaved }: { filters: OpportunityFilters; onCancel: () => void; onSaved: (view: SavedView) => void }) {
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
      onSaved(await createView({ name: name.trim(), entity: 'opportunities', filters, shared }));
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="stack" onSubmit={submit} noValidate>
      <p className="muted small">The view keeps the filters and the sort shown now.</p>
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
