import type { TurnContext } from 'botbuilder';
import { addCalendarDays } from '../../domain/calendar.js';
import { z } from 'zod/v4';
import { authorize } from '../../domain/authorization.js';
import { LEAVE_MAX_DAYS_AHEAD, pendingLeaves, REASON_MAX, type ChangeRefusal, type ParticipationChange } from '../../domain/join-leave.js';
import { PROPOSAL_NUMBER } from '../../domain/proposal.js';
import { isLive } from '../../domain/project-life.js';
import { participantsNow } from '../../domain/participation.js';
import { cleanText, escapeMarkdown } from '../../domain/text.js';
import { messages, type Messages } from '../../i18n/index.js';
import type { PostRequest } from '../../store/port.js';
import type { ProposalRecord } from '../../store/schema.js';
import { JOIN_VERB, LEAVE_VERB, proposalCard } from '../../../cards/proposal.js';
import type { AdaptiveCard } from '../../../cards/elements.js';
import type { AppContext } from '../context.js';
import type { CardVerb } from '../feature.js';
import { readPress } from '../kit/card-action.js';
import type { Actor } from '../kit/identity.js';
import { PRESS_WAIT_MS } from '../kit/outbox.js';
import { replayRefusal } from '../kit/replay.js';
import { answeredInPlace, inBackground, memberName, today } from '../kit/views.js';
import { noticePosts, sendNotices } from '../notices/index.js';
import { texts } from './texts.js';
import { proposalView, refreshPostedCards, sharedProposalActivity, standingOf, statusOf, viabilityOf } from './views.js';

/**
 * Gå med / Lämna (rule 8): after the answer deadline a municipality's representative joins a project
 * that can start or runs, or leaves it with a reason and a date. The municipality is always the
 * presser's own (from the activity); a payload naming another one is refused.
 */

const Ref = z.object({ proposalId: z.string().regex(PROPOSAL_NUMBER), memberId: z.string().max(100).optional() });
const LeavePayload = Ref.extend({ from: z.string().max(40).default(''), reason: z.string().max(20_000).default('') });

function refusalText(ctx: AppContext, m: Messages, proposal: ProposalRecord, memberId: string, reason: ChangeRefusal): string {
  const t = texts(m).refused;
  const member = memberName(ctx, memberId);
  const history = ctx.repo.answersOf(proposal.id);
  const pending = pendingLeaves(history, ctx.clock.now()).get(memberId)?.effectiveFrom ?? '';
  const day = today(ctx);
  switch (reason) {
    case 'answersOpen':
      return t.answersOpen(proposal.answerDeadline);
    case 'alreadyParticipating':
    case 'notParticipating':
      return t[reason](member);
    case 'leaving':
    case 'alreadyLeaving':
      return t[reason](member, pending);
    case 'reasonTooLong':
      return t.reasonTooLong(REASON_MAX);
    case 'pastDate':
      return t.pastDate(day);
    case 'beforeJoin':
      return t.beforeJoin(history.findLast((r) => r.memberId === memberId && r.kind === 'join')?.effectiveFrom ?? '');
    case 'tooFarAhead':
      return t.tooFarAhead(addCalendarDays(day, LEAVE_MAX_DAYS_AHEAD));
    default:
      return t[reason];
  }
}

