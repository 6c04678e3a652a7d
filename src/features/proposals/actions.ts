import { noticeCard, readPress } from '../kit/card-action.js';
import { escapeMarkdown } from '../../domain/text.js';
import type { TurnContext } from 'botbuilder';
import { z } from 'zod/v4';
import { municipalities } from '../../config/partnership.js';
import { authorize } from '../../domain/authorization.js';
import { answersOpen, currentAnswers } from '../../domain/participation.js';
import {
  checkProposalForm,
  ProposalFieldSchema,
  PROPOSAL_NUMBER,
  type FieldErrors,
  type ProposalFormValues,
} from '../../domain/proposal.js';
import { addCalendarDays, localYear } from '../../domain/calendar.js';
import type { Messages } from '../../i18n/index.js';
import type { ConversationRecord, ProposalRecord } from '../../store/schema.js';
import { proposalFormCard } from '../../../cards/proposal-form.js';
import { ANSWER_VERB, EDIT_VERB, proposalCard } from '../../../cards/proposal.js';
import { type AdaptiveCard } from '../../../cards/elements.js';
import type { AppContext } from '../context.js';
import { hasEnded } from '../../domain/project-life.js';
import { owningNetworkOf, portfolioNetworks } from '../../domain/portfolio.js';
import { conversationIdOf } from '../kit/conversation.js';
import { PRESS_WAIT_MS } from '../kit/outbox.js';
import { type Actor } from '../kit/identity.js';
import { fold } from '../../domain/text.js';
import { replayRefusal } from '../kit/replay.js';
import { ReplayConflict } from '../../domain/delivery.js';
import { answeredInPlace, inBackground, memberName, networkName, today } from '../kit/views.js';
import { noticePosts, sendNotices } from '../notices/index.js';
import { proposalView, refreshPostedCards, sharedProposalActivity, statusOf, viabilityOf } from './views.js';
import { tellShortage } from './join-leave.js';

const MAX_FIELD = 50_000;

/** Whether a proposal's card is in a conversation yet, or still in the outbox. */
function postState(ctx: AppContext, proposalId: string, conversationId: string): 'posted' | 'pending' {
  const waiting = ctx.repo.outbox().some((e) => e.conversationId === conversationId && e.post.kind === 'proposalCard' && e.post.proposalId === proposalId);
  return waiting ? 'pending' : 'posted';
}
const formValue = z.union([z.string().max(MAX_FIELD), z.number(), z.boolean()]).transform((v) => String(v));

/** Card payloads: unknown keys are dropped; identity never comes from here. */
const SubmitPayload = z.object({
  proposalId: z.string().regex(PROPOSAL_NUMBER).optional(),
  ...Object.fromEntries(ProposalFieldSchema.options.map((f) => [f, formValue.optional()])),
});
const ProposalRef = z.object({ proposalId: z.string().regex(PROPOSAL_NUMBER) });
const AnswerPayload = ProposalRef.extend({ answer: z.enum(['participates', 'declines']) });

export function formView(ctx: AppContext, values: ProposalFormValues, errors: FieldErrors, proposalId?: string) {
  const { partnership } = ctx;
  return {
    values,
    errors,
    proposalId,
    today: today(ctx),
    networks: partnership.networks.map((n) => ({ id: n.id, name: n.name })),
    owners: portfolioNetworks(partnership.networks).map((n) => ({ id: n.id, name: n.name })),
    people: partnership.people.map((p) => ({
      id: p.id,
      label: p.member ? `${p.name} (${memberName(ctx, p.member)})` : `${p.name} (${partnership.host})`,
    })),
  };
}

/** The empty BG0 form for `actor`, with the network of the channel it is asked in, if linked. */
export function newProposalForm(ctx: AppContext, actor: Actor, conversationId: string): AdaptiveCard {
  const linked = ctx.repo.networkOfChannel(conversationId);
  const own = actor.person?.networks.find((n) => ctx.partnership.networks.some((x) => x.id === n && x.kind !== 'steeringGroup'));
  return proposalFormCard(
    actor.m,
    formView(ctx, {
      networkId: linked ?? own ?? '',
      contactPersonId: actor.person?.id ?? '',
      answerDeadline: addCalendarDays(today(ctx), 21),
      jointFundsRequested: 'false',
    }, {}),
  );
}

