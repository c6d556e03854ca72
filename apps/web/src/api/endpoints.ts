// Every route of the public API the console uses, typed.
import { ACTION_SEGMENTS, type ActionName } from '../logic/issue-actions';
import { get, newIdempotencyKey, post, request } from './client';
import type {
  ActionAnswer,
  DemoUsers,
  Department,
  InboxEscalation,
  InboxNotification,
  InboxTask,
  IntakeAnswer,
  IntakeRequest,
  IssueDetail,
  IssueListFilters,
  IssueListItem,
  IssueSummary,
  Page,
  Project,
  ProjectDetail,
  TokenResponse,
  User,
} from './types';

export const api = {
  signIn: async (username: string, password: string) =>
    (await request<TokenResponse>('/auth/token', { method: 'POST', body: { username, password }, anonymous: true }))
      .body,
  me: () => get<User>('/me'),
  /** In demo mode, the demo zone's people and their password; otherwise `demo: false` and no one. */
  demoUsers: async () => (await request<DemoUsers>('/auth/demo-users', { anonymous: true })).body,
  issues: (filters: IssueListFilters, signal?: AbortSignal) =>
    get<Page<IssueListItem>>('/issues', { ...filters } as Record<string, string>, signal),
  issueSummary: (signal?: AbortSignal) => get<IssueSummary>('/issues/summary', undefined, signal),
  issue: (id: string, signal?: AbortSignal) => get<IssueDetail>(`/issues/${encodeURIComponent(id)}`, undefined, signal),
  tasks: (query: { state?: 'open' | 'ended' | 'all'; limit?: number; cursor?: string }, signal?: AbortSignal) =>
    get<Page<InboxTask>>('/inbox/tasks', query, signal),
  escalations: (query: { limit?: number; cursor?: string }, signal?: AbortSignal) =>
    get<Page<InboxEscalation>>('/inbox/escalations', query, signal),
  notifications: (query: { unread?: boolean; limit?: number; cursor?: string }, signal?: AbortSignal) =>
    get<Page<InboxNotification>>('/inbox/notifications', query, signal),
  projects: (signal?: AbortSignal) => get<{ items: Project[] }>('/projects', undefined, signal),
  project: (id: string, signal?: AbortSignal) =>
    get<ProjectDetail>(`/projects/${encodeURIComponent(id)}`, undefined, signal),
  departments: (signal?: AbortSignal) => get<{ items: Department[] }>('/departments', undefined, signal),
  /** Files an issue; the key is made once per form, so a retry (or a double click) files it once. */
  fileIssue: (body: IntakeRequest, idempotencyKey: string) =>
    post<IntakeAnswer>('/issues', body, { 'Idempotency-Key': idempotencyKey }),
  /** Takes an action; the key is made once per dialog, so a retry of the same submission is taken once. */
  act: async (
    issueId: string,
    action: ActionName,
    body: Record<string, unknown>,
    idempotencyKey = newIdempotencyKey(),
  ) =>
    (
      await post<ActionAnswer>(`/issues/${encodeURIComponent(issueId)}/${ACTION_SEGMENTS[action]}`, body, {
        'Idempotency-Key': idempotencyKey,
      })
    ).body,
};
