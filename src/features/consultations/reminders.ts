import { authorize } from '../../domain/authorization.js';
import { remindersDue } from '../../domain/consultation.js';
import { escapeMarkdown } from '../../domain/text.js';
import { messages } from '../../i18n/index.js';
import type { PostRequest } from '../../store/port.js';
import type { AppContext } from '../context.js';
import { PRESS_WAIT_MS } from '../kit/outbox.js';
import { memberName } from '../kit/views.js';
import { channelOf } from './rounds.js';
import { texts } from './texts.js';

/**
 * Reminds the members of open rounds that have not answered, on the partnership's reminder days
 * (decisionReminders: N Swedish working days before the answer date, at its time): one summary in the
 * round's channel, and a personal one, with the card, to each of the member's answerers who has a
 * personal chat with the bot. A member with an extension is reminded before its own date. The steps
 * are marked in the store in the same write that takes the posts, so a restart never repeats one;
 * after downtime the steps passed meanwhile are sent once.
 */
export async function sendConsultationReminders(ctx: AppContext): Promise<string[]> {
  const now = ctx.clock.now();
  const tz = ctx.partnership.timeZone;
  const shared = texts(messages(ctx.partnership.locale));
  const sent: string[] = [];
  for (const round of ctx.repo.consultations()) {
    if (round.closed) continue;
    for (const due of remindersDue(round, ctx.repo.consultationAnswers(round.id), ctx.partnership.decisionReminders, now, tz)) {
      const subject = escapeMarkdown(round.subject);
      const posts: PostRequest[] = [];
      for (const memberId of due.members) {
        // Those who may answer for the member: the same rule the answer handler asks (coordinators are not reminded).
        for (const person of ctx.partnership.people.filter((p) => authorize(p, 'answerConsultation', { memberId }).ok)) {
          const chat = ctx.repo.personalChat(person.aadObjectId);
          if (!chat) {
            ctx.log.warn({ consultationId: round.id, memberId, aadObjectId: person.aadObjectId }, 'no personal chat with this answerer yet: consultation reminder not delivered personally');
            continue;
          }
          const text = texts(messages(person.locale ?? ctx.partnership.locale)).reminderPersonal(round.id, subject, due.date, memberName(ctx, memberId));
          posts.push({ conversationId: chat, post: { kind: 'text', text } }, { conversationId: chat, post: { kind: 'consultationCard', consultationId: round.id, track: false } });
        }
      }
      const channel = channelOf(ctx, round) ?? round.originConversationId;
      if (channel)
        posts.push({ conversationId: channel, post: { kind: 'text', text: shared.reminderChannel(round.id, subject, due.date, due.members.map((id) => memberName(ctx, id))) } });
      const postIds = await ctx.repo.markConsultationRemindersSent({ consultationId: round.id, date: due.date, steps: due.steps, now, posts });
      if (!postIds) continue;
      await ctx.outbox.deliver(postIds, PRESS_WAIT_MS);
      ctx.log.info({ consultationId: round.id, date: due.date, steps: due.steps, waiting: due.members.length }, 'consultation reminders sent');
      sent.push(round.id);
    }
  }
  return sent;
}
