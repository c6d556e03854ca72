// Headless Chromium for the console's browser tests, driven by playwright-core: Debian's `chromium` package (or
// the one CHROMIUM_PATH names). Where none is found the browser tests say so loudly and skip; nothing else does.
// Screenshots are kept under test-results/screenshots/ (desktop and phone width), to look at after a run.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { zhCN } from '../../apps/web/src/i18n/zh-CN';
import { REPO_ROOT } from './test-stack';

export const SCREENSHOT_DIR = path.join(REPO_ROOT, 'test-results', 'screenshots');

/** The viewports every page is looked at in: an office screen and a phone. */
export const VIEWPORTS = {
  desktop: { width: 1366, height: 800 },
  phone: { width: 390, height: 844 },
} as const;
export type ViewportName = keyof typeof VIEWPORTS;

/** The Chromium to drive: CHROMIUM_PATH, else Debian's /usr/bin/chromium; undefined when there is none. */
export function findChromium(): string | undefined {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'];
  return candidates.find((candidate): candidate is string => !!candidate && fs.existsSync(candidate));
}

let warned = false;
/**
 * Why the browser tests cannot run here, or undefined when they can: pass it as `skip` to `describe`. Said loudly
 * once, on stderr, so that a run without a browser is never mistaken for a run with one.
 */
export function browserMissing(): string | undefined {
  if (findChromium()) return undefined;
  const reason =
    'no Chromium found (set CHROMIUM_PATH, or install Debian\'s "chromium" package): the browser tests are SKIPPED';
  if (!warned) {
    warned = true;
    process.stderr.write(`\n${'!'.repeat(100)}\n!! ${reason}\n${'!'.repeat(100)}\n\n`);
  }
  return reason;
}

/** Launches headless Chromium (no sandbox: the tests may run as root). */
export async function launchChromium(): Promise<Browser> {
  const executablePath = findChromium();
  if (!executablePath) throw new Error(browserMissing());
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath,
    headless: true,
    args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu'],
  });
}

/** A fresh browser context (its own storage) at a viewport, in Chinese and in the zone's time zone. */
export function openContext(browser: Browser, viewport: ViewportName = 'desktop'): Promise<BrowserContext> {
  return browser.newContext({
    viewport: VIEWPORTS[viewport],
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    ...(viewport === 'phone' ? { isMobile: true, hasTouch: true, deviceScaleFactor: 2 } : {}),
  });
}

/**
 * Takes a full-page screenshot named `<name>.<viewport>.png` and checks what a user would trip on at once: a page
 * wider than the screen (horizontal scrolling), and text a program left unfinished (undefined, NaN, a problem type).
 */
export async function lookAt(page: Page, name: string, viewport: ViewportName): Promise<string> {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.${viewport}.png`);
  await page.screenshot({ path: file, fullPage: true });
  // evaluated in the page (strings: this file is compiled without the DOM's types)
  const { scrollWidth, clientWidth } = await page.evaluate<{ scrollWidth: number; clientWidth: number }>(
    '({ scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth })',
  );
  if (scrollWidth > clientWidth + 1)
    throw new Error(`${name} (${viewport}): the page is ${scrollWidth} px wide on a ${clientWidth} px screen`);
  const text = await page.evaluate<string>('document.body.innerText');
  const broken = /\bundefined\b|\bNaN\b|\[object Object\]|\/problems\/|Invalid Date/.exec(text);
  if (broken) throw new Error(`${name} (${viewport}): the page shows "${broken[0]}"`);
  // each piece of text alone (the page's text runs pieces together)
  const pieces = await page.evaluate<string[]>(
    '(() => { const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT); const found = []; while (walk.nextNode()) found.push(walk.currentNode.nodeValue); return found; })()',
  );
  const key = pieces.map((piece) => MESSAGE_KEY.exec(piece)).find((match) => match !== null);
  if (key) throw new Error(`${name} (${viewport}): the page shows the message key "${key[0]}"`);
  return file;
}

/**
 * A key of the console's dictionary shown as it is (`deadline.cause.calendar`): a sentence the dictionary lacks. A
 * key made up at run time has a namespace, a kind and a code; a person's user name (`leader.construction`) has one
 * dot, and is not one.
 */
const MESSAGE_KEY = new RegExp(
  `(?<![\\w./@-])(?:${[...new Set(Object.keys(zhCN).map((key) => key.split('.')[0]))].join('|')})(?:\\.[A-Za-z_]+){2,}(?![\\w/@-])`,
);

/** How long a browser test waits for the console to show something. */
export const UI_TIMEOUT_MS = 20_000;

/**
 * The people at their screens in one browser test: each signs in through the sign-in page, in a context of their
 * own (storage, viewport); errors thrown in any page are kept, for the test to assert there were none.
 */
export class Screens {
  readonly pageErrors: string[] = [];
  private browser?: Browser;
  private readonly contexts: BrowserContext[] = [];

  /** `base`: the API's address, read when a person signs in (the stack is set up after this is made). */
  constructor(private readonly base: () => string) {}

  async open(): Promise<void> {
    this.browser = await launchChromium();
  }

  async close(): Promise<void> {
    for (const context of this.contexts) await context.close().catch(() => undefined);
    await this.browser?.close();
  }

  /** A screen no one has signed in on yet. */
  async signedOut(viewport: ViewportName = 'desktop', who = 'signed out'): Promise<Page> {
    if (!this.browser) throw new Error('open() the browser first');
    const context = await openContext(this.browser, viewport);
    this.contexts.push(context);
    const page = await context.newPage();
    page.setDefaultTimeout(UI_TIMEOUT_MS);
    page.on('pageerror', (error) => this.pageErrors.push(`${who}: ${error.message}`));
    return page;
  }

  /** A person at a screen, signed in with the demo password. */
  async signedIn(username: string, viewport: ViewportName = 'desktop'): Promise<Page> {
    const page = await this.signedOut(viewport, username);
    await page.goto(`${this.base()}/sign-in`);
    await page.getByTestId('sign-in-username').fill(username);
    await page.getByTestId('sign-in-password').fill('unblock-demo');
    await page.getByTestId('sign-in-submit').click();
    await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
    return page;
  }
}

/** The page has settled: no spinner, no running transition. */
export async function settled(page: Page): Promise<void> {
  await page.locator('.ant-spin-spinning').first().waitFor({ state: 'detached' });
  // a function, not a string: the console's Content-Security-Policy allows no eval; endless animations (a
  // pulsing dot) never end, so only those that end are waited for
  await page.waitForFunction(() =>
    (
      globalThis as unknown as {
        document: {
          getAnimations(): Array<{ playState: string; effect: { getTiming(): { iterations: number } } | null }>;
        };
      }
    ).document
      .getAnimations()
      .every((a) => a.playState !== 'running' || a.effect?.getTiming().iterations === Infinity),
  );
}

/** Marks the document, to tell afterwards (`sameDocument`) that the page was never reloaded. */
export const markDocument = (page: Page) => page.evaluate('window.__sameDocument = true');
export const sameDocument = (page: Page) => page.evaluate<boolean>('window.__sameDocument === true');

/** Picks an option of an Ant Design select by the text of its label; `search` types it first (a searchable one). */
export async function choose(page: Page, testId: string, text: string, search = false): Promise<void> {
  await page.getByTestId(testId).click();
  if (search) await page.keyboard.type(text);
  const option = page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: text }).first();
  await option.click();
}
