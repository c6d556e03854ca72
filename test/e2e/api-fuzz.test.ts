// Every route and every parameter of the API under arbitrary input, on the real stack. The routes and their
// parameters (path, query, header, body fields) are read from the document the API serves (/docs-json), so a new
// route or field is covered without touching this test. Each request starts good (a real issue id, enum values, the
// documented examples, a cursor the list itself returned) and has one parameter made hostile, in turn, with each kind
// of poison in turn (NUL, a lone surrogate, a control character, then anything: RTL, emoji, huge numbers, wrong
// types, forged cursors), and now and then a second one: so that the poison gets past the first checks and as far
// as PostgreSQL and the workflow. The property: never a 5xx, and every 4xx is problem details with its status; every
// answer also matches the document (the validating fetch of test/support/openapi-validator.ts). Seeded and bounded:
// at least RUNS_PER_ROUTE requests per route, four per parameter. A streaming route (text/event-stream: the live
// events) is held to the same property; a stream it accepts must open as one (ready first), and the test closes it.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import { LAND_DISPUTE_EXAMPLE } from '../../apps/api/src/issues/issue-intake.controller';
import type { ProblemDetails as Problem } from '../../apps/api/src/infrastructure/problem-details.filter';
import { freePort } from '@unblock/runtime';
import { ApiStack } from '../support/api-stack';
import { eventually } from '../support/test-stack';

const SEED = 20_261_128;
const RUNS_PER_ROUTE = 24;

type Schema = { $ref?: string; type?: string; enum?: unknown[]; example?: unknown; items?: Schema } & Record<
  string,
  unknown
>;
interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  schema?: Schema;
  example?: unknown;
}
interface Operation {
  parameters?: Parameter[];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
  responses?: Record<string, { content?: Record<string, unknown> }>;
}
interface Document {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, { properties?: Record<string, Schema>; required?: string[] }> };
}

/** One route of the document, with what it takes. */
interface Route {
  method: string;
  path: string;
  pathParameters: Parameter[];
  query: Parameter[];
  headers: Parameter[];
  /** the body's fields (the schema's properties) and the schema's name, when it takes a JSON body */
  body?: Record<string, Schema>;
  bodySchema?: string;
  /** its success is a stream of server-sent events (kept open until the client goes) */
  streaming: boolean;
}

function routesOf(document: Document): Route[] {
  const routes: Route[] = [];
  for (const [path, operations] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(operations)) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
      const parameters = operation.parameters ?? [];
      const ref = operation.requestBody?.content?.['application/json']?.schema?.$ref;
      const schema = ref?.split('/').pop();
      const body = schema ? (document.components.schemas[schema].properties ?? {}) : undefined;
      routes.push({
        method: method.toUpperCase(),
        path,
        pathParameters: parameters.filter((p) => p.in === 'path'),
        query: parameters.filter((p) => p.in === 'query'),
        headers: parameters.filter((p) => p.in === 'header'),
        ...(operation.requestBody ? { body: body ?? {}, ...(schema ? { bodySchema: schema } : {}) } : {}),
        streaming: Object.values(operation.responses ?? {}).some(
          (response) => response.content?.['text/event-stream'] !== undefined,
        ),
      });
    }
  }
  return routes;
}

// ---- arbitrary values -------------------------------------------------------------------------------------------

