import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PARTNERSHIP_FILE, TestBot, channel, person, personalChat } from '../fixtures/bot.js';
import { cardText, type SentActivity } from '../fixtures/connector-stub.js';
import { sendReportReminders } from '../../src/features/reminders/schedule.js';

/*
 * Issue 15, item 7: what no agreement says (report dates, the fee's index from 2027) is shown as
 * preliminary until the partnership file confirms it.
 */

const anna = person('anna-lindqvist');
const annaChat = personalChat('anna');
const eksjo = person('chief-eksjo');
const eksjoChat = personalChat('e');
const CHIEFS = channel('19:socialchefsnatverket@thread.tacv2', 'Socialchefsnätverket');
const HOUR = 3600_000;
const kr = (n: number) => `${n.toLocaleString('sv-SE')} kr`;
const posts = (sent: SentActivity[]) => sent.filter((s) => s.method === 'POST');

const WHY = 'Datumet är preliminärt: det står inte i avtalet och är ännu inte fastställt.';

async function runUntil(bot: TestBot, iso: string, stepMs = 6 * HOUR) {
  const end = Date.parse(iso);
  while (bot.clock.now().getTime() < end) {
    bot.clock.advance(stepMs);
    await sendReportReminders(bot.ctx);
  }
}

/** The last card sent to a conversation, as JSON text. */
const lastCard = (bot: TestBot, conversationId: string) => cardText(bot.connector.to(conversationId).at(-1));

describe('the shipped file: assumptions show as preliminary', () => {
  let bot: TestBot;
  beforeEach(async () => {
    bot = await new TestBot('2026-04-01T08:00:00Z').start();
  });
  afterEach(async () => {
    await bot.stop();
  });

  it('fördelning 2027 and 2028 say the index is not confirmed; 2026 (the agreement’s base) stays final', async () => {
    await bot.say(eksjo, eksjoChat, 'fördelning 2027');
    const y2027 = lastCard(bot, eksjoChat.id);
    expect(y2027).toContain('Preliminärt: indexuppräkningen för 2027 är inte fastställd.');
    expect(y2027).toContain(`${kr(6_417_000)} (preliminärt)`);

    await bot.say(eksjo, eksjoChat, 'fördelning 2028');
    expect(lastCard(bot, eksjoChat.id)).toContain('Preliminärt: indexuppräkningen för 2027 och 2028 är inte fastställd.');

    await bot.say(eksjo, eksjoChat, 'fördelning 2026');
    const y2026 = lastCard(bot, eksjoChat.id);
    expect(y2026).toContain('Fördelning av den gemensamma avgiften 2026');
    expect(y2026).toContain(kr(6_200_000));
    expect(y2026.toLowerCase()).not.toContain('preliminär');
  });

  it('påminnelser marks each preliminary deadline and says why', async () => {
    await bot.say(eksjo, eksjoChat, 'påminnelser');
    const list = bot.connector.texts(eksjoChat.id).at(-1)!;
    expect(list).toContain('**Delårsrapport Q1** (2026 Q1) — sista dag 2026-04-30 (preliminärt); påminnelser');
    expect(list).toContain('**Kvartalsavgift i förskott** (2026 Q3) — sista dag 2026-06-16 (preliminärt)');
    expect(list).toContain('Preliminärt: datumet står inte i avtalet och är ännu inte fastställt.');
  });

  it('a reminder card says its deadline is preliminary and why; the follow-up marks it too', async () => {
    await bot.install(CHIEFS);
    await bot.say(anna, CHIEFS, 'koppla socialchefsnatverket');
    bot.connector.clear();
    await runUntil(bot, '2026-04-16T12:00:00Z'); // Q1 report: first step 10 working days before 30 April
    const q1 = posts(bot.connector.to(CHIEFS.id)).find((s) => cardText(s).includes('Delårsrapport Q1'))!;
    expect(cardText(q1)).toContain('"value":"2026-04-30 (preliminärt)"');
    expect(cardText(q1)).toContain(WHY);

    await runUntil(bot, '2026-04-27T12:00:00Z'); // the 3-day step: a follow-up text
    const followUp = bot.connector.texts(CHIEFS.id).filter((t) => t.includes('Delårsrapport Q1')).at(-1)!;
    expect(followUp).toContain('sista dag 2026-04-30 (preliminärt)');

    // A coordinator's preview shows the same.
    await bot.say(anna, annaChat, 'påminnelser förhandsvisa network-survey');
    expect(lastCard(bot, annaChat.id)).toContain(WHY);
  });
});

