import { cleanText, isBlank, escapeMarkdown } from '../../domain/text.js';
import type { Activity, TurnContext } from 'botbuilder';
import { z } from 'zod/v4';
import { consensusVoters } from '../../config/partnership.js';
import { authorize } from '../../domain/authorization.js';
import { formatLocalDateTime, localDate, localYear } from '../../domain/calendar.js';
import { DECISION_NUMBER, tallyDecision, type Tally } from '../../domain/consensus.js';
import { committeeStanding } from '../../domain/voting.js';
import { checkDecisionForm, DECISION_FIELDS, type DecisionFieldErrors, type DecisionFormValues } from '../../domain/decision-form.js';
import { messages, type Messages } from '../../i18n/index.js';
import type { DecisionRecord } from '../../store/schema.js';
import type { RepositoryReads } from '../../store/port.js';
import { decisionFormCard, DECISION_SUBMIT_VERB } from '../../../cards/decision-form.js';
import { CLOSE_VERB, COMMITTEE_VERB, decisionCard, decisionOutcomeLine, EXTEND_VERB, PROTOCOL_VERB, REVISE_VERB, VOTE_VERB, type DecisionCardView } from '../../../cards/decision.js';
import { renderProtocol, type RenderedProtocol } from './protocol.js';
import { signedProtocolPath } from '../../http/protocol-route.js';
import { PROPOSAL_NUMBER } from '../../domain/proposal.js';
import { REQUEST_DECISION_VERB } from '../../../cards/proposal.js';
import { banner, card, type AdaptiveCard } from '../../../cards/elements.js';
import type { AppContext } from '../context.js';
import { readPress } from '../kit/card-action.js';
import type { CardVerb } from '../feature.js';
import { conversationIdOf } from '../kit/conversation.js';
import type { Actor } from '../kit/identity.js';
import { answeredInPlace, cardActivity, inBackground, memberName, personName, postedIn, refreshInOrder } from '../kit/views.js';
import { refreshPostedCards } from '../proposals/index.js';
import { PRESS_WAIT_MS } from '../kit/outbox.js';
import type { PostRequest } from '../../store/port.js';
import { replayRefusal } from '../kit/replay.js';
import { decisionMessages, notVoterText } from './texts.js';
import { ReplayConflict } from '../../domain/delivery.js';

const formValue = z.union([z.string().max(50_000), z.number()]).transform((v) => String(v));
const SubmitPayload = z.object({
  ...Object.fromEntries(DECISION_FIELDS.map((f) => [f, formValue.optional()])),
  proposalId: z.string().regex(PROPOSAL_NUMBER).optional(),
  revises: z.string().regex(DECISION_NUMBER).optional(),
});
const DecisionRef = z.object({ decisionId: z.string().regex(DECISION_NUMBER) });
const CommitteePayload = DecisionRef.extend({
  memberId: z.string().max(60),
  outcome: z.enum(['approved', 'rejected']),
  reference: z.string().transform(cleanText).pipe(z.string().min(1).max(100)).refine((s) => !isBlank(s)),
  date: z.iso.date(),
});
const ExtendPayload = DecisionRef.extend({ closesDate: z.string().max(20).optional(), closesTime: z.string().max(10).optional() });
const VotePayload = z.object({
  decisionId: z.string().regex(DECISION_NUMBER),
  position: z.enum(['approve', 'reject', 'refer']),
  reason: z.string().max(1000).optional(),
});

const notice = (text: string, tone: 'good' | 'attention' | 'warning' = 'attention') => card([banner(text, tone)]);

export function tallyOf(ctx: AppContext, decision: DecisionRecord, state: RepositoryReads = ctx.repo): Tally {
  return tallyDecision(decision, state.votesOf(decision.id), consensusVoters(ctx.partnership), ctx.clock.now());
}

/** The decision opened to replace this one ("Öppna reviderat beslut"), if any. */
function revisionOf(state: RepositoryReads, decisionId: string): DecisionRecord | undefined {
  return state.decisions().find((d) => d.revises === decisionId);
}