function formValuesOf(p: ProposalRecord): ProposalFormValues {
  const s = (v: string | number | null) => (v === null ? '' : String(v));
  return {
    title: p.title,
    background: p.background,
    goals: p.goals,
    regionalValue: p.regionalValue,
    networkId: p.networkId,
    ownerNetworkId: p.ownerNetworkId ?? '',
    contactPersonId: p.contactPersonId,
    plannedStart: s(p.plannedStart),
    estimatedCostSek: s(p.estimatedCostSek),
    jointFundsRequested: String(p.jointFundsRequested),
    jointFundsSek: s(p.jointFundsSek),
    answerDeadline: p.answerDeadline,
  };
}

export async function handleSubmit(ctx: AppContext, context: TurnContext, actor: Actor, data: unknown): Promise<AdaptiveCard> {
  const { m } = actor;
  const parsed = SubmitPayload.safeParse(data);
  if (!parsed.success) {
    ctx.log.warn({ aadObjectId: actor.aadObjectId, issues: parsed.error.issues.map((i) => i.path.join('.')) }, 'unreadable proposal form payload');
    return noticeCard(m.answer.badRequest);
  }
  const { proposalId, ...values } = parsed.data as { proposalId?: string } & ProposalFormValues;
  const existing = proposalId ? ctx.repo.proposal(proposalId) : undefined;
  if (proposalId && !existing) return noticeCard(m.answer.unknownProposal);
  if (!(existing ? authorize(actor.person, 'editProposal', existing) : authorize(actor.person, 'propose')).ok) {
    ctx.log.info({ aadObjectId: actor.aadObjectId, proposalId }, 'proposal form refused');
    return noticeCard(existing ? m.propose.editRefused : m.propose.refused);
  }
  const checked = checkProposalForm(values, ctx.partnership, today(ctx));
  if (!checked.ok) return proposalFormCard(m, formView(ctx, values, checked.errors, proposalId));
  const now = ctx.clock.now();

  if (existing) {
    const saved = await ctx.repo.editProposal({ id: existing.id, draft: checked.draft, by: actor.person!, now });
    if (!saved) return noticeCard(m.answer.unknownProposal);
    ctx.log.info({ proposalId: saved.id, aadObjectId: actor.aadObjectId }, 'proposal edited');
    await refreshPostedCards(ctx, saved.id);
    return proposalCard(m, proposalView(ctx, m, saved, { text: m.propose.saved(saved.id), tone: 'good' }));
  }

  const here = conversationIdOf(context.activity);
  const formActivityId = context.activity.replyToId;
  // The owning group's channel gets the project; the network it was made in keeps it in view too.
  const targets: ConversationRecord[] = [];
  for (const networkId of [checked.draft.ownerNetworkId, checked.draft.networkId]) {
    const channel = networkId ? ctx.repo.networkChannel(networkId) : undefined;
    if (channel && channel.id !== here && !targets.some((t) => t.id === channel.id)) targets.push(channel);
  }
  const [target] = targets;
  const { proposal, created, postIds, conflict } = await ctx.repo.createProposal({
    draft: checked.draft,
    by: actor.person!,
    year: localYear(now, ctx.partnership.timeZone),
    now,
    formActivityId,
    conversationId: here,
    posts: (p) => [
      // Those who may answer for each municipality, personally or named in the channel (before the card, which stays the newest there).
      ...noticePosts(ctx, { kind: 'newProposal', proposal: p, actorId: actor.person!.id }),
      ...targets.map((c) => ({ conversationId: c.id, post: { kind: 'proposalCard' as const, proposalId: p.id } })),
    ],
  });
  if (conflict) return noticeCard(replayRefusal(ctx, actor, conflict));
  if (created) ctx.log.info({ proposalId: proposal.id, networkId: proposal.networkId, ownerNetworkId: proposal.ownerNetworkId, aadObjectId: actor.aadObjectId }, 'proposal created');
  // Personal notices go out on their own: the press waits only for the channels' cards.
  const cardPosts = created ? sendNotices(ctx, postIds) : [];

  let notice = m.propose.publishedHere(proposal.id);
  let tone: 'good' | 'warning' = 'good';
  if (target) {
    // The press is answered in time whatever Teams does with the channel post: a short wait, then the truth.
    const state = created ? await ctx.outbox.deliver(cardPosts, PRESS_WAIT_MS) : postState(ctx, proposal.id, target.id);
    // A channel's name is whatever its team called it.
    const where = escapeMarkdown(target.name ?? networkName(ctx, ctx.repo.networkOfChannel(target.id) ?? proposal.networkId));
    notice = state === 'posted' ? m.propose.published(proposal.id, where) : m.propose.notYetPublished(proposal.id, where);
    if (state === 'pending') {
      tone = 'warning';
      ctx.log.warn({ proposalId: proposal.id, conversationId: target.id }, 'proposal recorded, its channel post is still in the outbox');
    }
  }
  const shared = sharedProposalActivity(ctx, ctx.repo.proposal(proposal.id) ?? proposal);
  // Said as a message too: the clicker's notice on the card is replaced when the card is updated for everyone.
  if (created) await context.sendActivity(notice);
  if (formActivityId) {
    // The form's message becomes the live proposal card, for everyone in this conversation.
    await ctx.repo.recordPostedCopy({ proposalId: proposal.id }, { conversationId: here, activityId: formActivityId }, now);
    await context.updateActivity({ ...shared, id: formActivityId }).catch((err: Error) =>
      ctx.log.warn({ proposalId: proposal.id, err: err.message }, 'could not replace the form message for everyone'),
    );
  }
  return proposalCard(m, proposalView(ctx, m, ctx.repo.proposal(proposal.id) ?? proposal, { text: notice, tone }));
}

