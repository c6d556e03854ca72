// The OpenAPI document (/docs-json) against the application itself: every route the API serves is documented,
// nothing documented is missing from the API, and the document holds together (refs resolve, ids unique,
// examples everywhere, errors as problem details, bearer auth on everything but the public routes), `redocly lint`
// finds no error in it, and it says what the API really takes and sends.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { ApiStack } from '../support/api-stack';
import { OpenApiResponseValidator, type OpenApiDocument as CheckedDocument } from '../support/openapi-validator';
import { REPO_ROOT } from '../support/test-stack';

interface Parameter {
  name: string;
  in: string;
  style?: string;
  explode?: boolean;
  schema: { type?: string; example?: unknown; items?: { enum?: string[] }; maxItems?: number };
}
interface Operation {
  operationId?: string;
  parameters?: Parameter[];
  security?: Array<Record<string, string[]>>;
  requestBody?: { content?: Record<string, { schema?: unknown }> };
  responses?: Record<string, { content?: Record<string, { schema?: unknown; example?: unknown; examples?: unknown }> }>;
}
interface OpenApiDocument {
  openapi: string;
  info: { title: string; version: string };
  paths: Record<string, Record<string, Operation>>;
  components: {
    schemas: Record<
      string,
      {
        properties?: Record<
          string,
          {
            example?: unknown;
            $ref?: string;
            items?: { $ref?: string };
            allOf?: unknown;
            type?: string;
            minimum?: number;
            maximum?: number;
            format?: string;
          }
        >;
      }
    >;
    securitySchemes?: Record<string, unknown>;
  };
}

const PUBLIC = new Set([
  'GET /health',
  'POST /api/v1/auth/token',
  'GET /api/v1/auth/demo-users',
  'GET /api/v1/metrics',
]);