function decisionView(ctx: AppContext, m: Messages, decision: DecisionRecord, note?: DecisionCardView['notice'], postingTo?: string): DecisionCardView {
  const tz = ctx.partnership.timeZone;
  const tally = tallyOf(ctx, decision);
  const members = consensusVoters(ctx.partnership);
  return {
    ...decision,
    closesAtText: formatLocalDateTime(decision.closedAt ?? decision.closesAt, tz),
    openedByName: personName(ctx, decision.createdBy),
    tally,
    settledAtText: tally.settledAt ? formatLocalDateTime(tally.settledAt, tz) : undefined,
    memberNames: Object.fromEntries(members.map((mm) => [mm.id, mm.name])),
    rows: tally.voices.map((v) => ({
      member: memberName(ctx, v.memberId),
      voice: v.voice,
      by: v.record
        ? `${personName(ctx, v.record.personId)} (${m.decision.capacity[v.record.capacity]}), ${formatLocalDateTime(v.record.at, tz)}`
        : '',
    })),
    changeLines: decision.changes.map((c) =>
      c.action === 'extended'
        ? m.decision.changeLines.extended(personName(ctx, c.personId), formatLocalDateTime(c.at, tz), formatLocalDateTime(c.from, tz), formatLocalDateTime(c.to, tz))
        : m.decision.changeLines.closed(personName(ctx, c.personId), formatLocalDateTime(c.at, tz)),
    ),
    referred: tally.referred.map((id) => ({ id, name: memberName(ctx, id) })),
    revisedBy: tally.status === 'noConsensus' ? revisionOf(ctx.repo, decision.id)?.id : undefined,
    today: localDate(ctx.clock.now(), tz),
    postedIn: postedIn(
      ctx,
      m,
      ctx.repo.postedCopies({ decisionId: decision.id }).map((c) => c.conversationId),
      ctx.repo.outbox().filter((e) => e.post.kind === 'decisionCard' && e.post.decisionId === decision.id && e.post.track !== false).map((e) => e.conversationId),
      postingTo,
    ),
    notice: note,
  };
}

/** The catalogue `m` with the words of the body's voters (kommun, or medlem). */
export const bodyMessages = (ctx: AppContext, m: Messages): Messages => decisionMessages(ctx.partnership, m);

export function sharedDecisionCard(ctx: AppContext, decision: DecisionRecord, postingTo?: string): AdaptiveCard {
  const m = bodyMessages(ctx, messages(ctx.partnership.locale));
  return decisionCard(m, decisionView(ctx, m, decision, undefined, postingTo));
}

/** What every posted copy of a decision is updated to (`postingTo`: see `postedIn`). */
export function sharedDecisionActivity(ctx: AppContext, decision: DecisionRecord, postingTo?: string): Partial<Activity> {
  return cardActivity(sharedDecisionCard(ctx, decision, postingTo), decision.question);
}

/** After a press in a personal chat: see `answeredInPlace`. */
function decisionAnsweredInPlace(ctx: AppContext, context: TurnContext, decisionId: string): void {
  const decision = ctx.repo.decision(decisionId);
  if (decision) answeredInPlace(ctx, context, sharedDecisionActivity(ctx, decision));
}

function refreshDecisionCards(ctx: AppContext, decisionId: string): Promise<void> {
  return refreshInOrder(ctx, `decision:${decisionId}`, async () => {
    const decision = ctx.repo.decision(decisionId);
    if (!decision) return;
    const activity = sharedDecisionActivity(ctx, decision);
    const copies = ctx.repo.postedCopies({ decisionId: decisionId });
    await Promise.allSettled(copies.map((c) => ctx.notifier.update(c.conversationId, c.activityId, activity)));
  });
}

export function chiefsChannelId(ctx: AppContext): string | undefined {
  const steering = ctx.partnership.networks.find((n) => n.kind === 'steeringGroup');
  return steering && ctx.repo.networkChannel(steering.id)?.id;
}

