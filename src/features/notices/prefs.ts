import type { TurnContext } from 'botbuilder';
import { z } from 'zod/v4';
import { NOTICE_KINDS, type NoticeKind } from '../../domain/notices.js';
import { banner, card, execute, text, type AdaptiveCard, type CardElement } from '../../../cards/elements.js';
import type { AppContext } from '../context.js';
import { noticeCard, readPress } from '../kit/card-action.js';
import type { Actor } from '../kit/identity.js';
import { personalChatOf } from './posts.js';
import { texts } from './texts.js';

/** `aviseringar`: what the bot writes to a person personally, each kind with a button to turn it off or on. */

export const TOGGLE_VERB = 'notices.toggle';

const TogglePayload = z.object({ kind: z.enum(NOTICE_KINDS), on: z.boolean() });

export function prefsCard(ctx: AppContext, actor: Actor, notice?: { text: string; tone: 'good' | 'attention' }): AdaptiveCard {
  const t = texts(actor.m).prefs;
  const person = actor.person;
  if (!person) return card([text(t.heading, { size: 'Large', weight: 'Bolder' }), text(t.unknown)]);
  const off = ctx.repo.noticesOff(person.id);
  const deadline = ctx.partnership.notices.answerDeadlineSoon;
  // Stacked, not side by side: a button that says what it does is long, and a narrow client keeps it readable.
  const row = (kind: NoticeKind): CardElement => {
    const on = !off.includes(kind);
    return {
      type: 'Container',
      separator: true,
      spacing: 'Medium',
      items: [
        {
          type: 'ColumnSet',
          columns: [
            { type: 'Column', width: 'stretch', items: [text(t.kinds[kind])] },
            { type: 'Column', width: 'auto', items: [text(on ? t.on : t.off, { weight: 'Bolder', color: on ? 'Good' : 'Attention' })] },
          ],
        },
        { type: 'ActionSet', actions: [execute(on ? t.turnOff(t.short[kind]) : t.turnOn(t.short[kind]), TOGGLE_VERB, { kind, on: !on })] },
      ],
    };
  };
  return card([
    notice && banner(notice.text, notice.tone),
    text(t.heading, { size: 'Large', weight: 'Bolder' }),
    text(t.intro, { wrap: true }),
    text(personalChatOf(ctx, person) ? t.personal : t.noPersonal, { isSubtle: true }),
    ...NOTICE_KINDS.map(row),
    text(t.deadlineNote(deadline.workingDaysBefore, deadline.time, !deadline.confirmed), { isSubtle: true, size: 'Small' }),
  ]);
}

/** A toggle: the person is the one who pressed (never the card's data); the card comes back with the new state. */
export async function handleToggle(ctx: AppContext, _context: TurnContext, actor: Actor, data: unknown): Promise<AdaptiveCard> {
  const t = texts(actor.m).prefs;
  const read = readPress(ctx, actor, TOGGLE_VERB, { schema: TogglePayload, data, load: (p) => p, unknown: actor.m.answer.badRequest });
  if (read.refusal) return read.refusal;
  const { kind, on } = read.payload;
  if (!actor.person) {
    ctx.log.info({ aadObjectId: actor.aadObjectId, kind }, 'notice preference refused: not in the partnership file');
    return noticeCard(t.unknown);
  }
  const changed = await ctx.repo.setNoticeKind({ personId: actor.person.id, kind, on, now: ctx.clock.now() });
  ctx.log.info({ personId: actor.person.id, kind, on, changed }, 'notice preference set');
  return prefsCard(ctx, actor, { text: on ? t.turnedOn(t.kinds[kind]) : t.turnedOff(t.kinds[kind]), tone: 'good' });
}
