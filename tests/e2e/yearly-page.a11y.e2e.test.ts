import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser } from 'playwright-core';
import { REPO_ROOT } from './harness.js';
import { TestBot } from '../fixtures/bot.js';
import { anna, annaChat, seedYear } from '../fixtures/overview-scenario.js';

/**
 * The yearly overview page as a browser shows it, checked by axe-core in Chromium against the
 * WCAG 2.1 A and AA rules (lag 2018:1937 om tillgänglighet till digital offentlig service asks for
 * WCAG 2.1 AA): the page of a year with projects, gates and a decision, and the page of a year whose
 * fee is preliminary (the note has its own colours). Screenshots in test-results/e2e/yearly-page/.
 */

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const WCAG21_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const SHOTS = path.join(REPO_ROOT, 'test-results', 'e2e', 'yearly-page');

interface AxeResult {
  violations: { id: string; impact: string; help: string; nodes: { target: string[]; failureSummary: string }[] }[];
  passes: { id: string }[];
  incomplete: { id: string }[];
}

describe('the yearly overview page is accessible (axe-core, WCAG 2.1 A/AA, in Chromium)', { timeout: 120_000 }, () => {
  let bot: TestBot;
  let browser: Browser;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    bot = await new TestBot('2026-11-23T09:00:00Z').start();
    await seedYear(bot);
    browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
  }, 90_000);
  afterAll(async () => {
    await browser?.close();
    await bot?.stop();
  });

  async function linkFor(year: number): Promise<string> {
    await bot.say(anna, annaChat, `årsöversikt ${year}`);
    const text = bot.connector.texts(annaChat.id).at(-1)!;
    const url = /\((http[^)]+\.html[^)]*)\)/.exec(text)?.[1];
    expect(url, text).toBeTruthy();
    return url!;
  }

  /** Opens the page as it is served (its CSP forbids scripts: axe is let in by the test's browser, not by the page). */
  async function audit(url: string, shot: string): Promise<{ result: AxeResult; title: string; headings: string[] }> {
    const context = await browser.newContext({ bypassCSP: true, viewport: { width: 1200, height: 900 } });
    const page = await context.newPage();
    const blocked: string[] = [];
    page.on('request', (r) => {
      if (!r.url().startsWith(new URL(url).origin)) blocked.push(r.url());
    });
    const response = await page.goto(url);
    expect(response?.status()).toBe(200);
    await page.screenshot({ path: path.join(SHOTS, `${shot}.png`), fullPage: true });
    await page.screenshot({ path: path.join(SHOTS, `${shot}-top.png`) });
    await page.addScriptTag({ path: AXE });
    const result = (await page.evaluate(async (tags) => {
      const axe = (globalThis as unknown as { axe: { run(context: unknown, options: unknown): Promise<unknown> } }).axe;
      return axe.run((globalThis as unknown as { document: unknown }).document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations', 'passes', 'incomplete'] });
    }, WCAG21_AA)) as AxeResult;
    const title = await page.title();
    const headings = await page.locator('h1, h2, h3').allInnerTexts();
    // The page asks for nothing outside itself (no fonts, scripts or images from elsewhere).
    expect(blocked).toEqual([]);
    await context.close();
    return { result, title, headings };
  }

  const describeViolations = (r: AxeResult) =>
    r.violations.map((v) => `${v.id} (${v.impact}): ${v.help}\n${v.nodes.map((n) => `  ${n.target.join(' ')} — ${n.failureSummary}`).join('\n')}`).join('\n');

  it('2026: no violation; the rules that matter here were run and passed', async () => {
    const { result, title, headings } = await audit(await linkFor(2026), 'arsoversikt-2026');
    expect(result.violations, describeViolations(result)).toEqual([]);
    const passed = result.passes.map((p) => p.id);
    // The page's language, its title, contrast, table headers, the SVGs' text alternatives, list and heading structure.
    for (const rule of ['html-has-lang', 'html-lang-valid', 'document-title', 'color-contrast', 'th-has-data-cells', 'svg-img-alt', 'list', 'listitem'])
      expect(passed, `${rule} did not pass (incomplete: ${result.incomplete.map((i) => i.id).join(', ')})`).toContain(rule);
    expect(title).toBe('Årsöversikt 2026 – Partnerskapet Social välfärd och hälso- och sjukvård');
    expect(headings[0]).toBe('Årsöversikt 2026');
    expect(headings).toContain('Pengar per kommun');
  });

  it('2027, whose fee rests on an index not confirmed: the preliminary note is there and passes too', async () => {
    bot.clock.set(new Date('2027-02-15T09:00:00Z'));
    const url = await linkFor(2027);
    const page = await (await fetch(url)).text();
    expect(page).toContain('<p class="note"><strong>Preliminärt: indexuppräkningen för 2027 är inte fastställd.</strong></p>');
    const { result } = await audit(url, 'arsoversikt-2027-preliminart');
    expect(result.violations, describeViolations(result)).toEqual([]);
  });
});
