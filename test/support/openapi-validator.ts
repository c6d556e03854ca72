// Checks an HTTP response of the API against the OpenAPI document it serves (/docs-json): the status code is one
// the operation documents, the content type is one documented for that status, and the body matches the schema.
// The document is OpenAPI 3.0 (as @nestjs/swagger writes it); its schemas are turned into JSON Schema for Ajv 8:
// `nullable: true` becomes a `null` alternative, and an object's declared properties are all it may have (the
// document must name every field the API sends). A path the document does not know is the API's generic 404.
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

type Schema = Record<string, unknown>;

interface MediaTypeObject {
  schema?: Schema;
}
interface ResponseObject {
  description?: string;
  content?: Record<string, MediaTypeObject>;
}
interface OperationObject {
  operationId?: string;
  responses?: Record<string, ResponseObject>;
}
export interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Record<string, OperationObject>>;
  components?: { schemas?: Record<string, Schema> };
}

export interface CheckedResponse {
  method: string;
  /** the request path, with or without a query string */
  path: string;
  status: number;
  /** the Content-Type header, if any */
  contentType: string | null;
  /** the body as received (empty string for none) */
  body: string;
  /** the body is a stream (text/event-stream) that is not read here: its status and content type are checked */
  streaming?: boolean;
}

const COMPONENTS_ID = 'urn:unblock:openapi-components';
const METHODS = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']);
// keywords of OpenAPI's schema object that say nothing about validity
const ANNOTATIONS = ['example', 'xml', 'externalDocs', 'discriminator'];

interface Route {
  pattern: RegExp;
  /** fewer templated segments first: /issues/mine before /issues/{id} */
  templated: number;
  path: string;
  operations: Record<string, OperationObject>;
}

/** Turns an OpenAPI 3.0 schema into a JSON Schema that Ajv validates as the document means it. */
export function toJsonSchema(schema: unknown, insideAllOf = false): unknown {
  if (Array.isArray(schema)) return schema.map((item) => toJsonSchema(item));
  if (!schema || typeof schema !== 'object') return schema;
  const source = schema as Schema;
  const out: Schema = {};
  for (const [key, value] of Object.entries(source)) {
    if (key === 'nullable') continue;
    if (key === '$ref' && typeof value === 'string')
      out.$ref = value.replace(/^#\/components\/schemas\//, `${COMPONENTS_ID}#/$defs/`);
    else if (key === 'properties' || key === 'patternProperties') {
      out[key] = Object.fromEntries(
        Object.entries(value as Record<string, unknown>).map(([name, property]) => [name, toJsonSchema(property)]),
      );
    } else if (key === 'allOf') out.allOf = (value as unknown[]).map((item) => toJsonSchema(item, true));
    else if (['items', 'additionalProperties', 'not', 'anyOf', 'oneOf'].includes(key)) out[key] = toJsonSchema(value);
    else out[key] = value;
  }
  // an object lists every property it may have, unless it says otherwise (a member of allOf cannot be closed alone)
  if (out.properties && out.additionalProperties === undefined && !insideAllOf) out.additionalProperties = false;
  if (source.nullable === true) {
    if (typeof out.type === 'string' && !out.$ref && !out.allOf && !out.anyOf && !out.oneOf) {
      out.type = [out.type, 'null'];
      if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
      return out;
    }
    return { anyOf: [out, { type: 'null' }] };
  }
  return out;
}

function mediaType(contentType: string | null): string | null {
  return contentType ? contentType.split(';')[0].trim().toLowerCase() : null;
}

function isJson(type: string): boolean {
  return type === 'application/json' || type.endsWith('+json');
}

function templateToPattern(path: string): RegExp {
  const escaped = path
    .split(/(\{[^}]+\})/)
    .map((part) => (/^\{[^}]+\}$/.test(part) ? '[^/]+' : part.replace(/[.*+?^$()|[\]\\]/g, '\\$&')))
    .join('');
  // Express matches with or without a trailing slash
  return new RegExp(`^${escaped}/?$`);
}

