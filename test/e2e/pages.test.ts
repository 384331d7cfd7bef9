/**
 * The product in a real browser (Chromium from Debian via playwright-core): a member reads the
 * notice, turns the setting off and sees the new state and a receipt; a non-member files an
 * objection and gets a receipt; the report lists datasets; the console's charts render; no page
 * logs a console error. Every page is saved as a screenshot in test-artifacts/screenshots/.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { ConsoleMessage, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, launch, type BrowserHandle } from './browser.js';
import { startServer, type TestServer } from './server.js';

const SHOTS = join(process.cwd(), 'test-artifacts', 'screenshots');
const hasBrowser = existsSync(CHROMIUM);

let server: TestServer;
let browser: BrowserHandle;
const errors: string[] = [];

function watch(page: Page): Page {
  page.on('console', (m: ConsoleMessage) => {
    if (m.type() === 'error' || m.type() === 'warning') errors.push(`${page.url()}: [${m.type()}] ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`${page.url()}: ${e.message}`));
  return page;
}

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

describe.skipIf(!hasBrowser)('the product in Chromium', () => {
  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    server = await startServer({
      rateLimit: { perAddress: 50, perSubject: 5, windowMs: 60_000 },
      build: async (o) => {
        for (let i = 1; i <= 10; i++) {
          await new Promise((r) => setTimeout(r, 150));
          o.onProgress?.({ stage: 'decide', done: i * 1000, total: 10_000 });
        }
        return { datasetId: 'ds-from-console', out: o.out, manifest: {}, timings: {} };
      },
    });
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('a member reads the notice, turns the setting off, and sees the new state and a receipt', async () => {
    const page = watch(await browser.context.newPage());
    await page.goto(server.url);
    await shot(page, '01-start-member-picker');
    await page.click('button[data-member="m-anna"]');
    await page.waitForURL(/\/portal$/);
    await shot(page, '02-portal-overview');

    await page.click('nav.main a[href="/portal/notice"]');
    await expect.poll(() => page.locator('h1').textContent()).toMatch(/kennisgeving|notice/i);
    expect(await page.locator('[data-legal-basis]').textContent()).toMatch(/6/);
    expect(await page.locator('[data-notice-recorded]').count()).toBe(1);
    await shot(page, '03-portal-notice');

    await page.click('nav.main a[href="/portal/setting"]');
    expect(await page.locator('#setting-state').getAttribute('data-state')).toBe('allow');
    await shot(page, '04-portal-setting-on');
    // The toggle saves on change (keyboard works too: it is a real checkbox).
    await page.locator('#use-data').focus();
    await Promise.all([page.waitForURL(/saved=\d+/), page.keyboard.press('Space')]);
    expect(await page.locator('#setting-state').getAttribute('data-state')).toBe('deny');
    const seq = Number((await page.locator('[data-receipt-seq]').textContent())!.replace('#', ''));
    expect(seq).toBeGreaterThan(0);
    expect(await page.locator('[data-receipt-hash]').textContent()).toMatch(/^[0-9a-f]{64}$/);
    const entry = (await server.fx.store.subjectLedger('m-anna')).events.find((e) => e.seq === seq);
    expect(entry).toMatchObject({ method: 'setting', choice: 'deny', purpose: 'train-genai' });
    await shot(page, '05-portal-setting-off-receipt');
    await page.close();
  });

  it('shows the notice in the member\'s language with a countdown before the date', async () => {
    const early = await startServer({ clock: () => Date.parse('2025-10-15T09:00:00Z') });
    const page = watch(await browser.context.newPage());
    await page.goto(early.url);
    await page.click('button[data-member="m-dieter"]');
    await page.waitForURL(/\/portal$/);
    await page.goto(`${early.url}/portal/notice`);
    expect(await page.locator('html').getAttribute('lang')).toBe('de');
    expect(Number(await page.locator('[data-countdown]').getAttribute('data-countdown'))).toBe(19);
    await shot(page, '06-portal-notice-countdown-de');
    await page.goto(`${early.url}/portal/notice?lang=fr`);
    expect(await page.locator('html').getAttribute('lang')).toBe('fr');
    await shot(page, '07-portal-notice-fr');
    await page.close();
    await early.close();
  });

  it('the report lists datasets and offers the JSON download', async () => {
    const page = watch(await browser.context.newPage());
    await page.goto(server.url);
    await page.click('button[data-member="m-anna"]');
    await page.waitForURL(/\/portal$/);
    await page.goto(`${server.url}/portal/report?lang=en`);
    const datasets = await page.locator('[data-dataset]').evaluateAll((els) => els.map((e) => e.getAttribute('data-dataset')));
    expect(datasets).toEqual(['ds-2025-11-10', 'ds-2025-10-01']);
    await page.locator('details').first().evaluate((d) => { (d as HTMLDetailsElement).open = true; });
    await shot(page, '08-portal-report');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('a[href="/portal/report.json"]')]);
    expect(download.suggestedFilename()).toMatch(/^m-anna-data-use-.*\.json$/);
    await page.goto(`${server.url}/portal/erase`);
    await shot(page, '09-portal-erase');
    await page.goto(`${server.url}/portal/objection`);
    await shot(page, '09b-portal-objection');
    await page.close();
  });

  it('a non-member files an objection and gets a receipt', async () => {
    const ctx = await browser.browser.newContext({ locale: 'en-GB' });
    const page = watch(await ctx.newPage());
    await page.goto(`${server.url}/objection`);
    await shot(page, '10-objection-form');
    await page.check('input[value="train-genai"]');
    await page.fill('#f-name', 'Maria van den Berg');
    await page.fill('#f-emails', 'maria@example.nl');
    await page.fill('#f-handles', 'mariavdb');
    await page.click('#objection-form button[type="submit"]');
    await page.waitForSelector('[data-objection-id]');
    const id = await page.locator('[data-objection-id]').textContent();
    expect(id).toMatch(/^obj-/);
    expect(await page.locator('[data-erasure-code]').count()).toBe(1);
    const objection = (await server.fx.store.objections()).find((o) => o.entry.subject === id);
    expect(objection?.identifiers).toMatchObject({ name: 'Maria van den Berg', emails: ['maria@example.nl'], handles: ['mariavdb'] });
    await shot(page, '11-objection-receipt');
    // Coming back with the number and the code: first what stops working, then the erasure.
    const code = await page.locator('[data-erasure-code]').textContent();
    await page.goto(`${server.url}/objection/erase`);
    await shot(page, '11b-objection-erase-lookup');
    await page.fill('#e-id', id!);
    await page.fill('#e-code', code!);
    await page.click('form[method="post"][action="/objection/erase"] button[type="submit"]');
    await page.waitForSelector('#erasure-impact');
    expect(await page.locator('#erasure-impact').textContent()).toMatch(/NO LONGER REDACTED/);
    await shot(page, '11c-objection-erase-impact');
    await page.goto(`${server.url}/console/login`);
    await shot(page, '11d-console-login');
    await page.close();
    await ctx.close();
  });

  it('the console\'s charts render and a build shows live progress', async () => {
    const page = watch(await browser.context.newPage());
    await page.goto(server.url);
    await page.click('#operator-signin');
    await page.waitForURL(/\/console$/);
    for (const id of ['chart-optout', 'chart-objected', 'chart-builds']) {
      await page.waitForSelector(`#${id}[data-rendered="true"]`);
      // Something was drawn: the canvas has non-transparent pixels.
      const drawn = await page.locator(`#${id}`).evaluate((c) => {
        const canvas = c as HTMLCanvasElement;
        const d = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
        let n = 0;
        for (let i = 3; i < d.length; i += 4) if (d[i]! > 0) n++;
        return n;
      });
      expect(drawn).toBeGreaterThan(500);
    }
    await page.click('#verify-button');
    await page.waitForSelector('#verify-result[data-ok="true"]');
    await shot(page, '12-console-overview');

    await page.goto(`${server.url}/console/datasets`);
    await page.waitForSelector('#chart-builds[data-rendered="true"]');
    await shot(page, '13-console-datasets');
    await page.fill('#as-of', '2025-11-10');
    await page.click('#build-form button[type="submit"]');
    await page.waitForURL(/\/console\/jobs\//);
    await page.waitForFunction(() => /decide: [1-9]|succeeded/.test(document.querySelector('[data-job-text]')?.textContent ?? ''));
    await shot(page, '13b-console-build-progress');
    await page.waitForURL(/\/console\/datasets\?built=ds-from-console/, { timeout: 15_000 });
    await page.goto(`${server.url}/console/datasets/ds-2025-11-10`);
    await shot(page, '14-console-dataset');
    await page.goto(`${server.url}/console/objections`);
    expect(await page.locator('#objections-table tbody tr').count()).toBeGreaterThan(0);
    await shot(page, '15-console-objections');
    await page.goto(`${server.url}/console/policy`);
    await shot(page, '16-console-policy');
    await page.goto(`${server.url}/console/report?from=2025-09-01&to=2025-11-30`);
    await shot(page, '17-console-report');
    await page.close();
  });

  it('public pages, the API docs and the errors render without console errors', async () => {
    const page = watch(await browser.context.newPage());
    const res = await page.goto(`${server.url}/members/m-chloe`);
    expect(res!.headers()['content-usage']).toBe('train-ai=n');
    expect(await page.locator('meta[name="robots"]').getAttribute('content')).toBe('noai, noimageai');
    await shot(page, '18-public-member');
    await page.goto(`${server.url}/posts/c-anna-1`);
    await shot(page, '19-public-post');
    await page.goto(`${server.url}/docs`);
    await page.waitForSelector('.swagger-ui .opblock', { timeout: 15_000 });
    await shot(page, '20-api-docs');
    await page.goto(`${server.url}/nothing-here`);
    await shot(page, '21-not-found');
    await page.close();
  });

  it('logged no console errors on any page', () => {
    // A 404 page is expected to log its own status; nothing else may log.
    expect(errors.filter((e) => !/nothing-here.*404/.test(e))).toEqual([]);
  });
});
