import 'reflect-metadata';
import { RequestMethod, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger as NestPinoLogger } from 'nestjs-pino';
import type { UnblockConfig } from '../../../libs/config/src';
import { createLogger } from '../../../libs/runtime/src';
import { AppModule } from './app.module';
import { ProblemDetailsFilter } from './infrastructure/problem-details.filter';
import { createValidationPipe } from './infrastructure/validation';
import { installHttpProtection } from './security/http-protection';
import { ServiceUnavailableFilter } from './security/service-unavailable.filter';

export const API_PREFIX = 'api/v1';

/** Builds the HTTP application (not yet listening): routes under /api/v1, /health, OpenAPI at /docs and /docs-json. */
export async function createApiApp(config: UnblockConfig): Promise<INestApplication> {
  const logger = createLogger('api', config.logLevel);
  const app = await NestFactory.create(AppModule.forRoot(config, logger), { bufferLogs: true, bodyParser: true });
  app.useLogger(app.get(NestPinoLogger));
  installHttpProtection(app);
  app.setGlobalPrefix(API_PREFIX, { exclude: [{ path: 'health', method: RequestMethod.GET }] });
  app.useGlobalFilters(new ServiceUnavailableFilter(new ProblemDetailsFilter(logger), logger));
  app.useGlobalPipes(createValidationPipe());
  app.enableShutdownHooks(['SIGINT', 'SIGTERM']);
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Unblock API')
      .setDescription('Blocking issues on the zone\'s key projects: intake, actions, inboxes and reads.')
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
  documentCommonErrors(document);
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
  return app;
}

type OpenApiDocument = ReturnType<typeof SwaggerModule.createDocument>;

const PROBLEM_SCHEMA = {
  type: 'object',
  required: ['type', 'title', 'status', 'detail'],
  properties: {
    type: { type: 'string', example: '/problems/unauthenticated' },
    title: { type: 'string', example: 'Unauthenticated' },
    status: { type: 'integer', example: 401 },
    detail: { type: 'string', example: 'Sign in with POST /api/v1/auth/token and send "Authorization: Bearer <token>".' },
    instance: { type: 'string', example: '/api/v1/me' },
  },
};

/**
 * Answers every operation may give whatever it does: 401 (for those that need a token), 429 (rate limit) and 503
 * (PostgreSQL or Temporal unavailable), as problem details, unless the operation documents its own.
 */
function documentCommonErrors(document: OpenApiDocument): void {
  const problem = (description: string) => ({ description, content: { 'application/problem+json': { schema: PROBLEM_SCHEMA } } });
  for (const operations of Object.values(document.paths)) {
    for (const operation of Object.values(operations) as Array<{ security?: unknown[]; responses?: Record<string, unknown> }>) {
      if (!operation || typeof operation !== 'object' || !operation.responses) continue;
      const responses = operation.responses;
      if (operation.security?.length) responses['401'] ??= problem('No token, or an invalid or expired one.');
      responses['429'] ??= problem('Too many requests; retry after the seconds in Retry-After.');
      responses['503'] ??= problem('PostgreSQL or Temporal is unavailable; retry after the seconds in Retry-After.');
    }
  }
}
