// The e2e tests' OpenAPI response validator on a small document: it refuses what the document does not say
// (a wrong body, an undocumented status, field or content type), so the e2e check cannot pass by accident.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { OpenApiResponseValidator, type CheckedResponse, type OpenApiDocument } from '../support/openapi-validator';

const PROBLEM = { $ref: '#/components/schemas/ProblemDetailsDto' };
const DOCUMENT: OpenApiDocument = {
  openapi: '3.0.0',
  paths: {
    '/api/v1/things/{id}': {
      get: {
        operationId: 'things_detail',
        responses: {
          200: {
            description: 'a thing',
            content: { 'application/json': { schema: { $ref: '#/components/schemas/ThingDto' } } },
          },
          404: { description: 'none', content: { 'application/problem+json': { schema: PROBLEM } } },
        },
      },
    },
    '/api/v1/things/mine': {
      get: {
        operationId: 'things_mine',
        responses: {
          200: {
            description: 'ids',
            content: { 'application/json': { schema: { type: 'array', items: { type: 'string' } } } },
          },
        },
      },
    },
    '/api/v1/events': {
      get: {
        operationId: 'events',
        responses: {
          200: { description: 'a stream', content: { 'text/event-stream': { schema: { type: 'string' } } } },
          429: { description: 'too many', content: { 'application/problem+json': { schema: PROBLEM } } },
        },
      },
    },
    '/api/v1/metrics': {
      get: {
        operationId: 'metrics',
        responses: { 200: { description: 'text', content: { 'text/plain': { schema: { type: 'string' } } } } },
      },
    },
  },
  components: {
    schemas: {
      ThingDto: {
        type: 'object',
        required: ['id', 'count', 'at', 'state', 'owner'],
        properties: {
          id: { type: 'string', example: 'x' },
          count: { type: 'integer', minimum: 0, example: 1 },
          at: { type: 'string', format: 'date-time', example: '2026-11-28T00:30:00.000Z' },
          state: { type: 'string', enum: ['open', 'closed'], nullable: true, example: 'open' },
          owner: { type: 'object', nullable: true, allOf: [{ $ref: '#/components/schemas/OwnerDto' }] }, // as @nestjs/swagger writes a nullable reference
          note: { type: 'string', example: 'optional' },
        },
      },
      OwnerDto: { type: 'object', required: ['id'], properties: { id: { type: 'string', example: 'o1' } } },
      ProblemDetailsDto: {
        type: 'object',
        required: ['type', 'title', 'status', 'detail'],
        properties: {
          type: { type: 'string' },
          title: { type: 'string' },
          status: { type: 'integer' },
          detail: { type: 'string' },
          instance: { type: 'string' },
        },
      },
    },
  },
};

const GOOD = { id: 't1', count: 2, at: '2026-11-28T00:30:00.000Z', state: 'open', owner: { id: 'o1' } };
const NOT_FOUND = { type: '/problems/not-found', title: 'Not found', status: 404, detail: 'no such thing' };

function answer(overrides: Partial<CheckedResponse> & { json?: unknown }): CheckedResponse {
  const { json, ...rest } = overrides;
  return {
    method: 'GET',
    path: '/api/v1/things/t1',
    status: 200,
    contentType: 'application/json; charset=utf-8',
    body: JSON.stringify(json ?? GOOD),
    ...rest,
  };
}

