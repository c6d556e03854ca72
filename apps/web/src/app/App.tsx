// Providers and routes. Routes: /sign-in, /tasks, /leader, /dispatch, /reporter, /report (a new issue), /issues,
// /issues/:id, /projects, /projects/:id, /admin/channels (administrators), /deliveries (the dispatcher and
// administrators), /calendar (the working calendar); / goes to the person's own inbox.
import { lazy, Suspense, type ReactNode } from 'react';
import { App as AntApp, Spin } from 'antd';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router-dom';
import { auth } from '../api/client';
import { RequireSession, SessionProvider, useSession } from '../auth/session';
import { DirectoryProvider } from '../hooks/use-directory';
import { I18nProvider } from '../i18n/i18n';
import { LiveProvider } from '../live/live-events';
import { homePageOf } from '../logic/issue-actions';
import { AppLayout } from './AppLayout';
import { SignInPage } from '../pages/SignInPage';
import { TasksPage } from '../pages/TasksPage';

const LeaderPage = lazy(() => import('../pages/LeaderPage'));
const DispatchPage = lazy(() => import('../pages/DispatchPage'));
const ReporterPage = lazy(() => import('../pages/ReporterPage'));
const NewIssuePage = lazy(() => import('../pages/NewIssuePage'));
const IssuePage = lazy(() => import('../pages/IssuePage'));
const IssuesPage = lazy(() => import('../pages/IssuesPage'));
const ProjectsPage = lazy(() => import('../pages/ProjectsPage'));
const ProjectPage = lazy(() => import('../pages/ProjectPage'));
const ChannelsPage = lazy(() => import('../pages/ChannelsPage'));
const DeliveriesPage = lazy(() => import('../pages/DeliveriesPage'));
const CalendarPage = lazy(() => import('../pages/CalendarPage'));
const NotFoundPage = lazy(() => import('../pages/NotFoundPage'));

function Home() {
  const { user } = useSession();
  if (!user) return <Navigate to="/sign-in" replace />;
  return <Navigate to={`/${homePageOf(user)}`} replace />;
}

/** Everything behind sign-in: the live stream, the zone's directory, the frame. */
function Signed({ children }: { children: ReactNode }) {
  const { user } = useSession();
  return (
    <RequireSession>
      <LiveProvider token={user ? auth.token : null}>
        <DirectoryProvider>{children}</DirectoryProvider>
      </LiveProvider>
    </RequireSession>
  );
}

export function App() {
  return (
    <I18nProvider>
      <AntApp>
        <SessionProvider>
          <BrowserRouter>
            <Suspense fallback={<Spin size="large" className="page-spin" />}>
              <Routes>
                <Route path="/sign-in" element={<SignInPage />} />
                <Route
                  element={
                    <Signed>
                      <AppLayout />
                    </Signed>
                  }
                >
                  <Route index element={<Home />} />
                  <Route path="tasks" element={<TasksPage />} />
                  <Route path="leader" element={<LeaderPage />} />
                  <Route path="dispatch" element={<DispatchPage />} />
                  <Route path="reporter" element={<ReporterPage />} />
                  <Route path="report" element={<NewIssuePage />} />
                  <Route path="issues" element={<IssuesPage />} />
                  <Route path="issues/:id" element={<IssuePage />} />
                  <Route path="projects" element={<ProjectsPage />} />
                  <Route path="projects/:id" element={<ProjectPage />} />
                  <Route path="admin/channels" element={<ChannelsPage />} />
                  <Route path="deliveries" element={<DeliveriesPage />} />
                  <Route path="calendar" element={<CalendarPage />} />
                  <Route path="*" element={<NotFoundPage />} />
                </Route>
              </Routes>
            </Suspense>
          </BrowserRouter>
        </SessionProvider>
      </AntApp>
    </I18nProvider>
  );
}
