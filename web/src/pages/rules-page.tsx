import { useState } from 'react';
import { getCatalog, listRules, setRuleEnabled, type Rule } from '../modules/rules/api/rules.api.ts';
import { AutomationNav } from '../modules/rules/components/automation-nav.tsx';
import { DryRunPanel } from '../modules/rules/components/dry-run-panel.tsx';
import { RuleTable } from '../modules/rules/components/rule-table.tsx';
import { RulesTransfer } from '../modules/rules/components/rules-transfer.tsx';
import { can, useSession } from '../modules/session/hooks/use-session.tsx';
import { EmptyState, ErrorMessage, Loading, Section } from '../ui/feedback.tsx';
import { Link } from '../ui/router.tsx';
import { useResource } from '../ui/use-resource.ts';
import { useTitle } from '../ui/use-title.ts';

export function RulesPage() {
  useTitle('Rules');
  const { user, workspace } = useSession();
  const mayManage = can(user.role, 'rules.manage');
  const rules = useResource(() => listRules(), []);
  const catalog = useResource(() => getCatalog(), []);
  const [pending, setPending] = useState<{ id: string; enabled: boolean } | null>(null);
  const [toggleError, setToggleError] = useState<{ id: string; error: unknown } | null>(null);
  const items = [...(rules.data ?? [])].sort((a, b) => a.position - b.position || a.name.localeCompare(b.name));

  const toggle = async (rule: Rule, enabled: boolean) => {
    setPending({ id: rule.id, enabled });
    setToggleError(null);
    try {
      const saved = await setRuleEnabled(rule, enabled);
      rules.setData((current) => current?.map((r) => (r.id === saved.id ? { ...r, ...saved } : r)));
    } catch (error) {
      setToggleError({ id: rule.id, error });
    } finally {
      setPending(null);
    }
  };

  const imported = (changed: Rule[]) =>
    rules.setData((current) => {
      const byId = new Map((current ?? []).map((r) => [r.id, r]));
      for (const r of changed) byId.set(r.id, r);
      return [...byId.values()];
    });

  return (
    <main className="page page-wide-table">
      <div className="page-header">
        <div>
          <h1>Rules</h1>
          <p className="muted">What happens by itself when something happens to a deal: in list order, each run logged step by step.</p>
        </div>
        {mayManage ? (
          <Link to="/rules/new" className="button button-primary">
            New rule
          </Link>
        ) : null}
      </div>
      <AutomationNav current="/rules" />
      {rules.error ? <ErrorMessage error={rules.error} onRetry={() => void rules.reload()} /> : null}
      {!rules.data && rules.loading ? <Loading label="Loading rules…" /> : null}
      {rules.data && items.length === 0 ? (
        <EmptyState title="No rules yet">{mayManage ? <p>Create one, or import rules exported from another workspace.</p> : null}</EmptyState>
      ) : null}
      {items.length > 0 ? (
        <RuleTable
          rules={items}
          triggers={catalog.data?.triggers}
          timeZone={workspace.timeZone}
          mayManage={mayManage}
          pending={pending}
          error={toggleError}
          onToggle={(rule, enabled) => void toggle(rule, enabled)}
        />
      ) : null}

      <div className={mayManage ? 'two-columns section-gap' : 'section-gap'}>
        <Section title="Dry run on a deal">
          <p className="muted small">What would the rules do if this deal were won now (or another event happened)? Nothing is written.</p>
          {catalog.error ? <ErrorMessage error={catalog.error} onRetry={() => void catalog.reload()} /> : null}
          <DryRunPanel events={catalog.data?.triggers ?? []} timeZone={workspace.timeZone} fields={catalog.data?.fields} />
        </Section>
        {mayManage ? (
          <Section title="Export and import">
            <RulesTransfer onImported={imported} />
          </Section>
        ) : null}
      </div>
    </main>
  );
}
