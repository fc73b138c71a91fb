// One action of a rule: its type from the catalog, its params as fields (or as JSON), its place in the list.
import { useId, useState } from 'react';
import type { FieldError } from '../../../ui/http.ts';
import { ItemToolbar } from '../../../ui/item-toolbar.tsx';
import { issuesUnder, pathParts, type ActionDraft } from '../api/rule-draft.ts';
import type { ActionType, ParamSpec } from '../api/rules.api.ts';
import { ParamField, type ParamLists } from './param-field.tsx';

type ActionEditorProps = {
  action: ActionDraft;
  index: number;
  count: number;
  catalog: ActionType[];
  issues: FieldError[];
  lists: ParamLists;
  onChange: (action: ActionDraft) => void;
  onMove: (by: -1 | 1) => void;
  onRemove: () => void;
};

/** A notification's recipient is picked by its kind: a role, a team role or a person; the others need none. */
function shownParam(action: ActionDraft, p: ParamSpec): ParamSpec | null {
  if (action.type !== 'notify' || p.name !== 'recipient') return p;
  switch (action.params.recipientType) {
    case 'role':
      return { ...p, label: 'Role', kind: 'role', required: true };
    case 'team':
      return { ...p, label: 'Team role', kind: 'team_role', required: true };
    case 'user':
      return { ...p, label: 'Person', kind: 'user', required: true };
    default:
      return action.params.recipient === undefined ? null : p;
  }
}

export function ActionEditor({ action, index, count, catalog, issues, lists, onChange, onMove, onRemove }: ActionEditorProps) {
  const id = useId();
  const [modeError, setModeError] = useState<string | null>(null);
  const prefix = ['actions', String(index)];
  const mine = issuesUnder(issues, prefix);
  const spec = catalog.find((a) => a.type === action.type);
  const known = new Set(spec?.params.map((p) => p.name) ?? []);
  const extra = Object.keys(action.params).filter((k) => !known.has(k));
  const badParam = (name: string) => mine.some((i) => pathParts(i.path)[3] === name);
  const set = (changes: Partial<ActionDraft>) => onChange({ ...action, ...changes });

  const toJson = () => {
    const params = { ...action.params };
    for (const [name, text] of Object.entries(action.jsonParams)) {
      try {
        if (text.trim()) params[name] = JSON.parse(text);
      } catch {
        params[name] = text;
      }
    }
    setModeError(null);
    set({ jsonMode: true, paramsText: JSON.stringify(params, null, 2) });
  };
  const toFields = () => {
    try {
      const parsed: unknown = action.paramsText.trim() ? JSON.parse(action.paramsText) : {};
      if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('the params must be a JSON object');
      const params = parsed as Record<string, unknown>;
      const jsonParams: Record<string, string> = {};
      for (const p of spec?.params ?? []) if (p.kind === 'json' && params[p.name] !== undefined) jsonParams[p.name] = JSON.stringify(params[p.name], null, 2);
      setModeError(null);
      set({ jsonMode: false, params, jsonParams });
    } catch (error) {
      setModeError(`Fix the JSON first: ${error instanceof Error ? error.message : String(error)}`);
    }
  };

  return (
    <li className={`editor-item ${mine.length > 0 ? 'editor-item-invalid' : ''}`} data-testid="rule-action">
      <div className="editor-item-head">
        <span className="editor-item-title">
          {index + 1}. {spec?.label ?? (action.type || 'New action')}
        </span>
        <ItemToolbar label={`action ${action.key || index + 1}`} index={index} count={count} onMove={onMove} onRemove={onRemove} />
      </div>
      <div className="editor-item-body">
        <div className="form-row">
          <div className="form-cell">
            <label className="label" htmlFor={`${id}-type`}>
              Action
            </label>
            <select
              id={`${id}-type`}
              className="input"
              value={action.type}
              onChange={(event) => set({ type: event.target.value, params: {}, jsonParams: {}, paramsText: '{}', jsonMode: false })}
            >
              <option value="">Choose</option>
              {action.type && !spec ? <option value={action.type}>{action.type} (unknown)</option> : null}
              {catalog.map((a) => (
                <option key={a.type} value={a.type}>
                  {a.label}
                </option>
              ))}
            </select>
          </div>
          <div className="form-cell form-cell-narrow">
            <label className="label" htmlFor={`${id}-key`}>
              Key
            </label>
            <input id={`${id}-key`} className="input input-mono" value={action.key} onChange={(event) => set({ key: event.target.value })} />
          </div>
          <div className="form-cell form-cell-end">
            <button type="button" className="button button-small" onClick={action.jsonMode ? toFields : toJson} disabled={action.jsonMode && !spec}>
              {action.jsonMode ? 'Edit as fields' : 'Edit as JSON'}
            </button>
          </div>
        </div>
        {spec?.description ? <p className="muted small">{spec.description}</p> : null}
        {modeError ? <p className="field-error">{modeError}</p> : null}
        {action.jsonMode ? (
          <div className="form-cell">
            <label className="label" htmlFor={`${id}-json`}>
              Params (JSON object)
            </label>
            <textarea
              id={`${id}-json`}
              className="input input-mono"
              rows={Math.min(14, Math.max(4, action.paramsText.split('\n').length))}
              spellCheck={false}
              value={action.paramsText}
              onChange={(event) => set({ paramsText: event.target.value })}
            />
          </div>
        ) : spec ? (
          <div className="form-row">
            {spec.params.length === 0 ? <p className="muted small">This action takes no params.</p> : null}
            {spec.params
              .flatMap((given) => {
                const p = shownParam(action, given);
                return p ? [p] : [];
              })
              .map((p) => (
                <ParamField
                  key={p.name}
                  id={`${id}-p-${p.name}`}
                  spec={p}
                  value={action.params[p.name]}
                  jsonText={action.jsonParams[p.name] ?? ''}
                  invalid={badParam(p.name)}
                  lists={lists}
                  onChange={(value) => {
                    const params = { ...action.params };
                    if (value === undefined) delete params[p.name];
                    else params[p.name] = value;
                    set({ params });
                  }}
                  onJsonChange={(text) => set({ jsonParams: { ...action.jsonParams, [p.name]: text } })}
                />
              ))}
          </div>
        ) : null}
        {!action.jsonMode && extra.length > 0 ? (
          <p className="muted small">
            Also set, unknown to this action:{' '}
            {extra.map((k) => (
              <code key={k} className="code">
                {k}
              </code>
            ))}
            . Edit as JSON to change or remove them.
          </p>
        ) : null}
        {mine.length > 0 ? (
          <ul className="item-issues">
            {mine.map((i, n) => (
              <li key={`${i.path}-${n}`} className="field-error">
                <code className="code">{pathParts(i.path).slice(2).join('.') || 'action'}</code> {i.message}
              </li>
            ))}
          </ul>
        ) : null}
      </div>
    </li>
  );
}
