import { hasRole, type AuthenticatedUser } from '../auth/authenticated-user';
import { forbidden } from '../infrastructure/problems';

/** Notice channels and people's contacts are the administrator's (系统管理员) alone. */
export function requireAdministrator(user: AuthenticatedUser, what: 'notice channels' | 'contacts'): void {
  if (!hasRole(user, 'administrator'))
    throw forbidden(
      `Only an administrator manages ${what}.`,
      what === 'notice channels' ? 'access.notice_channels' : 'access.contacts',
    );
}

/** The deliveries to channels: the dispatcher (who follows every notice) and administrators. */
export function requireDeliveryReader(user: AuthenticatedUser): void {
  if (!hasRole(user, 'dispatcher', 'administrator'))
    throw forbidden(
      'Only the dispatcher and administrators see the deliveries to notice channels.',
      'access.deliveries',
    );
}