describe('OpenAPI response validator', () => {
  const validator = new OpenApiResponseValidator(DOCUMENT);

  test('a response as documented passes, null where nullable, optional fields present or not', () => {
    assert.deepEqual(validator.check(answer({})), []);
    assert.deepEqual(validator.check(answer({ json: { ...GOOD, state: null, owner: null, note: 'n' } })), []);
    assert.deepEqual(
      validator.check(
        answer({
          path: '/api/v1/things/t1?x=1',
          status: 404,
          contentType: 'application/problem+json; charset=utf-8',
          json: NOT_FOUND,
        }),
      ),
      [],
    );
    assert.deepEqual(
      validator.check(answer({ path: '/api/v1/things/mine', json: ['a', 'b'] })),
      [],
      'a literal path wins over a template',
    );
    assert.deepEqual(
      validator.check(
        answer({ path: '/api/v1/metrics', contentType: 'text/plain; version=0.0.4; charset=utf-8', body: 'up 1\n' }),
      ),
      [],
    );
    assert.deepEqual(
      validator.check(
        answer({ path: '/api/v1/nowhere', status: 404, contentType: 'application/problem+json', json: NOT_FOUND }),
      ),
      [],
      'the 404 of an unknown route',
    );
  });

  test('a wrong body is caught: a wrong type, a missing field, an undeclared field, a value outside the enum, a bad date-time, an epoch number for an instant', () => {
    const cases: Array<[unknown, RegExp]> = [
      [{ ...GOOD, count: '2' }, /body\/count must be integer/],
      [{ ...GOOD, count: 1.5 }, /body\/count must be integer/],
      [(({ id: _id, ...rest }) => rest)(GOOD), /must have required property 'id'/],
      [{ ...GOOD, extra: true }, /must NOT have additional properties.*extra/],
      [{ ...GOOD, owner: { id: 'o1', secret: 'x' } }, /body\/owner must NOT have additional properties/],
      [{ ...GOOD, state: 'pending' }, /body\/state must be equal to one of the allowed values/],
      [{ ...GOOD, at: '28.11.2026' }, /body\/at must match format "date-time"/],
      [{ ...GOOD, at: 1795854600000 }, /body\/at must be string/],
      [{ ...GOOD, owner: 'o1' }, /body\/owner/],
    ];
    for (const [json, expected] of cases) {
      const problems = validator.check(answer({ json }));
      assert.ok(
        problems.some((problem) => expected.test(problem)),
        `${JSON.stringify(json)}: ${expected} in ${JSON.stringify(problems)}`,
      );
    }
  });

  test('an undocumented status, content type or body is caught, and so is a body that is not JSON', () => {
    assert.match(
      validator.check(answer({ status: 201 })).join('\n'),
      /does not document status 201 \(it documents 200, 404\)/,
    );
    assert.match(
      validator.check(answer({ contentType: 'text/html' })).join('\n'),
      /Content-Type text\/html is not documented/,
    );
    assert.match(
      validator.check(answer({ status: 404, contentType: 'application/json', json: NOT_FOUND })).join('\n'),
      /application\/json is not documented.*problem\+json/,
    );
    assert.match(validator.check(answer({ contentType: null })).join('\n'), /no Content-Type/);
    assert.match(validator.check(answer({ body: '{"id": ' })).join('\n'), /not JSON/);
    assert.match(validator.check(answer({ method: 'POST', status: 200 })).join('\n'), /no documented operation POST/);
    assert.match(
      validator.check(answer({ path: '/api/v1/nowhere', status: 200 })).join('\n'),
      /no documented operation/,
    );
    assert.match(
      validator.check(answer({ path: '/api/v1/nowhere', status: 404, json: { message: 'Cannot GET' } })).join('\n'),
      /not documented|required property/,
    );
  });

  test('an event stream is held to its status and content type; its body is not waited for', () => {
    const stream = (overrides: Partial<CheckedResponse>) =>
      answer({
        path: '/api/v1/events',
        contentType: 'text/event-stream; charset=utf-8',
        body: '',
        streaming: true,
        ...overrides,
      });
    assert.deepEqual(validator.check(stream({})), []);
    assert.match(validator.check(stream({ status: 201 })).join('\n'), /does not document status 201/);
    assert.match(
      validator.check(stream({ contentType: 'application/json' })).join('\n'),
      /application\/json is not documented/,
    );
    assert.match(
      validator.check(stream({ path: '/api/v1/things/t1' })).join('\n'),
      /text\/event-stream is not documented/,
      'a stream where the document says JSON',
    );
  });

  test('a document that is not OpenAPI 3.0, or whose schemas use an unknown keyword or format, is refused rather than half-checked', () => {
    assert.throws(() => new OpenApiResponseValidator({ ...DOCUMENT, openapi: '3.1.0' }), /OpenAPI 3\.0/);
    const unknownFormat = {
      ...DOCUMENT,
      components: { schemas: { ...DOCUMENT.components!.schemas, OwnerDto: { type: 'string', format: 'epoch-ish' } } },
    };
    assert.throws(() => new OpenApiResponseValidator(unknownFormat).check(answer({})), /unknown format/);
  });
});
