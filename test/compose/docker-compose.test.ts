/**
 * Static checks of the container deployment: docker-compose.yml, Dockerfile and
 * .dockerignore. Nothing here needs a Docker engine; the files are parsed and the
 * wiring between services (URLs, ports, credentials, start order) is checked.
 * When a Docker Compose v2 CLI is installed, `docker compose config` is run too.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse } from 'yaml';

// ---------------------------------------------------------------------------
// Locating the files
// ---------------------------------------------------------------------------

function findRootFrom(start: string): string | undefined {
  let dir = path.resolve(start);
  for (;;) {
    if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(path.join(dir, 'docker-compose.yml'))) {
      return dir;
    }
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** The repository root: walk up from this file (dist/test/compose/), else from the working directory. */
function repoRoot(): string {
  const root = findRootFrom(__dirname) ?? findRootFrom(process.cwd());
  if (root === undefined) {
    throw new Error(`no directory with package.json and docker-compose.yml above ${__dirname} or ${process.cwd()}`);
  }
  return root;
}

const ROOT = repoRoot();
const COMPOSE_FILE = path.join(ROOT, 'docker-compose.yml');
const DOCKERFILE = path.join(ROOT, 'Dockerfile');
const DOCKERIGNORE = path.join(ROOT, '.dockerignore');
const COMPOSE_TEXT = fs.readFileSync(COMPOSE_FILE, 'utf8');

// ---------------------------------------------------------------------------
// Compose model and interpolation
// ---------------------------------------------------------------------------

type Env = Record<string, string | undefined>;
type Json = unknown;

interface Service {
  image?: string;
  build?: string | { context?: string; dockerfile?: string; target?: string };
  command?: string | string[];
  environment?: Record<string, Json> | string[];
  depends_on?: string[] | Record<string, { condition?: string; required?: boolean; restart?: boolean }>;
  ports?: Array<string | number | { target?: number | string; published?: number | string; host_ip?: string }>;
  volumes?: Array<string | { type?: string; source?: string; target?: string }>;
  healthcheck?: { test?: string | string[]; disable?: boolean };
  restart?: string;
  [key: string]: Json;
}

interface ComposeFile {
  services: Record<string, Service>;
  volumes?: Record<string, Json>;
  [key: string]: Json;
}

function loadCompose(): ComposeFile {
  const doc = parse(COMPOSE_TEXT, { merge: true }) as unknown;
  assert.ok(doc !== null && typeof doc === 'object', 'docker-compose.yml must hold a mapping');
  const compose = doc as ComposeFile;
  assert.ok(
    compose.services && typeof compose.services === 'object',
    'docker-compose.yml must have a services mapping',
  );
  return compose;
}

const REQUIRED_SERVICES = ['postgres', 'temporal', 'temporal-ui', 'migrate', 'api', 'worker'] as const;
const LONG_RUNNING = ['postgres', 'temporal', 'temporal-ui', 'api', 'worker'] as const;
const APP_SERVICES = ['api', 'worker', 'migrate'] as const;

class InterpolationError extends Error {}

/**
 * Compose variable substitution: $$, $NAME, ${NAME}, ${NAME:-default}, ${NAME-default},
 * ${NAME:?error}, ${NAME?error}, ${NAME:+alt}, ${NAME+alt}. Throws InterpolationError
 * on a required variable that is missing and on malformed expressions.
 */
function interpolate(value: string, env: Env): string {
  let out = '';
  let i = 0;
  while (i < value.length) {
    const ch = value[i];
    if (ch !== '$') {
      out += ch;
      i += 1;
      continue;
    }
    const next = value[i + 1];
    if (next === '$') {
      out += '$';
      i += 2;
      continue;
    }
    if (next === '{') {
      const close = value.indexOf('}', i + 2);
      if (close < 0) throw new InterpolationError(`unterminated \${ in "${value}"`);
      const body = value.slice(i + 2, close);
      const m = /^([A-Za-z_][A-Za-z0-9_]*)(?:(:-|-|:\?|\?|:\+|\+)([\s\S]*))?$/.exec(body);
      if (!m) throw new InterpolationError(`malformed substitution \${${body}} in "${value}"`);
      const [, name, op, arg = ''] = m;
      const current = env[name];
      const set = current !== undefined;
      const nonEmpty = set && current !== '';
      switch (op) {
        case undefined:
          out += current ?? '';
          break;
        case ':-':
          out += nonEmpty ? current : interpolate(arg, env);
          break;
        case '-':
          out += set ? current : interpolate(arg, env);
          break;
        case ':?':
          if (!nonEmpty) throw new InterpolationError(`${name}: ${arg || 'required'}`);
          out += current;
          break;
        case '?':
          if (!set) throw new InterpolationError(`${name}: ${arg || 'required'}`);
          out += current;
          break;
        case ':+':
          out += nonEmpty ? interpolate(arg, env) : '';
          break;
        case '+':
          out += set ? interpolate(arg, env) : '';
          break;
      }
      i = close + 1;
      continue;
    }
    const bare = /^[A-Za-z_][A-Za-z0-9_]*/.exec(value.slice(i + 1));
    if (!bare) throw new InterpolationError(`lone "$" in "${value}" (write $$ for a literal dollar)`);
    out += env[bare[0]] ?? '';
    i += 1 + bare[0].length;
  }
  return out;
}

