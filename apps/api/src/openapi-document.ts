import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, getSchemaPath, SwaggerModule } from '@nestjs/swagger';
import { FieldErrorDto, ProblemDetailsDto } from './issues/dto/problem.dto';

export type OpenApiDocument = ReturnType<typeof SwaggerModule.createDocument>;

/** The security scheme of GET /metrics when the API runs with METRICS_TOKEN (a static token, not a user JWT). */
export const METRICS_TOKEN_SCHEME = 'metricsToken';

/**
 * The OpenAPI document served at /docs-json: what the controllers and DTOs declare, completed with what every
 * operation shares (see finishDocument). `redocly lint` passes on it and the e2e tests validate every response
 * against it (test/support/openapi-validator.ts).
 */
export function buildOpenApiDocument(app: INestApplication): OpenApiDocument {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Unblock API')
      .setDescription("Blocking issues on the zone's key projects: intake, actions, inboxes and reads.")
      .setVersion('1')
      // the paths are absolute (/api/v1/…, /health): the server is the API's own origin
      .addServer('/', 'this server')
      .addBearerAuth()
      .addBearerAuth(
        { type: 'http', scheme: 'bearer', description: 'the METRICS_TOKEN the API runs with, when it is set' },
        METRICS_TOKEN_SCHEME,
      )
      .build(),
    { extraModels: [ProblemDetailsDto, FieldErrorDto] },
  );
  document.info.license = { name: 'UNLICENSED (proprietary)' };
  finishDocument(document);
  return document;
}

interface Operation {
  security?: Array<Record<string, string[]>>;
  parameters?: Array<{ in: string }>;
  requestBody?: unknown;
  responses: Record<
    string,
    { description: string; content?: Record<string, unknown>; headers?: Record<string, unknown> }
  >;
}

const RETRY_AFTER = {
  'Retry-After': { description: 'seconds to wait before retrying', schema: { type: 'integer', example: 5 } },
};

/**
 * What every operation shares, added where the operation does not say it itself:
 * - `security: []` on the public operations (those without a bearer requirement: sign-in, health, metrics);
 * - 401 on those that need a token; 400 on those with a path or query parameter (each is checked, the text rule
 *   too); 400 and 413 on those that take a body (malformed JSON, over 100 kB);
 *   429 (rate limit; /health is never limited) and 503 (PostgreSQL or Temporal unavailable; not /metrics);
 * - every error answer (4xx, 5xx) without a body of its own is problem details (`application/problem+json`).
 */
export function finishDocument(document: OpenApiDocument): void {
  const problem = { 'application/problem+json': { schema: { $ref: getSchemaPath(ProblemDetailsDto) } } };
  for (const [path, operations] of Object.entries(document.paths)) {
    for (const [method, value] of Object.entries(operations)) {
      if (!['get', 'put', 'post', 'delete', 'patch'].includes(method)) continue;
      const operation = value as Operation;
      const responses = operation.responses;
      operation.security ??= [];
      const needsToken = operation.security.some((requirement) => 'bearer' in requirement);
      if (needsToken) responses['401'] ??= { description: 'No token, or an invalid or expired one.' };
      if (operation.parameters?.some((parameter) => parameter.in === 'path' || parameter.in === 'query'))
        responses['400'] ??= { description: 'A path or query parameter is invalid (each named with its rule).' };
      if (operation.requestBody) {
        responses['400'] ??= { description: 'Malformed JSON, or a missing or wrong field (each named with its rule).' };
        responses['413'] ??= { description: 'The request body is larger than the limit (100 kB).' };
      }
      // /health is never rate-limited (security.module.ts); /metrics answers without PostgreSQL or Temporal
      if (path !== '/health')
        responses['429'] ??= {
          description: 'Too many requests; retry after the seconds in Retry-After.',
          headers: RETRY_AFTER,
        };
      if (path !== '/api/v1/metrics')
        responses['503'] ??= {
          description: 'PostgreSQL or Temporal is unavailable; retry after the seconds in Retry-After.',
          headers: RETRY_AFTER,
        };
      for (const [status, response] of Object.entries(responses)) {
        if (/^[45]/.test(status) && !response.content) response.content = problem;
      }
    }
  }
}
