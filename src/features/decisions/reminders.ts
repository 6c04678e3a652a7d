import { escapeMarkdown } from '../../domain/text.js';
import { authorize } from '../../domain/authorization.js';
import { formatLocalDateTime, localDate } from '../../domain/calendar.js';
import { addWorkingDays, workingDayAt } from '../../domain/workdays.js';
import { messages } from '../../i18n/index.js';
import type { DecisionRecord } from '../../store/schema.js';
import type { AppContext } from '../context.js';
import { bodyMessages, chiefsChannelId, tallyOf } from './decisions.js';
import { memberName } from '../kit/views.js';
import { PRESS_WAIT_MS } from '../kit/outbox.js';
import type { PostRequest } from '../../store/port.js';

/** When each reminder step of a decision is due: N Swedish working days before its closing day, at the configured time. */
export function reminderSchedule(ctx: AppContext, decision: DecisionRecord): { step: number; due: Date }[] {
  const { workingDaysBefore, time } = ctx.partnership.decisionReminders;
  const tz = ctx.partnership.timeZone;
  const closingDay = localDate(new Date(decision.closesAt), tz);
  return workingDaysBefore
    .map((step) => ({ step, due: workingDayAt(addWorkingDays(closingDay, -step), time, tz) }))
    // A step that was already past when the decision was opened is not a reminder anyone needs.
    .filter((r) => r.due.getTime() < Date.parse(decision.closesAt) && r.due.getTime() > Date.parse(decision.createdAt));
}


/**
 * Sends the due reminders of open decisions: a personal one to the chief (and deputy) of each
 * municipality still without a voice, and one summary to the social chiefs' channel. Steps are
 * marked in the store before sending, so a restart never repeats them; after downtime only the
 * latest due step is sent, once.
 */
export async function sendDecisionReminders(ctx: AppContext): Promise<string[]> {
  const now = ctx.clock.now();
  const m = messages(ctx.partnership.locale);
  const tz = ctx.partnership.timeZone;
  const sent: string[] = [];
  for (const decision of ctx.repo.decisions()) {
    const tally = tallyOf(ctx, decision);
    if (tally.status !== 'open' || tally.waiting.length === 0) continue;
    const due = reminderSchedule(ctx, decision).filter(
      (r) => r.due.getTime() <= now.getTime() && !decision.remindersSent.some((s) => s.step === r.step && s.closesAt === decision.closesAt),
    );
    if (!due.length) continue;
    const closes = formatLocalDateTime(decision.closesAt, tz);
    const posts: PostRequest[] = [];
    for (const memberId of tally.waiting) {
      const referred = tally.referred.includes(memberId);
      // Those who may cast the municipality's voice: the same rule the vote handler asks.
      const people = ctx.partnership.people.filter((p) => authorize(p, 'vote', { memberId }).ok);
      for (const person of people) {
        const chat = ctx.repo.personalChat(person.aadObjectId);
        if (!chat) {
          ctx.log.warn({ decisionId: decision.id, memberId, aadObjectId: person.aadObjectId }, 'no personal chat with this chief yet: reminder not delivered personally');
          continue;
        }
        const text = bodyMessages(ctx, messages(person.locale ?? ctx.partnership.locale)).decision.reminderPersonal(decision.id, escapeMarkdown(decision.question), closes, memberName(ctx, memberId), referred);
        posts.push({ conversationId: chat, post: { kind: 'text', text } }, { conversationId: chat, post: { kind: 'decisionCard', decisionId: decision.id, track: false } });
      }
    }
    const channel = chiefsChannelId(ctx) ?? decision.originConversationId;
    if (channel)
      posts.push({
        conversationId: channel,
        post: { kind: 'text', text: m.decision.reminderChannel(decision.id, escapeMarkdown(decision.question), closes, tally.waiting.map((id) => memberName(ctx, id))) },
      });
    const postIds = await ctx.repo.markRemindersSent(decision.id, due.map((r) => r.step), decision.closesAt, now, posts);
    if (!postIds) continue;
    await ctx.outbox.deliver(postIds, PRESS_WAIT_MS);
    ctx.log.info({ decisionId: decision.id, steps: due.map((r) => r.step), waiting: tally.waiting.length }, 'decision reminders sent');
    sent.push(decision.id);
  }
  return sent;
}
