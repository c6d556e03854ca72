// GET /issues (and the other lists of the read side) at 100,000 issues: each scenario is requested over HTTP
// `runs` times after a warm-up, and the median and 95th percentile of the round trip are reported, together
// with the scans in PostgreSQL's plans of the statements the request runs (recorded from the API's own queries). Run once on the base schema (the read indices
// migration reverted) and once with it, in one run, so the table shows what the indices buy.
import type { DataSource } from 'typeorm';
import type { AuthenticatedUser } from '../apps/api/src/auth/authenticated-user';

export interface Scenario {
  name: string;
  as: string;
  path: string;
}

export interface Measurement {
  scenario: Scenario;
  items: number;
  medianMs: number;
  p95Ms: number;
  /** the scans of the plans of the statements one request runs */
  scans: string;
  /** those statements */
  statements: Statement[];
}

export interface HttpClient {
  get(path: string, as: string): Promise<{ status: number; body: unknown }>;
  user(as: string): Promise<AuthenticatedUser>;
}

export interface Statement {
  sql: string;
  values: unknown[];
}

/** Records the statements the API runs against PostgreSQL while `during` runs (the sign-in lookup left out). */
export interface StatementRecorder {
  record<T>(during: () => Promise<T>): Promise<{ result: T; statements: Statement[] }>;
}

const since = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString();

/** The scenarios; `{deep}` is replaced by the cursor of the 50th page of the default list. */
export function scenarios(): Scenario[] {
  return [
    { name: 'leader, newest first (default)', as: 'director', path: '/issues' },
    { name: 'leader, page 51 by cursor', as: 'director', path: '/issues?cursor={deep}' },
    { name: 'leader, 100 per page', as: 'director', path: '/issues?limit=100' },
    { name: 'status=open', as: 'director', path: '/issues?status=open' },
    {
      name: 'open + overdue, by handling deadline',
      as: 'director',
      path: '/issues?status=open&overdue=true&sort=handleDue',
    },
    { name: 'not overdue, open', as: 'director', path: '/issues?status=open&overdue=false' },
    { name: 'category + risk', as: 'director', path: '/issues?category=petition&risk=high,critical' },
    { name: 'project + open', as: 'director', path: '/issues?projectId=GX-ROAD-01&status=open' },
    { name: 'department (any task) + open', as: 'director', path: '/issues?department=planning&status=open' },
    { name: 'escalated, by level desc', as: 'director', path: '/issues?escalated=true&sort=-escalationLevel' },
    { name: 'by level asc (ties: 60k at 0)', as: 'director', path: '/issues?sort=escalationLevel' },
    { name: 'by handling deadline desc', as: 'director', path: '/issues?sort=-handleDue' },
    {
      name: 'created in a 30-day window',
      as: 'director',
      path: `/issues?createdFrom=${since(60)}&createdTo=${since(30)}&sort=receivedAt`,
    },
    { name: 'text: common phrase', as: 'director', path: `/issues?q=${encodeURIComponent('征地补偿')}` },
    { name: 'text: rare word', as: 'director', path: `/issues?q=${encodeURIComponent('沉降')}` },
    {
      name: 'text + open + risk',
      as: 'director',
      path: `/issues?q=${encodeURIComponent('阻工')}&status=open&risk=high,critical`,
    },
    {
      name: 'combined: open, land, high, escalated',
      as: 'director',
      path: '/issues?status=open&category=land_acquisition&risk=high&escalated=true',
    },
    { name: 'staff (visibility), default', as: 'land_office.staff', path: '/issues' },
    { name: 'staff, open by handling deadline', as: 'land_office.staff', path: '/issues?status=open&sort=handleDue' },
    { name: 'staff, escalated by level', as: 'police.staff', path: '/issues?escalated=true&sort=-escalationLevel' },
    { name: 'reporter (visibility), default', as: 'reporter.investor', path: '/issues' },
    { name: 'inbox: department tasks', as: 'land_office.staff', path: '/inbox/tasks' },
    { name: 'inbox: department tasks, ended', as: 'land_office.staff', path: '/inbox/tasks?state=ended' },
    { name: 'inbox: escalations (secretary)', as: 'secretary', path: '/inbox/escalations' },
    { name: 'inbox: notifications (secretary)', as: 'secretary', path: '/inbox/notifications' },
    { name: 'projects with open counts', as: 'director', path: '/projects' },
    { name: 'projects, staff counts', as: 'land_office.staff', path: '/projects' },
    { name: 'one project + open issues', as: 'director', path: '/projects/GX-ROAD-01' },
    { name: 'departments with task counts', as: 'director', path: '/departments' },
  ];
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)];
}

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  Plans?: PlanNode[];
}

function scansOf(node: PlanNode, found: string[] = []): string[] {
  if (node['Relation Name'] && /Scan/.test(node['Node Type'])) {
    const what =
      node['Node Type'] === 'Seq Scan' ? `SEQ ${node['Relation Name']}` : `${node['Index Name'] ?? node['Node Type']}`;
    if (!found.includes(what)) found.push(what);
  }
  for (const child of node.Plans ?? []) scansOf(child, found);
  return found;
}

/** The scans of the plan PostgreSQL chooses for a list query (EXPLAIN, no execution). */
export async function planScans(dataSource: DataSource, query: { sql: string; values: unknown[] }): Promise<string> {
  const [row] = (await dataSource.query(`EXPLAIN (FORMAT JSON) ${query.sql}`, query.values)) as Array<{
    'QUERY PLAN': Array<{ Plan: PlanNode }>;
  }>;
  return scansOf(row['QUERY PLAN'][0].Plan).join(', ');
}

export async function explainAnalyze(
  dataSource: DataSource,
  query: { sql: string; values: unknown[] },
): Promise<string> {
  const rows = (await dataSource.query(
    `EXPLAIN (ANALYZE, BUFFERS, COSTS OFF, SUMMARY ON) ${query.sql}`,
    query.values,
  )) as Array<{ 'QUERY PLAN': string }>;
  return rows.map((row) => row['QUERY PLAN']).join('\n');
}

export async function measure(
  client: HttpClient,
  recorder: StatementRecorder,
  dataSource: DataSource,
  list: Scenario[],
  runs: number,
  warmup: number,
): Promise<Measurement[]> {
  const results: Measurement[] = [];
  for (const scenario of list) {
    const timings: number[] = [];
    let items = 0;
    for (let i = 0; i < warmup + runs; i++) {
      const started = process.hrtime.bigint();
      const response = await client.get(scenario.path, scenario.as);
      const elapsed = Number(process.hrtime.bigint() - started) / 1e6;
      if (response.status !== 200)
        throw new Error(`${scenario.name}: ${response.status} ${JSON.stringify(response.body).slice(0, 300)}`);
      if (i >= warmup) timings.push(elapsed);
      const body = response.body as { items?: unknown[]; openIssuesPage?: { items: unknown[] } };
      items = body.items?.length ?? body.openIssuesPage?.items.length ?? 0;
    }
    timings.sort((a, b) => a - b);
    const { statements } = await recorder.record(() => client.get(scenario.path, scenario.as));
    const scans: string[] = [];
    for (const statement of statements)
      scans.push(
        ...(await planScans(dataSource, statement)).split(', ').filter((scan) => scan && !scans.includes(scan)),
      );
    results.push({
      scenario,
      items,
      medianMs: percentile(timings, 0.5),
      p95Ms: percentile(timings, 0.95),
      scans: scans.join(', '),
      statements,
    });
  }
  return results;
}
