import { afterAll, beforeAll, describe, it } from 'vitest';
import { startHarness, type Harness } from './harness.js';

/**
 * A report reminder posting itself in the local Teams client: the demo clock starts 20 seconds
 * before the first Q1 reminder (16 April 2026, 09:00 Stockholm), the coordinator links General as
 * the social chiefs' channel, the card appears, and "Klart" as Eksjö updates it.
 */
describe('report reminder in the local Teams client', { timeout: 240_000 }, () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness({ name: 'reminder', botEnv: { CLOCK_START: '2026-04-16T06:59:40Z', DEADLINE_SWEEP_SECONDS: '2' } });
  }, 180_000);

  afterAll(async () => {
    await h?.stop();
  });

  it('posts the Q1 reminder in the channel and Klart updates it', async () => {
    await h.openChat('General');
    await h.send('koppla socialchefsnatverket');
    await h.waitForText('Kanalen är nu kopplad till nätverket Socialchefsnätverket');
    await h.waitForText('Påminnelse: Delårsrapport Q1 (2026 Q1)', { timeoutMs: 60_000 });
    await h.waitForText('0 av 13 klara', { within: 'Delårsrapport Q1' });

    await h.openChat('Personal Chat');
    await h.send('agera som Eksjö');
    await h.waitForText('Du agerar nu som Lars Holm (socialchef, Eksjö)');
    await h.openChat('General');
    await h.clickButton('Klart', { within: 'Delårsrapport Q1' });
    await h.waitForText('1 av 13 klara', { within: 'Delårsrapport Q1' });
    await h.waitForText('Lars Holm, 2026-04-16', { within: 'Delårsrapport Q1' });
    await h.screenshot('reminder-klart');
  });
});
