// Every route of the public API the console uses, typed.
import { ACTION_SEGMENTS, type ActionName } from '../logic/issue-actions';
import { get, newIdempotencyKey, post, request } from './client';
import type {
  ActionAnswer,
  CalendarChangeResult,
  CalendarDayKind,
  CalendarRevision,
  CalendarStatus,
  CalendarYear,
  CalendarYearLoad,
  ChannelKind,
  DemoUsers,
  Delivery,
  DeliveryFilters,
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
  NoticeChannel,
  NoticeChannelChange,
  NoticeChannelInput,
  Page,
  PersonContacts,
  Project,
  ProjectDetail,
  TestDelivery,
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
  /** How many of my notices are unread (not the length of a page). */
  unreadCount: (signal?: AbortSignal) =>
    get<{ unread: number }>('/inbox/notifications/unread-count', undefined, signal),
  /** Marks one of my notices read (idempotent). */
  markRead: async (id: string) =>
    (await post<InboxNotification>(`/inbox/notifications/${encodeURIComponent(id)}/read`, {})).body,
  /** Marks every notice of mine that came until `before` (what I have seen) read. */
  markAllRead: async (before?: string) =>
    (await post<{ marked: number }>('/inbox/notifications/read-all', before ? { before } : {})).body,
  /** Administrators: the notice channels, oldest first. */
  channels: (query: { kind?: ChannelKind; departmentId?: string; personId?: string }, signal?: AbortSignal) =>
    get<{ items: NoticeChannel[] }>('/notice-channels', query, signal),
  channel: (id: string, signal?: AbortSignal) =>
    get<NoticeChannel>(`/notice-channels/${encodeURIComponent(id)}`, undefined, signal),
  createChannel: async (body: NoticeChannelInput) => (await post<NoticeChannel>('/notice-channels', body)).body,
  updateChannel: async (id: string, body: NoticeChannelChange) =>
    (await request<NoticeChannel>(`/notice-channels/${encodeURIComponent(id)}`, { method: 'PATCH', body })).body,
  deleteChannel: async (id: string) => {
    await request<void>(`/notice-channels/${encodeURIComponent(id)}`, { method: 'DELETE' });
  },
  /** Queues a test message on a channel; follow it with `delivery(answer.id)`. */
  testChannel: async (id: string) =>
    (await post<TestDelivery>(`/notice-channels/${encodeURIComponent(id)}/test`, {})).body,
  /** Administrators: a person's name and contacts (the console reads the name, for a person's channel). */
  personContacts: (id: string, signal?: AbortSignal) =>
    get<PersonContacts>(`/people/${encodeURIComponent(id)}/contacts`, undefined, signal),
  /** The dispatcher and administrators: each notice on each channel, newest first. */
  deliveries: (filters: DeliveryFilters, signal?: AbortSignal) =>
    get<Page<Delivery>>('/notifications/deliveries', { ...filters }, signal),
  delivery: (id: string, signal?: AbortSignal) =>
    get<Delivery>(`/notifications/deliveries/${encodeURIComponent(id)}`, undefined, signal),
  projects: (signal?: AbortSignal) => get<{ items: Project[] }>('/projects', undefined, signal),
  project: (id: string, signal?: AbortSignal) =>
    get<ProjectDetail>(`/projects/${encodeURIComponent(id)}`, undefined, signal),
  /** The working calendar in force: revision, known and missing years, issues unconfirmed or being re-timed. */
  calendar: (signal?: AbortSignal) => get<CalendarStatus>('/calendar', undefined, signal),
  calendarRevisions: (signal?: AbortSignal) => get<CalendarRevision[]>('/calendar/revisions', undefined, signal),
  calendarYear: (year: number, signal?: AbortSignal) => get<CalendarYear>(`/calendar/years/${year}`, undefined, signal),
  /** The year's arrangement as the file `loadCalendarYear` takes back. */
  exportCalendarYear: (year: number) => get<CalendarYearLoad>(`/calendar/years/${year}/export`),
  /** The dispatcher and administrators: loads (replaces) a year's arrangement. */
  loadCalendarYear: async (year: number, body: CalendarYearLoad) =>
    (await request<CalendarChangeResult>(`/calendar/years/${year}`, { method: 'PUT', body })).body,
  /** The dispatcher and administrators: sets one date (a holiday or a make-up working day), with a reason. */
  correctCalendarDay: async (date: string, body: { kind: CalendarDayKind; name: string; reason: string }) =>
    (await request<CalendarChangeResult>(`/calendar/days/${encodeURIComponent(date)}`, { method: 'PUT', body })).body,
  /** The dispatcher and administrators: removes one date's entry (it is an ordinary day again), with a reason. */
  removeCalendarDay: async (date: string, reason: string) =>
    (
      await request<CalendarChangeResult>(`/calendar/days/${encodeURIComponent(date)}`, {
        method: 'DELETE',
        query: { reason },
      })
    ).body,
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