describe('a partnership file that confirms its values', () => {
  let dir: string;
  let bot: TestBot;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  async function startWith(change: (raw: any) => void): Promise<TestBot> {
    const raw = JSON.parse(await readFile(PARTNERSHIP_FILE, 'utf8'));
    change(raw);
    const file = join(dir, 'partnership.json');
    await writeFile(file, JSON.stringify(raw, null, 2));
    // Assigned before start, so that afterEach stops its connector also when the file is refused.
    bot = new TestBot('2026-04-01T08:00:00Z');
    return bot.start({ env: { PARTNERSHIP_FILE: file } });
  }
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'samverkan-partnership-'));
  });
  afterEach(async () => {
    await bot.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('shows no "preliminärt" in påminnelser, on reminder cards or in fördelning 2027', async () => {
    await startWith((raw) => {
      for (const rule of raw.reportReminders) Object.assign(rule.deadline, { confirmed: true, source: 'Socialchefsnätverket 2026-02-12 § 4' });
      raw.fee.index['2027'] = { factor: 1.035, confirmed: true, source: 'SKR, prisindex för kommunal verksamhet 2027' };
    });
    await bot.say(eksjo, eksjoChat, 'påminnelser');
    const list = bot.connector.texts(eksjoChat.id).at(-1)!;
    expect(list).toContain('**Delårsrapport Q1** (2026 Q1) — sista dag 2026-04-30; påminnelser');
    expect(list.toLowerCase()).not.toContain('preliminär');

    await bot.install(CHIEFS);
    await bot.say(anna, CHIEFS, 'koppla socialchefsnatverket');
    bot.connector.clear();
    await runUntil(bot, '2026-04-16T12:00:00Z');
    const q1 = posts(bot.connector.to(CHIEFS.id)).find((s) => cardText(s).includes('Delårsrapport Q1'))!;
    expect(cardText(q1)).toContain('"value":"2026-04-30"');
    expect(cardText(q1).toLowerCase()).not.toContain('preliminär');

    await bot.say(eksjo, eksjoChat, 'fördelning 2027');
    const y2027 = lastCard(bot, eksjoChat.id);
    expect(y2027).toContain(kr(6_417_000));
    expect(y2027.toLowerCase()).not.toContain('preliminär');
    // 2028 still rests on the unconfirmed 2028 factor, and says only that.
    await bot.say(eksjo, eksjoChat, 'fördelning 2028');
    expect(lastCard(bot, eksjoChat.id)).toContain('Preliminärt: indexuppräkningen för 2028 är inte fastställd.');
  });

  it('an older file (plain index numbers, no marks) reads as unconfirmed: preliminary, not final', async () => {
    await startWith((raw) => {
      for (const rule of raw.reportReminders) {
        delete rule.deadline.confirmed;
        delete rule.deadline.source;
      }
      delete raw.fee.baseConfirmed;
      delete raw.fee.baseSource;
      raw.fee.index = { '2027': 1.035, '2028': 1.03 };
    });
    await bot.say(eksjo, eksjoChat, 'fördelning 2027');
    const y2027 = lastCard(bot, eksjoChat.id);
    expect(y2027).toContain(kr(6_417_000));
    expect(y2027).toContain('Preliminärt: grundbeloppet för 2026 är inte fastställt och indexuppräkningen för 2027 är inte fastställd.');
    await bot.say(eksjo, eksjoChat, 'påminnelser');
    expect(bot.connector.texts(eksjoChat.id).at(-1)).toContain('sista dag 2026-04-30 (preliminärt)');
  });
});
