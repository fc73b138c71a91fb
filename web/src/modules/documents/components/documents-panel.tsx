// The deal's client documents: generate one from a template (missing data is listed, nothing is made), preview it,
// download its PDF, and move it through review (submit, approve or reject with a comment, send) as the role allows.
import { useState } from 'react';
import { Badge, type BadgeTone } from '../../../ui/badge.tsx';
import { EmptyState, ErrorMessage, Loading, Section } from '../../../ui/feedback.tsx';
import { formatDateTime } from '../../../ui/format.ts';
import { useResource } from '../../../ui/use-resource.ts';
import {
  generateDocument,
  getDocument,
  listDealDocuments,
  listDocumentTemplates,
  moveDocument,
  pdfUrl,
  type ClientDocument,
  type DocumentStep,
} from '../api/documents.api.ts';

const statusTone: Record<ClientDocument['status'], BadgeTone> = { draft: 'grey', in_review: 'amber', approved: 'blue', rejected: 'red', sent: 'green' };
const statusLabel: Record<ClientDocument['status'], string> = {
  draft: 'Draft',
  in_review: 'In review',
  approved: 'Approved',
  rejected: 'Rejected',
  sent: 'Sent',
};

export type DocumentPermissions = { write: boolean; approve: boolean; send: boolean };

export function DocumentsPanel({ opportunityId, may, timeZone }: { opportunityId: string; may: DocumentPermissions; timeZone: string }) {
  const templates = useResource(() => listDocumentTemplates(), []);
  const documents = useResource(() => listDealDocuments(opportunityId), [opportunityId]);
  const [templateId, setTemplateId] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [previewId, setPreviewId] = useState<string | null>(null);

  const run = async (work: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await work();
      await documents.reload();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  const step = (doc: ClientDocument, s: DocumentStep) => {
    if (s === 'reject') {
      const comment = window.prompt(`What should change in ${doc.title}?`);
      if (!comment) return;
      void run(() => moveDocument(doc.id, s, { comment }));
    } else void run(() => moveDocument(doc.id, s));
  };

  const active = (templates.data ?? []).filter((t) => !t.archived);
  return (
    <Section title="Documents">
      {may.write ? (
        <form
          className="form-row"
          onSubmit={(event) => {
            event.preventDefault();
            if (templateId) void run(() => generateDocument(opportunityId, templateId));
          }}
        >
          <label>
            Template
            <select className="input" value={templateId} onChange={(e) => setTemplateId(e.target.value)}>
              <option value="">Choose a template</option>
              {active.map((t) => (
                <option key={t.id} value={t.id}>
                  {t.name} (v{t.version})
                </option>
              ))}
            </select>
          </label>
          <button type="submit" className="button button-small" disabled={!templateId || busy}>
            Generate
          </button>
        </form>
      ) : null}
      <ErrorMessage error={error} />
      {documents.error ? <ErrorMessage error={documents.error} onRetry={() => void documents.reload()} /> : null}
      {!documents.data ? (
        documents.loading ? (
          <Loading />
        ) : null
      ) : documents.data.length === 0 ? (
        <EmptyState title="No documents yet">Generate the statement of work, the welcome packet or the agreement summary from a template.</EmptyState>
      ) : (
        <table className="table documents-table">
          <thead>
            <tr>
              <th scope="col">Document</th>
              <th scope="col">Status</th>
              <th scope="col">History</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {documents.data.map((doc) => (
              <tr key={doc.id}>
                <td>
                  <strong>{doc.title}</strong>
                  <div className="small muted">
                    {doc.templateName} v{doc.templateVersion}
                    {doc.revision > 1 ? ` · revision ${doc.revision}` : ''}
                  </div>
                </td>
                <td>
                  <Badge tone={statusTone[doc.status]}>{statusLabel[doc.status]}</Badge>
                </td>
                <td className="small">
                  <div>
                    Generated {formatDateTime(doc.createdAt, timeZone)} by {doc.createdBy}
                  </div>
                  {doc.submittedAt ? <div>Submitted {formatDateTime(doc.submittedAt, timeZone)}</div> : null}
                  {doc.decidedAt ? (
                    <div>
                      {doc.status === 'rejected' ? 'Rejected' : 'Approved'} {formatDateTime(doc.decidedAt, timeZone)} by {doc.decidedBy}
                      {doc.reviewComment ? `: “${doc.reviewComment}”` : ''}
                    </div>
                  ) : null}
                  {doc.sentAt ? (
                    <div>
                      Sent to {doc.sentTo} {formatDateTime(doc.sentAt, timeZone)}
                      {doc.delivery ? ` (delivery: ${doc.delivery.status}${doc.delivery.transport ? ` by ${doc.delivery.transport}` : ''})` : ''}
                    </div>
                  ) : null}
                </td>
                <td>
                  <div className="item-actions">
                    <button type="button" className="button button-small" onClick={() => setPreviewId(previewId === doc.id ? null : doc.id)}>
                      {previewId === doc.id ? 'Hide preview' : 'Preview'}
                    </button>
                    <a className="button button-small" href={pdfUrl(doc.id)} download={`${doc.number}.pdf`}>
                      PDF
                    </a>
                    {doc.status === 'draft' && may.write ? (
                      <button type="button" className="button button-small" disabled={busy} onClick={() => step(doc, 'submit')}>
                        Submit for review
                      </button>
                    ) : null}
                    {doc.status === 'in_review' && may.approve ? (
                      <>
                        <button type="button" className="button button-small button-primary" disabled={busy} onClick={() => step(doc, 'approve')}>
                          Approve
                        </button>
                        <button type="button" className="button button-small button-danger-outline" disabled={busy} onClick={() => step(doc, 'reject')}>
                          Reject
                        </button>
                      </>
                    ) : null}
                    {doc.status === 'approved' && may.send ? (
                      <button type="button" className="button button-small button-primary" disabled={busy} onClick={() => step(doc, 'send')}>
                        Send to the client
                      </button>
                    ) : null}
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {previewId ? <DocumentPreview id={previewId} /> : null}
    </Section>
  );
}

/** The document as the client will read it (HTML the server escaped from the document's markup). */
function DocumentPreview({ id }: { id: string }) {
  const detail = useResource(() => getDocument(id), [id]);
  if (detail.error) return <ErrorMessage error={detail.error} />;
  if (!detail.data) return <Loading label="Loading the preview…" />;
  return (
    <article className="document-preview" aria-label={`Preview of ${detail.data.document.title}`}>
      {/* The server escapes every text of the markup: the HTML holds no markup from the deal's data. */}
      <div dangerouslySetInnerHTML={{ __html: detail.data.html }} />
    </article>
  );
}