async function handleChange(ctx: AppContext, context: TurnContext, actor: Actor, data: unknown, change: ParticipationChange): Promise<AdaptiveCard> {
  const { m } = actor;
  const t = texts(m);
  const verb = change === 'join' ? JOIN_VERB : LEAVE_VERB;
  const read = readPress(ctx, actor, verb, { schema: LeavePayload, data, load: (p) => ctx.repo.proposal(p.proposalId), unknown: t.refused.unknownProposal });
  if (read.refusal) return read.refusal;
  const { payload, record: proposal } = read;
  const withNotice = (text: string, tone: 'good' | 'attention' | 'warning') =>
    proposalCard(m, proposalView(ctx, m, ctx.repo.proposal(proposal.id) ?? proposal, { text, tone }, undefined, actor.person?.member));
  const memberId = payload.memberId ?? actor.person?.member ?? '';
  // The same people who answer for their municipality before the deadline (socialchef, ersättare, nätverksledamot).
  const allowed = authorize(actor.person, 'answer', { memberId, networkId: proposal.networkId, ownerNetworkId: proposal.ownerNetworkId });
  if (!allowed.ok) {
    ctx.log.info({ aadObjectId: actor.aadObjectId, proposalId: proposal.id, change, reason: allowed.reason }, 'participation change refused');
    return withNotice(t.access[allowed.reason], 'attention');
  }
  const from = change === 'leave' ? payload.from.trim() : undefined;
  const outcome = await ctx.repo.recordParticipationChange({
    proposalId: proposal.id,
    memberId,
    change,
    from,
    reason: change === 'leave' ? cleanText(payload.reason) : undefined,
    person: actor.person!,
    capacity: allowed.capacity,
    now: ctx.clock.now(),
    today: today(ctx),
    timeZone: ctx.partnership.timeZone,
    activityId: context.activity.id,
    standing: (reads, p) => standingOf(ctx, reads, p),
    // The contact person and the participants' representatives are told, in the write that records it.
    posts: (record) => {
      const before = viabilityOf(ctx, proposal).participants.filter((id) => id !== memberId);
      const participants = change === 'join' ? [...before, memberId] : before;
      const kind = change === 'join' ? 'memberJoined' : 'memberLeft';
      return noticePosts(ctx, { kind, proposal, memberId, at: record.at, participants, actorId: actor.person!.id });
    },
  });
  if (!outcome.ok && outcome.reason === 'conflict') return withNotice(replayRefusal(ctx, actor, outcome.conflict), 'attention');
  ctx.log.info(
    { aadObjectId: actor.aadObjectId, proposalId: proposal.id, memberId, change, outcome: outcome.ok ? 'recorded' : outcome.reason },
    'participation change',
  );
  const member = memberName(ctx, memberId);
  const done = (effective: string) => (change === 'join' ? t.recorded.join(member, effective) : t.recorded.leave(member, effective));
  if (outcome.ok) {
    answeredInPlace(ctx, context, sharedProposalActivity(ctx, ctx.repo.proposal(proposal.id) ?? proposal));
    // Personal notices go out on their own; the press waits for none of them.
    sendNotices(ctx, outcome.postIds);
    inBackground(ctx, refreshPostedCards(ctx, proposal.id), `proposal ${proposal.id}`);
    inBackground(ctx, tellShortage(ctx, proposal.id).then(() => undefined), `shortage ${proposal.id}`);
    return withNotice(done(outcome.record.effectiveFrom ?? ''), 'good');
  }
  // The same press again: answered as the first was.
  if (outcome.reason === 'duplicate') return withNotice(done(from ?? today(ctx)), 'good');
  return withNotice(refusalText(ctx, m, proposal, memberId, outcome.reason), outcome.reason === 'ended' || outcome.reason === 'notFeasible' ? 'warning' : 'attention');
}

/**
 * A project that could start, with fewer participants than it needs (after a leave takes effect, or an
 * answer changed after BG0): its owning group's channel is told once per change that made it so; the
 * mark is stored with the post, so a restart never tells twice. True when told now.
 */
export async function tellShortage(ctx: AppContext, proposalId: string): Promise<boolean> {
  const proposal = ctx.repo.proposal(proposalId);
  // Most projects have enough: known from the participation alone, before their gates are read.
  if (!proposal || participantsNow(ctx.repo.answersOf(proposalId), ctx.clock.now()).length >= ctx.partnership.minParticipants) return false;
  const viability = viabilityOf(ctx, proposal);
  if (!viability.tooFew || !isLive(statusOf(ctx, proposal, viability))) return false;
  const records = ctx.repo.answersOf(proposal.id).length;
  if (proposal.shortageNotified?.records === records) return false;
  const where = ctx.repo.networkChannel(proposal.networkId)?.id ?? proposal.originConversationId;
  const m = messages(ctx.partnership.locale);
  const min = ctx.partnership.minParticipants;
  const text = texts(m).shortageNotice(proposal.id, escapeMarkdown(proposal.title), viability.participants.length, min);
  const posts: PostRequest[] = where ? [{ conversationId: where, post: { kind: 'text', text } }] : [];
  const postIds = await ctx.repo.markShortageNotified({ proposalId: proposal.id, records, now: ctx.clock.now(), posts });
  if (!postIds) return false;
  ctx.log.info({ proposalId: proposal.id, participants: viability.participants.length, min }, 'project has too few participants: its channel is told');
  await refreshPostedCards(ctx, proposal.id);
  await ctx.outbox.deliver(postIds, PRESS_WAIT_MS);
  return true;
}

/** The ticker's job: a leave dated ahead takes effect on its day, and the channel is told then if too few are left. */
export async function sweepShortages(ctx: AppContext): Promise<string[]> {
  const told: string[] = [];
  for (const proposal of ctx.repo.proposals()) if (await tellShortage(ctx, proposal.id)) told.push(proposal.id);
  return told;
}

/** Gå med and Lämna on a project's card. */
export const joinLeaveVerbs: CardVerb[] = (['join', 'leave'] as const).map((change) => ({
  verb: change === 'join' ? JOIN_VERB : LEAVE_VERB,
  handle: (ctx, context, actor, data) => handleChange(ctx, context, actor, data, change),
}));
