// The API over HTTP against the real stack: a fresh migrated database with the demo zone, a real worker with
// the test policies on its own task queue, and the Nest application listening on a free port.
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import { createApiApp, type ApiAppOptions } from '../../apps/api/src/create-api-app';
import { loadConfig, type UnblockConfig } from '@unblock/config';
import type { IssuePolicyDocument } from '@unblock/domain';
import type { ProblemDetails } from '../../apps/api/src/infrastructure/problem-details.filter';
import { IssueWorkerHarness } from './issue-worker';
import { installOpenApiResponseValidation, responseMismatches } from './openapi-validator';
import { fetchAnswer, signedIn, temporalAddress, temporalNamespace } from './test-stack';

// Every response an API test receives (through this helper or its own fetch) is checked against /docs-json.
installOpenApiResponseValidation();

export const TEST_JWT_SECRET = 'test-jwt-secret-0123456789abcdef';

export interface ApiResponse<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
}

export class ApiStack {
  readonly worker: IssueWorkerHarness;
  app!: INestApplication;
  base!: string;
  private tokens = new Map<string, string>();

  /** `policies`: the worker's issue policies (the test policies, in seconds, by default). */
  constructor(policies?: IssuePolicyDocument) {
    this.worker = new IssueWorkerHarness(policies);
  }

  /** `env` adds to or overrides the API's environment (e.g. a rate limit for a test). */
  async setUp(env: Record<string, string> = {}, options: ApiAppOptions = {}): Promise<void> {
    await this.worker.setUp();
    this.app = await createApiApp(this.config(env), options);
    await this.app.listen(0, '127.0.0.1');
    const { port } = this.app.getHttpServer().address() as AddressInfo;
    this.base = `http://127.0.0.1:${port}`;
  }

  /** The configuration the stack's API runs with (its database, Temporal and task queue), plus `env`. */
  config(env: Record<string, string> = {}): UnblockConfig {
    return loadConfig({
      LOG_LEVEL: 'warn',
      DATABASE_URL: this.worker.database.url,
      TEMPORAL_ADDRESS: temporalAddress(),
      TEMPORAL_NAMESPACE: temporalNamespace(),
      TEMPORAL_TASK_QUEUE: this.worker.taskQueue,
      JWT_SECRET: TEST_JWT_SECRET,
      UNBLOCK_POLICY_FILE: 'libs/domain/policies/test-policies.json',
      ...env,
    });
  }

  async tearDown(): Promise<void> {
    await this.app?.close();
    await this.worker.tearDown();
    // a mismatch fails its request; this also catches one whose error a test swallowed (e.g. while polling)
    if (responseMismatches().length > 0)
      throw new Error(`responses departed from the OpenAPI document:\n  ${responseMismatches().join('\n  ')}`);
  }

  /** A bearer token for a demo user (password "unblock-demo"), cached per user. */
  token(username: string): Promise<string> {
    return signedIn(this, this.tokens, username);
  }

  /** An HTTP request; `as` signs it as that demo user; `body` is sent as JSON unless `raw` is given. */
  async request<T = unknown>(
    method: string,
    path: string,
    options: { as?: string; body?: unknown; raw?: string; headers?: Record<string, string> } = {},
  ): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = { ...(options.headers ?? {}) };
    if (options.as) headers.authorization = `Bearer ${await this.token(options.as)}`;
    let payload: string | undefined = options.raw;
    if (options.body !== undefined) {
      payload = JSON.stringify(options.body);
      headers['content-type'] ??= 'application/json';
    }
    return fetchAnswer<T>(`${this.base}${path}`, { method, headers, body: payload });
  }
}

/** Asserts an answer is a problem document (`application/problem+json`) with this status (and type), and returns it. */
export function assertProblem(response: ApiResponse<unknown>, status: number, type?: string): ProblemDetails {
  assert.equal(response.status, status, JSON.stringify(response.body));
  assert.equal(response.headers.get('content-type')?.split(';')[0], 'application/problem+json');
  const problem = response.body as ProblemDetails;
  assert.equal(problem.status, status);
  assert.ok(typeof problem.title === 'string' && problem.title.length > 0);
  assert.ok(typeof problem.detail === 'string' && problem.detail.length > 0);
  if (type) assert.equal(problem.type, type);
  return problem;
}