/** What PostgreSQL or the workflow cannot keep: NUL, halves of surrogate pairs, control characters. */
const POISON = {
  nul: ['\u0000'],
  surrogates: ['\ud800', '\udbff', '\udc00', '\udfff', '\ud83d'],
  controls: ['\u0001', '\u0008', '\u000b', '\u001b', '\u001f', '\u007f', '\u0085', '\u009b', '\u2028', '\u2029'],
};
/** Text that must be taken (or refused cleanly): layout, bidi, emoji, scripts, quoting, URL syntax. */
const AWKWARD = [
  '\t',
  '\n',
  '\r\n',
  '\u202e',
  '\u200f',
  '\u200b',
  '\ufeff',
  '\uffff',
  '😀',
  '👍🏽',
  '👨‍👩‍👧',
  'مرحبا',
  'שלום',
  '征地补偿',
  "'",
  '"',
  '\\',
  '%',
  '%00',
  '_',
  '/',
  '?',
  '#',
  '&',
  '=',
  '+',
  ' ',
  '..',
  '${x}',
  '<script>',
  "' OR '1'='1",
  'infinity',
  'null',
];
const piece = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...POISON.nul) },
  { weight: 3, arbitrary: fc.constantFrom(...POISON.surrogates) },
  { weight: 2, arbitrary: fc.constantFrom(...POISON.controls) },
  { weight: 4, arbitrary: fc.constantFrom(...AWKWARD) },
);

/** Any UTF-16 code unit (lone surrogates included), or any code point. */
const codeUnit = fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code));
const hostileString = fc.oneof(
  fc.string({ unit: codeUnit, maxLength: 24 }),
  fc.string({ unit: 'binary', maxLength: 24 }),
  fc.string({ unit: 'grapheme', maxLength: 12 }),
  fc.array(fc.oneof(piece, fc.string({ maxLength: 4 })), { minLength: 1, maxLength: 6 }).map((parts) => parts.join('')),
);
const BIG_NUMBERS = [2 ** 31 - 1, 2 ** 31, -(2 ** 31) - 1, 2 ** 53, 2 ** 53 + 2, 2 ** 63, 1e308, -1e308];
const hostileNumber = fc.oneof(
  fc.constantFrom(0, -1, 1, 5e-324, 0.5, -0, ...BIG_NUMBERS),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);
/** Instants as a cursor carries them: impossible ones (year 0, 30 February, 24:00, month 13) often. */
const instantText = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      '0000-01-01T00:00:00.000000Z',
      '0000-12-31T23:59:59.999999Z',
      '2026-02-30T00:00:00.000000Z',
      '2026-04-31T12:00:00.000000Z',
      '2026-01-01T24:00:00.000000Z',
      '2026-13-01T00:00:00.000000Z',
      '0001-01-01T00:00:00.000000Z',
      '9999-12-31T23:59:59.999999Z',
      'infinity',
      '-infinity',
    ),
  },
  { weight: 1, arbitrary: fc.date({ noInvalidDate: true }).map((d) => d.toISOString().replace('Z', '000Z')) },
);

/** A good value with a piece put in it (`GX-ROAD-01` → `GX-RO\u0000AD-01`): past the first checks, then poison. */
function spoiledWith(goods: unknown[], pieces: fc.Arbitrary<string>): fc.Arbitrary<string> {
  const texts = goods.map((good) => (typeof good === 'string' ? good : JSON.stringify(good)));
  return fc.tuple(fc.constantFrom(...(texts.length ? texts : [''])), pieces, fc.nat()).map(([text, inserted, at]) => {
    const cut = at % (text.length + 1);
    return text.slice(0, cut) + inserted + text.slice(cut);
  });
}

const cursorPayload = (cursor: string) =>
  JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { s: string; k: unknown[] };
const cursorOf = (payload: { s: string; k: unknown[] }) =>
  Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url');

/** A cursor a list returned, with the query parameters it was returned for (`sort=escalationLevel`). */
interface RealCursor {
  params: Record<string, string>;
  cursor: string;
}

const looksLikeInstant = (value: unknown) => typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(value);
/** The kinds of part a cursor's key may have, each with the poison a forger puts there. */
const CURSOR_POISON: Array<{ has: (part: unknown) => boolean; poison: unknown[] }> = [
  {
    has: looksLikeInstant,
    poison: ['0000-01-01T00:00:00.000000Z', '2026-02-30T00:00:00.000000Z', '2026-01-01T24:00:00.000000Z'],
  },
  { has: (part) => typeof part === 'number', poison: [2 ** 31, -(2 ** 31) - 1, 2 ** 53, 0.5] },
  { has: (part) => typeof part === 'string' && !looksLikeInstant(part), poison: ['\u0000', '\ud800', '\u001b'] },
];

