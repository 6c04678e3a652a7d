import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CLOCK, DEMO_YEAR, startHarness, type Harness } from './harness.js';
import { readStoreFiles } from '../../src/store/store.js';

const ID = `P-${DEMO_YEAR}-001`;

/**
 * Personal notices in the local Teams client (issue #16 items 1–2): Eksjö's social chief has the app in
 * his personal chat (a second Playground signed in as Lars Holm); the coordinator proposes a project of
 * Äldreomsorg; Lars gets it in his personal chat with the card and answers there; the Äldreomsorg
 * channel gets the card naming those the bot cannot write to; Lars turns new proposals off.
 */
describe('personal notices in the local Teams client', { timeout: 240_000 }, () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness({ name: 'notices', botEnv: { ...DEMO_CLOCK } });
  }, 180_000);

  afterAll(async () => {
    await h?.stop();
  });

  it('reaches Lars personally with the card, names the others in the channel, and aviseringar turns it off', async () => {
    await h.linkChannel('Äldreomsorg', 'Äldreomsorg');

    // Lars's Playground installs the app in his personal chat when it loads.
    const lars = await h.as('Lars Holm');
    await lars.openChat('Personal Chat');
    await lars.send('aviseringar');
    await lars.waitForText('Boten har en personlig chatt med dig: aviseringarna kommer hit.');
    await lars.waitForText('Nytt projektförslag som väntar på din kommuns svar');

    await h.openChat('Personal Chat');
    await h.proposeThroughForm({
      Titel: 'Trygg hemgång för äldre',
      'Bakgrund och syfte': 'Många äldre återinläggs inom 30 dagar efter utskrivning.',
      'Regionalt värde': 'En gemensam modell för länets kommuner.',
      Nätverk: 'Äldreomsorg',
      'Beräknad kostnad (kr)': '400000',
    });
    await h.waitForText(`Förslaget ${ID} är publicerat i Äldreomsorg`);

    await lars.waitForText(`${ID} «Trygg hemgång för äldre» (Äldreomsorg) väntar på svar från Eksjö`);
    await lars.screenshot('notice-in-personal-chat');
    await lars.clickButton('Vi deltar', { within: `Projektförslag ${ID}` });
    await lars.waitForText('Registrerat: Eksjö deltar');

    await h.openChat('Äldreomsorg');
    const awaited = await h.waitForText('Väntar på svar från');
    await h.waitForText('Johan Berg');
    await awaited.scrollIntoViewIfNeeded();
    await h.screenshot('mention-in-channel');

    await lars.clickButton('Slå av aviseringar om nya projektförslag');
    await lars.waitForText('Nytt projektförslag som väntar på din kommuns svar: av.');
    await lars.screenshot('aviseringar-off');

    const store = await readStoreFiles(h.storeFile);
    expect(store.notices.filter((n: { personId: string; path: string }) => n.personId === 'chief-eksjo').map((n: { path: string }) => n.path)).toEqual(['personal']);
    expect(store.noticePrefs).toEqual([expect.objectContaining({ personId: 'chief-eksjo', off: ['newProposal'] })]);
  });
});