/** Every string in the document, with interpolation applied. */
function resolveDeep<T>(node: T, env: Env): T {
  if (typeof node === 'string') return interpolate(node, env) as unknown as T;
  if (Array.isArray(node)) return node.map((item) => resolveDeep(item, env)) as unknown as T;
  if (node !== null && typeof node === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(node as Record<string, unknown>)) out[key] = resolveDeep(value, env);
    return out as T;
  }
  return node;
}

function allStrings(node: unknown, trail: string, out: Array<{ where: string; value: string }>): void {
  if (typeof node === 'string') out.push({ where: trail, value: node });
  else if (Array.isArray(node)) node.forEach((item, index) => allStrings(item, `${trail}[${index}]`, out));
  else if (node !== null && typeof node === 'object') {
    for (const [key, value] of Object.entries(node as Record<string, unknown>))
      allStrings(value, `${trail}.${key}`, out);
  }
}

/** A service's environment as a map of strings (list or map form). */
function envOf(service: Service): Record<string, string> {
  const env = service.environment;
  const out: Record<string, string> = {};
  if (env === undefined) return out;
  if (Array.isArray(env)) {
    for (const entry of env) {
      const eq = entry.indexOf('=');
      if (eq < 0) out[entry] = '';
      else out[entry.slice(0, eq)] = entry.slice(eq + 1);
    }
    return out;
  }
  for (const [key, value] of Object.entries(env)) out[key] = value === null || value === undefined ? '' : String(value);
  return out;
}

function dependsOn(service: Service): Record<string, string> {
  const deps = service.depends_on;
  const out: Record<string, string> = {};
  if (deps === undefined) return out;
  if (Array.isArray(deps)) {
    for (const name of deps) out[name] = 'service_started';
    return out;
  }
  for (const [name, spec] of Object.entries(deps)) out[name] = spec?.condition ?? 'service_started';
  return out;
}

interface PortMapping {
  hostIp?: string;
  published?: string;
  target: string;
}

function portsOf(service: Service): PortMapping[] {
  return (service.ports ?? []).map((port) => {
    if (typeof port === 'number') return { target: String(port) };
    if (typeof port === 'object') {
      return {
        hostIp: port.host_ip,
        published: port.published === undefined ? undefined : String(port.published),
        target: String(port.target),
      };
    }
    const spec = port.replace(/\/(tcp|udp)$/, '');
    const parts = spec.split(':');
    if (parts.length === 1) return { target: parts[0] };
    if (parts.length === 2) return { published: parts[0], target: parts[1] };
    return {
      hostIp: parts.slice(0, -2).join(':'),
      published: parts[parts.length - 2],
      target: parts[parts.length - 1],
    };
  });
}

function volumeSources(service: Service): Array<{ source: string; target: string; named: boolean }> {
  return (service.volumes ?? []).map((volume) => {
    let source = '';
    let target = '';
    let type: string | undefined;
    if (typeof volume === 'string') {
      const parts = volume.split(':');
      if (parts.length === 1) target = parts[0];
      else [source, target] = parts;
    } else {
      source = volume.source ?? '';
      target = volume.target ?? '';
      type = volume.type;
    }
    const isPath = /^[./~$]/.test(source);
    const named = source !== '' && !isPath && (type === undefined || type === 'volume');
    return { source, target, named };
  });
}

function buildTarget(service: Service): string | undefined {
  if (service.build === undefined || typeof service.build === 'string') return undefined;
  return service.build.target;
}