/** Once a decision is settled, its channel is told, once: the post is recorded with the mark, in the outbox. */
export async function announceOutcome(ctx: AppContext, decision: DecisionRecord): Promise<boolean> {
  const tally = tallyOf(ctx, decision);
  if (tally.status === 'open' || decision.outcomeNotifiedAt) return false;
  const m = bodyMessages(ctx, messages(ctx.partnership.locale));
  const line = decisionOutcomeLine(m, decisionView(ctx, m, decision), true) ?? '';
  const where = chiefsChannelId(ctx) ?? decision.originConversationId;
  const posts: PostRequest[] = where ? [{ conversationId: where, post: { kind: 'text', text: m.decision.outcome(decision.id, escapeMarkdown(decision.question), line) } }] : [];
  const postIds = await ctx.repo.markOutcomeNotified(decision.id, ctx.clock.now(), posts);
  if (!postIds) return false;
  ctx.log.info({ decisionId: decision.id, status: tally.status, reason: tally.reason }, 'decision settled');
  if (tally.status === 'consensus' && decision.kind === 'jointFunds' && decision.proposalId) {
    if (await ctx.repo.markJointFundsApproved(decision.proposalId, decision.id, ctx.clock.now())) await refreshPostedCards(ctx, decision.proposalId);
  }
  await refreshDecisionCards(ctx, decision.id);
  await ctx.outbox.deliver(postIds, PRESS_WAIT_MS);
  return true;
}

/** For the sweeper: decisions whose closing time passed without an outcome. */
export async function sweepDecisions(ctx: AppContext): Promise<string[]> {
  const settled: string[] = [];
  for (const decision of ctx.repo.decisions())
    if (!decision.outcomeNotifiedAt && (await announceOutcome(ctx, decision))) settled.push(decision.id);
  return settled;
}

export function newDecisionForm(ctx: AppContext, actor: Actor): AdaptiveCard {
  return decisionFormCard(bodyMessages(ctx, actor.m), { values: { closesTime: '16:00' }, errors: {}, today: localDate(ctx.clock.now(), ctx.partnership.timeZone) });
}

/**
 * A submitted form's links (the proposal whose joint funds it decides, the decision it revises) come
 * back from the client: they must hold by the same rules as the buttons that put them in the form,
 * checked against the state the decision would join. Returns what to tell the submitter, if not.
 */
function linkRefusal(ctx: AppContext, state: RepositoryReads, m: Messages, links: { proposalId?: string; revises?: string }): string | undefined {
  const { proposalId, revises } = links;
  if (revises) {
    const earlier = state.decision(revises);
    if (!earlier) return m.decision.unknown;
    if (tallyOf(ctx, earlier, state).status !== 'noConsensus') return m.decision.reviseRefused;
    const later = revisionOf(state, earlier.id);
    if (later) return m.decision.alreadyRevised(earlier.id, later.id);
    // A revision decides the same thing as the decision it replaces.
    if ((earlier.proposalId ?? undefined) !== proposalId) return m.answer.badRequest;
  }
  if (proposalId) {
    const proposal = state.proposal(proposalId);
    if (!proposal) return m.answer.unknownProposal;
    if (!proposal.jointFundsRequested) return m.decision.requestRefused;
    if (proposal.jointFundsApproved) return m.decision.alreadyGranted(proposal.jointFundsApproved.decisionId);
    const open = state.decisions().find((d) => d.proposalId === proposal.id && tallyOf(ctx, d, state).status === 'open');
    if (open) return m.decision.alreadyRequested(open.id);
  }
  return undefined;
}

