import { escapeMarkdown } from '../domain/text.js';
import { messages } from '../i18n/index.js';
import { markInfeasibleNotified, networkChannel } from '../store/repository.js';
import type { AppContext } from '../teams/context.js';
import { refreshPostedCards, viabilityOf } from '../teams/views.js';
import { sweepDecisions } from '../teams/decisions.js';
import { PRESS_WAIT_MS } from '../teams/outbox.js';
import type { PostRequest } from '../store/outbox.js';
import { sendDecisionReminders } from './decision-reminders.js';
import { sendReportReminders } from './report-reminders.js';

/**
 * When a proposal's answer deadline passes without enough participants it is not feasible: its
 * cards lose their buttons and its channel is told, once. The mark is stored before the post, so
 * a restart never tells twice.
 */
export async function sweepDeadlines(ctx: AppContext): Promise<string[]> {
  const m = messages(ctx.partnership.locale);
  const told: string[] = [];
  for (const proposal of ctx.store.data.proposals) {
    if (proposal.infeasibleNotifiedAt) continue;
    const viability = viabilityOf(ctx, proposal);
    if (viability.status !== 'notFeasible') continue;
    const where = networkChannel(ctx.store.data, proposal.networkId)?.id ?? proposal.originConversationId;
    const line = m.proposal.notFeasibleLine(proposal.answerDeadline, viability.participants.length, ctx.partnership.minParticipants);
    const posts: PostRequest[] = where ? [{ conversationId: where, post: { kind: 'text', text: m.infeasible(proposal.id, escapeMarkdown(proposal.title), line) } }] : [];
    const postIds = await markInfeasibleNotified(ctx.store, proposal.id, ctx.clock.now(), posts);
    if (!postIds) continue;
    told.push(proposal.id);
    ctx.log.info({ proposalId: proposal.id }, 'proposal not feasible: deadline passed without enough participants');
    await refreshPostedCards(ctx, proposal.id);
    await ctx.outbox.deliver(postIds, PRESS_WAIT_MS);
  }
  return told;
}

/** Runs the sweep now and then every `seconds`; returns a stop function. Never overlaps itself. */
export function startDeadlineSweeper(ctx: AppContext, seconds: number): { stop: () => void; lastRun: () => Date | undefined; firstRun: Promise<void> } {
  let running = false;
  let lastRun: Date | undefined;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      // Posts whose retry is due go out even when nothing else happens.
      ctx.outbox.kick();
      await sweepDeadlines(ctx);
      await sweepDecisions(ctx);
      await sendDecisionReminders(ctx);
      await sendReportReminders(ctx);
      lastRun = new Date();
    } catch (err) {
      ctx.log.error({ err: (err as Error).message }, 'deadline sweep failed; will try again');
    } finally {
      running = false;
    }
  };
  // Never rejects: a failed sweep is logged above.
  const firstRun = tick();
  const timer = setInterval(() => void tick(), seconds * 1000);
  timer.unref();
  return { stop: () => clearInterval(timer), lastRun: () => lastRun, firstRun };
}