/**
 * A real cursor with one part of its key poisoned (`kind`: an instant → year 0, a number → beyond PostgreSQL's
 * integer, a text → with NUL), or undefined when no real cursor has such a part.
 */
function poisonedCursor(reals: RealCursor[], kind: number, pick: number): RealCursor | undefined {
  const { has, poison } = CURSOR_POISON[kind];
  const usable = reals
    .map((real) => ({ real, payload: cursorPayload(real.cursor) }))
    .filter(({ payload }) => payload.k.some(has));
  if (usable.length === 0) return undefined;
  const { real, payload } = usable[pick % usable.length];
  const at = payload.k.findIndex(has);
  const value = poison[pick % poison.length];
  // a text keeps its good part and gets the poison after it; an instant or a number is replaced
  const k = payload.k.map((part, i) => (i !== at ? part : kind === 2 ? `${String(part)}${String(value)}` : value));
  return { params: real.params, cursor: cursorOf({ s: payload.s, k }) };
}

/** A cursor as a forger makes one without a list's help: a real scope with any key, base64 garbage, any text. */
function forgedCursor(reals: RealCursor[]): fc.Arbitrary<unknown> {
  const scopes = reals.map((real) => cursorPayload(real.cursor).s);
  return fc.oneof(
    ...(scopes.length
      ? [
          fc
            .record({
              s: fc.constantFrom(...scopes),
              k: fc.array(fc.oneof(hostileString, hostileNumber, instantText), { maxLength: 7 }),
            })
            .map(cursorOf),
        ]
      : []),
    fc.base64String({ maxLength: 80 }),
    hostileString,
  );
}

/** Any value a hostile client may put in a field or parameter. */
function anyHostile(goods: unknown[]): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 4, arbitrary: spoiledWith(goods, piece) },
    { weight: 2, arbitrary: hostileString },
    { weight: 1, arbitrary: hostileNumber },
    { weight: 1, arbitrary: fc.constantFrom(true, false, null, [], {}, '', ' ') },
    { weight: 1, arbitrary: instantText },
    { weight: 1, arbitrary: fc.array(hostileString, { maxLength: 3 }) },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
  );
}

/** The four hostile values of a parameter, one per kind of poison: NUL, a lone surrogate, a control character, anything. */
function hostileKinds(goods: unknown[], cursorsOfRoute: RealCursor[] | undefined) {
  return fc.record({
    nul: spoiledWith(goods, fc.constantFrom(...POISON.nul)),
    surrogate: spoiledWith(goods, fc.constantFrom(...POISON.surrogates)),
    control: spoiledWith(goods, fc.constantFrom(...POISON.controls)),
    any: cursorsOfRoute ? forgedCursor(cursorsOfRoute) : anyHostile(goods),
  });
}
const KINDS = ['nul', 'surrogate', 'control', 'any'] as const;

/**
 * Text as bytes in a URL: UTF-8, percent-encoded, with a lone surrogate as the three bytes it would take (not valid
 * UTF-8: the server must refuse it, not fail on it).
 */
function encodeAny(text: string): string {
  let out = '';
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (code >= 0xd800 && code <= 0xdfff)
      out += [0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f)]
        .map((b) => `%${b.toString(16).toUpperCase()}`)
        .join('');
    else out += encodeURIComponent(char);
  }
  return out;
}

/**
 * A header value as a client can send it: the UTF-8 bytes of any text (bytes of 0x80 and up included); the control
 * characters fetch refuses to send are dropped (Node's HTTP parser refuses them before any route; api-text-input
 * sends such bytes over a raw socket).
 */
