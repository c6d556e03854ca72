// The OpenAPI document (/docs-json) against the application itself: every route the API serves is documented,
// nothing documented is missing from the API, and the document holds together (refs resolve, ids unique,
// examples everywhere, errors as problem details, bearer auth on everything but the public routes).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ApiStack } from '../support/api-stack';

interface Operation {
  operationId?: string;
  security?: Array<Record<string, string[]>>;
  requestBody?: { content?: Record<string, { schema?: unknown }> };
  responses?: Record<string, { content?: Record<string, { schema?: unknown; example?: unknown; examples?: unknown }> }>;
}
interface OpenApiDocument {
  openapi: string;
  info: { title: string; version: string };
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, { properties?: Record<string, { example?: unknown; $ref?: string; items?: { $ref?: string }; allOf?: unknown }> }>; securitySchemes?: Record<string, unknown> };
}

const PUBLIC = new Set(['GET /health', 'POST /api/v1/auth/token', 'GET /api/v1/metrics']);

describe('the OpenAPI document covers the API', () => {
  const stack = new ApiStack();
  let document: OpenApiDocument;
  let served: string[];

  before(async () => {
    await stack.setUp();
    document = (await (await fetch(`${stack.base}/docs-json`)).json()) as OpenApiDocument;
    const express = stack.app.getHttpAdapter().getInstance() as { router?: { stack: unknown[] }; _router?: { stack: unknown[] } };
    const layers = (express.router ?? express._router)!.stack as Array<{ route?: { path: string; methods: Record<string, boolean> } }>;
    // Routes have one method; middleware mounted for every method (logging, body checks) is not a route.
    served = [
      ...new Set(
        layers
          // the Swagger UI's own pages and assets under /docs serve the document; they are not API routes
          .filter((layer) => layer.route && Object.keys(layer.route.methods).length === 1 && !/^\/docs/.test(layer.route.path))
          .map((layer) => `${Object.keys(layer.route!.methods)[0].toUpperCase()} ${layer.route!.path.replace(/\/$/, '').replace(/:(\w+)/g, '{$1}')}`),
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
    const ids = Object.values(document.paths).flatMap((operations) => Object.values(operations).map((operation) => operation.operationId));
    assert.equal(new Set(ids).size, ids.length, 'operation ids are unique');
    const refs = [...JSON.stringify(document).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)].map((match) => match[1]);
    assert.ok(refs.length > 20);
    for (const ref of refs) assert.ok(ref in document.components.schemas, `#/components/schemas/${ref} exists`);
  });

  test('every schema property has an example', () => {
    const missing: string[] = [];
    for (const [name, schema] of Object.entries(document.components.schemas)) {
      for (const [property, value] of Object.entries(schema.properties ?? {})) {
        if (value.example === undefined && !value.$ref && !value.items?.$ref && !value.allOf) missing.push(`${name}.${property}`);
      }
    }
    assert.deepEqual(missing, []);
  });

  test('every operation answers with a success and documents its errors as problem details; all but the public ones need a bearer token', () => {
    for (const [path, operations] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        const name = `${method.toUpperCase()} ${path}`;
        const statuses = Object.keys(operation.responses ?? {});
        assert.ok(statuses.some((status) => /^2\d\d$/.test(status)), `${name} has a 2xx response`);
        if (!PUBLIC.has(name)) {
          assert.ok(operation.security?.some((scheme) => 'bearer' in scheme), `${name} needs a bearer token`);
          const unauthorized = operation.responses?.['401'];
          assert.ok(unauthorized, `${name} documents 401`);
        }
        if (method === 'post' && path.startsWith('/api/v1/issues')) {
          assert.ok(operation.requestBody?.content?.['application/json']?.schema, `${name} documents its JSON body`);
          for (const status of ['400', '404', '409']) {
            if (path === '/api/v1/issues' && status === '404') continue;
            assert.ok(operation.responses?.[status]?.content?.['application/problem+json'], `${name} documents ${status} as problem details`);
          }
        }
      }
    }
  });
});
