// The client document templates: pick one, edit its Liquid body and required fields with a live preview on a chosen
// deal (what the deal lacks is listed), and save, which makes a new version (documents keep the version they used).
import { useEffect, useState } from 'react';
import { listDocumentTemplates, previewTemplate, updateDocumentTemplate, type DocumentTemplate, type Preview } from '../modules/documents/api/documents.api.ts';
import { OpportunityPicker } from '../modules/opportunities/components/opportunity-picker.tsx';
import { SettingsNav } from '../modules/settings/components/settings-nav.tsx';
import { ErrorMessage, Loading } from '../ui/feedback.tsx';
import { useResource } from '../ui/use-resource.ts';
import { useTitle } from '../ui/use-title.ts';

const fieldsOf = (text: string) =>
  text
    .split(/[\s,]+/)
    .map((f) => f.trim())
    .filter(Boolean);

export function DocumentTemplatesPage() {
  useTitle('Document templates');
  const templates = useResource(() => listDocumentTemplates(), []);
  const [selectedId, setSelectedId] = useState('');
  const selected = templates.data?.find((t) => t.id === selectedId) ?? templates.data?.[0];

  return (
    <main className="page">
      <p className="breadcrumbs">Settings</p>
      <div className="page-header">
        <div>
          <h1>Document templates</h1>
          <p className="muted">
            The statement of work, welcome packet and other client documents, written in Liquid over the deal’s data. A template lists the fields it needs: a
            deal that lacks one gets no document, never a blank.
          </p>
        </div>
      </div>
      <SettingsNav current="/settings/document-templates" />
      {templates.error ? <ErrorMessage error={templates.error} onRetry={() => void templates.reload()} /> : null}
      {!templates.data ? (
        <Loading label="Loading templates…" />
      ) : (
        <>
          <label className="label" htmlFor="document-template">
            Template
          </label>
          <select id="document-template" className="input" value={selected?.id ?? ''} onChange={(e) => setSelectedId(e.target.value)}>
            {templates.data.map((t) => (
              <option key={t.id} value={t.id}>
                {t.name} (v{t.version})
              </option>
            ))}
          </select>
          {selected ? (
            <TemplateEditor
              key={`${selected.id}@${selected.version}`}
              template={selected}
              onSaved={(saved) => templates.setData((list) => list?.map((t) => (t.id === saved.id ? saved : t)))}
            />
          ) : null}
        </>
      )}
    </main>
  );
}

function TemplateEditor({ template, onSaved }: { template: DocumentTemplate; onSaved: (t: DocumentTemplate) => void }) {
  const [body, setBody] = useState(template.body);
  const [fields, setFields] = useState(template.requiredFields.join(', '));
  const [dealId, setDealId] = useState('');
  const [preview, setPreview] = useState<Preview | null>(null);
  const [previewError, setPreviewError] = useState<unknown>(null);
  const [saveError, setSaveError] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);

  // The preview follows the typing, a moment after it stops.
  useEffect(() => {
    if (!dealId) return;
    let current = true;
    const timer = setTimeout(() => {
      previewTemplate(template.id, dealId, { body, requiredFields: fieldsOf(fields) })
        .then((p) => {
          if (!current) return;
          setPreview(p);
          setPreviewError(null);
        })
        .catch((error: unknown) => {
          if (current) setPreviewError(error);
        });
    }, 400);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [template.id, dealId, body, fields]);

  const changed = body !== template.body || fieldsOf(fields).join(',') !== template.requiredFields.join(',');
  const save = async () => {
    setSaving(true);
    setSaveError(null);
    try {
      onSaved(await updateDocumentTemplate(template.id, { body, requiredFields: fieldsOf(fields) }));
    } catch (error) {
      setSaveError(error);
    } finally {
      setSaving(false);
    }
  };

  return (
    <div className="two-columns template-editor">
      <section className="section" aria-label="Editor">
        <p className="small muted">
          Version {template.version}, by {template.versionCreatedBy}. Saving a change makes version {template.version + 1}.
        </p>
        <label className="label" htmlFor="template-fields">
          Required fields
        </label>
        <input id="template-fields" className="input input-mono" value={fields} onChange={(e) => setFields(e.target.value)} />
        <label className="label" htmlFor="template-body">
          Body (Liquid: # headings, paragraphs, - lists, | tables |)
        </label>
        <textarea id="template-body" className="input input-mono" rows={28} spellCheck={false} value={body} onChange={(e) => setBody(e.target.value)} />
        <ErrorMessage error={saveError} />
        <div className="form-actions">
          <button type="button" className="button button-primary" disabled={!changed || saving} onClick={() => void save()}>
            Save as a new version
          </button>
        </div>
      </section>
      <section className="section" aria-label="Preview">
        <OpportunityPicker value={dealId} onChange={setDealId} label="Preview on" />
        <ErrorMessage error={previewError} />
        {!dealId ? <p className="muted">Choose a deal to see the document as it would be made for it.</p> : null}
        {preview && dealId ? (
          preview.missing.length > 0 ? (
            <div className="error" role="status">
              <p>This deal lacks what the template needs; no document would be made:</p>
              <ul>
                {preview.missing.map((m) => (
                  <li key={m}>
                    <code>{m}</code>
                  </li>
                ))}
              </ul>
            </div>
          ) : (
            <article className="document-preview" aria-label="Document preview">
              {/* The server escapes every text of the markup. */}
              <div dangerouslySetInnerHTML={{ __html: preview.html ?? '' }} />
            </article>
          )
        ) : null}
      </section>
    </div>
  );
}
