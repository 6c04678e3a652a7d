import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CLOCK, startHarness, type Harness } from './harness.js';
import { TestBot } from '../fixtures/bot.js';
import { seedYear } from '../fixtures/overview-scenario.js';

/**
 * `min kommun` and `översikt` in the local Teams client, over a year the real bot recorded before
 * (tests/fixtures/overview-scenario.ts, seeded a few days before the demo clock starts): Habo's
 * projects, shares and fee as a card, and the partnership's charts. Whether the client draws the
 * Chart.* elements or their fallbacks is logged (and the screenshots show it); the figures are there
 * either way. The yearly page is opened from its link in the same browser.
 */
describe('min kommun and översikt in the local Teams client', { timeout: 240_000 }, () => {
  let h: Harness;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'samverkan-overview-e2e-'));
    const storeFile = path.join(dir, 'store.json');
    const seeder = await new TestBot('2026-09-10T08:00:00Z').start({ storeFile });
    try {
      await seedYear(seeder);
    } finally {
      await seeder.stop();
    }
    h = await startHarness({ name: 'overview', storeFile, botEnv: { ...DEMO_CLOCK } });
  }, 180_000);

  afterAll(async () => {
    await h?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('min kommun as Habo’s chief: projects with status, gate and share, the fee per quarter, what waits for Habo', async () => {
    await h.openChat('Personal Chat');
    await h.send('agera som Habo');
    await h.waitForText('Du agerar nu som Eva Lund');
    await h.send('min kommun');
    await h.waitForText('Habo i partnerskapet');
    const card = h.lastCard('Habo i partnerskapet');
    for (const shown of ['Trygg hemgång', 'Pågår', 'BG1 godkänd', /75\s214 kr/, /20\s633 kr/, 'Avbruten', /Kommunens andelar av projektens kostnad 2026: 95\s847 kr/, /225\s473 kr/, /Q1 56\s369 kr/, 'Digital tillsyn', 'Verksamhetsplan 2027', 'Delårsrapport Q1 (2026 Q1)'])
      await card.getByText(shown).first().waitFor({ timeout: 10_000 });
    await card.getByText('Habo i partnerskapet').scrollIntoViewIfNeeded();
    await h.screenshot('min-kommun-habo');
    await card.getByText('Rapporter till medlemskommunerna').scrollIntoViewIfNeeded();
    await h.screenshot('min-kommun-habo-lower');
  });

  it('översikt as the coordinator: a chart per portfolio, participation and money (drawn, or as their fallback text)', async () => {
    await h.send('agera som mig');
    await h.waitForText('Du agerar nu som dig själv igen.');
    await h.send('översikt');
    await h.waitForText('Översikt 2026');
    const card = h.lastCard('Översikt 2026');
    await card.getByText('Portfölj per taktisk styrgrupp').scrollIntoViewIfNeeded();
    await h.screenshot('oversikt-top');

    // A drawn chart is named by its title for a screen reader ("<title>, Donut chart"); a fallback is a fact set.
    const titles = [
      'Individ- och familjeomsorg: projekt efter status 2026',
      'Äldreomsorg: projekt efter status 2026',
      'Godkända grindar 2026, antal per grind',
      'Antal projekt som varje kommun deltar i 2026',
      'Beslut 2026 efter utfall',
      'Avgift och projektandelar per kommun 2026, kronor',
    ];
    const drawn = await card.locator('[aria-label$=" chart"]').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
    const fallbacks = await card.locator('.ac-factSet, .ac-factset').count();
    console.log(`översikt in the Playground: ${drawn.length} charts drawn (${drawn.join(' | ')}), ${fallbacks} fallback fact sets`);
    if (drawn.length) expect(drawn.map((label) => label.replace(/, (Donut|Horizontal bar|Vertical bar) chart$/, ''))).toEqual(titles);
    else expect(fallbacks).toBe(titles.length);

    const money = card.getByText('Avgift och projektandelar per kommun 2026, kronor').first();
    await money.scrollIntoViewIfNeeded();
    await h.screenshot('oversikt-money');
    if (!drawn.length) {
      // The fallback carries the same figure as the chart: Habo 225 473 + 95 847 kr.
      await card.getByText(/321\s320 kr/).first().waitFor({ timeout: 10_000 });
    }
    const gates = card.getByText('Godkända grindar 2026, antal per grind').first();
    await gates.scrollIntoViewIfNeeded();
    await h.screenshot('oversikt-gates');
    const participation = card.getByText('Antal projekt som varje kommun deltar i 2026').first();
    await participation.scrollIntoViewIfNeeded();
    await h.screenshot('oversikt-participation');
    expect(await h.main.failedRequests()).toEqual([]);
  });

  it('årsöversikt 2026: the link opens the printable page in the browser', async () => {
    await h.send('årsöversikt 2026');
    await h.waitForText('utskriftsvänlig sida');
    const href = await h.main.pane.getByRole('link', { name: 'utskriftsvänlig sida' }).last().getAttribute('href');
    expect(href).toMatch(/\/arsoversikt\/2026\.html\?exp=\d+&sig=/);
    const page = await h.page.context().newPage();
    try {
      const res = await page.goto(href!);
      expect(res?.status()).toBe(200);
      await page.getByRole('heading', { level: 1, name: 'Årsöversikt 2026' }).waitFor();
      await page.screenshot({ path: path.join(h.runDir, 'arsoversikt-2026-page.png') });
      await page.getByRole('heading', { name: 'Pengar per kommun' }).first().scrollIntoViewIfNeeded();
      await page.screenshot({ path: path.join(h.runDir, 'arsoversikt-2026-page-money.png') });
      expect(await page.getByRole('img', { name: /Avgift och projektandelar per kommun 2026/ }).count()).toBe(1);
    } finally {
      await page.close();
    }
  });
});
