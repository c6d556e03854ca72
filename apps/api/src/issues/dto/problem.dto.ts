import { applyDecorators } from '@nestjs/common';
import { ApiExtraModels, ApiProperty, ApiPropertyOptional, ApiResponse, getSchemaPath } from '@nestjs/swagger';
import { NOT_FOUND_TYPE } from '../../infrastructure/problems';

export class FieldErrorDto {
  @ApiProperty({ example: 'title' }) field: string;
  @ApiProperty({
    example: 'isLength',
    description: 'the rule the field breaks (`unknown_field` for a field the endpoint does not take)',
  })
  rule: string;
  @ApiProperty({ example: 'title must be longer than or equal to 1 characters' }) message: string;
}

/** RFC 9457 problem details: the one error shape of the API (`application/problem+json`). */
export class ProblemDetailsDto {
  @ApiProperty({ example: '/problems/rule-violation' }) type: string;
  @ApiProperty({ example: 'Refused by a rule' }) title: string;
  @ApiProperty({ type: 'integer', example: 409, description: 'the HTTP status' }) status: number;
  @ApiProperty({ example: 'only the current lead department may transfer the issue' }) detail: string;
  @ApiProperty({
    example: '/api/v1/issues/IS-20250915-7KQ3M2XA5T/transfer',
    description: "the request's path (and query)",
  })
  instance: string;
  @ApiPropertyOptional({ example: 'transfer.lead_only', description: 'the rule that refused the request (409, 422)' })
  rule?: string;
  @ApiPropertyOptional({ type: [FieldErrorDto], description: 'one entry per field and rule (400, 422)' })
  errors?: FieldErrorDto[];
}

const EXAMPLE_INSTANCE = '/api/v1/issues/IS-20250915-7KQ3M2XA5T/transfer';

type ProblemStatus = 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 429 | 503;

const PROBLEMS: Record<ProblemStatus, { description: string; example: Record<string, unknown> }> = {
  400: {
    description:
      'Invalid request: malformed JSON, a missing or wrong field, or a field the endpoint does not take; every field is named with its rule.',
    example: {
      type: '/problems/validation',
      title: 'Invalid request',
      status: 400,
      detail: 'risk: risk must be one of the following values: low, medium, high, critical',
      errors: [
        {
          field: 'risk',
          rule: 'isIn',
          message: 'risk must be one of the following values: low, medium, high, critical',
        },
      ],
    },
  },
  401: {
    description: 'No bearer token, or an invalid or expired one.',
    example: {
      type: '/problems/unauthenticated',
      title: 'Unauthenticated',
      status: 401,
      detail: 'Sign in with POST /api/v1/auth/token and send "Authorization: Bearer <token>".',
    },
  },
  403: {
    description:
      'The caller may see the issue but is not entitled to this action (wrong role, or not a department with an active task on it).',
    example: {
      type: '/problems/forbidden',
      title: 'Forbidden',
      status: 403,
      detail: 'a responsible_leader may not accept this issue',
      rule: 'access.accept',
    },
  },
  404: {
    description:
      'No such issue, or one the caller may not see (the two are not told apart); the same answer as `GET /issues/{id}`.',
    example: {
      type: NOT_FOUND_TYPE,
      title: 'Not found',
      status: 404,
      detail: 'There is no issue "IS-20250915-7KQ3M2XA5T" that you may see.',
    },
  },
  409: {
    description:
      'Refused by a rule of the issue workflow (`rule` names it), the issue is closed (`issue.closed`), or an Idempotency-Key reused for another body (`idempotency.key_reused`).',
    example: {
      type: '/problems/rule-violation',
      title: 'Refused by a rule',
      status: 409,
      detail: 'only the current lead department may transfer the issue',
      rule: 'transfer.lead_only',
    },
  },
  413: {
    description: 'The request body is larger than the limit (100 kB).',
    example: {
      type: '/problems/payload-too-large',
      title: 'Payload too large',
      status: 413,
      detail: 'The request body is larger than the limit.',
    },
  },
  415: {
    description: 'The body is not JSON (send `Content-Type: application/json`).',
    example: {
      type: '/problems/unsupported-media-type',
      title: 'Unsupported media type',
      status: 415,
      detail: 'Send the body as JSON with "Content-Type: application/json" (got text/plain).',
    },
  },
  422: {
    description: 'The request is well formed but names something that does not exist (e.g. an unknown project).',
    example: {
      type: '/problems/unknown-reference',
      title: 'Unknown reference',
      status: 422,
      detail: 'projectId: there is no project GX-NOPE-01',
      errors: [{ field: 'projectId', rule: 'exists', message: 'there is no project GX-NOPE-01' }],
    },
  },
  429: {
    description:
      "Too many requests from this user or address (the API's rate limit); retry after the `Retry-After` seconds.",
    example: {
      type: '/problems/too-many-requests',
      title: 'Too many requests',
      status: 429,
      detail: 'More than 600 requests a minute from this user; try again in 12 s.',
    },
  },
  503: {
    description:
      'Temporal (or the database) is unavailable; retry after the `Retry-After` seconds, with the same Idempotency-Key.',
    example: {
      type: '/problems/service-unavailable',
      title: 'Service unavailable',
      status: 503,
      detail: 'The workflow service is unavailable; retry in 5 s with the same Idempotency-Key.',
    },
  },
};

/** Documents error responses as problem details (`application/problem+json`), each with an example. */
export function ApiProblemResponses(...statuses: ProblemStatus[]): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ApiExtraModels(ProblemDetailsDto, FieldErrorDto),
    ...statuses.map((status) =>
      ApiResponse({
        status,
        description: PROBLEMS[status].description,
        ...(status === 503 || status === 429
          ? {
              headers: {
                'Retry-After': {
                  description: 'seconds to wait before retrying',
                  schema: { type: 'integer', example: 5 },
                },
              },
            }
          : {}),
        content: {
          'application/problem+json': {
            schema: { $ref: getSchemaPath(ProblemDetailsDto) },
            example: { ...PROBLEMS[status].example, instance: EXAMPLE_INSTANCE },
          },
        },
      }),
    ),
  );
}

/** Documents the 404 of a read of one thing (`/problems/not-found`), with its own description and example. */
export function ApiNotFoundProblem(
  description: string,
  example: { detail: string; instance: string },
): MethodDecorator {
  return applyDecorators(
    ApiExtraModels(ProblemDetailsDto, FieldErrorDto),
    ApiResponse({
      status: 404,
      description,
      content: {
        'application/problem+json': {
          schema: { $ref: getSchemaPath(ProblemDetailsDto) },
          example: { type: NOT_FOUND_TYPE, title: 'Not found', status: 404, ...example },
        },
      },
    }),
  );
}

/** Documents one error response as problem details, with its own description and example (type, title, …). */
export function ApiProblem(
  status: ProblemStatus,
  description: string,
  example: { type: string; title: string; detail: string; instance: string; rule?: string },
): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ApiExtraModels(ProblemDetailsDto, FieldErrorDto),
    ApiResponse({
      status,
      description,
      content: {
        'application/problem+json': {
          schema: { $ref: getSchemaPath(ProblemDetailsDto) },
          example: { status, ...example },
        },
      },
    }),
  );
}