function imageIsPinned(image: string): boolean {
  if (/@sha256:[0-9a-f]{64}$/.test(image)) return true;
  const lastSegment = image.slice(image.lastIndexOf('/') + 1);
  const colon = lastSegment.indexOf(':');
  if (colon < 0) return false;
  const tag = lastSegment.slice(colon + 1);
  return tag !== '' && tag !== 'latest' && !tag.includes('$');
}

/** Settings a user might put in .env, to check that every consumer of a value follows it. */
const CUSTOM_ENV: Env = {
  JWT_SECRET: 'jwt-secret-for-the-check',
  POSTGRES_USER: 'custom_user',
  POSTGRES_PASSWORD: 'customPassword42',
  POSTGRES_DB: 'custom_db',
  API_PORT: '8081',
  TEMPORAL_NAMESPACE: 'custom-namespace',
  TEMPORAL_TASK_QUEUE: 'custom-queue',
};
const MINIMAL_ENV: Env = { JWT_SECRET: 'jwt-secret-for-the-check' };

function resolvedCompose(env: Env): ComposeFile {
  return resolveDeep(loadCompose(), env);
}

// ---------------------------------------------------------------------------
// Dockerfile model
// ---------------------------------------------------------------------------

interface Instruction {
  keyword: string;
  args: string;
}

interface Stage {
  name?: string;
  from: string;
  instructions: Instruction[];
}

function parseDockerfile(text: string): Stage[] {
  const logical: string[] = [];
  let pending = '';
  for (const raw of text.split(/\r?\n/)) {
    const trimmed = raw.trim();
    if (trimmed.startsWith('#')) continue;
    if (trimmed === '' && pending === '') continue;
    if (trimmed.endsWith('\\')) {
      pending += trimmed.slice(0, -1) + ' ';
      continue;
    }
    logical.push((pending + trimmed).trim());
    pending = '';
  }
  if (pending.trim() !== '') logical.push(pending.trim());

  const globalArgs: Record<string, string> = {};
  const stages: Stage[] = [];
  for (const line of logical) {
    if (line === '') continue;
    const m = /^(\S+)\s*([\s\S]*)$/.exec(line);
    if (!m) continue;
    const keyword = m[1].toUpperCase();
    const args = m[2];
    if (keyword === 'FROM') {
      const from = /^(?:--platform=\S+\s+)?(\S+)(?:\s+AS\s+(\S+))?\s*$/i.exec(args);
      assert.ok(from, `unreadable FROM line: ${line}`);
      const image = from[1].replace(/\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?/g, (_, name: string) => globalArgs[name] ?? '');
      stages.push({ name: from[2]?.toLowerCase(), from: image, instructions: [] });
      continue;
    }
    if (stages.length === 0) {
      if (keyword === 'ARG') {
        const arg = /^([A-Za-z_][A-Za-z0-9_]*)(?:=(.*))?$/.exec(args.trim());
        if (arg) globalArgs[arg[1]] = (arg[2] ?? '').replace(/^"(.*)"$/, '$1');
      }
      continue;
    }
    stages[stages.length - 1].instructions.push({ keyword, args });
  }
  return stages;
}

function stageByName(stages: Stage[], name: string): Stage | undefined {
  return stages.find((stage) => stage.name === name.toLowerCase());
}

/** The stage a stage builds on, when it is another stage of the same file. */
function parentStage(stages: Stage[], stage: Stage): Stage | undefined {
  const index = stages.indexOf(stage);
  const byName = stages.slice(0, index).find((candidate) => candidate.name === stage.from.toLowerCase());
  if (byName) return byName;
  if (/^\d+$/.test(stage.from)) return stages[Number(stage.from)];
  return undefined;
}

/** The stages from the target back to its external base image, target first. */
function stageChain(stages: Stage[], target: Stage): Stage[] {
  const chain: Stage[] = [];
  for (let stage: Stage | undefined = target; stage !== undefined; stage = parentStage(stages, stage)) {
    assert.ok(!chain.includes(stage), `stage cycle at ${stage.name}`);
    chain.push(stage);
  }
  return chain;
}

function commandArgv(args: string): string[] {
  const trimmed = args.trim();
  if (trimmed.startsWith('[')) {
    const parsed = JSON.parse(trimmed) as unknown;
    assert.ok(Array.isArray(parsed) && parsed.every((item) => typeof item === 'string'), `bad exec form: ${args}`);
    return parsed as string[];
  }
  return ['/bin/sh', '-c', trimmed];
}

