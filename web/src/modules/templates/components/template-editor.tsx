// The template form: its name and kind, then phases → milestones and groups → tasks; saved as a new version.
import { useId, useRef, useState, type FormEvent } from 'react';
import { humanize } from '../../../ui/format.ts';
import { fieldSentence, splitFieldErrors } from '../../../ui/form.ts';
import { ApiError, type FieldError } from '../../../ui/http.ts';
import type { TeamRole } from '../../team/api/team.api.ts';
import { RolePicker } from './role-picker.tsx';
import {
  definitionOf,
  inputOf,
  keysOf,
  move,
  newGroup,
  newMilestone,
  newPhase,
  newTask,
  pathParts,
  removeAt,
  replaceAt,
  type TemplateDraft,
} from '../api/template-draft.ts';
import { createTemplate, dealTypes, saveTemplate, upsellModes, type Template, type TemplateDefinition } from '../api/templates.api.ts';
import { IssueSummary } from './issue-summary.tsx';
import { PhaseEditor } from './phase-editor.tsx';
import { TemplatePreview } from './template-preview.tsx';

const topFields = ['name', 'key', 'description', 'dealType', 'upsellMode'] as const;
const labels: Record<(typeof topFields)[number], string> = {
  name: 'Name',
  key: 'Key',
  description: 'Description',
  dealType: 'Deal type',
  upsellMode: 'Upsells',
};

type TemplateEditorProps = {
  /** Null for a new template. */
  template: Template | null;
  initial: TemplateDraft;
  roles: TeamRole[];
  onSaved: (template: Template, created: boolean) => void;
};

