import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CLOCK, DEMO_YEAR, startHarness, type Harness } from './harness.js';
import { readStoreFiles } from '../../src/store/store.js';

/**
 * A project's life in the local Teams client: a project that asks for joint funds runs from BG1
 * ("Pågår"), and its plan (BG2) waits for the consensus decision on the money, with no approve
 * button; the fee of a year whose index is not confirmed reads as preliminary.
 */
describe('a project lives, and its joint funds block the plan, in the local Teams client', { timeout: 240_000 }, () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness({ name: 'project-life', botEnv: { ...DEMO_CLOCK } });
  }, 180_000);

  afterAll(async () => {
    await h?.stop();
  });

  async function passGate(id: string, title: string) {
    await h.send('agera som mig');
    await h.waitForText('Du agerar nu som dig själv igen.');
    await h.clickButton('Lämna in för beslut', { within: id });
    await h.fill('Dokumentets titel', title, { within: id });
    await h.fill('Länk till dokumentet (https)', 'https://samverkan.example.se/dokument.docx', { within: id });
    await h.clickButton('Lämna in för beslut', { within: 'Dokumentets titel' });
    await h.waitForText('väntar på beslut', { within: id });
    await h.send('agera som Erik Sjöberg');
    await h.waitForText('Du agerar nu som Erik Sjöberg');
  }

  it('Pågår from BG1; BG2 waits for the joint-funds decision; fördelning 2027 is preliminary', async () => {
    const id = `P-${DEMO_YEAR}-001`;
    await h.openChat('Personal Chat');
    await h.proposeThroughForm({
      Titel: 'Digital trygghet',
      'Bakgrund och syfte': 'Trygghetslarm i hela länet.',
      'Regionalt värde': 'En upphandling för alla',
      Nätverk: 'Äldreomsorg',
      'Gemensamma medel söks': true,
      'Belopp gemensamma medel (kr)': '150000',
    });
    await h.waitForText(`Förslaget ${id} är publicerat här.`);
    for (const who of ['Eksjö', 'Jönköping']) {
      await h.send(`agera som ${who}`);
      await h.waitForText('Du agerar nu som');
      await h.clickButton('Vi deltar', { within: id });
    }
    await h.waitForText('Kan starta', { within: id });

    await passGate(id, 'Projektdirektiv');
    await h.clickButton('Godkänn grind', { within: id });
    await h.waitForText(/✔ BG0 Projektdirektiv — godkänd/, { within: id });
    await passGate(id, 'Förstudierapport');
    await h.clickButton('Godkänn grind', { within: id });
    await h.waitForText(/✔ BG1 Förstudierapport — godkänd/, { within: id });
    await h.waitForText('Pågår', { within: id });
    await h.waitForText('Projektet pågår med 2 deltagande kommuner.', { within: id });

    await passGate(id, 'Projektplan');
    await h.waitForText('BG2 väntar på beslutet om gemensamma medel: begär det med knappen Begär beslut om gemensamma medel.', { within: id });
    // The plan can be sent back, not approved, while it waits for the money.
    const card = h.main.cards.filter({ hasText: 'BG2 väntar på beslutet om gemensamma medel' }).last();
    // Waits for the card as drawn with the pending gate (a refresh may be re-drawing it).
    await card.getByRole('button', { name: 'Återremittera' }).waitFor({ timeout: 20_000 });
    await card.getByText('BG2 väntar på beslutet om gemensamma medel').scrollIntoViewIfNeeded();
    expect(await card.getByRole('button', { name: 'Godkänn grind' }).count()).toBe(0);
    await h.screenshot('bg2-waits-for-joint-funds');

    await h.send('fördelning 2027');
    // The reply itself (an earlier card in the conversation may say "Preliminärt" too).
    const preliminary = await h.waitForText('Preliminärt: indexuppräkningen för 2027 är inte fastställd.');
    await preliminary.scrollIntoViewIfNeeded();
    await h.screenshot('allocation-2027-preliminary');

    const store = await readStoreFiles(h.storeFile);
    expect(store.gateEvents.filter((e: { kind: string }) => e.kind === 'approve').map((e: { gate?: string }) => e.gate)).toEqual(['BG0', 'BG1']);
  });
});
