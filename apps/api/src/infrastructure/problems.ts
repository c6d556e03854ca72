import { ForbiddenException, HttpStatus, NotFoundException, UnprocessableEntityException } from '@nestjs/common';

/**
 * The one problem type of a 404, whatever was not found (an issue on a read or an action, a project, a route): the
 * reads, the action routes and Nest's own "no such route" all answer `/problems/not-found`, titled `Not found`.
 * This module alone spells it.
 */
export const NOT_FOUND_TYPE = '/problems/not-found';

/**
 * A 404 for an issue, a project, a notice channel, a person, a delivery or an inbox notification. For an issue, the
 * same answer whether it does not exist or the caller may not see it (no existence leak), on a read and on an action
 * alike; for a notification, whether it does not exist or is addressed to someone else.
 */
export function notFound(
  subject: 'issue' | 'project' | 'notice channel' | 'person' | 'delivery' | 'notification' | 'calendar day',
  id: string,
): NotFoundException {
  const detail =
    subject === 'issue'
      ? `There is no issue ${JSON.stringify(id)} that you may see.`
      : subject === 'notification'
        ? `There is no notification ${JSON.stringify(id)} in your inbox.`
        : `There is no ${subject} ${JSON.stringify(id)}.`;
  return new NotFoundException({ type: NOT_FOUND_TYPE, title: 'Not found', status: 404, detail });
}

/** A 403: the caller may not do this; `rule` names the access rule (`access.<what>`). */
export function forbidden(detail: string, rule: string): ForbiddenException {
  return new ForbiddenException({
    type: '/problems/forbidden',
    title: 'Forbidden',
    status: HttpStatus.FORBIDDEN,
    detail,
    rule,
  });
}

/** A 422: a field names something that does not exist (a project, a department, a person). */
export function unknownReference(field: string, message: string): UnprocessableEntityException {
  return new UnprocessableEntityException({
    type: '/problems/unknown-reference',
    title: 'Unknown reference',
    status: HttpStatus.UNPROCESSABLE_ENTITY,
    detail: `${field}: ${message}`,
    errors: [{ field, rule: 'exists', message }],
  });
}
