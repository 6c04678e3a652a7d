import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CLOCK, DEMO_YEAR, startHarness, type Harness } from './harness.js';
import { readStoreFiles } from '../../src/store/store.js';

/** Numbers carry the year the bot runs in: its demo clock's. */
const YEAR = DEMO_YEAR;

/**
 * One gate of projektstegen in the local Teams client: a project that can start, its contact person
 * submits the BG0 document and may not decide it, a member of the owning group from a participating
 * municipality approves.
 */
describe('a project gate in the local Teams client', { timeout: 240_000 }, () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness({ name: 'gate', botEnv: { ...DEMO_CLOCK } });
  }, 180_000);

  afterAll(async () => {
    await h?.stop();
  });

  it('submits BG0 and passes it, and the card shows the ladder', async () => {
    const id = `P-${YEAR}-001`;
    await h.openChat('Personal Chat');
    await h.proposeThroughForm({ Titel: 'Trygg hemgång', 'Bakgrund och syfte': 'Många återinläggs.', 'Regionalt värde': 'Gemensam modell', Nätverk: 'Äldreomsorg' });
    await h.waitForText(`Förslaget ${id} är publicerat här.`);
    for (const who of ['Eksjö', 'Jönköping']) {
      await h.send(`agera som ${who}`);
      await h.waitForText(`Du agerar nu som`);
      await h.clickButton('Vi deltar', { within: id });
    }
    await h.waitForText('Kan starta', { within: id });
    await h.send('agera som mig');
    await h.waitForText('Du agerar nu som dig själv igen.');

    await h.clickButton('Lämna in för beslut', { within: id });
    await h.fill('Dokumentets titel', 'Projektdirektiv Trygg hemgång', { within: id });
    await h.fill('Länk till dokumentet (https)', 'https://samverkan.example.se/bg0.docx', { within: id });
    await h.clickButton('Lämna in för beslut', { within: 'Dokumentets titel' });
    await h.waitForText('BG0 Projektdirektiv — väntar på beslut', { within: id });

    // Four eyes (issue 15 item 4): the coordinator who submitted does not decide; the owning group does.
    await h.clickButton('Godkänn grind', { within: id });
    await h.waitForText('Samordnare lämnar in grinddokument och kan avbryta projektet, men beslutar inte om grindar', { within: id });

    await h.send('agera som Erik Sjöberg');
    await h.waitForText('Du agerar nu som Erik Sjöberg');
    await h.clickButton('Godkänn grind', { within: id });
    await h.waitForText(/✔ BG0 Projektdirektiv — godkänd .* av Erik Sjöberg/, { within: id });
    await h.screenshot('gate-passed');

    const store = await readStoreFiles(h.storeFile);
    expect(store.gateEvents.map((e: { kind: string; gate?: string }) => `${e.kind}:${e.gate}`)).toEqual(['submit:BG0', 'approve:BG0']);
  });
});