export class OpenApiResponseValidator {
  private readonly ajv: Ajv;
  private readonly routes: Route[];
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(readonly document: OpenApiDocument) {
    if (!/^3\.0\.\d+$/.test(document.openapi))
      throw new Error(`expected an OpenAPI 3.0 document, got ${document.openapi}`);
    // strict: an unknown keyword or format in the document is an error here, not silently ignored
    this.ajv = new Ajv({
      allErrors: true,
      strict: true,
      strictTypes: false,
      strictRequired: false,
      strictTuples: false,
    });
    addFormats(this.ajv);
    this.ajv.addVocabulary(ANNOTATIONS);
    const schemas = document.components?.schemas ?? {};
    this.ajv.addSchema({
      $id: COMPONENTS_ID,
      $defs: Object.fromEntries(Object.entries(schemas).map(([name, schema]) => [name, toJsonSchema(schema)])),
    });
    this.routes = Object.entries(document.paths)
      .map(([path, operations]) => ({
        path,
        operations,
        pattern: templateToPattern(path),
        templated: (path.match(/\{/g) ?? []).length,
      }))
      .sort((a, b) => a.templated - b.templated);
  }

  /** Every way the response departs from the document (empty when it conforms). */
  check(response: CheckedResponse): string[] {
    const method = response.method.toLowerCase();
    const path = response.path.split('?')[0];
    const name = `${method.toUpperCase()} ${path} → ${response.status}`;
    const route = this.routes.find(
      (candidate) => candidate.pattern.test(path) && METHODS.has(method) && candidate.operations[method],
    );
    if (!route) {
      // no operation: the API's answer for a route it does not have is a problem-details 404
      if (response.status !== 404)
        return [
          `${name}: no documented operation ${method.toUpperCase()} ${path}, and the answer is not the 404 for an unknown route`,
        ];
      return this.checkBody(
        name,
        'unknown-route',
        { 'application/problem+json': { schema: { $ref: '#/components/schemas/ProblemDetailsDto' } } },
        response,
      );
    }
    const operation = route.operations[method];
    const responses = operation.responses ?? {};
    const status = String(response.status);
    const documented = responses[status] ?? responses[`${status[0]}XX`] ?? responses.default;
    const label = `${method.toUpperCase()} ${route.path} (${operation.operationId ?? 'no operationId'})`;
    if (!documented)
      return [
        `${name}: ${label} does not document status ${status} (it documents ${Object.keys(responses).join(', ')})`,
      ];
    return this.checkBody(`${name} [${label}]`, `${method} ${route.path} ${status}`, documented.content, response);
  }

  private checkBody(
    name: string,
    key: string,
    content: Record<string, MediaTypeObject> | undefined,
    response: CheckedResponse,
  ): string[] {
    const type = mediaType(response.contentType);
    if (!content || Object.keys(content).length === 0) {
      return response.body === ''
        ? []
        : [
            `${name}: the document gives no body for this status, but the answer has one (${type ?? 'no content type'})`,
          ];
    }
    if (!type) return [`${name}: the answer has no Content-Type; documented: ${Object.keys(content).join(', ')}`];
    const media = content[type];
    if (!media)
      return [
        `${name}: Content-Type ${type} is not documented for this status (documented: ${Object.keys(content).join(', ')})`,
      ];
    if (!media.schema || response.streaming) return [];
    let value: unknown = response.body;
    if (isJson(type)) {
      try {
        value = JSON.parse(response.body);
      } catch {
        return [`${name}: the body is not JSON although the content type is ${type}: ${response.body.slice(0, 200)}`];
      }
    }
    const validate = this.validatorFor(`${key} ${type}`, media.schema);
    if (validate(value)) return [];
    return (validate.errors ?? []).map(
      (error) =>
        `${name}: body${error.instancePath} ${error.message}${error.params && Object.keys(error.params).length ? ` ${JSON.stringify(error.params)}` : ''}`,
    );
  }

  private validatorFor(key: string, schema: Schema): ValidateFunction {
    let validate = this.compiled.get(key);
    if (!validate) {
      validate = this.ajv.compile(toJsonSchema(schema) as Schema);
      this.compiled.set(key, validate);
    }
    return validate;
  }
}

export class OpenApiMismatchError extends Error {
  constructor(readonly problems: string[]) {
    super(`the response departs from the OpenAPI document (/docs-json):\n  ${problems.join('\n  ')}`);
    this.name = 'OpenApiMismatchError';
  }
}

const nativeFetch = globalThis.fetch;
const validators = new Map<string, Promise<OpenApiResponseValidator>>();
const mismatches: string[] = [];
let installed = false;

/** Whether a URL is one of the API's own (a test's API listens on the loopback; /docs serves the document itself). */
function isApiUrl(url: URL): boolean {
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname)) return false;
  return url.pathname.startsWith('/api/') || url.pathname === '/health' || url.pathname.startsWith('/health/');
}

/** The validator for the document an API instance serves (fetched once per origin). */
export function validatorFor(origin: string): Promise<OpenApiResponseValidator> {
  let validator = validators.get(origin);
  if (!validator) {
    validator = (async () => {
      const response = await nativeFetch(`${origin}/docs-json`);
      if (response.status !== 200) throw new Error(`${origin}/docs-json answered ${response.status}`);
      return new OpenApiResponseValidator((await response.json()) as OpenApiDocument);
    })();
    validator.catch(() => validators.delete(origin));
    validators.set(origin, validator);
  }
  return validator;
}

/**
 * From now on, every response the process receives from an API on the loopback (through `fetch`, as every e2e
 * test and its helpers send requests) is checked against that API's own document; a mismatch fails the request
 * with an OpenApiMismatchError and is kept for `responseMismatches()`.
 */
export function installOpenApiResponseValidation(): void {
  if (installed) return;
  installed = true;
  globalThis.fetch = async function validatingFetch(
    input: string | URL | Request,
    init?: RequestInit,
  ): Promise<Response> {
    const response = await nativeFetch(input, init);
    const url = new URL(input instanceof Request ? input.url : String(input));
    if (!isApiUrl(url)) return response;
    const method = init?.method ?? (input instanceof Request ? input.method : 'GET');
    const validator = await validatorFor(url.origin);
    const contentType = response.headers.get('content-type');
    // an event stream lasts as long as the client keeps it: its body is the test's to read, not this check's
    const streaming = mediaType(contentType) === 'text/event-stream';
    const problems = validator.check({
      method,
      path: url.pathname,
      status: response.status,
      contentType,
      body: streaming ? '' : await response.clone().text(),
      streaming,
    });
    if (problems.length > 0) {
      mismatches.push(...problems);
      throw new OpenApiMismatchError(problems);
    }
    return response;
  };
}

/** Every mismatch seen so far in this process (also those whose error a test caught and ignored). */
export function responseMismatches(): readonly string[] {
  return mismatches;
}
