import { gateDecisionOf } from '../../config/partnership.js';
import { formatLocalDateTime, localDate } from '../../domain/calendar.js';
import { gateDeciders, majorityOf, pendingSubmission, tallyGate } from '../../domain/gate-decision.js';
import type { GateDecisionMode, GateEvent } from '../../domain/gates.js';
import { owningNetworkOf } from '../../domain/portfolio.js';
import { escapeMarkdown } from '../../domain/text.js';
import { addWorkingDays, workingDayAt } from '../../domain/workdays.js';
import { messages } from '../../i18n/index.js';
import type { GateVoteInput, PostRequest } from '../../store/port.js';
import type { ProposalRecord } from '../../store/schema.js';
import type { AppContext } from '../context.js';
import { PRESS_WAIT_MS } from '../kit/outbox.js';
import { networkName, personName } from '../kit/views.js';
import { noticePosts, sendNotices } from '../notices/index.js';
import { refreshPostedCards, viabilityOf } from '../proposals/index.js';
import { texts } from './texts.js';

/** A majority vote closes at the end of its last working day. */
const CLOSING_TIME = '23:59';

/** Who decides a project's gates now: its owning group, and that group's members from participating municipalities. */
export function gateDecidersOf(ctx: AppContext, proposal: ProposalRecord): { owner: string | undefined; participants: string[]; deciders: string[] } {
  const owner = owningNetworkOf(proposal, ctx.partnership.networks);
  const participants = viabilityOf(ctx, proposal).participants;
  return { owner, participants, deciders: gateDeciders(ctx.partnership.people, owner, participants) };
}

/** How a gate submitted now is decided: the owning group's way in the file, a majority vote with its closing time. */
export function decisionModeAt(ctx: AppContext, owner: string, now: Date): GateDecisionMode {
  const rule = gateDecisionOf(ctx.partnership, owner);
  if (rule.mode !== 'majority') return { mode: 'single' };
  const tz = ctx.partnership.timeZone;
  const closingDay = addWorkingDays(localDate(now, tz), rule.closeAfterWorkingDays ?? 1);
  return { mode: 'majority', closesAt: workingDayAt(closingDay, CLOSING_TIME, tz).toISOString() };
}

/** The line posted in the owning group's channel with a submitted gate: who decides, and how. */
export function askedHow(ctx: AppContext, proposal: ProposalRecord, decision: GateDecisionMode): string {
  const t = texts(messages(ctx.partnership.locale));
  const { owner, deciders } = gateDecidersOf(ctx, proposal);
  const group = networkName(ctx, owner ?? '');
  if (decision.mode === 'single') return t.asked.single(group);
  const history = ctx.repo.gateHistory(proposal.id);
  const tally = tallyGate({ history, deciders, contactPersonId: proposal.contactPersonId, now: ctx.clock.now() });
  const eligible = tally?.eligible.length ?? 0;
  return t.asked.majority(group, formatLocalDateTime(decision.closesAt, ctx.partnership.timeZone), majorityOf(eligible), eligible);
}

/**
 * The personal notices a recorded gate event owes (issue #16): a submitted gate to those who may decide
 * it, a decision (a single decider's, or the one a majority vote came to) and a cancel to the contact
 * person and the participants' representatives. A vote alone tells nobody. `actorId` is not told.
 */
export function gateNoticePosts(ctx: AppContext, proposal: ProposalRecord, recorded: GateEvent, actorId?: string): PostRequest[] {
  const { participants } = gateDecidersOf(ctx, proposal);
  const actor = actorId ? { actorId } : {};
  switch (recorded.kind) {
    case 'submit':
      return noticePosts(ctx, { kind: 'gateSubmitted', proposal, gate: recorded.gate, at: recorded.at, participants, ...actor });
    case 'approve':
    case 'sendBack':
      return noticePosts(ctx, {
        kind: 'gateDecided',
        proposal,
        gate: recorded.gate,
        outcome: recorded.kind === 'approve' ? 'approved' : 'sentBack',
        ...(recorded.kind === 'sendBack' && recorded.reason ? { reason: recorded.reason } : {}),
        at: recorded.at,
        participants,
        ...actor,
      });
    case 'cancel':
      return noticePosts(ctx, { kind: 'projectCancelled', proposal, reason: recorded.reason, participants, ...actor });
    case 'vote':
      return [];
  }
}

/**
 * What a gate's majority vote is judged with, and the posts when it comes to a decision: the owning
 * group's channel, and the personal notices of the decision (not to `actorId`, whose vote settled it).
 */
export function voteInput(ctx: AppContext, proposal: ProposalRecord, actorId?: string): GateVoteInput {
  const { owner, deciders } = gateDecidersOf(ctx, proposal);
  const where = (owner && ctx.repo.networkChannel(owner)?.id) ?? proposal.originConversationId;
  return {
    deciders,
    now: ctx.clock.now(),
    minParticipants: ctx.partnership.minParticipants,
    posts: (settled) => [
      ...gateNoticePosts(ctx, proposal, settled, actorId),
      ...(where ? [{ conversationId: where, post: { kind: 'text' as const, text: settledText(ctx, proposal, settled) } }] : []),
    ],
  };
}