export async function handleAnswer(ctx: AppContext, context: TurnContext, actor: Actor, data: unknown): Promise<AdaptiveCard> {
  const { m } = actor;
  const read = readPress(ctx, actor, ANSWER_VERB, { schema: AnswerPayload, data, load: (p) => ctx.repo.proposal(p.proposalId), unknown: m.answer.unknownProposal });
  if (read.refusal) return read.refusal;
  const { payload: answer, record: proposal } = read;
  const withNotice = (text: string, tone: 'good' | 'attention' | 'warning') =>
    proposalCard(m, proposalView(ctx, m, ctx.repo.proposal(proposal.id) ?? proposal, { text, tone }, undefined, actor.person?.member));
  const memberId = actor.person?.member ?? '';
  const allowed = authorize(actor.person, 'answer', { memberId, networkId: proposal.networkId, ownerNetworkId: proposal.ownerNetworkId });
  if (!allowed.ok) {
    ctx.log.info({ aadObjectId: actor.aadObjectId, proposalId: proposal.id, reason: allowed.reason }, 'answer refused');
    return withNotice(m.answer.refused[allowed.reason], 'attention');
  }
  const tz = ctx.partnership.timeZone;
  const outcome = await ctx.repo.recordAnswer({
    proposalId: proposal.id,
    memberId,
    answer: answer.answer,
    person: actor.person!,
    capacity: allowed.capacity,
    now: ctx.clock.now(),
    activityId: context.activity.id,
    stillOpen: (p) => answersOpen(p.answerDeadline, ctx.clock.now(), tz),
  });
  if (outcome instanceof ReplayConflict) return withNotice(replayRefusal(ctx, actor, outcome), 'attention');
  ctx.log.info({ aadObjectId: actor.aadObjectId, proposalId: proposal.id, memberId, outcome }, 'participation answer');
  const member = memberName(ctx, memberId);
  switch (outcome) {
    case 'recorded':
      answeredInPlace(ctx, context, sharedProposalActivity(ctx, ctx.repo.proposal(proposal.id) ?? proposal));
      inBackground(ctx, refreshPostedCards(ctx, proposal.id), `proposal ${proposal.id}`);
      // A project whose BG0 was approved stays "can start" with too few answers left: its channel is told.
      inBackground(ctx, tellShortage(ctx, proposal.id).then(() => undefined), `shortage ${proposal.id}`);
      return withNotice(m.answer.recorded(member, answer.answer), 'good');
    case 'duplicate':
      return withNotice(m.answer.recorded(member, answer.answer), 'good');
    case 'unchanged':
      return withNotice(m.answer.unchanged(member), 'good');
    case 'closed':
      return withNotice(m.answer.closed(proposal.answerDeadline), 'warning');
    case 'unknownProposal':
      return noticeCard(m.answer.unknownProposal);
  }
}

