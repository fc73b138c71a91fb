// Routes and the session gate: the login when signed out, the shell and a page when signed in.
import { lazy, Suspense, useEffect, type ReactNode } from 'react';
import { UnreadCountProvider } from '../modules/notifications/hooks/use-unread-count.tsx';
import { WarningCountProvider } from '../modules/warnings/hooks/use-warning-count.tsx';
import { settingsHome } from '../modules/settings/components/settings-nav.tsx';
import { can, SessionProvider, useSession, useSessionState, type Permission } from '../modules/session/hooks/use-session.tsx';
import { AccountPage } from '../pages/account-page.tsx';
import { ApprovalPage } from '../pages/approval-page.tsx';
import { ApprovalsPage } from '../pages/approvals-page.tsx';
import { ApprovalPoliciesPage } from '../pages/approval-policies-page.tsx';
import { ApprovalPolicyPage } from '../pages/approval-policy-page.tsx';
import { AccountsPage } from '../pages/accounts-page.tsx';
import { AuditPage } from '../pages/audit-page.tsx';
import { DealsPage } from '../pages/deals-page.tsx';
import { InboundConnectionPage } from '../pages/inbound-connection-page.tsx';
import { WebhookSubscriptionPage } from '../pages/webhook-subscription-page.tsx';
import { WebhookSubscriptionsPage } from '../pages/webhook-subscriptions-page.tsx';
import { InboundConnectionsPage } from '../pages/inbound-connections-page.tsx';
import { LeadPage } from '../pages/lead-page.tsx';
import { LeadsPage } from '../pages/leads-page.tsx';
import { ReactivationPage } from '../pages/reactivation-page.tsx';
import { ForbiddenPage } from '../pages/forbidden-page.tsx';
import { LoginPage } from '../pages/login-page.tsx';
import { MyTasksPage } from '../pages/my-tasks-page.tsx';
import { NotFoundPage } from '../pages/not-found-page.tsx';
import { NotificationsPage } from '../pages/notifications-page.tsx';
import { OpportunityPage } from '../pages/opportunity-page.tsx';
import { OutboxEventPage } from '../pages/outbox-event-page.tsx';
import { OutboxPage } from '../pages/outbox-page.tsx';
import { PeoplePage } from '../pages/people-page.tsx';
import { PipelinePage } from '../pages/pipeline-page.tsx';
import { PipelinesPage } from '../pages/pipelines-page.tsx';
import { ProjectPage } from '../pages/project-page.tsx';
import { ProjectsPage } from '../pages/projects-page.tsx';
import { DashboardPage } from '../pages/dashboard-page.tsx';
import { DigestPage } from '../pages/digest-page.tsx';
import { RulePage } from '../pages/rule-page.tsx';
import { RulesPage } from '../pages/rules-page.tsx';
import { RunPage } from '../pages/run-page.tsx';
import { RunsPage } from '../pages/runs-page.tsx';
import { ImportPage } from '../pages/import-page.tsx';
import { TaskPage } from '../pages/task-page.tsx';
import { TeamPage } from '../pages/team-page.tsx';
import { TemplatePage } from '../pages/template-page.tsx';
import { TemplatesPage } from '../pages/templates-page.tsx';
import { MailPage } from '../pages/mail-page.tsx';
import { MailboxPage } from '../pages/mailbox-page.tsx';
import { TokensPage } from '../pages/tokens-page.tsx';
import { WarningsPage } from '../pages/warnings-page.tsx';
import { ErrorMessage, Loading } from '../ui/feedback.tsx';
import { matchPath, navigate, useLocation } from '../ui/router.tsx';
import { AppShell } from './app-shell.tsx';

// The handoff pages are the largest and not everyone's daily work: their code loads when one is first opened.
const BriefPage = lazy(() => import('../pages/brief-page.tsx').then((m) => ({ default: m.BriefPage })));
const DocumentTemplatesPage = lazy(() => import('../pages/document-templates-page.tsx').then((m) => ({ default: m.DocumentTemplatesPage })));
const HandoffsPage = lazy(() => import('../pages/handoffs-page.tsx').then((m) => ({ default: m.HandoffsPage })));

