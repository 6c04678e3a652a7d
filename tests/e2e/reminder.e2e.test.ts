import { afterAll, beforeAll, describe, it } from 'vitest';
import { startHarness, type Harness } from './harness.js';

/**
 * A report reminder posting itself in the local Teams client: the demo clock starts 20 seconds
 * before the first Q1 reminder (16 April 2026, 09:00 Stockholm), the coordinator links General as
 * the social chiefs' channel, and the card appears, addressed to the coordinators (the office owes
 * the report to the municipalities, domain rule 6). Eksjö's chief is refused "Klart"; the coordinator
 * gives the report's link and presses it; the chiefs are told in the channel.
 */
describe('report reminder in the local Teams client', { timeout: 240_000 }, () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness({ name: 'reminder', botEnv: { CLOCK_START: '2026-04-16T06:59:40Z', DEADLINE_SWEEP_SECONDS: '2' } });
  }, 180_000);

  afterAll(async () => {
    await h?.stop();
  });

  // Changed with #15: a chief's Klart on the Q1 report was recorded ("1 av 13 klara"); it is the office's report now.
  it('posts the Q1 reminder to the coordinators; a chief is refused, the coordinator marks it sent', async () => {
    await h.linkChannel('General', 'Socialchefsnätverket', 'koppla socialchefsnatverket');
    await h.waitForText('Påminnelse: Delårsrapport Q1 (2026 Q1)', { timeoutMs: 60_000 });
    await h.waitForText('Till samordnarna: Anna Lindqvist.', { within: 'Delårsrapport Q1' });

    await h.openChat('Personal Chat');
    await h.send('agera som Eksjö');
    await h.waitForText('Du agerar nu som Lars Holm (socialchef, Eksjö)');
    await h.openChat('General');
    await h.clickButton('Klart', { within: 'Delårsrapport Q1' });
    await h.waitForText('Bara samordnarna kan markera Delårsrapport Q1 som skickad.', { within: 'Delårsrapport Q1' });

    await h.openChat('Personal Chat');
    await h.send('agera som mig');
    await h.waitForText('Du agerar nu som dig själv igen.');
    await h.openChat('General');
    // The link goes without it here: on a card that answered a press in a channel, the local Teams
    // client sends no input values (the HTTP test gives the link, tests/integration/report-ownership).
    await h.clickButton('Klart', { within: 'Delårsrapport Q1' });
    await h.waitForText('Anna Lindqvist, 2026-04-16', { within: 'Påminnelse: Delårsrapport Q1' });
    await h.waitForText('är skickad till medlemskommunerna (markerad av Anna Lindqvist)');
    await h.screenshot('reminder-klart');
  });
});
