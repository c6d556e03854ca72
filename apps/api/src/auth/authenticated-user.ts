import type { Actor, ActorRole } from '@unblock/domain';

/** The person behind a request, as loaded from the database for every authenticated request. */
export interface AuthenticatedUser {
  id: string;
  username: string;
  name: string;
  roles: ActorRole[];
  departmentId: string | null;
}

/** Leadership roles from the top down: the one a person acts in is the highest they hold. */
const ACTING_ORDER: ActorRole[] = [
  'party_secretary',
  'zone_director',
  'responsible_leader',
  'dispatcher',
  'department_head',
  'staff',
  'reporter',
  'administrator',
];

export function hasRole(user: AuthenticatedUser, ...roles: ActorRole[]): boolean {
  return user.roles.some((role) => roles.includes(role));
}

export function isLeader(user: AuthenticatedUser): boolean {
  return hasRole(user, 'responsible_leader', 'zone_director', 'party_secretary');
}

/**
 * The user as the workflow sees them (`by` of every action): their id, the role they act in, and their
 * department. With `preferred`, the user acts in that role when they hold it (a department head who is also
 * staff, say); otherwise in the highest role they hold.
 */
export function toActor(user: AuthenticatedUser, preferred?: ActorRole): Actor {
  const role =
    preferred && user.roles.includes(preferred)
      ? preferred
      : (ACTING_ORDER.find((r) => user.roles.includes(r)) ?? user.roles[0]);
  return { id: user.id, role, ...(user.departmentId ? { department: user.departmentId } : {}) };
}