async function handleSubmit(ctx: AppContext, context: TurnContext, actor: Actor, data: unknown): Promise<AdaptiveCard> {
  const m = bodyMessages(ctx, actor.m);
  if (!authorize(actor.person, 'openDecision').ok) return notice(m.decision.openRefused);
  const parsed = SubmitPayload.safeParse(data);
  if (!parsed.success) return notice(m.answer.badRequest);
  const { proposalId, revises, ...rest } = parsed.data as DecisionFormValues & { proposalId?: string; revises?: string };
  const values = rest as DecisionFormValues;
  const now = ctx.clock.now();
  const checked = checkDecisionForm(values, now, ctx.partnership.timeZone);
  if (!checked.ok)
    return decisionFormCard(m, { values, errors: checked.errors as DecisionFieldErrors, today: localDate(now, ctx.partnership.timeZone), proposalId, revises });
  const here = conversationIdOf(context.activity);
  const formActivityId = context.activity.replyToId;
  const channel = chiefsChannelId(ctx);
  const target = channel && channel !== here ? channel : undefined;
  const opened = await ctx.repo.createDecision({
    draft: { ...checked.draft, ...(proposalId ? { proposalId } : {}), ...(revises ? { revises } : {}) },
    by: actor.person!,
    year: localYear(now, ctx.partnership.timeZone),
    now,
    formActivityId,
    conversationId: here,
    refuse: (state) => linkRefusal(ctx, state, m, { proposalId, revises }),
    posts: (d) => (target ? [{ conversationId: target, post: { kind: 'decisionCard', decisionId: d.id } }] : []),
  });
  if (opened.conflict) return notice(replayRefusal(ctx, actor, opened.conflict));
  if (opened.refused !== undefined) {
    ctx.log.info({ aadObjectId: actor.aadObjectId, proposalId, revises }, 'decision form refused: its links do not hold');
    return notice(opened.refused);
  }
  const { decision, created, postIds } = opened;
  if (created) ctx.log.info({ decisionId: decision.id, kind: decision.kind, aadObjectId: actor.aadObjectId }, 'decision opened');
  let text = m.decision.publishedHere(decision.id);
  let tone: 'good' | 'warning' = 'good';
  if (target) {
    // The press is answered in time whatever Teams does with the channel post: a short wait, then the truth.
    const state = created ? await ctx.outbox.deliver(postIds, PRESS_WAIT_MS) : ctx.repo.outbox().some((e) => e.post.kind === 'decisionCard' && e.post.decisionId === decision.id) ? 'pending' : 'posted';
    // A channel's name is whatever its team called it.
    const where = escapeMarkdown(ctx.repo.conversation(target)?.name ?? target);
    text = state === 'posted' ? m.decision.published(decision.id, where) : m.decision.notYetPublished(decision.id, where);
    if (state === 'pending') {
      tone = 'warning';
      ctx.log.warn({ decisionId: decision.id, conversationId: target }, 'decision opened, its channel post is still in the outbox');
    }
  }
  const shared = sharedDecisionActivity(ctx, ctx.repo.decision(decision.id) ?? decision);
  if (created) await context.sendActivity(text);
  // The decision it replaces now says so, and no longer offers to be revised.
  if (created && decision.revises) inBackground(ctx, refreshDecisionCards(ctx, decision.revises), `decision ${decision.revises}`);
  if (formActivityId) {
    await ctx.repo.recordPostedCopy({ decisionId: decision.id }, { conversationId: here, activityId: formActivityId }, now);
    await context.updateActivity({ ...shared, id: formActivityId }).catch((err: Error) =>
      ctx.log.warn({ decisionId: decision.id, err: err.message }, 'could not replace the decision form for everyone'),
    );
  }
  return decisionCard(m, decisionView(ctx, m, ctx.repo.decision(decision.id) ?? decision, { text, tone }));
}

