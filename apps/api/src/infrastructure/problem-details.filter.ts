import { Catch, HttpException, HttpStatus, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { Logger } from 'pino';

/** One error shape for every response (RFC 9457 problem details), never a stack trace or SQL. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  /** the rule a refused action broke (409) */
  rule?: string;
  errors?: Array<{ field: string; rule: string; message: string }>;
}

function slug(title: string): string {
  return title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  constructor(private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const context = host.switchToHttp();
    const response = context.getResponse<Response>();
    const request = context.getRequest<Request>();
    const problem = this.toProblem(exception);
    problem.instance = request.originalUrl;
    if (problem.status >= 500) this.logger.error({ err: exception, path: request.originalUrl }, 'request failed');
    response.status(problem.status).type('application/problem+json').json(problem);
  }

  private toProblem(exception: unknown): ProblemDetails {
    const bodyParserError = exception as { type?: string; status?: number; message?: string };
    if (bodyParserError?.type === 'entity.too.large') {
      return {
        type: '/problems/payload-too-large',
        title: 'Payload too large',
        status: 413,
        detail: 'The request body is larger than the limit.',
      };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const body = exception.getResponse();
      if (typeof body === 'object' && body !== null && 'type' in body && 'title' in body) {
        return { ...(body as ProblemDetails), status };
      }
      const title = HttpStatus[status]
        ? HttpStatus[status]
            .toLowerCase()
            .replace(/_/g, ' ')
            .replace(/^./, (c) => c.toUpperCase())
        : 'Error';
      const message = typeof body === 'string' ? body : (body as { message?: string | string[] }).message;
      return {
        type: `/problems/${slug(title)}`,
        title,
        status,
        detail: Array.isArray(message) ? message.join('; ') : (message ?? title),
      };
    }
    return {
      type: '/problems/internal-error',
      title: 'Internal error',
      status: 500,
      detail: 'The server could not complete the request.',
    };
  }
}