export async function handleEdit(ctx: AppContext, context: TurnContext, actor: Actor, data: unknown): Promise<AdaptiveCard> {
  const { m } = actor;
  const read = readPress(ctx, actor, EDIT_VERB, { schema: ProposalRef, data, load: (p) => ctx.repo.proposal(p.proposalId), unknown: m.answer.unknownProposal });
  if (read.refusal) return read.refusal;
  const proposal = read.record;
  if (!authorize(actor.person, 'editProposal', proposal).ok)
    return proposalCard(m, proposalView(ctx, m, proposal, { text: m.propose.editRefused, tone: 'attention' }));
  return proposalFormCard(m, formView(ctx, formValuesOf(proposal), {}, proposal.id));
}

/** Text of `projekt`: the list, optionally for one network. */
export function projectList(ctx: AppContext, m: Messages, filter?: string): string {
  const { partnership } = ctx;
  let proposals = [...ctx.repo.proposals()];
  let heading = m.list.heading;
  if (filter) {
    const f = fold(filter);
    const network = partnership.networks.find((n) => fold(n.id) === f || fold(n.name) === f || fold(n.name).startsWith(f));
    if (!network) return m.list.unknownFilter(escapeMarkdown(filter));
    proposals = proposals.filter((p) => p.networkId === network.id || owningNetworkOf(p, partnership.networks) === network.id);
    heading = m.list.headingFor(network.name);
  }
  if (proposals.length === 0) return filter ? `**${heading}**\n\n${m.list.empty}` : m.list.empty;
  const total = municipalities(partnership).length;
  const lines = proposals
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
    .map((p) => {
      const v = viabilityOf(ctx, p);
      return `- ${m.list.line(p.id, escapeMarkdown(p.title), m.proposal.status[statusOf(ctx, p, v)], v.participants.length, total, networkName(ctx, owningNetworkOf(p, partnership.networks) ?? p.networkId))}`;
    });
  return `**${heading}**\n\n${lines.join('\n')}`;
}

/** Text of `mina`: open proposals still waiting for the sender's member. */
export function waitingForMe(ctx: AppContext, actor: Actor): string {
  const { m, person } = actor;
  if (!person) return m.mine.unknown;
  if (!person.member) return m.mine.noMember;
  const member = memberName(ctx, person.member);
  const now = ctx.clock.now();
  const waiting = ctx.repo.proposals().filter(
    (p) =>
      answersOpen(p.answerDeadline, now, ctx.partnership.timeZone) &&
      !hasEnded(statusOf(ctx, p)) &&
      authorize(person, 'answer', { memberId: person.member!, networkId: p.networkId, ownerNetworkId: p.ownerNetworkId }).ok &&
      !currentAnswers(ctx.repo.answersOf(p.id), p.id).has(person.member!),
  );
  if (waiting.length === 0) return m.mine.none(member);
  const lines = waiting
    .sort((a, b) => a.answerDeadline.localeCompare(b.answerDeadline))
    .map((p) => `- ${m.mine.line(p.id, escapeMarkdown(p.title), p.answerDeadline)}`);
  return `**${m.mine.heading(member)}**\n\n${lines.join('\n')}`;
}

/** `projekt P-2026-007`: the live card, posted here and kept up to date like the others. */
export async function showProposal(ctx: AppContext, context: TurnContext, actor: Actor, id: string): Promise<void> {
  const proposal = ctx.repo.proposal(id);
  if (!proposal) {
    await context.sendActivity(actor.m.list.unknownFilter(escapeMarkdown(id)));
    return;
  }
  const sent = await context.sendActivity(sharedProposalActivity(ctx, proposal));
  if (sent?.id)
    await ctx.repo.recordPostedCopy({ proposalId: proposal.id }, { conversationId: conversationIdOf(context.activity), activityId: sent.id }, ctx.clock.now());
}

/** The outbox's way with proposal cards: drawn when sent, kept as a copy to update. */
export function registerProposalPosts(ctx: AppContext): void {
  ctx.outbox.register('proposalCard', {
    render: (post, entry) => {
      const proposal = ctx.repo.proposal(post.proposalId);
      return proposal && sharedProposalActivity(ctx, proposal, entry.conversationId);
    },
    copy: (post) => ({ proposalId: post.proposalId }),
    // The other copies now say where the card is.
    after: (post) => inBackground(ctx, refreshPostedCards(ctx, post.proposalId), `proposal ${post.proposalId}`),
  });
}