function settledText(ctx: AppContext, proposal: ProposalRecord, settled: GateEvent): string {
  const m = messages(ctx.partnership.locale);
  const t = texts(m).settledPost;
  if (settled.kind !== 'approve' && settled.kind !== 'sendBack') return '';
  const majority = settled.majority ?? { approve: [], sendBack: [], eligible: 0 };
  const args = [proposal.id, escapeMarkdown(proposal.title), settled.gate, m.gates.names[settled.gate]] as const;
  if (settled.kind === 'approve') return t.passed(...args, majority.approve.length, majority.eligible);
  if (majority.closed) return t.closed(...args, majority.approve.length, majorityOf(majority.eligible));
  return t.sentBack(...args, majority.sendBack.length, majority.eligible);
}

/** When each reminder step of a gate's vote is due: as a decision's, N working days before its closing day. */
function reminderSchedule(ctx: AppContext, submittedAt: string, closesAt: string): { step: number; due: Date }[] {
  const { workingDaysBefore, time } = ctx.partnership.decisionReminders;
  const tz = ctx.partnership.timeZone;
  const closingDay = localDate(new Date(closesAt), tz);
  return workingDaysBefore
    .map((step) => ({ step, due: workingDayAt(addWorkingDays(closingDay, -step), time, tz) }))
    .filter((r) => r.due.getTime() < Date.parse(closesAt) && r.due.getTime() > Date.parse(submittedAt));
}

/**
 * The ticker's job for gates decided by a majority: a vote that has come to a decision (its closing
 * time passed, or who may vote changed) is recorded and its group told; before it closes, those who
 * may vote and have not are reminded personally and the group's channel is told who is missing. Each
 * step is marked in the store with its posts, so a restart never repeats one.
 */
export async function sweepGateVotes(ctx: AppContext): Promise<string[]> {
  const now = ctx.clock.now();
  const tz = ctx.partnership.timeZone;
  const m = messages(ctx.partnership.locale);
  const touched: string[] = [];
  for (const proposal of ctx.repo.proposals()) {
    const history = ctx.repo.gateHistory(proposal.id);
    const submission = pendingSubmission(history);
    if (!submission || submission.decision?.mode !== 'majority') continue;
    const vote = voteInput(ctx, proposal);
    const { settled, postIds } = await ctx.repo.settleGateVote(proposal.id, vote);
    if (settled) {
      ctx.log.info({ proposalId: proposal.id, gate: submission.gate, kind: settled.kind, closed: settled.kind === 'sendBack' && !!settled.majority?.closed }, 'gate vote settled');
      touched.push(proposal.id);
      await refreshPostedCards(ctx, proposal.id);
      await ctx.outbox.deliver(sendNotices(ctx, postIds), PRESS_WAIT_MS);
      continue;
    }
    const tally = tallyGate({ history, deciders: vote.deciders, contactPersonId: proposal.contactPersonId, now });
    if (!tally || tally.outcome !== 'open' || !tally.waiting.length) continue;
    const sent = ctx.repo.gateRemindersSent(proposal.id, submission.gate, submission.at);
    const due = reminderSchedule(ctx, submission.at, tally.closesAt).filter((r) => r.due.getTime() <= now.getTime() && !sent.includes(r.step));
    if (!due.length) continue;
    const closes = formatLocalDateTime(tally.closesAt, tz);
    const name = m.gates.names[submission.gate];
    const title = escapeMarkdown(proposal.title);
    const posts: PostRequest[] = [];
    for (const personId of tally.waiting) {
      const person = ctx.partnership.people.find((p) => p.id === personId)!;
      const chat = ctx.repo.personalChat(person.aadObjectId);
      if (!chat) {
        ctx.log.warn({ proposalId: proposal.id, gate: submission.gate, aadObjectId: person.aadObjectId }, 'no personal chat with this group member yet: gate vote reminder not delivered personally');
        continue;
      }
      const text = texts(messages(person.locale ?? ctx.partnership.locale)).reminderPersonal(proposal.id, title, submission.gate, name, closes);
      posts.push({ conversationId: chat, post: { kind: 'text', text } });
    }
    const owner = owningNetworkOf(proposal, ctx.partnership.networks);
    const channel = (owner && ctx.repo.networkChannel(owner)?.id) ?? proposal.originConversationId;
    if (channel)
      posts.push({
        conversationId: channel,
        post: { kind: 'text', text: texts(m).reminderChannel(proposal.id, title, submission.gate, name, closes, tally.waiting.map((id) => personName(ctx, id))) },
      });
    const reminded = await ctx.repo.markGateRemindersSent({ proposalId: proposal.id, gate: submission.gate, submittedAt: submission.at, steps: due.map((r) => r.step), now, posts });
    if (!reminded) continue;
    ctx.log.info({ proposalId: proposal.id, gate: submission.gate, steps: due.map((r) => r.step), waiting: tally.waiting.length }, 'gate vote reminders sent');
    touched.push(proposal.id);
    await ctx.outbox.deliver(reminded, PRESS_WAIT_MS);
  }
  return touched;
}
