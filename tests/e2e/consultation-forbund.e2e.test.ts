import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CLOCK, DEMO_YEAR, startHarness, type Harness } from './harness.js';
import { readStoreFiles } from '../../src/store/store.js';

/**
 * #17 item 5 in the local Teams client: the same code started with the samordningsförbund file
 * (`PARTNERSHIP_FILE`). The coordinator links General as the styrgrupp's channel and asks every
 * member — the 13 municipalities, the Region, Försäkringskassan and Arbetsförmedlingen; the Region
 * and Försäkringskassan answer by their representatives, and the card shows them among the 16; then
 * a consensus decision of the body, where Arbetsförmedlingen votes by its representative.
 */
describe('a consultation round of a samordningsförbund in the local Teams client', { timeout: 240_000 }, () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness({ name: 'consultation-forbund', botEnv: { ...DEMO_CLOCK, PARTNERSHIP_FILE: 'data/partnership.samordningsforbund.json' } });
  }, 180_000);

  afterAll(async () => {
    await h?.stop();
  });

  it('asks every member; the Region and Försäkringskassan answer, and the card shows them among the 16', async () => {
    const id = `R-${DEMO_YEAR}-001`;
    await h.linkChannel('General', 'Avstämningsgrupp/styrgrupp', 'koppla styrgrupp');

    await h.openChat('Personal Chat');
    await h.send('ny remiss');
    await h.waitForText('Ny remiss');
    await h.fill('Ärende', 'Gemensam handlingsplan för unga utanför arbetsmarknaden');
    await h.fill('Vad remissen gäller och vad medlemmarna ska ta ställning till', 'Ställer sig medlemmen bakom handlingsplanen?');
    await h.fill('Handlingar: en per rad, "Titel https://…" (bara https)', 'Handlingsplan https://samordning.example.se/handlingsplan.pdf');
    await h.fill('Tillfrågade', 'Alla medlemmar (16)');
    await h.fill('Svar senast', `${DEMO_YEAR}-10-15`);
    await h.fill('Sammanställningen går till', 'Medlemssamrådet');
    await h.clickButton('Skicka remissen');
    await h.waitForText(`Remiss ${id} är öppnad och publicerad i`);

    const answer = (who: string, position: string, text: string, body: string) => h.answerRound(id, who, { position, text, body, date: `${DEMO_YEAR}-09-14` });

    await h.openChat('General');
    await h.waitForText('0 av 16 har svarat', { within: id });
    await answer('Region Jönköpings län', 'Tillstyrker', 'Regionen tillstyrker handlingsplanen.', 'Regionstyrelsen');
    await h.waitForText('1 av 16 har svarat', { within: id });
    await answer('Försäkringskassan', 'Tillstyrker med synpunkter', 'Myndigheten tillstyrker; uppföljningen behöver egna medel.', 'Försäkringskassan, verksamhetsområde sjukförsäkring');
    const summary = await h.waitForText('2 av 16 har svarat', { within: id });
    await h.waitForText('Region Jönköpings län', { within: id });
    await h.waitForText('Arbetsförmedlingen', { within: id });
    await summary.scrollIntoViewIfNeeded();
    await h.screenshot('consultation-forbund-answered');
    const fk = await h.waitForText('Tillstyrker med synpunkter', { within: id });
    await fk.scrollIntoViewIfNeeded();
    await h.screenshot('consultation-forbund-rows');

    const store = await readStoreFiles(h.storeFile);
    expect(store.consultations.map((r: { asked: string[] }) => r.asked.length)).toEqual([16]);
    expect(store.consultationAnswers.map((a: { memberId: string; position?: string; personId: string }) => `${a.memberId}:${a.position}:${a.personId}`)).toEqual([
      'region-jonkopings-lan:approve:rep-region-jonkopings-lan',
      'forsakringskassan:approveWithComments:rep-forsakringskassan',
    ]);
  });

  it('every member votes in the body’s consensus decision: Arbetsförmedlingen approves by its representative', async () => {
    const id = `B-${DEMO_YEAR}-001`;
    await h.openChat('Personal Chat');
    await h.send('agera som mig');
    await h.waitForText('Du agerar nu som dig själv igen.');
    await h.send('nytt beslut');
    await h.waitForText('Nytt beslut i Avstämningsgrupp/styrgrupp');
    await h.waitForText('Alla medlemmar måste godkänna (konsensus).');
    await h.fill('Fråga att besluta', 'Budget 2027 för samordningsförbundet');
    await h.fill('Typ av beslut', 'Finansiering');
    await h.fill('Sista dag att rösta', `${DEMO_YEAR}-10-15`);
    await h.clickButton('Öppna beslut');
    await h.waitForText(`Beslut ${id} är öppnat i`);

    await h.send('agera som Arbetsförmedlingen');
    await h.waitForText('Du agerar nu som');
    await h.openChat('General');
    await h.waitForText('0 av 16 har godkänt', { within: id });
    await h.clickButton('Godkänn', { within: id });
    const tally = await h.waitForText('1 av 16 har godkänt — väntar på', { within: id });
    const row = await h.waitForText('(företrädare)', { within: id });
    await tally.scrollIntoViewIfNeeded();
    await row.scrollIntoViewIfNeeded();
    await h.screenshot('decision-forbund-voted');

    const store = await readStoreFiles(h.storeFile);
    expect(store.votes.map((v: { memberId: string; position: string; capacity: string }) => `${v.memberId}:${v.position}:${v.capacity}`)).toEqual(['arbetsformedlingen:approve:representative']);
  });
});