async function handleVote(ctx: AppContext, context: TurnContext, actor: Actor, data: unknown): Promise<AdaptiveCard> {
  const m = bodyMessages(ctx, actor.m);
  const read = readPress(ctx, actor, VOTE_VERB, { schema: VotePayload, data, load: (p) => ctx.repo.decision(p.decisionId), unknown: m.decision.unknown });
  if (read.refusal) return read.refusal;
  const { payload: vote, record: decision } = read;
  const withNotice = (text: string, tone: 'good' | 'attention' | 'warning') => decisionCard(m, decisionView(ctx, m, decision, { text, tone }));
  const memberId = actor.person?.member ?? '';
  const who = authorize(actor.person, 'vote', { memberId });
  if (!who.ok) {
    ctx.log.info({ aadObjectId: actor.aadObjectId, decisionId: decision.id, reason: who.reason }, 'vote refused');
    return withNotice(m.decision.refused[who.reason], 'attention');
  }
  // A member the body's file does not count in consensus decisions (consensusMembers) has no voice to record.
  if (!consensusVoters(ctx.partnership).some((mm) => mm.id === memberId)) {
    ctx.log.info({ aadObjectId: actor.aadObjectId, decisionId: decision.id, memberId }, 'vote refused: the member does not vote in consensus decisions');
    return withNotice(notVoterText(m, memberName(ctx, memberId)), 'attention');
  }
  const reason = vote.reason === undefined ? undefined : cleanText(vote.reason);
  if (vote.position === 'reject' && (!reason || isBlank(reason))) return withNotice(m.decision.reasonRequired, 'attention');
  const outcome = await ctx.repo.recordVote({
    decisionId: decision.id,
    memberId,
    position: vote.position,
    reason: vote.position === 'reject' ? reason : undefined,
    person: actor.person!,
    capacity: who.capacity,
    now: ctx.clock.now(),
    activityId: context.activity.id,
    stillOpen: (state, d) => tallyOf(ctx, d, state).status === 'open',
  });
  if (outcome instanceof ReplayConflict) return withNotice(replayRefusal(ctx, actor, outcome), 'attention');
  ctx.log.info({ aadObjectId: actor.aadObjectId, decisionId: decision.id, memberId, outcome }, 'consensus vote');
  const member = memberName(ctx, memberId);
  const voice = m.decision.voices[vote.position === 'approve' ? 'approved' : vote.position === 'reject' ? 'rejected' : 'referred'];
  const current = ctx.repo.decision(decision.id)!;
  switch (outcome) {
    case 'recorded':
      decisionAnsweredInPlace(ctx, context, decision.id);
      if (!(await announceOutcome(ctx, current))) inBackground(ctx, refreshDecisionCards(ctx, decision.id), `decision ${decision.id}`);
      return withNotice(m.decision.recorded(member, voice), 'good');
    case 'duplicate':
      return withNotice(m.decision.recorded(member, voice), 'good');
    case 'unchanged':
      return withNotice(m.decision.unchanged(member), 'good');
    case 'closed':
      return withNotice(m.decision.closed, 'warning');
    case 'unknownDecision':
      return notice(m.decision.unknown);
  }
}

/** "Nämndbeslut": a coordinator, or the municipality's own social chief, records its committee's outcome. */
async function handleCommittee(ctx: AppContext, context: TurnContext, actor: Actor, data: unknown): Promise<AdaptiveCard> {
  const m = bodyMessages(ctx, actor.m);
  const read = readPress(ctx, actor, COMMITTEE_VERB, { schema: DecisionRef, data, load: (p) => ctx.repo.decision(p.decisionId), unknown: m.decision.unknown });
  if (read.refusal) return read.refusal;
  const decision = read.record;
  const withNotice = (text: string, tone: 'good' | 'attention' | 'warning') => decisionCard(m, decisionView(ctx, m, decision, { text, tone }));
  const parsed = CommitteePayload.safeParse(data);
  const today = localDate(ctx.clock.now(), ctx.partnership.timeZone);
  if (!parsed.success || parsed.data.date > today || !consensusVoters(ctx.partnership).some((mm) => mm.id === parsed.data.memberId))
    return withNotice(m.decision.committeeInvalid, 'attention');
  const { memberId, outcome, reference, date } = parsed.data;
  const person = actor.person;
  if (!person || !authorize(person, 'recordCommittee', { memberId }).ok) {
    ctx.log.info({ aadObjectId: actor.aadObjectId, decisionId: decision.id, memberId }, 'committee record refused');
    return withNotice(m.decision.committeeRefused, 'attention');
  }
  const result = await ctx.repo.recordCommitteeDecision({
    decisionId: decision.id,
    memberId,
    approved: outcome === 'approved',
    reference,
    date,
    by: person,
    now: ctx.clock.now(),
    activityId: context.activity.id,
    mayRecord: (state, d) => committeeStanding(tallyOf(ctx, d, state), memberId),
  });
  if (result instanceof ReplayConflict) return withNotice(replayRefusal(ctx, actor, result), 'attention');
  ctx.log.info({ aadObjectId: actor.aadObjectId, decisionId: decision.id, memberId, result }, 'committee decision');
  const current = ctx.repo.decision(decision.id)!;
  const fresh = (text: string, tone: 'good' | 'attention' | 'warning') => decisionCard(m, decisionView(ctx, m, current, { text, tone }));
  switch (result) {
    case 'recorded':
      decisionAnsweredInPlace(ctx, context, decision.id);
      if (!(await announceOutcome(ctx, current))) inBackground(ctx, refreshDecisionCards(ctx, decision.id), `decision ${decision.id}`);
      return fresh(m.decision.committeeRecorded(memberName(ctx, memberId), m.decision.committeeLabels[outcome]), 'good');
    case 'duplicate':
      return fresh(m.decision.committeeRecorded(memberName(ctx, memberId), m.decision.committeeLabels[outcome]), 'good');
    case 'notReferred':
      return fresh(m.decision.notReferred, 'warning');
    case 'notOpen':
      return fresh(m.decision.closed, 'warning');
    case 'unknownDecision':
      return notice(m.decision.unknown);
  }
}

