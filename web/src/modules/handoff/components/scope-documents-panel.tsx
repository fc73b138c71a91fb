// The deal's signed scope on the opportunity page: the documents attached (each readable, removable) and "Attach signed scope".
import { useEffect, useRef, useState } from 'react';
import { Dialog } from '../../../ui/dialog.tsx';
import { EmptyState, ErrorMessage, Loading, Section } from '../../../ui/feedback.tsx';
import { formatDate, formatDateTime } from '../../../ui/format.ts';
import { useResource } from '../../../ui/use-resource.ts';
import { listScopeDocuments, removeScopeDocument, scopeDocumentKindLabels, type ScopeDocument } from '../api/scope-documents.api.ts';
import { AttachScopeForm } from './attach-scope-form.tsx';

type ScopeDocumentsPanelProps = {
  opportunityId: string;
  mayWrite: boolean;
  timeZone: string;
  /** A document was attached or removed: the brief will read the change. */ onChanged: () => void;
};

export function ScopeDocumentsPanel({ opportunityId, mayWrite, timeZone, onChanged }: ScopeDocumentsPanelProps) {
  const documents = useResource(() => listScopeDocuments(opportunityId), [opportunityId]);
  const [attaching, setAttaching] = useState(false);
  const [removing, setRemoving] = useState<ScopeDocument | null>(null);
  const [busy, setBusy] = useState(false);
  const [removeError, setRemoveError] = useState<unknown>(null);
  const [status, setStatus] = useState('');
  const attachButton = useRef<HTMLButtonElement>(null);
  const wasAttaching = useRef(false);

  useEffect(() => {
    if (!attaching && wasAttaching.current) attachButton.current?.focus();
    wasAttaching.current = attaching;
  }, [attaching]);

  const remove = async () => {
    if (!removing) return;
    setBusy(true);
    setRemoveError(null);
    try {
      await removeScopeDocument(removing.id);
      documents.setData((list) => list?.filter((d) => d.id !== removing.id));
      setStatus(`“${removing.title}” was removed. The handoff brief no longer reads it once refreshed.`);
      setRemoving(null);
      onChanged();
    } catch (error) {
      setRemoveError(error);
    } finally {
      setBusy(false);
    }
  };

  const list = documents.data;
  return (
    <Section
      title="Signed scope"
      actions={
        mayWrite && !attaching ? (
          <button ref={attachButton} type="button" className="button button-small" onClick={() => setAttaching(true)}>
            Attach signed scope
          </button>
        ) : null
      }
    >
      <p className="muted small section-description">
        The SOW, order form or contract the customer signed. The handoff brief compares it with what sales noted.
      </p>
      <p className="success-text small" role="status" aria-live="polite">
        {status}
      </p>
      {attaching ? (
        <AttachScopeForm
          opportunityId={opportunityId}
          onCancel={() => setAttaching(false)}
          onAttached={(document) => {
            documents.setData((current) => [...(current ?? []), document]);
            setStatus(`“${document.title}” was attached. The handoff brief reads it in a moment.`);
            setAttaching(false);
            onChanged();
          }}
        />
      ) : null}
      {documents.error && !list ? <ErrorMessage error={documents.error} onRetry={() => void documents.reload()} /> : null}
      {!list && documents.loading ? <Loading label="Loading the signed scope…" /> : null}
      {list && list.length === 0 && !attaching ? <EmptyState title="No signed scope attached yet" /> : null}
      {list && list.length > 0 ? (
        <ul className="scope-documents">
          {list.map((d) => (
            <li key={d.id} className="scope-document" data-testid="scope-document">
              <div className="scope-document-head">
                <div>
                  <p className="scope-document-title">
                    {d.title} <span className="tag">{scopeDocumentKindLabels[d.kind] ?? d.kind}</span>
                  </p>
                  <p className="muted small">
                    {d.signedOn ? `Signed ${formatDate(d.signedOn)}` : 'Signing date not given'}
                    {d.fileName ? ` · from ${d.fileName}` : ''} · attached {formatDateTime(d.createdAt, timeZone)}
                    {d.authorName ? ` by ${d.authorName}` : ''}
                  </p>
                </div>
                {mayWrite ? (
                  <button type="button" className="button button-small button-danger-outline" onClick={() => setRemoving(d)}>
                    Remove<span className="visually-hidden"> {d.title}</span>
                  </button>
                ) : null}
              </div>
              <details className="scope-document-body">
                <summary>Read the text ({d.body.length.toLocaleString()} characters)</summary>
                <pre className="pre">{d.body}</pre>
              </details>
            </li>
          ))}
        </ul>
      ) : null}
      <Dialog
        open={removing !== null}
        title={`Remove “${removing?.title ?? ''}”?`}
        onClose={() => {
          setRemoving(null);
          setRemoveError(null);
        }}
      >
        <div className="stack">
          <p>It is archived, not erased. The handoff brief stops quoting it once it is prepared again, and conflicts found in it go away.</p>
          <ErrorMessage error={removeError} />
          <div className="dialog-actions">
            <button type="button" className="button" onClick={() => setRemoving(null)}>
              Cancel
            </button>
            <button type="button" className="button button-danger" disabled={busy} onClick={() => void remove()}>
              {busy ? 'Removing…' : 'Remove'}
            </button>
          </div>
        </div>
      </Dialog>
    </Section>
  );
}