/** Redirects without adding a history entry (for /settings, which is only a door to its first tab). */
function Redirect({ to }: { to: string }) {
  useEffect(() => navigate(to, { replace: true }), [to]);
  return null;
}

/** `?version=3` on a template's address shows that version. */
function versionParam(search: URLSearchParams): number | undefined {
  const value = Number(search.get('version'));
  return Number.isInteger(value) && value > 0 ? value : undefined;
}

function Routes() {
  const { pathname, search } = useLocation();
  const { user } = useSession();
  // Pages for some roles only: others see why instead of a 403 from the server.
  const guard = (permission: Permission, title: string, who: string, page: ReactNode) =>
    can(user.role, permission) ? page : <ForbiddenPage title={title} who={who} />;

  if (pathname === '/' || pathname === '/pipeline') return <PipelinePage />;
  if (pathname === '/accounts') return <AccountsPage />;
  if (pathname === '/deals') return <DealsPage />;
  if (pathname === '/imports/deals') return guard('crm.write', 'Import deals', 'people who edit deals', <ImportPage />);
  if (pathname === '/leads') return <LeadsPage />;
  if (pathname === '/reactivation') return <ReactivationPage />;
  if (pathname === '/notifications') return <NotificationsPage />;
  if (pathname === '/settings') {
    const home = settingsHome((permission) => can(user.role, permission));
    return home ? <Redirect to={home} /> : <ForbiddenPage title="Settings" who="administrators" />;
  }
  if (pathname === '/settings/people') return guard('users.manage', 'People', 'administrators', <PeoplePage />);
  if (pathname === '/settings/pipelines') return guard('pipelines.manage', 'Pipelines', 'operations and administrators', <PipelinesPage />);
  if (pathname === '/settings/tokens') return guard('tokens.manage', 'API tokens', 'administrators', <TokensPage />);
  if (pathname === '/settings/templates')
    return guard('templates.manage', 'Project templates', 'operations, project managers and administrators', <TemplatesPage />);
  if (pathname === '/settings/templates/new')
    return guard(
      'templates.manage',
      'New template',
      'operations, project managers and administrators',
      <TemplatePage key="new" id={null} version={undefined} />,
    );
  const template = matchPath('/settings/templates/:id', pathname);
  if (template?.id)
    return guard(
      'templates.manage',
      'Project template',
      'operations, project managers and administrators',
      <TemplatePage key={template.id} id={template.id} version={versionParam(search)} />,
    );
  if (pathname === '/settings/document-templates')
    return guard('templates.manage', 'Document templates', 'operations, project managers and administrators', <DocumentTemplatesPage />);
  if (pathname === '/settings/webhooks') return guard('webhooks.manage', 'Webhooks', 'administrators', <WebhookSubscriptionsPage />);
  const webhook = matchPath('/settings/webhooks/:id', pathname);
  if (webhook?.id) return guard('webhooks.manage', 'Webhook', 'administrators', <WebhookSubscriptionPage key={webhook.id} id={webhook.id} />);
  if (pathname === '/settings/inbound') return guard('webhooks.manage', 'Inbound CRMs', 'administrators', <InboundConnectionsPage />);
  const inbound = matchPath('/settings/inbound/:id', pathname);
  if (inbound?.id) return guard('webhooks.manage', 'Inbound connection', 'administrators', <InboundConnectionPage key={inbound.id} id={inbound.id} />);
  if (pathname === '/settings/team') return guard('team.manage', 'Team and calendar', 'operations and administrators', <TeamPage />);
  if (pathname === '/projects') return <ProjectsPage />;
  if (pathname === '/dashboard') return <DashboardPage />;
  if (pathname === '/digest') return <DigestPage />;
  if (pathname === '/handoffs') return <HandoffsPage />;
  if (pathname === '/tasks') return <MyTasksPage />;
  if (pathname === '/approvals') return <ApprovalsPage />;
  if (pathname === '/approval-policies') return <ApprovalPoliciesPage />;
  if (pathname === '/approval-policies/new')
    return guard('approvals.manage', 'New approval policy', 'finance, legal and administrators', <ApprovalPolicyPage key="new" id={null} />);
  if (pathname === '/warnings') return <WarningsPage />;
  if (pathname === '/rules') return <RulesPage />;
  if (pathname === '/rules/new') return guard('rules.manage', 'New rule', 'operations and administrators', <RulePage key="new" id={null} />);
  if (pathname === '/runs') return <RunsPage />;
  const lead = matchPath('/leads/:id', pathname);
  if (lead?.id) return <LeadPage key={lead.id} id={lead.id} />;
  const project = matchPath('/projects/:id', pathname);
  if (project?.id) return <ProjectPage key={project.id} id={project.id} />;
  const policyMatch = matchPath('/approval-policies/:id', pathname);
  if (policyMatch?.id) return <ApprovalPolicyPage key={policyMatch.id} id={policyMatch.id} />;
  const approval = matchPath('/approvals/:id', pathname);
  if (approval?.id) return <ApprovalPage key={approval.id} id={approval.id} />;
  const task = matchPath('/tasks/:id', pathname);
  if (task?.id) return <TaskPage key={task.id} id={task.id} />;
  const rule = matchPath('/rules/:id', pathname);
  if (rule?.id) return <RulePage key={rule.id} id={rule.id} />;
  const run = matchPath('/runs/:id', pathname);
  if (run?.id) return <RunPage key={run.id} id={run.id} />;
  if (pathname === '/outbox') return guard('outbox.read', 'Outbox', 'operations and administrators', <OutboxPage />);
  if (pathname === '/audit') return guard('audit.read', 'Audit log', 'operations and administrators', <AuditPage />);
  const outboxEvent = matchPath('/outbox/:id', pathname);
  if (outboxEvent?.id)
    return guard('outbox.read', 'Outbox event', 'operations and administrators', <OutboxEventPage key={outboxEvent.id} id={outboxEvent.id} />);
  const mailWho = 'administrators, operations, sales and customer success';
  if (pathname === '/mail') return guard('mail.read', 'Mailbox', mailWho, <MailboxPage />);
  const mail = matchPath('/mail/:id', pathname);
  if (mail?.id) return guard('mail.read', 'Mail', mailWho, <MailPage key={mail.id} id={mail.id} />);
  const brief = matchPath('/opportunities/:id/brief', pathname);
  if (brief?.id) return <BriefPage key={brief.id} opportunityId={brief.id} />;
  const opportunity = matchPath('/opportunities/:id', pathname);
  if (opportunity?.id) return <OpportunityPage key={opportunity.id} id={opportunity.id} />;
  const account = matchPath('/accounts/:id', pathname);
  if (account?.id) return <AccountPage key={account.id} id={account.id} />;
  return <NotFoundPage />;
}

function Gate() {
  const { state, retry } = useSessionState();
  const { pathname } = useLocation();
  const signedIn = state.status === 'signed-in';

  useEffect(() => {
    if (signedIn && pathname === '/login') navigate('/', { replace: true });
  }, [signedIn, pathname]);

  switch (state.status) {
    case 'loading':
      return (
        <main className="page">
          <Loading label="Starting Baton…" />
        </main>
      );
    case 'failed':
      return (
        <main className="page">
          <ErrorMessage error={state.error} onRetry={retry} />
        </main>
      );
    case 'signed-out':
      // Any address shows the login; after signing in, the same address shows its page.
      return <LoginPage expired={state.expired} />;
    case 'signed-in':
      return (
        <UnreadCountProvider key={state.session.user.id}>
          <WarningCountProvider>
            <AppShell>
              <Suspense
                fallback={
                  <main className="page">
                    <Loading />
                  </main>
                }
              >
                <Routes />
              </Suspense>
            </AppShell>
          </WarningCountProvider>
        </UnreadCountProvider>
      );
  }
}

export function App() {
  return (
    <SessionProvider>
      <Gate />
    </SessionProvider>
  );
}