/** The effective CMD of a target: its own last CMD, else the one it inherits. */
function effectiveCmd(stages: Stage[], target: Stage): string[] | undefined {
  for (const stage of stageChain(stages, target)) {
    const cmds = stage.instructions.filter((instruction) => instruction.keyword === 'CMD');
    if (cmds.length > 0) return commandArgv(cmds[cmds.length - 1].args);
  }
  return undefined;
}

const DOCKERFILE_STAGES = parseDockerfile(fs.readFileSync(DOCKERFILE, 'utf8'));

const ENTRY_POINTS: Record<string, string> = {
  api: 'dist/apps/api/src/main.js',
  worker: 'dist/apps/worker/src/main.js',
  migrate: 'dist/apps/launcher/src/migrate.js',
};

// ---------------------------------------------------------------------------
// docker-compose.yml
// ---------------------------------------------------------------------------

test('docker-compose.yml parses and declares postgres, temporal, temporal-ui, migrate, api and worker', () => {
  const compose = loadCompose();
  const declared = Object.keys(compose.services);
  for (const name of REQUIRED_SERVICES) {
    assert.ok(declared.includes(name), `service ${name} is missing (declared: ${declared.join(', ')})`);
  }
  for (const [name, service] of Object.entries(compose.services)) {
    assert.ok(
      service.image !== undefined || service.build !== undefined,
      `service ${name} has neither image nor build`,
    );
  }
});

test('every ${...} substitution in docker-compose.yml is well-formed', () => {
  const strings: Array<{ where: string; value: string }> = [];
  allStrings(loadCompose(), '', strings);
  for (const { where, value } of strings) {
    try {
      interpolate(value, { ...CUSTOM_ENV });
    } catch (error) {
      assert.fail(`${where}: ${(error as Error).message}`);
    }
  }
});

test('every image is pinned to a version and built services name an existing Dockerfile target', () => {
  const compose = loadCompose();
  const stageNames = DOCKERFILE_STAGES.map((stage) => stage.name).filter((name): name is string => !!name);
  for (const [name, service] of Object.entries(compose.services)) {
    if (service.build !== undefined) {
      const target = buildTarget(service);
      assert.ok(target, `service ${name} builds without a Dockerfile target`);
      assert.ok(
        stageNames.includes(target.toLowerCase()),
        `service ${name} builds target ${target}, not in Dockerfile (${stageNames.join(', ')})`,
      );
      if (typeof service.build === 'object' && service.build.dockerfile !== undefined) {
        assert.equal(
          path.basename(service.build.dockerfile),
          'Dockerfile',
          `service ${name} must build from the Dockerfile`,
        );
      }
      if (service.image !== undefined)
        assert.ok(imageIsPinned(service.image), `service ${name}: image ${service.image} is not pinned`);
    } else {
      assert.ok(service.image, `service ${name} has no image`);
      assert.ok(
        imageIsPinned(service.image),
        `service ${name}: image "${service.image}" must name a version tag (not latest)`,
      );
    }
  }
  for (const name of APP_SERVICES) {
    assert.equal(
      buildTarget(compose.services[name]),
      name,
      `service ${name} must build the Dockerfile's ${name} target`,
    );
  }
});