/** "Stäng nu" and "Förläng": coordinators only, while open; recorded on the decision. */
async function handleClosing(ctx: AppContext, context: TurnContext, actor: Actor, data: unknown, action: 'closed' | 'extended'): Promise<AdaptiveCard> {
  const m = bodyMessages(ctx, actor.m);
  const read = readPress(ctx, actor, action === 'closed' ? CLOSE_VERB : EXTEND_VERB, { schema: ExtendPayload, data, load: (p) => ctx.repo.decision(p.decisionId), unknown: m.decision.unknown });
  if (read.refusal) return read.refusal;
  const { payload: extension, record: decision } = read;
  const card = (text: string, tone: 'good' | 'attention' | 'warning') =>
    decisionCard(m, decisionView(ctx, m, ctx.repo.decision(decision.id)!, { text, tone }));
  if (!authorize(actor.person, action === 'closed' ? 'closeDecision' : 'extendDecision').ok) return card(m.decision.coordinatorOnly, 'attention');
  const now = ctx.clock.now();
  let to = now;
  if (action === 'extended') {
    const checked = checkDecisionForm(
      { question: decision.question, kind: decision.kind, amountSek: decision.amountSek === null ? '' : String(decision.amountSek), closesDate: extension.closesDate, closesTime: extension.closesTime },
      now,
      ctx.partnership.timeZone,
    );
    if (!checked.ok) {
      const problem = checked.errors.closesDate ?? checked.errors.closesTime ?? 'invalidDate';
      return card(
        problem === 'closesInPast' || problem === 'skippedTime' ? m.decision.problems[problem] : m.form.problems[problem === 'unknownKind' ? 'invalidDate' : problem],
        'attention',
      );
    }
    to = new Date(checked.draft.closesAt);
  }
  const result = await ctx.repo.changeClosing({
    decisionId: decision.id,
    action,
    to,
    by: actor.person!,
    now,
    isOpen: (state, d) => tallyOf(ctx, d, state).status === 'open',
  });
  ctx.log.info({ aadObjectId: actor.aadObjectId, decisionId: decision.id, action, result }, 'decision closing changed');
  if (result === 'notOpen') return card(m.decision.notOpen, 'warning');
  if (result === 'notLater') return card(m.decision.notLater, 'attention');
  if (result === 'unknownDecision') return notice(m.decision.unknown);
  const current = ctx.repo.decision(decision.id)!;
  decisionAnsweredInPlace(ctx, context, decision.id);
  if (!(await announceOutcome(ctx, current))) inBackground(ctx, refreshDecisionCards(ctx, decision.id), `decision ${decision.id}`);
  return card(action === 'closed' ? m.decision.closedNow : m.decision.extended(formatLocalDateTime(current.closesAt, ctx.partnership.timeZone)), 'good');
}