function headerValue(text: string): string {
  const bytes = Buffer.from(text, 'utf8').toString('latin1');
  return [...bytes].filter((char) => char === '\t' || (char >= ' ' && char !== '\x7f')).join('');
}

/**
 * A request to a streaming route: an answer other than 200 is read whole (a problem); an accepted stream must be one
 * (text/event-stream, `ready` first) and is closed by the client, as a tab that goes.
 */
async function streamAnswer(
  url: string,
  headers: Record<string, string>,
): Promise<{ status: number; headers: Headers; body: unknown }> {
  const abort = new AbortController();
  const response = await fetch(url, { headers, signal: abort.signal });
  if (response.status !== 200) {
    const text = await response.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON: the assertions say so
    }
    return { status: response.status, headers: response.headers, body };
  }
  assert.equal(response.headers.get('content-type')?.split(';')[0], 'text/event-stream', url);
  const decoder = new TextDecoder();
  let received = '';
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    received += decoder.decode(chunk, { stream: true });
    if (received.includes('event: ready\n')) break;
  }
  abort.abort();
  assert.match(received, /^retry: \d+\n\nevent: ready\ndata: \{"userId":"[^"]+"\}\n\n/, url);
  return { status: response.status, headers: response.headers, body: received };
}

/** A body over the 100 kB limit (named, so that a counterexample stays readable). */
const HUGE = '(a JSON body of 120 kB)';

/** Mostly null (the usual request), now and then a value (an extra parameter, a raw body). */
const rarely = <T>(arbitrary: fc.Arbitrary<T>): fc.Arbitrary<T | null> =>
  fc.oneof({ weight: 7, arbitrary: fc.constant(null) }, { weight: 1, arbitrary });

const asText = (value: unknown): string => (typeof value === 'string' ? value : (JSON.stringify(value) ?? ''));

/** One parameter of a route (a path, query or header parameter, or a body field), and values it takes. */
interface Slot {
  key: string;
  where: 'path' | 'query' | 'header' | 'body';
  name: string;
  goods: unknown[];
  required: boolean;
}

