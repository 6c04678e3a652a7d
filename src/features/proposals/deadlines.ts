import { escapeMarkdown } from '../../domain/text.js';
import { owningNetworkOf } from '../../domain/portfolio.js';
import { messages } from '../../i18n/index.js';
import type { AppContext } from '../context.js';
import { refreshPostedCards, viabilityOf } from './views.js';
import { PRESS_WAIT_MS } from '../kit/outbox.js';
import type { PostRequest } from '../../store/port.js';

/**
 * When a proposal's answer deadline passes without enough participants it is not feasible: its
 * cards lose their buttons and its channel is told, once. The mark is stored before the post, so
 * a restart never tells twice.
 */
export async function sweepDeadlines(ctx: AppContext): Promise<string[]> {
  const m = messages(ctx.partnership.locale);
  const told: string[] = [];
  for (const proposal of ctx.repo.proposals()) {
    if (proposal.infeasibleNotifiedAt) continue;
    const viability = viabilityOf(ctx, proposal);
    if (viability.status !== 'notFeasible') continue;
    const owner = owningNetworkOf(proposal, ctx.partnership.networks) ?? proposal.networkId;
    const where = ctx.repo.networkChannel(owner)?.id ?? proposal.originConversationId;
    const line = m.proposal.notFeasibleLine(proposal.answerDeadline, viability.participants.length, ctx.partnership.minParticipants);
    const posts: PostRequest[] = where ? [{ conversationId: where, post: { kind: 'text', text: m.infeasible(proposal.id, escapeMarkdown(proposal.title), line) } }] : [];
    const postIds = await ctx.repo.markInfeasibleNotified(proposal.id, ctx.clock.now(), posts);
    if (!postIds) continue;
    told.push(proposal.id);
    ctx.log.info({ proposalId: proposal.id }, 'proposal not feasible: deadline passed without enough participants');
    await refreshPostedCards(ctx, proposal.id);
    await ctx.outbox.deliver(postIds, PRESS_WAIT_MS);
  }
  return told;
}
