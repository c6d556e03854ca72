// The console's pages in the menu, by who the person is.
import type { User } from '../api/types';
import type { MessageKey } from '../i18n/zh-CN';
import { isZoneLeader } from '../logic/issue-actions';

export interface NavItem {
  path: string;
  label: MessageKey;
  /** the test id of the menu entry */
  testId: string;
}

export function navFor(user: Pick<User, 'id' | 'roles' | 'departmentId'>): NavItem[] {
  const roles = user.roles;
  const department = roles.includes('staff') || roles.includes('department_head');
  const items: NavItem[] = [];
  if (department) items.push({ path: '/tasks', label: 'nav.tasks', testId: 'nav-tasks' });
  if (isZoneLeader(user) || roles.includes('department_head'))
    items.push({ path: '/leader', label: 'nav.leader', testId: 'nav-leader' });
  if (roles.includes('dispatcher')) items.push({ path: '/dispatch', label: 'nav.dispatch', testId: 'nav-dispatch' });
  if (roles.includes('reporter')) items.push({ path: '/reporter', label: 'nav.reporter', testId: 'nav-reporter' });
  if (roles.includes('administrator'))
    items.push({ path: '/admin/channels', label: 'nav.adminChannels', testId: 'nav-admin-channels' });
  if (roles.includes('dispatcher') || roles.includes('administrator'))
    items.push({ path: '/deliveries', label: 'nav.deliveries', testId: 'nav-deliveries' });
  const staff = !roles.every((r) => r === 'reporter');
  if (staff) items.push({ path: '/issues', label: 'nav.issues', testId: 'nav-issues' });
  items.push({ path: '/projects', label: 'nav.projects', testId: 'nav-projects' });
  // everyone who works issues reads the calendar their deadlines are on; the dispatcher and administrators keep it
  if (staff) items.push({ path: '/calendar', label: 'nav.calendar', testId: 'nav-calendar' });
  return items;
}

/** Who may file an issue (POST /issues): reporters, the dispatcher, department staff and heads. */
export function mayFile(user: Pick<User, 'roles'>): boolean {
  return user.roles.some((r) => r === 'reporter' || r === 'dispatcher' || r === 'staff' || r === 'department_head');
}