/** "Öppna reviderat beslut": the form again, linked to the decision that had no consensus. */
async function handleRevise(ctx: AppContext, actor: Actor, data: unknown): Promise<AdaptiveCard> {
  const m = bodyMessages(ctx, actor.m);
  const read = readPress(ctx, actor, REVISE_VERB, { schema: DecisionRef, data, load: (p) => ctx.repo.decision(p.decisionId), unknown: m.decision.unknown });
  if (read.refusal) return read.refusal;
  const decision = read.record;
  if (!authorize(actor.person, 'openDecision').ok || tallyOf(ctx, decision).status !== 'noConsensus')
    return decisionCard(m, decisionView(ctx, m, decision, { text: m.decision.reviseRefused, tone: 'attention' }));
  const later = revisionOf(ctx.repo, decision.id);
  if (later) return decisionCard(m, decisionView(ctx, m, decision, { text: m.decision.alreadyRevised(decision.id, later.id), tone: 'warning' }));
  return decisionFormCard(m, {
    values: {
      question: m.decision.revisedQuestion(decision.question),
      kind: decision.kind,
      background: decision.background,
      amountSek: decision.amountSek === null ? '' : String(decision.amountSek),
      closesTime: '16:00',
    },
    errors: {},
    today: localDate(ctx.clock.now(), ctx.partnership.timeZone),
    proposalId: decision.proposalId,
    revises: decision.id,
  });
}

/** "Begär beslut om gemensamma medel" on a proposal card: the decision form, filled in from the proposal. */
async function handleRequest(ctx: AppContext, actor: Actor, data: unknown): Promise<AdaptiveCard> {
  const m = bodyMessages(ctx, actor.m);
  const read = readPress(ctx, actor, REQUEST_DECISION_VERB, { schema: z.object({ proposalId: z.string().regex(PROPOSAL_NUMBER) }), data, load: (p) => ctx.repo.proposal(p.proposalId), unknown: m.answer.unknownProposal });
  if (read.refusal) return read.refusal;
  const proposal = read.record;
  if (!authorize(actor.person, 'openDecision').ok || !proposal.jointFundsRequested) return notice(m.decision.requestRefused);
  const open = ctx.repo.decisions().find((d) => d.proposalId === proposal.id && tallyOf(ctx, d).status === 'open');
  if (open) return notice(m.decision.alreadyRequested(open.id), 'warning');
  return decisionFormCard(m, {
    values: {
      question: m.decision.jointFundsQuestion(proposal.title, proposal.id),
      kind: 'jointFunds',
      background: proposal.regionalValue ? `${proposal.background}\n\n${proposal.regionalValue}` : proposal.background,
      amountSek: proposal.jointFundsSek === null ? '' : String(proposal.jointFundsSek),
      closesTime: '16:00',
    },
    errors: {},
    today: localDate(ctx.clock.now(), ctx.partnership.timeZone),
    proposalId: proposal.id,
  });
}

/** The decision record (Markdown and CSV), in the partnership's language. */
export function renderDecisionProtocol(ctx: AppContext, decision: DecisionRecord): RenderedProtocol {
  return renderProtocol({
    decision,
    votes: ctx.repo.votesOf(decision.id),
    members: consensusVoters(ctx.partnership),
    voters: ctx.partnership.consensusMembers,
    people: ctx.partnership.people,
    tally: tallyOf(ctx, decision),
    timeZone: ctx.partnership.timeZone,
    locale: ctx.partnership.locale,
    generatedAt: ctx.clock.now(),
  });
}

