import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CLOCK, DEMO_YEAR, startHarness, type Harness } from './harness.js';

/** Numbers carry the year the bot runs in: its demo clock's. */
const YEAR = DEMO_YEAR;

const TITLE = '**Fet** [klicka](javascript:alert(1)) <at>Chef</at> _kursiv_';
const VALUE = '# Rubrik\n- [länk](https://evil.example) `kod`';

/**
 * Text a person types is shown as typed in the local Teams client: no bold, no link, no mention made
 * of it, on the card in the chat and in the channel, and in the notice that names the proposal.
 */
describe('user text in the local Teams client', { timeout: 240_000 }, () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness({ name: 'text', botEnv: { ...DEMO_CLOCK } });
  }, 180_000);

  afterAll(async () => {
    await h?.stop();
  });

  it('shows a hostile title and regional value literally, with no link drawn', async () => {
    await h.linkChannel('Äldreomsorg', 'Äldreomsorg');

    await h.openChat('Personal Chat');
    await h.proposeThroughForm({ Titel: TITLE, 'Bakgrund och syfte': 'Bakgrund', 'Regionalt värde': VALUE, Nätverk: 'Äldreomsorg' });
    await h.waitForText(`Förslaget P-${YEAR}-001 är publicerat i Äldreomsorg`);

    await h.openChat('Äldreomsorg');
    const card = await h.waitForText(TITLE, { within: `P-${YEAR}-001` });
    await expect(card.isVisible()).resolves.toBe(true);
    await h.waitForText('# Rubrik', { within: `P-${YEAR}-001` });
    await h.screenshot('hostile-text-in-channel');
    // Nothing the person typed became a link or bold text in what the client drew.
    const links = await h.page.locator('a[href^="javascript:"], a[href*="evil.example"]').count();
    expect(links).toBe(0);
    expect(await h.page.locator('strong', { hasText: 'Fet' }).count()).toBe(0);
  });
});
