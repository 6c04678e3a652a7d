import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CLOCK, DEMO_YEAR, startHarness, type Harness } from './harness.js';
import { readStoreFiles } from '../../src/store/store.js';

/** Numbers carry the year the bot runs in: its demo clock's. */
const YEAR = DEMO_YEAR;

/**
 * A consultation round (remiss) in the local Teams client: the coordinator links General as the
 * social chiefs' channel and opens a round through the form; Eksjö and Jönköping each send their
 * statement on the card in the channel, and the card shows every municipality's answer.
 */
describe('a consultation round in the local Teams client', { timeout: 240_000 }, () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness({ name: 'consultation', botEnv: { ...DEMO_CLOCK } });
  }, 180_000);

  afterAll(async () => {
    await h?.stop();
  });

  it('opens a round, answers as two members, and the card shows their positions', async () => {
    const id = `R-${YEAR}-001`;
    await h.linkChannel('General', 'Socialchefsnätverket', 'koppla socialchefsnatverket');

    await h.openChat('Personal Chat');
    await h.send('ny remiss');
    await h.waitForText('Ny remiss');
    await h.fill('Ärende', 'Avtal om gemensam familjerätt');
    await h.fill('Vad remissen gäller och vad medlemmarna ska ta ställning till', 'Tillstyrker nämnden förslaget till avtal?');
    await h.fill('Handlingar: en per rad, "Titel https://…" (bara https)', 'Förslag till avtal http://samverkan.example.se/avtal.pdf');
    // A month after the demo clock's start.
    await h.fill('Svar senast', '2026-10-15');
    await h.clickButton('Skicka remissen');
    await h.waitForText('Varje handling behöver en länk som börjar med https://.');
    await h.fill('Handlingar: en per rad, "Titel https://…" (bara https)', 'Förslag till avtal https://samverkan.example.se/avtal.pdf');
    await h.clickButton('Skicka remissen');
    await h.waitForText(`Remiss ${id} är öppnad och publicerad i`);

    const answer = (who: string, position: string, text: string) =>
      h.answerRound(id, who, { position, text, body: 'Socialnämnden', date: '2026-09-14' });

    await h.openChat('General');
    await h.waitForText('0 av 13 har svarat', { within: id });
    await answer('Eksjö', 'Tillstyrker med synpunkter', 'Nämnden tillstyrker, med synpunkter om kostnaderna.');
    await h.waitForText('1 av 13 har svarat', { within: id });
    await answer('Jönköping', 'Avstyrker', 'Socialnämnden avstyrker: staden har en egen enhet.');
    const summary = await h.waitForText('2 av 13 har svarat', { within: id });
    await h.waitForText('Tillstyrker med synpunkter', { within: id });
    await h.waitForText('Avstyrker', { within: id });
    const jonkoping = await h.waitForText('Johan Berg (socialchef', { within: id });
    // The card's top, with the summary and the first rows of the table, for the person looking at the run.
    await summary.scrollIntoViewIfNeeded();
    await h.screenshot('consultation-answered');
    await jonkoping.scrollIntoViewIfNeeded();
    await h.screenshot('consultation-rows');

    const store = await readStoreFiles(h.storeFile);
    expect(store.consultationAnswers.map((a: { memberId: string; position?: string; personId: string }) => `${a.memberId}:${a.position}:${a.personId}`)).toEqual([
      'eksjo:approveWithComments:chief-eksjo',
      'jonkoping:reject:chief-jonkoping',
    ]);
  });
});
