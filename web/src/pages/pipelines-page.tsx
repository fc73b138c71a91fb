import { useState } from 'react';
import { listDealFields } from '../modules/loss-reasons/api/loss-reasons.api.ts';
import { LossReasonsEditor } from '../modules/loss-reasons/components/loss-reasons-editor.tsx';
import { listAllPipelines, updatePipeline, type Pipeline } from '../modules/pipeline-settings/api/pipeline-settings.api.ts';
import { PipelineEditor } from '../modules/pipeline-settings/components/pipeline-editor.tsx';
import { SettingsNav } from '../modules/settings/components/settings-nav.tsx';
import { EmptyState, ErrorMessage, Loading, Section } from '../ui/feedback.tsx';
import { useResource } from '../ui/use-resource.ts';
import { useTitle } from '../ui/use-title.ts';

/** A pipeline's actions beside its editor: make it the default, archive it or bring it back. */
function PipelineActions({ pipeline, onSaved }: { pipeline: Pipeline; onSaved: (p: Pipeline) => void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const act = async (patch: Parameters<typeof updatePipeline>[1]) => {
    setBusy(true);
    setError(null);
    try {
      onSaved(await updatePipeline(pipeline.id, patch));
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div>
      <div className="form-actions">
        {!pipeline.isDefault && !pipeline.archivedAt ? (
          <button type="button" className="button" disabled={busy} onClick={() => void act({ isDefault: true })}>
            Make default
          </button>
        ) : null}
        {pipeline.archivedAt ? (
          <button type="button" className="button" disabled={busy} onClick={() => void act({ archived: false })}>
            Restore
          </button>
        ) : !pipeline.isDefault ? (
          <button type="button" className="button" disabled={busy} onClick={() => void act({ archived: true })}>
            Archive
          </button>
        ) : null}
      </div>
      <ErrorMessage error={error} />
    </div>
  );
}

export function PipelinesPage() {
  useTitle('Pipelines');
  const pipelines = useResource(() => listAllPipelines(), []);
  const dealFields = useResource(() => listDealFields(), []);
  const fields = dealFields.data ?? [];
  const replace = (saved: Pipeline) =>
    pipelines.setData((current) =>
      saved.isDefault ? current?.map((p) => (p.id === saved.id ? saved : { ...p, isDefault: false })) : current?.map((p) => (p.id === saved.id ? saved : p)),
    );
  const active = (pipelines.data ?? []).filter((p) => !p.archivedAt);
  const archived = (pipelines.data ?? []).filter((p) => p.archivedAt);

  return (
    <main className="page">
      <p className="breadcrumbs">Settings</p>
      <div className="page-header">
        <div>
          <h1>Pipelines</h1>
          <p className="muted">
            The stages a deal moves through, the fields a deal needs before it is won, and why deals are lost. Removing a stage archives it; a stage that still
            holds deals cannot be removed.
          </p>
        </div>
      </div>
      <SettingsNav current="/settings/pipelines" />
      {pipelines.error ? <ErrorMessage error={pipelines.error} onRetry={() => void pipelines.reload()} /> : null}
      {!pipelines.data && pipelines.loading ? <Loading label="Loading pipelines…" /> : null}
      {pipelines.data && active.length === 0 ? <EmptyState title="No pipeline yet: create one below to start taking deals" /> : null}
      {active.map((p) => (
        <Section key={p.id} title={p.isDefault ? `${p.name} (default)` : p.name} actions={<PipelineActions pipeline={p} onSaved={replace} />}>
          <PipelineEditor key={`${p.id}-${p.stages.map((s) => s.id).join()}-${fields.length}`} pipeline={p} dealFields={fields} onSaved={replace} />
        </Section>
      ))}
      <Section title="New pipeline">
        <PipelineEditor
          key={`new-${fields.length}`}
          pipeline={null}
          dealFields={fields}
          onSaved={(saved) => pipelines.setData((current) => [...(current ?? []), saved])}
        />
      </Section>
      <Section title="Loss reasons">
        <p className="muted">What the lose dialog offers, in this order. “Other” asks for a note.</p>
        <LossReasonsEditor />
      </Section>
      {archived.length > 0 ? (
        <Section title="Archived pipelines">
          <ul className="editor-list">
            {archived.map((p) => (
              <li key={p.id} className="editor-block">
                <h3 className="editor-block-title">{p.name}</h3>
                <PipelineActions pipeline={p} onSaved={replace} />
              </li>
            ))}
          </ul>
        </Section>
      ) : null}
    </main>
  );
}
