import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CLOCK, DEMO_YEAR, startHarness, type Harness } from './harness.js';
import { readStoreFiles } from '../../src/store/store.js';

/** Numbers carry the year the bot runs in: its demo clock's. */
const YEAR = DEMO_YEAR;

/**
 * The newcomer's path in the local Teams client (Agents Playground in Chromium), as the demo
 * coordinator: link the Äldreomsorg channel, propose through the BG0 form in the personal chat, see
 * the card in the channel, answer "Vi deltar" for two municipalities and see "Kan starta".
 */
describe('proposal and participation in the local Teams client', { timeout: 240_000 }, () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness({ name: 'proposal', botEnv: { ...DEMO_CLOCK } });
  }, 180_000);

  afterAll(async () => {
    await h?.stop();
  });

  it('proposes through the form, answers Vi deltar and sees the card change', async () => {
    await h.linkChannel('Äldreomsorg', 'Äldreomsorg');

    await h.openChat('Personal Chat');
    await h.send('nytt förslag');
    await h.waitForText('Projektdirektiv (BG0)');
    await h.fill('Titel', 'Trygg hemgång för äldre');
    await h.fill('Bakgrund och syfte', 'Många äldre återinläggs inom 30 dagar efter utskrivning.');
    await h.fill('Regionalt värde', 'En gemensam modell för länets kommuner.');
    await h.fill('Nätverk', 'Äldreomsorg');
    await h.fill('Beräknad kostnad (kr)', '400000');
    await h.fill('Gemensamma medel söks', true);
    await h.clickButton('Skicka förslag');
    // Joint funds asked for without an amount: the bot brings the form back, values kept, message by the field.
    await h.waitForText('Förslaget är inte sparat');
    await h.waitForText('Ange hur mycket gemensamma medel som söks.');
    await h.screenshot('form-with-error');
    await h.fill('Belopp gemensamma medel (kr)', '150000');
    await h.clickButton('Skicka förslag');
    await h.waitForText(`Förslaget P-${YEAR}-001 är publicerat i Äldreomsorg`);
    await h.screenshot('proposal-in-chat');

    await h.openChat('Äldreomsorg');
    await h.waitForText(`Projektförslag P-${YEAR}-001`);
    await h.waitForText('0 av 13 kommuner deltar', { within: `P-${YEAR}-001` });

    // The one signed-in user acts as Eksjö's social chief, then Jönköping's.
    await h.openChat('Personal Chat');
    await h.send('agera som Eksjö');
    await h.waitForText('Du agerar nu som Lars Holm (socialchef, Eksjö)');
    await h.openChat('Äldreomsorg');
    await h.clickButton('Vi deltar', { within: `P-${YEAR}-001` });
    await h.waitForText('Lars Holm (socialchef', { within: `P-${YEAR}-001` });
    await h.waitForText('1 av 13 kommuner deltar', { within: `P-${YEAR}-001` });

    await h.openChat('Personal Chat');
    await h.send('agera som Jönköping');
    await h.waitForText('Du agerar nu som Johan Berg (socialchef, Jönköping)');
    await h.openChat('Äldreomsorg');
    await h.clickButton('Vi deltar', { within: `P-${YEAR}-001` });
    await h.waitForText('2 av 13 kommuner deltar', { within: `P-${YEAR}-001` });
    await h.waitForText('Kan starta', { within: `P-${YEAR}-001` });
    await h.screenshot('kan-starta');

    // The copy in the personal chat was updated too, for everyone who sees it.
    await h.openChat('Personal Chat');
    await h.waitForText('2 av 13 kommuner deltar', { within: `P-${YEAR}-001` });

    // And the store on disk says the same.
    const store = await readStoreFiles(h.storeFile);
    expect(store.proposals.map((p: { id: string }) => p.id)).toEqual([`P-${YEAR}-001`]);
    expect(store.participation.map((r: { memberId: string; personId: string }) => `${r.memberId}:${r.personId}`)).toEqual([
      'eksjo:chief-eksjo',
      'jonkoping:chief-jonkoping',
    ]);
  });
});