/** "Protokoll": signed links, valid a day, to the record as CSV (Excel) and Markdown. */
async function handleProtocol(ctx: AppContext, actor: Actor, data: unknown): Promise<AdaptiveCard> {
  const m = bodyMessages(ctx, actor.m);
  const read = readPress(ctx, actor, PROTOCOL_VERB, { schema: DecisionRef, data, load: (p) => ctx.repo.decision(p.decisionId), unknown: m.decision.unknown });
  if (read.refusal) return read.refusal;
  const decision = read.record;
  if (!authorize(actor.person, 'fetchProtocol').ok) return decisionCard(m, decisionView(ctx, m, decision, { text: m.decision.protocolRefused, tone: 'attention' }));
  const expires = new Date(ctx.clock.now().getTime() + 24 * 3600_000);
  const url = (format: 'csv' | 'md') => `${ctx.links.baseUrl}${signedProtocolPath(decision.id, format, ctx.links.secret, expires)}`;
  ctx.log.info({ aadObjectId: actor.aadObjectId, decisionId: decision.id }, 'decision record links given');
  return decisionCard(m, decisionView(ctx, m, decision, { text: m.decision.protocolLinks(url('csv'), url('md')), tone: 'good' }));
}

/** Decisions still waiting for the voice of `memberId` (not voted, or with its committee). */
export function decisionsWaitingFor(ctx: AppContext, memberId: string): DecisionRecord[] {
  return ctx.repo.decisions().filter((d) => {
    const t = tallyOf(ctx, d);
    return t.status === 'open' && t.waiting.includes(memberId);
  });
}

export function decisionList(ctx: AppContext, m: Messages): string {
  const decisions = [...ctx.repo.decisions()].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  if (!decisions.length) return m.decision.listEmpty;
  const total = consensusVoters(ctx.partnership).length;
  const lines = decisions.map((d) => {
    const t = tallyOf(ctx, d);
    return `- ${m.decision.listLine(d.id, escapeMarkdown(d.question), m.decision.status[t.status], t.approved.length, total)}`;
  });
  return `**${m.decision.listHeading}**\n\n${lines.join('\n')}`;
}

export async function showDecision(ctx: AppContext, context: TurnContext, actor: Actor, id: string): Promise<void> {
  const decision = ctx.repo.decision(id);
  if (!decision) {
    await context.sendActivity(actor.m.decision.notFound(escapeMarkdown(id)));
    return;
  }
  const sent = await context.sendActivity(cardActivity(sharedDecisionCard(ctx, decision), decision.question));
  if (sent?.id)
    await ctx.repo.recordPostedCopy({ decisionId: decision.id }, { conversationId: conversationIdOf(context.activity), activityId: sent.id }, ctx.clock.now());
}

/** The outbox's way with decision cards: drawn when sent, kept as a copy to update (unless a reminder's copy). */
export function registerDecisionPosts(ctx: AppContext): void {
  ctx.outbox.register('decisionCard', {
    render: (post, entry) => {
      const decision = ctx.repo.decision(post.decisionId);
      return decision && sharedDecisionActivity(ctx, decision, post.track === false ? undefined : entry.conversationId);
    },
    copy: (post) => (post.track !== false ? { decisionId: post.decisionId } : undefined),
    // The other copies now say where the card is.
    after: (post) => {
      if (post.track !== false) inBackground(ctx, refreshDecisionCards(ctx, post.decisionId), `decision ${post.decisionId}`);
    },
  });
}

/** The decision card's buttons and forms. */
export const decisionVerbs: CardVerb[] = [
  { verb: DECISION_SUBMIT_VERB, handle: (ctx, context, actor, data) => handleSubmit(ctx, context, actor, data) },
  { verb: VOTE_VERB, handle: (ctx, context, actor, data) => handleVote(ctx, context, actor, data) },
  { verb: COMMITTEE_VERB, handle: (ctx, context, actor, data) => handleCommittee(ctx, context, actor, data) },
  { verb: CLOSE_VERB, handle: (ctx, context, actor, data) => handleClosing(ctx, context, actor, data, 'closed') },
  { verb: EXTEND_VERB, handle: (ctx, context, actor, data) => handleClosing(ctx, context, actor, data, 'extended') },
  { verb: REVISE_VERB, handle: (ctx, _context, actor, data) => handleRevise(ctx, actor, data) },
  { verb: REQUEST_DECISION_VERB, handle: (ctx, _context, actor, data) => handleRequest(ctx, actor, data) },
  { verb: PROTOCOL_VERB, handle: (ctx, _context, actor, data) => handleProtocol(ctx, actor, data) },
];