export function TemplateEditor({ template, initial, roles, onSaved }: TemplateEditorProps) {
  const id = useId();
  const [draft, setDraft] = useState<TemplateDraft>(initial);
  const [openUids, setOpenUids] = useState<ReadonlySet<string>>(
    () => new Set(template ? [] : initial.phases.flatMap((p) => p.groups.flatMap((g) => g.tasks.map((t) => t.uid)))),
  );
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<{ message: string; issues: FieldError[] } | null>(null);
  const [topErrors, setTopErrors] = useState<Partial<Record<(typeof topFields)[number], string>>>({});
  const [saved, setSaved] = useState<string | null>(null);
  const summaryRef = useRef<HTMLDivElement>(null);
  const isNew = template === null;

  const { tasks: taskKeys, milestones: milestoneKeys } = keysOf(draft);
  const issues = problem?.issues ?? [];
  const set = (changes: Partial<TemplateDraft>) => {
    setDraft((current) => ({ ...current, ...changes }));
    setSaved(null);
  };
  const added = (uid: string) => setOpenUids((current) => new Set([...current, uid]));
  const make = { task: () => newTask(draft), group: () => newGroup(draft), milestone: () => newMilestone(draft) };

  const fail = (message: string, found: FieldError[]) => {
    setProblem({ message, issues: found });
    requestAnimationFrame(() => summaryRef.current?.querySelector<HTMLElement>('[role="alert"]')?.focus());
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSaved(null);
    const local: Partial<Record<(typeof topFields)[number], string>> = {};
    if (!draft.name.trim()) local.name = 'Enter a name.';
    if (isNew && !draft.key.trim()) local.key = 'Enter a key, e.g. standard_onboarding.';
    setTopErrors(local);
    const { definition, issues: found } = definitionOf(draft);
    if (found.length > 0 || Object.keys(local).length > 0) {
      fail('The template was not saved: fix the problems below first.', found);
      return;
    }
    setBusy(true);
    setProblem(null);
    try {
      const input = inputOf(draft, definition);
      const result = isNew ? await createTemplate({ ...input, key: draft.key.trim() }) : await saveTemplate(template.id, input);
      const changed = !template || result.currentVersion !== template.currentVersion;
      setSaved(
        isNew
          ? 'The template was created.'
          : changed
            ? `Saved as version ${result.currentVersion}.`
            : `Saved. The plan did not change, so it stays version ${result.currentVersion}.`,
      );
      onSaved(result, isNew);
    } catch (caught) {
      const server = splitFieldErrors(caught, topFields);
      setTopErrors(Object.fromEntries(Object.entries(server.byField).map(([k, v]) => [k, fieldSentence(labels[k as (typeof topFields)[number]], v)])));
      const fields = caught instanceof ApiError ? caught.fields.filter((f) => !topFields.includes(pathParts(f.path)[0] as (typeof topFields)[number])) : [];
      fail(caught instanceof Error ? caught.message : String(caught), fields);
    } finally {
      setBusy(false);
    }
  };

  const currentDefinition = (): { definition: TemplateDefinition } | { error: Error } => {
    const { definition, issues: found } = definitionOf(draft);
    if (found.length > 0) {
      setProblem({ message: 'The plan cannot be previewed: fix the problems below first.', issues: found });
      return { error: new Error('Fix the problems listed under the form first.') };
    }
    return { definition };
  };

  const topError = (field: (typeof topFields)[number]) =>
    topErrors[field] ? (
      <p id={`${id}-${field}-error`} className="field-error">
        {topErrors[field]}
      </p>
    ) : null;

  return (
    <>
      <form className="stack" onSubmit={submit} noValidate aria-label={isNew ? 'New template' : 'Edit the template'}>
        <section className="section" aria-labelledby={`${id}-about`}>
          <div className="section-header">
            <h2 id={`${id}-about`}>Template</h2>
          </div>
          <div className="stack">
            <div className="form-row">
              <div className="form-cell form-cell-grow">
                <label className="label" htmlFor={`${id}-name`}>
                  Name
                </label>
                <input
                  id={`${id}-name`}
                  className="input"
                  value={draft.name}
                  aria-invalid={Boolean(topErrors.name) || undefined}
                  aria-describedby={topErrors.name ? `${id}-name-error` : undefined}
                  onChange={(event) => set({ name: event.target.value })}
                />
                {topError('name')}
              </div>
              {isNew ? (
                <div className="form-cell">
                  <label className="label" htmlFor={`${id}-key`}>
                    Key
                  </label>
                  <input
                    id={`${id}-key`}
                    className="input input-mono"
                    value={draft.key}
                    placeholder="standard_onboarding"
                    aria-invalid={Boolean(topErrors.key) || undefined}
                    aria-describedby={`${id}-key-hint${topErrors.key ? ` ${id}-key-error` : ''}`}
                    onChange={(event) => set({ key: event.target.value })}
                  />
                  <p id={`${id}-key-hint`} className="muted small">
                    Rules name the template by it; it cannot change later.
                  </p>
                  {topError('key')}
                </div>
              ) : (
                <div className="form-cell">
                  <span className="label">Key</span>
                  <code className="code key-display">{draft.key}</code>
                </div>
              )}
            </div>
            <div className="form-row">
              <div className="form-cell form-cell-grow">
                <label className="label" htmlFor={`${id}-description`}>
                  Description (optional)
                </label>
                <input id={`${id}-description`} className="input" value={draft.description} onChange={(event) => set({ description: event.target.value })} />
                {topError('description')}
              </div>
            </div>
            <div className="form-row">
              <div className="form-cell">
                <label className="label" htmlFor={`${id}-dealType`}>
                  Deal type
                </label>
                <select id={`${id}-dealType`} className="input" value={draft.dealType} onChange={(event) => set({ dealType: event.target.value })}>
                  <option value="">Any deal type</option>
                  {draft.dealType && !(dealTypes as readonly string[]).includes(draft.dealType) ? (
                    <option value={draft.dealType}>{humanize(draft.dealType)}</option>
                  ) : null}
                  {dealTypes.map((t) => (
                    <option key={t} value={t}>
                      {humanize(t)}
                    </option>
                  ))}
                </select>
                {topError('dealType')}
              </div>
              <div className="form-cell">
                <label className="label" htmlFor={`${id}-upsellMode`}>
                  For an upsell of a client with a project
                </label>
                <select
                  id={`${id}-upsellMode`}
                  className="input"
                  value={draft.upsellMode}
                  onChange={(event) => set({ upsellMode: event.target.value as TemplateDraft['upsellMode'] })}
                >
                  {upsellModes.map((m) => (
                    <option key={m} value={m}>
                      {m === 'new_project' ? 'Create a new project' : 'Add the phases to the existing project'}
                    </option>
                  ))}
                </select>
                {topError('upsellMode')}
              </div>
              <div className="form-cell">
                <label className="label" htmlFor={`${id}-ownerRole`}>
                  Project owner (team role)
                </label>
                <RolePicker
                  id={`${id}-ownerRole`}
                  roles={roles}
                  value={draft.ownerRole}
                  emptyLabel="None: the project starts without an owner"
                  onChange={(ownerRole) => set({ ownerRole })}
                />
              </div>
            </div>
          </div>
        </section>

        <section className="section" aria-labelledby={`${id}-plan`}>
          <div className="section-header">
            <h2 id={`${id}-plan`}>Plan</h2>
            <span className="muted small">
              {draft.phases.length} phase{draft.phases.length === 1 ? '' : 's'}, {taskKeys.length} task{taskKeys.length === 1 ? '' : 's'}
            </span>
          </div>
          <ol className="editor-list">
            {draft.phases.map((phase, pi) => (
              <PhaseEditor
                key={phase.uid}
                phase={phase}
                index={pi}
                count={draft.phases.length}
                issues={issues}
                taskKeys={taskKeys}
                milestoneKeys={milestoneKeys}
                roles={roles}
                openUids={openUids}
                make={make}
                onChange={(next) => set({ phases: replaceAt(draft.phases, pi, next) })}
                onMove={(by) => set({ phases: move(draft.phases, pi, by) })}
                onRemove={() => set({ phases: removeAt(draft.phases, pi) })}
                onAdded={added}
              />
            ))}
          </ol>
          <div>
            <button
              type="button"
              className="button"
              onClick={() => {
                const phase = newPhase(draft);
                phase.groups.forEach((g) => g.tasks.forEach((t) => added(t.uid)));
                set({ phases: [...draft.phases, phase] });
              }}
            >
              Add phase
            </button>
          </div>
        </section>

        <div ref={summaryRef} tabIndex={-1}>
          {problem ? <IssueSummary message={problem.message} issues={problem.issues} draft={draft} /> : null}
        </div>
        {saved ? (
          <p className="success" role="status">
            {saved}
          </p>
        ) : null}
        <div className="button-row">
          <button type="submit" className="button button-primary" disabled={busy} data-testid="template-save">
            {busy ? 'Saving…' : isNew ? 'Create template' : 'Save template'}
          </button>
        </div>
      </form>

      <section className="section" aria-labelledby={`${id}-preview`}>
        <div className="section-header">
          <h2 id={`${id}-preview`}>Preview on a deal</h2>
          <span className="muted small">Plans this form as it is now, unsaved changes included; nothing is written.</span>
        </div>
        <TemplatePreview templateId={template?.id ?? null} current={currentDefinition} roles={roles} />
      </section>
    </>
  );
}
