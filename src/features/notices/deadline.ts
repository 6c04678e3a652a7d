import { deadlineReminderDue } from '../../domain/notices.js';
import { answersOpen } from '../../domain/participation.js';
import { hasEnded } from '../../domain/project-life.js';
import { addWorkingDays, workingDayAt } from '../../domain/workdays.js';
import type { ProposalRecord } from '../../store/schema.js';
import type { AppContext } from '../context.js';
import { PRESS_WAIT_MS } from '../kit/outbox.js';
import { statusOf, viabilityOf } from '../proposals/index.js';
import { noticePosts } from './posts.js';

/** When a proposal's answer deadline reminder is due: N Swedish working days before its last day, at the configured time. */
export function deadlineReminderAt(ctx: AppContext, proposal: ProposalRecord): Date {
  const { workingDaysBefore, time } = ctx.partnership.notices.answerDeadlineSoon;
  return workingDayAt(addWorkingDays(proposal.answerDeadline, -workingDaysBefore), time, ctx.partnership.timeZone);
}

/**
 * The reminder before the answer deadline, to those who may answer for each municipality that has not
 * answered: personally, or named in the channel. The ledger of notices keeps each person to one
 * reminder per deadline, whatever runs again; after downtime past the deadline none is sent.
 */
export async function sendDeadlineReminders(ctx: AppContext): Promise<string[]> {
  const now = ctx.clock.now();
  const reminded: string[] = [];
  for (const proposal of ctx.repo.proposals()) {
    if (!answersOpen(proposal.answerDeadline, now, ctx.partnership.timeZone)) continue;
    const viability = viabilityOf(ctx, proposal);
    const status = statusOf(ctx, proposal, viability);
    if (hasEnded(status) || !viability.unanswered.length) continue;
    const due = deadlineReminderAt(ctx, proposal);
    if (!deadlineReminderDue({ due, createdAt: new Date(proposal.createdAt), now, open: viability.answersOpen })) continue;
    const posts = noticePosts(ctx, { kind: 'answerDeadlineSoon', proposal, waiting: viability.unanswered });
    if (!posts.length) continue;
    const ids = await ctx.repo.enqueue(posts, now);
    if (!ids.length) continue;
    ctx.log.info({ proposalId: proposal.id, waiting: viability.unanswered, posts: ids.length }, 'answer deadline reminders owed');
    reminded.push(proposal.id);
    await ctx.outbox.deliver(ids, PRESS_WAIT_MS);
  }
  return reminded;
}