describe('every route and parameter of the API under arbitrary input: never a 5xx, always a problem', () => {
  const stack = new ApiStack();
  let routes: Route[];
  let requiredBodyFields: Map<string, Set<string>>;
  const issueIds: string[] = [];
  /** per list route (`GET path`), the cursors it returned for its enum parameters' values */
  const realCursors = new Map<string, RealCursor[]>();
  const tokens = new Map<string, string>();
  const users = [
    'dispatcher',
    'reporter.investor',
    'land_office.staff',
    'land_office.head',
    'leader.construction',
    'director',
    'admin',
  ];
  /** good path values of the notice routes: channels (one of them disabled), deliveries, notifications, people */
  const channelIds: string[] = [];
  const deliveryIds: string[] = [];
  const notificationIds: string[] = [];

  /** Every cursor a list route gives (limit=1), for no filter and for each value of each of its enum parameters. */
  async function cursorsOf(route: Route): Promise<RealCursor[]> {
    const variants: Array<Record<string, string>> = [{}];
    for (const p of route.query)
      for (const value of p.schema?.enum ?? p.schema?.items?.enum ?? []) variants.push({ [p.name]: String(value) });
    const found: RealCursor[] = [];
    for (const params of variants) {
      for (const user of users) {
        const query = new URLSearchParams({ ...params, limit: '1' });
        const page = await stack.request<{ nextCursor?: string | null }>('GET', `${route.path}?${query}`, { as: user });
        if (page.status === 200 && page.body.nextCursor) {
          found.push({ params, cursor: page.body.nextCursor });
          break;
        }
      }
    }
    return found;
  }

  before(async () => {
    // the rate limits are not under test here: every request must reach the route (the limits are read from the
    // process's environment when the API is built, so they are set there, and restored right after)
    const limits = { RATE_LIMIT_PER_MINUTE: '1000000', RATE_LIMIT_PER_ADDRESS_PER_MINUTE: '1000000' };
    const saved = Object.fromEntries(Object.keys(limits).map((name) => [name, process.env[name]]));
    Object.assign(process.env, limits);
    try {
      await stack.setUp();
    } finally {
      for (const [name, value] of Object.entries(saved))
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
    }
    for (const user of users) tokens.set(user, await stack.token(user));
    // two issues, so that every list has a second page (tasks, notices, and escalations once the accept deadline passed)
    for (let i = 0; i < 2; i++) {
      const filed = await stack.request<{ id: string }>('POST', '/api/v1/issues', {
        as: 'reporter.investor',
        body: LAND_DISPUTE_EXAMPLE,
      });
      assert.equal(filed.status, 201, JSON.stringify(filed.body));
      issueIds.push(filed.body.id);
    }
    for (const id of issueIds)
      await eventually(() => stack.worker.issueRow(id), 20_000, `issue ${id} in the read model`);
    // notice channels whose sends go to a loopback port nothing listens on, with test messages on them (so that the
    // deliveries list has a second page); the last one disabled (a test message on it: 409)
    const deadPort = await freePort();
    for (let i = 0; i < 3; i++) {
      const channel = await stack.request<{ id: string }>('POST', '/api/v1/notice-channels', {
        as: 'admin',
        body: {
          kind: 'webhook',
          name: `对接系统${i}`,
          endpoint: `http://127.0.0.1:${deadPort}/hook`,
          secret: `fuzz-secret-${i}-0000`,
        },
      });
      assert.equal(channel.status, 201, JSON.stringify(channel.body));
      channelIds.push(channel.body.id);
      const sent = await stack.request<{ id: string }>('POST', `/api/v1/notice-channels/${channel.body.id}/test`, {
        as: 'admin',
      });
      assert.equal(sent.status, 202, JSON.stringify(sent.body));
      deliveryIds.push(sent.body.id);
    }
    const disabled = await stack.request('PATCH', `/api/v1/notice-channels/${channelIds[2]}`, {
      as: 'admin',
      body: { enabled: false },
    });
    assert.equal(disabled.status, 200);
    notificationIds.push(
      ...(await eventually(
        async () => {
          const rows = (await stack.worker.rows(
            `SELECT id FROM notifications WHERE person_id IN ('land_office_staff', 'land_office_head', 'dispatcher') ORDER BY id LIMIT 6`,
          )) as Array<{ id: string }>;
          return rows.length ? rows.map((row) => row.id) : undefined;
        },
        20_000,
        'inbox notifications',
      )),
    );
    const document = (await (await fetch(`${stack.base}/docs-json`)).json()) as Document;
    routes = routesOf(document);
    requiredBodyFields = new Map(
      Object.entries(document.components.schemas).map(([name, schema]) => [name, new Set(schema.required ?? [])]),
    );
    const lists = routes.filter((route) => route.method === 'GET' && route.query.some((p) => p.name === 'cursor'));
    for (const list of lists) {
      realCursors.set(
        `${list.method} ${list.path}`,
        await eventually(
          async () => {
            const found = await cursorsOf(list);
            return found.length ? found : undefined;
          },
          30_000,
          `a second page of ${list.path}`,
        ),
      );
    }
  });
  after(() => stack.tearDown());

  /** The good values of a route's path parameter: what the route is about. */
  function pathGoods(path: string): unknown[] {
    if (path.startsWith('/api/v1/notice-channels/')) return channelIds;
    if (path.startsWith('/api/v1/notifications/deliveries/')) return deliveryIds;
    if (path.startsWith('/api/v1/inbox/notifications/')) return notificationIds;
    if (path.startsWith('/api/v1/people/')) return ['land_office_staff', 'planning_head', 'admin'];
    return [...issueIds, 'GX-ROAD-01'];
  }

  /** The route's parameters and body fields, each with the good values it is known to take. */
  function slotsOf(route: Route, bodyRequired: Set<string>): Slot[] {
    const goodsOf = (schema: Schema | undefined, example?: unknown): unknown[] => [
      ...(schema?.enum ?? schema?.items?.enum ?? []).slice(0, 3),
      ...(schema?.example !== undefined ? [schema.example] : []),
      ...(example !== undefined ? [example] : []),
    ];
    const slot = (where: Slot['where'], name: string, goods: unknown[], required: boolean): Slot => ({
      key: `${route.method} ${route.path} ${where}:${name}`,
      where,
      name,
      goods,
      required,
    });
    return [
      ...route.pathParameters.map((p) => slot('path', p.name, pathGoods(route.path), true)),
      ...route.query.map((p) => slot('query', p.name, goodsOf(p.schema, p.example), false)),
      ...route.headers.map((p) => slot('header', p.name, ['7c4f2a9e-2b1d-4c39-9b8e-0f3d5a1c6e21'], false)),
      ...Object.entries(route.body ?? {}).map(([name, schema]) =>
        slot('body', name, goodsOf(schema), bodyRequired.has(name)),
      ),
    ];
  }

  test('seeded requests to every route of /docs-json: good ones with one parameter made hostile in turn', async () => {
    const all = new Set<string>();
    const covered = new Set<string>();
    const statuses = new Map<number, number>();
    let requests = 0;
    /** streams a streaming route accepted (and the test closed) */
    let streams = 0;
    for (const route of routes) {
      const cursors = realCursors.get(`${route.method} ${route.path}`);
      const slots = slotsOf(route, (route.bodySchema && requiredBodyFields.get(route.bodySchema)) || new Set());
      for (const slot of slots) all.add(slot.key);
      // a good request: every required parameter, a quarter of the others, each with a good value
      const good = fc.tuple(
        ...slots.map((slot) =>
          slot.goods.length === 0
            ? fc.constant(undefined)
            : slot.required
              ? fc.constantFrom(...slot.goods)
              : fc.oneof(
                  { weight: 3, arbitrary: fc.constant(undefined) },
                  { weight: 1, arbitrary: fc.constantFrom(...slot.goods) },
                ),
        ),
      );
      const request = fc.record({
        good,
        hostile: fc.tuple(
          ...slots.map((slot) => hostileKinds(slot.goods, slot.name === 'cursor' ? cursors : undefined)),
        ),
        second: fc.option(fc.tuple(fc.nat(), fc.nat()), { freq: 2, nil: undefined }),
        pick: fc.nat(),
        extraQuery: rarely(fc.tuple(hostileString, hostileString)),
        wholeBody: rarely(
          fc.oneof(
            fc.jsonValue({ maxDepth: 2 }).map((value) => JSON.stringify(value)),
            hostileString,
            fc.constant(HUGE),
          ),
        ),
        as: fc.oneof(
          { weight: 8, arbitrary: fc.constantFrom(...users) },
          { weight: 1, arbitrary: fc.constantFrom('nobody', 'forged') },
        ),
      });
      let run = 0;
      await fc.assert(
        fc.asyncProperty(request, async (r) => {
          // run n makes parameter n % slots hostile with poison kind n / slots (so each gets each kind), and now and
          // then a second parameter with a random kind
          const values = new Map<Slot, unknown>(slots.map((slot, i) => [slot, r.good[i]]));
          const spoil: Array<[number, number]> = slots.length
            ? [[run % slots.length, Math.floor(run / slots.length) % 4]]
            : [];
          run += 1;
          if (r.second && slots.length) spoil.push([r.second[0] % slots.length, r.second[1] % 4]);
          const companions: Record<string, string> = {};
          for (const [i, kind] of spoil) {
            const slot = slots[i];
            covered.add(slot.key);
            const poisoned =
              slot.name === 'cursor' && cursors && kind < 3 ? poisonedCursor(cursors, kind, r.pick) : undefined;
            if (poisoned) {
              values.set(slot, poisoned.cursor);
              Object.assign(companions, poisoned.params);
            } else values.set(slot, r.hostile[i][KINDS[kind]]);
          }
          let path = route.path;
          const query: string[] = [];
          const headers: Record<string, string> = {};
          const body: Record<string, unknown> = {};
          for (const [slot, value] of values) {
            const given = slot.where === 'query' && slot.name in companions ? companions[slot.name] : value;
            if (given === undefined) continue;
            // (an empty segment would make another URL, not a value of this parameter)
            if (slot.where === 'path') path = path.replace(`{${slot.name}}`, encodeAny(asText(given)) || '%00');
            if (slot.where === 'query')
              for (const v of Array.isArray(given) && given.length ? given : [given])
                query.push(`${encodeAny(slot.name)}=${encodeAny(asText(v))}`);
            if (slot.where === 'header') headers[slot.name] = headerValue(asText(given));
            if (slot.where === 'body') body[slot.name] = given;
          }
          for (const [name, value] of Object.entries(companions))
            if (!slots.some((slot) => slot.where === 'query' && slot.name === name))
              query.push(`${encodeAny(name)}=${encodeAny(value)}`);
          if (r.extraQuery) query.push(`${encodeAny(r.extraQuery[0])}=${encodeAny(r.extraQuery[1])}`);
          if (r.as === 'forged') headers.authorization = 'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJkaXJlY3RvciJ9.';
          else if (r.as !== 'nobody') headers.authorization = `Bearer ${tokens.get(r.as)}`;
          let raw: string | undefined;
          if (route.body) {
            headers['content-type'] = 'application/json';
            raw =
              r.wholeBody === HUGE
                ? JSON.stringify({ description: '征'.repeat(40_000) })
                : (r.wholeBody ?? JSON.stringify(body));
          }
          const url = `${path}${query.length ? `?${query.join('&')}` : ''}`;
          const response = route.streaming
            ? ((await streamAnswer(`${stack.base}${url}`, headers)) as {
                status: number;
                headers: Headers;
                body: Problem;
              })
            : await stack.request<Problem>(route.method, url, {
                headers,
                ...(raw !== undefined ? { raw } : {}),
              });
          requests += 1;
          if (route.streaming && response.status === 200) streams += 1;
          statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
          const what = `${route.method} ${url} ${raw ?? ''}`.slice(0, 2_000);
          assert.ok(response.status < 500, `${response.status} for ${what}: ${JSON.stringify(response.body)}`);
          if (response.status >= 400) {
            assert.equal(response.headers.get('content-type')?.split(';')[0], 'application/problem+json', what);
            assert.equal(response.body.status, response.status, what);
            assert.ok(response.body.type && response.body.title && response.body.detail, what);
          }
        }),
        { seed: SEED, numRuns: Math.max(RUNS_PER_ROUTE, 4 * slots.length), endOnFailure: true },
      );
    }
    const count = (where: string) => [...all].filter((key) => key.includes(` ${where}:`)).length;
    const byStatus = Object.fromEntries([...statuses].sort(([a], [b]) => a - b));
    console.log(
      `api fuzz: ${routes.length} routes and ${all.size} parameters (${count('path')} path, ${count('query')} query, ` +
        `${count('header')} header, ${count('body')} body fields); ${requests} requests (${streams} streams opened and closed), statuses ${JSON.stringify(byStatus)}`,
    );
    assert.deepEqual(
      [...all].filter((key) => !covered.has(key)),
      [],
      'every parameter got hostile values',
    );
    assert.ok(routes.length >= 25, `${routes.length} routes in the document`);
    if (routes.some((route) => route.streaming)) assert.ok(streams > 0, 'some streams were accepted and closed');
    for (const status of [200, 400, 404, 409])
      assert.ok((statuses.get(status) ?? 0) > 0, `some ${status}s: requests reached the routes' own checks`);
  });
});
