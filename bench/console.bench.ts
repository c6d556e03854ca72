// The console in headless Chromium: the JavaScript (and CSS) a first visit loads before anything shows, gzipped
// as a server would send it; and the task inbox (我的待办) of a department with a thousand and more open tasks
// (a read model seeded straight into the database, the API serving dist/web): from navigation until the first
// tasks are shown, until the first action is offered, and until the page answers a click (签收 opens its form), each a median of several cold
// visits (a fresh browser context each: no cache, no session but the token), with the renderer's CPU time
// (script and layout tasks) per visit.
// Run: npm run bench -- console
import * as fs from 'node:fs';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { openDatabase } from '@unblock/persistence';
import { ApiStack } from '../test/support/api-stack';
import { launchChromium, openContext } from '../test/support/browser';
import { DIST_ROOT } from '../test/support/test-stack';
import { seedIssues } from './seed-issues';

type Say = (line?: string) => void;

const VISITS = 7;
const SEEDED_ISSUES = 16_000;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** The files index.html makes the browser load at once: its module script, the modules it preloads, its CSS. */
export function initialAssets(
  webRoot = path.join(DIST_ROOT, 'web'),
): Array<{ file: string; bytes: number; gzip: number }> {
  const html = fs.readFileSync(path.join(webRoot, 'index.html'), 'utf8');
  const references = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+\.(?:js|css))"/g)].map((match) => match[1]);
  return [...new Set(references)].map((reference) => {
    const content = fs.readFileSync(path.join(webRoot, reference));
    return { file: reference, bytes: content.length, gzip: gzipSync(content, { level: 9 }).length };
  });
}

export async function consoleBench(say: Say): Promise<void> {
  const assets = initialAssets();
  const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
  const js = assets.filter((asset) => asset.file.endsWith('.js'));
  const css = assets.filter((asset) => asset.file.endsWith('.css'));
  const sum = (list: typeof assets, key: 'bytes' | 'gzip') => list.reduce((total, asset) => total + asset[key], 0);
  say(`  initial JavaScript: ${kb(sum(js, 'gzip'))} gzipped (${kb(sum(js, 'bytes'))}) in ${js.length} file(s)`);
  if (css.length) say(`  initial CSS: ${kb(sum(css, 'gzip'))} gzipped (${kb(sum(css, 'bytes'))})`);

  const stack = new ApiStack();
  await stack.setUp({ LOG_LEVEL: 'error' }); // seeded issues have no workflow: the detail's live state is absent
  const browser = await launchChromium();
  try {
    const dataSource = await openDatabase(stack.worker.database.url);
    let department: string;
    let open: number;
    try {
      await seedIssues(dataSource, SEEDED_ISSUES);
      const [busiest] = (await dataSource.query(
        `SELECT department_id, count(*)::int AS open FROM issue_tasks WHERE status IN ('assigned', 'accepted')
         GROUP BY department_id ORDER BY open DESC LIMIT 1`,
      )) as Array<{ department_id: string; open: number }>;
      department = busiest.department_id;
      open = busiest.open;
    } finally {
      await dataSource.destroy();
    }
    const username = `${department}.staff`;
    const signIn = await fetch(`${stack.base}/api/v1/auth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password: 'unblock-demo' }),
    });
    const { accessToken } = (await signIn.json()) as { accessToken: string };
    const me = await (
      await fetch(`${stack.base}/api/v1/me`, { headers: { authorization: `Bearer ${accessToken}` } })
    ).json();

    const shown: number[] = [];
    const offered: number[] = [];
    const interactive: number[] = [];
    const cpu: number[] = [];
    for (let visit = 0; visit < VISITS; visit += 1) {
      const context = await openContext(browser, 'desktop');
      // signed in already: the session the sign-in page would have kept
      await context.addInitScript({
        content: `sessionStorage.setItem('unblock.token', ${JSON.stringify(accessToken)});
          sessionStorage.setItem('unblock.user', ${JSON.stringify(JSON.stringify(me))});`,
      });
      const page = await context.newPage();
      const cdp = await context.newCDPSession(page);
      await cdp.send('Performance.enable');
      const started = Date.now();
      await page.goto(`${stack.base}/tasks`, { waitUntil: 'commit' });
      await page.getByTestId('task-row').first().waitFor({ timeout: 60_000 });
      shown.push(Date.now() - started);
      await page.getByTestId('action-accept').first().waitFor({ timeout: 60_000 });
      offered.push(Date.now() - started);
      await page.getByTestId('action-accept').first().click({ timeout: 60_000 });
      await page.getByTestId('action-submit').waitFor({ timeout: 60_000 });
      interactive.push(Date.now() - started);
      const { metrics } = (await cdp.send('Performance.getMetrics')) as {
        metrics: Array<{ name: string; value: number }>;
      };
      const metric = (name: string) => metrics.find((m) => m.name === name)?.value ?? 0;
      cpu.push(metric('TaskDuration') * 1000);
      await context.close();
    }
    say(`  task inbox of ${username}: ${open} open tasks (${SEEDED_ISSUES} issues seeded), ${VISITS} cold visits`);
    say(
      `    first tasks shown, median: ${median(shown)} ms (fastest ${Math.min(...shown)}, slowest ${Math.max(...shown)})`,
    );
    say(`    first action offered (签收 shown), median: ${median(offered)} ms`);
    say(
      `    answers a click (签收 opens its form), median: ${median(interactive)} ms (fastest ${Math.min(...interactive)}, slowest ${Math.max(...interactive)})`,
    );
    say(`    renderer CPU (script, style, layout) per visit, median: ${median(cpu).toFixed(0)} ms`);
  } finally {
    await browser.close();
    await stack.tearDown();
  }
}
