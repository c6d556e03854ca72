import 'reflect-metadata';
import { RequestMethod, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { SwaggerModule } from '@nestjs/swagger';
import { Logger as NestPinoLogger } from 'nestjs-pino';
import type { UnblockConfig } from '@unblock/config';
import { createLogger } from '@unblock/runtime';
import { AppModule } from './app.module';
import { CONSOLE_DIR, installConsole } from './console/console-files';
import { ProblemDetailsFilter } from './infrastructure/problem-details.filter';
import { TextRulePipe } from './infrastructure/text-rule';
import { createValidationPipe } from './infrastructure/validation';
import { buildOpenApiDocument } from './openapi-document';
import { installHttpProtection } from './security/http-protection';
import { ServiceUnavailableFilter } from './security/service-unavailable.filter';

export const API_PREFIX = 'api/v1';

export interface ApiAppOptions {
  /** where the built console is (dist/web unless said otherwise) */
  consoleDir?: string;
}

/**
 * Builds the HTTP application (not yet listening): routes under /api/v1, /health, OpenAPI at /docs and /docs-json,
 * and the console at / (see installConsole).
 */
export async function createApiApp(config: UnblockConfig, options: ApiAppOptions = {}): Promise<INestApplication> {
  const logger = createLogger('api', config.logLevel);
  const app = await NestFactory.create(AppModule.forRoot(config, logger), { bufferLogs: true, bodyParser: true });
  app.useLogger(app.get(NestPinoLogger));
  installHttpProtection(app);
  installConsole(app, options.consoleDir ?? CONSOLE_DIR);
  app.setGlobalPrefix(API_PREFIX, { exclude: [{ path: 'health', method: RequestMethod.GET }] });
  app.useGlobalFilters(new ServiceUnavailableFilter(new ProblemDetailsFilter(logger), logger));
  app.useGlobalPipes(createValidationPipe(), new TextRulePipe());
  app.enableShutdownHooks(['SIGINT', 'SIGTERM']);
  const document = buildOpenApiDocument(app);
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
  return app;
}