test('api, worker and migrate reach the postgres service with the credentials it was created with', () => {
  for (const env of [MINIMAL_ENV, CUSTOM_ENV]) {
    const compose = resolvedCompose(env);
    const pg = envOf(compose.services.postgres);
    assert.ok(pg.POSTGRES_PASSWORD, 'postgres needs POSTGRES_PASSWORD');
    const user = pg.POSTGRES_USER || 'postgres';
    const database = pg.POSTGRES_DB || user;
    for (const name of APP_SERVICES) {
      const raw = envOf(compose.services[name]).DATABASE_URL;
      assert.ok(raw, `${name} has no DATABASE_URL`);
      const url = new URL(raw);
      assert.ok(
        url.protocol === 'postgres:' || url.protocol === 'postgresql:',
        `${name}: DATABASE_URL scheme is ${url.protocol}`,
      );
      assert.equal(url.hostname, 'postgres', `${name}: DATABASE_URL must point at the postgres service`);
      assert.equal(url.port || '5432', '5432', `${name}: DATABASE_URL port`);
      assert.equal(decodeURIComponent(url.username), user, `${name}: DATABASE_URL user`);
      assert.equal(decodeURIComponent(url.password), pg.POSTGRES_PASSWORD, `${name}: DATABASE_URL password`);
      assert.equal(url.pathname.replace(/^\//, ''), database, `${name}: DATABASE_URL database`);
    }
  }
});

test('the database password is taken from the environment, not written in the file', () => {
  const compose = loadCompose();
  const pg = envOf(compose.services.postgres);
  assert.match(pg.POSTGRES_PASSWORD ?? '', /^\$\{POSTGRES_PASSWORD(:?[-?][^}]*)?\}$/);
  const temporalEnv = envOf(resolvedCompose(CUSTOM_ENV).services.temporal);
  assert.equal(temporalEnv.POSTGRES_PWD, CUSTOM_ENV.POSTGRES_PASSWORD, 'temporal must use the same POSTGRES_PASSWORD');
});

test('api and worker reach the temporal frontend on port 7233 with one namespace and task queue', () => {
  for (const env of [MINIMAL_ENV, CUSTOM_ENV]) {
    const compose = resolvedCompose(env);
    const temporal = envOf(compose.services.temporal);
    const namespaces = new Set<string>();
    const queues = new Set<string>();
    for (const name of ['api', 'worker']) {
      const serviceEnv = envOf(compose.services[name]);
      const address = serviceEnv.TEMPORAL_ADDRESS;
      assert.ok(address, `${name} has no TEMPORAL_ADDRESS`);
      const [host, port] = address.split(':');
      assert.equal(host, 'temporal', `${name}: TEMPORAL_ADDRESS must name the temporal service`);
      assert.equal(port, '7233', `${name}: TEMPORAL_ADDRESS must use the frontend port 7233`);
      namespaces.add(serviceEnv.TEMPORAL_NAMESPACE || 'default');
      queues.add(serviceEnv.TEMPORAL_TASK_QUEUE || 'unblock-issues');
    }
    assert.equal(namespaces.size, 1, `api and worker use different namespaces: ${[...namespaces].join(', ')}`);
    assert.equal(queues.size, 1, `api and worker use different task queues: ${[...queues].join(', ')}`);
    assert.equal(
      temporal.DEFAULT_NAMESPACE || 'default',
      [...namespaces][0],
      'temporal must register the namespace the app uses',
    );
    if (env === CUSTOM_ENV) {
      assert.deepEqual([...namespaces], [CUSTOM_ENV.TEMPORAL_NAMESPACE]);
      assert.deepEqual([...queues], [CUSTOM_ENV.TEMPORAL_TASK_QUEUE]);
    }
  }
});

test('temporal persists to the postgres service with its credentials', () => {
  const compose = resolvedCompose(CUSTOM_ENV);
  const temporal = compose.services.temporal;
  const env = envOf(temporal);
  const pg = envOf(compose.services.postgres);
  assert.match(temporal.image ?? '', /^temporalio\/(auto-setup|server):/);
  assert.ok(['postgres12', 'postgres12_pgx'].includes(env.DB), `temporal DB must be postgres12, got ${env.DB}`);
  assert.equal(env.POSTGRES_SEEDS, 'postgres');
  assert.equal(env.DB_PORT ?? '5432', '5432');
  assert.equal(env.POSTGRES_USER, pg.POSTGRES_USER);
  assert.equal(env.POSTGRES_PWD, pg.POSTGRES_PASSWORD);
  const appDb = pg.POSTGRES_DB || pg.POSTGRES_USER;
  for (const db of [env.DBNAME || 'temporal', env.VISIBILITY_DBNAME || 'temporal_visibility']) {
    assert.notEqual(db, appDb, 'Temporal must keep its tables out of the app database');
  }
});

test('every depends_on names a declared service and the start order is postgres, then migrate and temporal, then api and worker', () => {
  const compose = loadCompose();
  const names = Object.keys(compose.services);
  const valid = ['service_started', 'service_healthy', 'service_completed_successfully'];
  for (const [name, service] of Object.entries(compose.services)) {
    for (const [dep, condition] of Object.entries(dependsOn(service))) {
      assert.ok(names.includes(dep), `${name} depends on undeclared service ${dep}`);
      assert.ok(valid.includes(condition), `${name} -> ${dep}: unknown condition ${condition}`);
      if (condition === 'service_healthy') {
        const check = compose.services[dep].healthcheck;
        assert.ok(
          check && check.test && !check.disable,
          `${name} waits for ${dep} to be healthy, but ${dep} has no healthcheck`,
        );
      }
    }
  }
  const deps = (name: string) => dependsOn(compose.services[name]);
  assert.equal(deps('migrate').postgres, 'service_healthy', 'migrate must wait for postgres to be healthy');
  assert.equal(deps('temporal').postgres, 'service_healthy', 'temporal must wait for postgres to be healthy');
  for (const name of ['api', 'worker']) {
    assert.equal(
      deps(name).migrate,
      'service_completed_successfully',
      `${name} must wait for migrate to complete successfully`,
    );
    assert.ok(['service_started', 'service_healthy'].includes(deps(name).temporal), `${name} must wait for temporal`);
  }
  assert.ok(deps('temporal-ui').temporal, 'temporal-ui must wait for temporal');

  // No cycles: a depth-first walk never meets a service already on its path.
  const visit = (name: string, trail: string[]): void => {
    assert.ok(!trail.includes(name), `depends_on cycle: ${[...trail, name].join(' -> ')}`);
    for (const dep of Object.keys(deps(name))) visit(dep, [...trail, name]);
  };
  for (const name of names) visit(name, []);
});

test('postgres and temporal have healthchecks: pg_isready and the Temporal CLI', () => {
  const compose = loadCompose();
  const pgTest = [compose.services.postgres.healthcheck?.test ?? []].flat().join(' ');
  assert.match(pgTest, /pg_isready/);
  const temporalTest = [compose.services.temporal.healthcheck?.test ?? []].flat().join(' ');
  assert.match(temporalTest, /temporal(:7233| )/);
});

test('long-running services restart unless stopped and migrate runs once', () => {
  const compose = loadCompose();
  for (const name of LONG_RUNNING) {
    assert.equal(compose.services[name].restart, 'unless-stopped', `${name} restart policy`);
  }
  const restart = compose.services.migrate.restart;
  assert.ok(restart === undefined || restart === 'no', `migrate must not restart, got ${restart}`);
  assert.equal(compose.services.migrate.ports, undefined, 'migrate publishes no port');
});

test('every named volume used is declared, and postgres keeps its data in one', () => {
  const compose = loadCompose();
  const declared = Object.keys(compose.volumes ?? {});
  const used = new Set<string>();
  for (const [name, service] of Object.entries(compose.services)) {
    for (const volume of volumeSources(service)) {
      if (!volume.named) continue;
      used.add(volume.source);
      assert.ok(declared.includes(volume.source), `${name} uses volume ${volume.source}, not declared under volumes:`);
    }
  }
  for (const name of declared) assert.ok(used.has(name), `volume ${name} is declared but no service uses it`);
  const pgData = volumeSources(compose.services.postgres).find(
    (volume) => volume.target === '/var/lib/postgresql/data',
  );
  assert.ok(pgData && pgData.named, 'postgres must keep /var/lib/postgresql/data in a named volume');
});

test('api publishes ${API_PORT:-3000} on its container port 3000 and listens on all interfaces', () => {
  for (const [env, hostPort] of [
    [MINIMAL_ENV, '3000'],
    [CUSTOM_ENV, CUSTOM_ENV.API_PORT],
  ] as const) {
    const api = resolvedCompose(env).services.api;
    const ports = portsOf(api);
    assert.equal(ports.length, 1, 'api publishes exactly one port');
    assert.equal(ports[0].target, '3000');
    assert.equal(ports[0].published, hostPort);
    const apiEnv = envOf(api);
    assert.equal(
      apiEnv.API_PORT ?? '3000',
      '3000',
      'API_PORT inside the container must match the published container port',
    );
    assert.equal(apiEnv.API_HOST, '0.0.0.0', 'the API must bind all interfaces inside its container');
  }
});

test('api healthcheck requests /health on the container port with node (no curl in slim images)', () => {
  const api = resolvedCompose(MINIMAL_ENV).services.api;
  const check = api.healthcheck;
  assert.ok(check && check.test && !check.disable, 'api needs a healthcheck');
  const argv = Array.isArray(check.test) ? check.test : ['CMD-SHELL', check.test];
  assert.ok(
    ['CMD', 'CMD-SHELL'].includes(argv[0]),
    `healthcheck test must start with CMD or CMD-SHELL, got ${argv[0]}`,
  );
  const command = argv.slice(1).join(' ');
  assert.match(command, /\bnode\b/);
  assert.doesNotMatch(command, /\b(curl|wget)\b/);
  const url = /https?:\/\/[^'"\s]+/.exec(command);
  assert.ok(url, `no URL in the api healthcheck: ${command}`);
  const parsed = new URL(url[0]);
  assert.equal(parsed.pathname, '/health');
  assert.equal(parsed.port, portsOf(api)[0].target, 'healthcheck must use the container port');
});

test('temporal-ui points at temporal:7233 and publishes its port 8080', () => {
  const ui = resolvedCompose(MINIMAL_ENV).services['temporal-ui'];
  assert.match(ui.image ?? '', /^temporalio\/ui:/);
  assert.equal(envOf(ui).TEMPORAL_ADDRESS, 'temporal:7233');
  const ports = portsOf(ui);
  assert.ok(
    ports.some((port) => port.target === '8080' && port.published !== undefined),
    'temporal-ui must publish container port 8080',
  );
});

test('JWT_SECRET is required from the environment and never written in the file', () => {
  const compose = loadCompose();
  assert.ok('JWT_SECRET' in envOf(compose.services.api), 'api must receive JWT_SECRET');
  for (const [name, service] of Object.entries(compose.services)) {
    const value = envOf(service).JWT_SECRET;
    if (value === undefined) continue;
    assert.match(
      value,
      /^\$\{JWT_SECRET:?\?[^}]*\}$/,
      `${name}: JWT_SECRET must be \${JWT_SECRET:?...}, got "${value}"`,
    );
  }
  // No literal value anywhere in the text either (list form, other keys, anchors).
  for (const line of COMPOSE_TEXT.split('\n')) {
    const code = line.replace(/(^|\s)#.*$/, '');
    const m = /JWT_SECRET\s*[:=]\s*(\S.*)$/.exec(code);
    if (m)
      assert.match(
        m[1].trim().replace(/^["']|["']$/g, ''),
        /^\$\{JWT_SECRET:?\?/,
        `literal JWT_SECRET in: ${line.trim()}`,
      );
  }
  assert.throws(() => resolvedCompose({}), /JWT_SECRET/, 'the file must refuse to resolve without JWT_SECRET');
  assert.throws(() => resolvedCompose({ JWT_SECRET: '' }), /JWT_SECRET/, 'an empty JWT_SECRET must be refused');
  assert.equal(envOf(resolvedCompose(MINIMAL_ENV).services.api).JWT_SECRET, MINIMAL_ENV.JWT_SECRET);
});

// ---------------------------------------------------------------------------
// Dockerfile and .dockerignore
// ---------------------------------------------------------------------------

test('Dockerfile has api, worker and migrate targets whose CMD runs the built entry points', () => {
  for (const [target, entry] of Object.entries(ENTRY_POINTS)) {
    const stage = stageByName(DOCKERFILE_STAGES, target);
    assert.ok(stage, `Dockerfile has no "FROM ... AS ${target}" stage`);
    const cmd = effectiveCmd(DOCKERFILE_STAGES, stage);
    assert.ok(cmd, `target ${target} has no CMD`);
    assert.deepEqual(cmd, ['node', entry], `target ${target} must run node ${entry}`);
  }
});

test('Dockerfile build stage runs npm ci with dev dependencies, then npm run build, and the targets copy its dist/', () => {
  const builders = DOCKERFILE_STAGES.filter((stage) =>
    stage.instructions.some(
      (instruction) => instruction.keyword === 'RUN' && /\bnpm run build\b/.test(instruction.args),
    ),
  );
  assert.equal(builders.length, 1, 'exactly one stage runs npm run build');
  const builder = builders[0];
  const runs = stageChain(DOCKERFILE_STAGES, builder)
    .reverse()
    .flatMap((stage) =>
      stage.instructions.filter((instruction) => instruction.keyword === 'RUN').map((instruction) => instruction.args),
    );
  const ciIndex = runs.findIndex((args) => /\bnpm ci\b/.test(args));
  const buildIndex = runs.findIndex((args) => /\bnpm run build\b/.test(args));
  assert.ok(ciIndex >= 0, 'the build stage must run npm ci');
  assert.ok(ciIndex < buildIndex, 'npm ci must run before npm run build');
  assert.doesNotMatch(runs[ciIndex], /--omit[= ]dev|--production/, 'the build needs dev dependencies (typescript)');

  for (const target of Object.keys(ENTRY_POINTS)) {
    const stage = stageByName(DOCKERFILE_STAGES, target);
    assert.ok(stage);
    const chain = stageChain(DOCKERFILE_STAGES, stage);
    const copiesDist = chain.some((link) =>
      link.instructions.some(
        (instruction) =>
          instruction.keyword === 'COPY' &&
          new RegExp(`--from=${builder.name ?? ''}\\b`, 'i').test(instruction.args) &&
          /\/dist\b/.test(instruction.args),
      ),
    );
    assert.ok(copiesDist || chain.includes(builder), `target ${target} must get dist/ from the ${builder.name} stage`);
  }
});

test('Dockerfile base images are pinned Node 20 (or other tagged) images', () => {
  const names = new Set(DOCKERFILE_STAGES.map((stage) => stage.name).filter(Boolean));
  const external = DOCKERFILE_STAGES.filter(
    (stage) => !names.has(stage.from.toLowerCase()) && !/^\d+$/.test(stage.from),
  );
  assert.ok(external.length > 0, 'no base image found');
  for (const stage of external) {
    assert.ok(
      imageIsPinned(stage.from),
      `stage ${stage.name ?? '?'} builds FROM ${stage.from}, which has no version tag`,
    );
  }
  for (const target of Object.keys(ENTRY_POINTS)) {
    const stage = stageByName(DOCKERFILE_STAGES, target);
    assert.ok(stage);
    const base = stageChain(DOCKERFILE_STAGES, stage).at(-1);
    assert.match(base?.from ?? '', /^node:20[.-]/, `target ${target} must run on a Node 20 image`);
  }
});

test('.dockerignore keeps node_modules, dist, local data, .env and .git out of the build context', () => {
  const entries = fs
    .readFileSync(DOCKERIGNORE, 'utf8')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => line.replace(/^\/+|\/+$/g, ''));
  for (const required of ['node_modules', 'dist', '.data', '.env', '.git']) {
    assert.ok(entries.includes(required), `.dockerignore must list ${required}`);
  }
  for (const needed of ['package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json', 'apps', 'libs']) {
    assert.ok(!entries.includes(needed), `.dockerignore must not exclude ${needed}, the build needs it`);
  }
});

// ---------------------------------------------------------------------------
// Docker Compose itself, when installed (parses only; no engine needed)
// ---------------------------------------------------------------------------

function composeCli(): { command: string; prefix: string[] } | undefined {
  for (const candidate of [
    { command: 'docker', prefix: ['compose'] },
    { command: 'docker-compose', prefix: [] },
  ]) {
    const probe = spawnSync(candidate.command, [...candidate.prefix, 'version', '--short'], {
      encoding: 'utf8',
      timeout: 30_000,
    });
    // Compose v1 (1.x, Python) lacks `config --format json`; v2 and development builds have it.
    if (probe.status === 0 && !/^v?1\./.test(probe.stdout.trim())) return candidate;
  }
  return undefined;
}

test('docker compose config accepts the file, and refuses it without JWT_SECRET', (t) => {
  const cli = composeCli();
  if (!cli) {
    t.skip('Docker Compose v2 CLI is not installed here');
    return;
  }
  const emptyEnvFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'unblock-compose-')), 'empty.env');
  fs.writeFileSync(emptyEnvFile, '');
  const baseEnv: NodeJS.ProcessEnv = { ...process.env };
  for (const name of Object.keys(CUSTOM_ENV)) delete baseEnv[name];
  const run = (env: NodeJS.ProcessEnv, ...args: string[]) =>
    spawnSync(cli.command, [...cli.prefix, '-f', COMPOSE_FILE, '--env-file', emptyEnvFile, 'config', ...args], {
      cwd: ROOT,
      env,
      encoding: 'utf8',
      timeout: 60_000,
    });

  const ok = run({ ...baseEnv, JWT_SECRET: 'compose-config-check' }, '--format', 'json');
  assert.equal(ok.status, 0, `docker compose config failed:\n${ok.stderr}`);
  const config = JSON.parse(ok.stdout) as { services: Record<string, { environment?: Record<string, string> }> };
  for (const name of REQUIRED_SERVICES) assert.ok(config.services[name], `compose config lost service ${name}`);
  assert.equal(config.services.api.environment?.JWT_SECRET, 'compose-config-check');
  assert.match(config.services.worker.environment?.DATABASE_URL ?? '', /@postgres:5432\//);

  const refused = run(baseEnv, '-q');
  assert.notEqual(refused.status, 0, 'docker compose config must fail without JWT_SECRET');
  assert.match(refused.stderr, /JWT_SECRET/);
});