describe('the OpenAPI document covers the API', () => {
  const stack = new ApiStack();
  let document: OpenApiDocument;
  let served: string[];

  before(async () => {
    await stack.setUp();
    document = (await (await fetch(`${stack.base}/docs-json`)).json()) as OpenApiDocument;
    const express = stack.app.getHttpAdapter().getInstance() as {
      router?: { stack: unknown[] };
      _router?: { stack: unknown[] };
    };
    const layers = (express.router ?? express._router)!.stack as Array<{
      route?: { path: string; methods: Record<string, boolean> };
    }>;
    // Routes have one method; middleware mounted for every method (logging, body checks) is not a route.
    served = [
      ...new Set(
        layers
          // the Swagger UI's own pages and assets under /docs serve the document; they are not API routes
          .filter(
            (layer) =>
              layer.route && Object.keys(layer.route.methods).length === 1 && !/^\/docs/.test(layer.route.path),
          )
          .map(
            (layer) =>
              `${Object.keys(layer.route!.methods)[0].toUpperCase()} ${layer.route!.path.replace(/\/$/, '').replace(/:(\w+)/g, '{$1}')}`,
          ),
      ),
    ].sort();
  });
  after(() => stack.tearDown());

  const documented = () =>
    Object.entries(document.paths)
      .flatMap(([path, operations]) => Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`))
      .sort();

  test('every route the API serves is documented, and every documented route is served', () => {
    assert.ok(served.length >= 27, `found the routes (${served.length})`);
    assert.deepEqual(documented(), served);
  });

  test('the document holds together: version 3, unique operation ids, every $ref resolves', () => {
    assert.match(document.openapi, /^3\.\d+\.\d+$/);
    assert.equal(document.info.title, 'Unblock API');
    const ids = Object.values(document.paths).flatMap((operations) =>
      Object.values(operations).map((operation) => operation.operationId),
    );
    assert.equal(new Set(ids).size, ids.length, 'operation ids are unique');
    const refs = [...JSON.stringify(document).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)].map(
      (match) => match[1],
    );
    assert.ok(refs.length > 20);
    for (const ref of refs) assert.ok(ref in document.components.schemas, `#/components/schemas/${ref} exists`);
  });

  test('every schema property has an example', () => {
    const missing: string[] = [];
    for (const [name, schema] of Object.entries(document.components.schemas)) {
      for (const [property, value] of Object.entries(schema.properties ?? {})) {
        if (value.example === undefined && !value.$ref && !value.items?.$ref && !value.allOf)
          missing.push(`${name}.${property}`);
      }
    }
    assert.deepEqual(missing, []);
  });

  test('every operation answers with a success and documents its errors as problem details; all but the public ones need a bearer token', () => {
    for (const [path, operations] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        const name = `${method.toUpperCase()} ${path}`;
        const statuses = Object.keys(operation.responses ?? {});
        assert.ok(
          statuses.some((status) => /^2\d\d$/.test(status)),
          `${name} has a 2xx response`,
        );
        if (!PUBLIC.has(name)) {
          assert.ok(
            operation.security?.some((scheme) => 'bearer' in scheme),
            `${name} needs a bearer token`,
          );
          const unauthorized = operation.responses?.['401'];
          assert.ok(unauthorized, `${name} documents 401`);
        }
        if (method === 'post' && path.startsWith('/api/v1/issues')) {
          assert.ok(operation.requestBody?.content?.['application/json']?.schema, `${name} documents its JSON body`);
          for (const status of ['400', '404', '409']) {
            if (path === '/api/v1/issues' && status === '404') continue;
            assert.ok(
              operation.responses?.[status]?.content?.['application/problem+json'],
              `${name} documents ${status} as problem details`,
            );
          }
        }
      }
    }
  });

  test('a 404 has one problem type: every operation that documents one says /problems/not-found', () => {
    const documented: string[] = [];
    for (const [path, operations] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        const notFound = operation.responses?.['404'];
        if (!notFound) continue;
        const name = `${method.toUpperCase()} ${path}`;
        const problem = notFound.content?.['application/problem+json'];
        assert.ok(problem, `${name} documents 404 as problem details`);
        assert.deepEqual(
          [(problem.example as { type?: string })?.type, (problem.example as { title?: string })?.title],
          ['/problems/not-found', 'Not found'],
          name,
        );
        documented.push(name);
      }
    }
    for (const name of ['GET /api/v1/issues/{id}', 'GET /api/v1/projects/{id}', 'POST /api/v1/issues/{id}/accept'])
      assert.ok(documented.includes(name), `${name} documents its 404`);
  });

  test('public operations say so (security: []); /metrics takes its optional METRICS_TOKEN', () => {
    for (const name of PUBLIC) {
      const [method, route] = name.split(' ');
      const operation = document.paths[route][method.toLowerCase()];
      if (route === '/api/v1/metrics') assert.deepEqual(operation.security, [{ metricsToken: [] }, {}], name);
      else assert.deepEqual(operation.security, [], name);
    }
  });

  test('the multi-value filters of GET /issues are comma-separated lists (style form, not exploded) with array examples', () => {
    const parameters = document.paths['/api/v1/issues'].get.parameters ?? [];
    for (const name of ['status', 'category', 'risk']) {
      const parameter = parameters.find((candidate) => candidate.name === name);
      assert.ok(parameter, name);
      assert.equal(parameter.in, 'query');
      assert.equal(parameter.style, 'form', name);
      assert.equal(parameter.explode, false, name);
      assert.equal(parameter.schema.type, 'array', name);
      assert.ok(Array.isArray(parameter.schema.example), `${name}: the example is an array`);
      for (const value of parameter.schema.example as string[])
        assert.ok(parameter.schema.items?.enum?.includes(value), `${name}: example ${value} is allowed`);
      assert.equal(parameter.schema.maxItems, parameter.schema.items?.enum?.length, name);
    }
    const limit = parameters.find((candidate) => candidate.name === 'limit');
    assert.equal(limit?.schema.type, 'integer');
  });

  test('satisfaction is a whole number from 1 to 5; instructions are objects with ISO-8601 instants', () => {
    const satisfaction = document.components.schemas.VerifyDto.properties!.satisfaction;
    assert.deepEqual([satisfaction.type, satisfaction.minimum, satisfaction.maximum], ['integer', 1, 5]);
    assert.equal(
      document.components.schemas.IssueDetailDto.properties!.instructions.items?.$ref,
      '#/components/schemas/InstructionDto',
    );
    const instruction = document.components.schemas.InstructionDto.properties!;
    for (const field of ['at', 'due', 'acknowledgedAt'])
      assert.deepEqual([instruction[field].type, instruction[field].format], ['string', 'date-time'], field);
  });

  test('the response validator of the e2e tests holds answers to this document: a wrong body is refused', () => {
    const validator = new OpenApiResponseValidator(document as unknown as CheckedDocument);
    const me = {
      id: 'land_office_staff',
      username: 'land_office.staff',
      name: '李春梅',
      roles: ['staff'],
      departmentId: 'land_office',
    };
    const answer = (body: unknown, status = 200) => ({
      method: 'GET',
      path: '/api/v1/me',
      status,
      contentType: 'application/json; charset=utf-8',
      body: JSON.stringify(body),
    });
    assert.deepEqual(validator.check(answer(me)), []);
    assert.match(validator.check(answer({ ...me, roles: 'staff' })).join('\n'), /roles must be array/);
    assert.match(validator.check(answer({ ...me, roles: ['king'] })).join('\n'), /allowed values/);
    assert.match(validator.check(answer({ ...me, password: 'x' })).join('\n'), /additional properties/);
    assert.match(validator.check(answer(me, 201)).join('\n'), /does not document status 201/);
  });

  test('redocly lint (recommended rules, redocly.yaml) finds no error in the served document', async () => {
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'unblock-openapi-'));
    try {
      const file = path.join(directory, 'openapi.json');
      fs.writeFileSync(file, JSON.stringify(document, null, 2));
      const redocly = path.join(REPO_ROOT, 'node_modules', '.bin', 'redocly');
      const run = await promisify(execFile)(
        redocly,
        ['lint', '--config', path.join(REPO_ROOT, 'redocly.yaml'), '--format', 'json', '--max-problems', '1000', file],
        {
          cwd: REPO_ROOT,
          // no telemetry, no update check: the lint runs offline
          env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', NO_COLOR: '1' },
          maxBuffer: 16 * 1024 * 1024,
        },
      ).catch((error: { stdout?: string; stderr?: string; code?: number }) => ({
        stdout: error.stdout ?? '',
        stderr: `${error.stderr ?? ''} (exit ${error.code})`,
      }));
      const report = JSON.parse(run.stdout.slice(run.stdout.indexOf('{'))) as {
        totals: { errors: number; warnings: number };
        problems: Array<{ ruleId: string; severity: string; message: string; location: Array<{ pointer?: string }> }>;
      };
      const errors = report.problems
        .filter((problem) => problem.severity === 'error')
        .map((problem) => `${problem.ruleId}: ${problem.message} at ${problem.location[0]?.pointer}`);
      assert.deepEqual(errors, [], run.stderr);
      assert.equal(report.totals.errors, 0);
    } finally {
      fs.rmSync(directory, { recursive: true, force: true });
    }
  });
});
