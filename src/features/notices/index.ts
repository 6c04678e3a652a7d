import { z } from 'zod/v4';
import type { CommandSpec, Feature } from '../feature.js';
import { cardActivity } from '../kit/views.js';
import { sendDeadlineReminders } from './deadline.js';
import { handleToggle, prefsCard, TOGGLE_VERB } from './prefs.js';
import { registerNoticePosts } from './render.js';
import { texts } from './texts.js';

/**
 * Personal notices (issue #16): the bot tells each person what waits for them or concerns them, once,
 * in their personal chat with it, or names them with a mention in the channel where it cannot write
 * to them. The feature where an event happens asks `noticePosts` for the posts and enqueues them in
 * the write that records the event.
 */

const Prefs = z.object({ kind: z.literal('notices') });

const prefs: CommandSpec<z.infer<typeof Prefs>> = {
  kind: 'notices',
  schema: Prefs,
  recognise: ({ folded }) => (/^(aviseringar|notiser|notices|notifications)$/.test(folded) ? { kind: 'notices' } : undefined),
  help: (m) => texts(m).help,
  run: async (ctx, context, actor) => void (await context.sendActivity(cardActivity(prefsCard(ctx, actor), texts(actor.m).prefs.heading))),
};

export const notices = {
  name: 'notices',
  commands: [prefs],
  cardVerbs: [{ verb: TOGGLE_VERB, handle: handleToggle }],
  jobs: [{ name: 'answer deadline reminders', run: sendDeadlineReminders }],
  setup: (ctx) => registerNoticePosts(ctx),
} satisfies Feature;

export { noticeEventOf, noticePosts, sendNotices, type NoticeInput, type PostDraft } from './posts.js';
export { registerNoticeCard, type NoticeCardDrawer } from './render.js';
