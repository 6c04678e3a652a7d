import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CLOCK, DEMO_YEAR, startHarness, type Harness } from './harness.js';
import { readStoreFiles } from '../../src/store/store.js';

/** Numbers carry the year the bot runs in: its demo clock's. */
const YEAR = DEMO_YEAR;

/**
 * A consensus decision in the local Teams client: the coordinator links General as the social chiefs'
 * channel, opens a decision through the form, and a chief votes and sees the tally change in place.
 */
describe('consensus decision in the local Teams client', { timeout: 240_000 }, () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness({ name: 'decision', botEnv: { ...DEMO_CLOCK } });
  }, 180_000);

  afterAll(async () => {
    await h?.stop();
  });

  it('opens a decision, votes Godkänn as a chief and sees the card change', async () => {
    await h.linkChannel('General', 'Socialchefsnätverket', 'koppla socialchefsnatverket');

    await h.openChat('Personal Chat');
    await h.send('nytt beslut');
    await h.waitForText('Nytt beslut i socialchefsnätverket');
    await h.fill('Fråga att besluta', 'Verksamhetsplan 2027');
    await h.fill('Typ av beslut', 'Verksamhetsplan');
    await h.fill('Sista dag att rösta', '2099-12-01');
    await h.clickButton('Öppna beslut');
    await h.waitForText('Datumet ligger mer än två år fram.');
    // A month after the demo clock's start.
    const nextMonth = '2026-10-15';
    await h.fill('Sista dag att rösta', nextMonth);
    await h.clickButton('Öppna beslut');
    await h.waitForText(`Beslut B-${YEAR}-001 är öppnat i`);

    await h.send('agera som Eksjö');
    await h.waitForText('Du agerar nu som Lars Holm (socialchef, Eksjö)');
    await h.openChat('General');
    await h.waitForText('0 av 13 har godkänt', { within: `B-${YEAR}-001` });
    await h.clickButton('Godkänn', { within: `B-${YEAR}-001` });
    await h.waitForText('1 av 13 har godkänt', { within: `B-${YEAR}-001` });
    await h.waitForText('Lars Holm (socialchef', { within: `B-${YEAR}-001` });
    await h.screenshot('voted');

    const store = await readStoreFiles(h.storeFile);
    expect(store.votes.map((v: { memberId: string; position: string }) => `${v.memberId}:${v.position}`)).toEqual(['eksjo:approve']);
  });
});
