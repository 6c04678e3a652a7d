import { cleanText, isBlank, escapeMarkdown, safeLink } from '../../domain/text.js';
import type { TurnContext } from 'botbuilder';
import { z } from 'zod/v4';
import { authorize, type Refusal } from '../../domain/authorization.js';
import { GATES, type GateEvent, type GateRefusal } from '../../domain/gates.js';
import { pendingSubmission, tallyGate, type GateDecisionRefusal } from '../../domain/gate-decision.js';
import { owningNetworkOf } from '../../domain/portfolio.js';
import type { GateVoteInput } from '../../store/port.js';
import type { ProposalRecord } from '../../store/schema.js';
import { PROPOSAL_ID } from '../../domain/ids.js';
import { messages } from '../../i18n/index.js';
import { GATE_VERBS, proposalCard } from '../../../cards/proposal.js';
import type { AdaptiveCard } from '../../../cards/elements.js';
import type { AppContext } from '../context.js';
import { readPress } from '../kit/card-action.js';
import { PRESS_WAIT_MS } from '../kit/outbox.js';
import type { CardVerb } from '../feature.js';
import type { Actor } from '../kit/identity.js';
import { replayRefusal } from '../kit/replay.js';
import { answeredInPlace, memberName, networkName } from '../kit/views.js';
import { proposalView, refreshPostedCards, sharedProposalActivity, viabilityOf } from '../proposals/index.js';
import { texts } from './texts.js';
import { sendNotices } from '../notices/index.js';
import { askedHow, decisionModeAt, gateDecidersOf, gateNoticePosts, voteInput } from './votes.js';

const Ref = z.object({ proposalId: z.string().regex(PROPOSAL_ID) });
const GateRef = Ref.extend({ gate: z.enum(GATES) });
const Submit = GateRef.extend({ title: z.string().transform(cleanText).pipe(z.string().min(1).max(200)).refine((s) => !isBlank(s)), url: z.url({ protocol: /^https$/ }).max(2000) });
const Reason = Ref.extend({ reason: z.string().max(1000).default('') });
/** A decision: the reason of a send-back, and an optional comment (either way). */
const Decision = GateRef.extend({ reason: z.string().max(1000).default(''), comment: z.string().max(1000).transform(cleanText).optional() });

/** Why a person may not decide a project's gates, in Swedish (or the person's language). */
function decideRefusal(ctx: AppContext, actor: Actor, owner: string | undefined, reason: Refusal): string {
  const t = texts(actor.m).refused;
  if (!owner) return t.noOwner;
  const group = networkName(ctx, owner);
  if (reason === 'unknownPerson') return t.unknownPerson;
  if (actor.person?.roles.includes('coordinator') && !actor.person.networks.includes(owner)) return t.coordinator(group);
  if (reason === 'otherMember') return t.otherMember(group, memberName(ctx, actor.person!.member!));
  return reason === 'noMember' ? t.noMember(group) : t.noRole(group);
}

/** A refusal of the gate's rules, in words: four eyes and votes (gate-decision.ts), else the ladder's. */
function gateRefusal(ctx: AppContext, actor: Actor, proposal: ProposalRecord, gate: string, reason: GateRefusal | GateDecisionRefusal): string {
  const t = texts(actor.m).refused;
  const group = networkName(ctx, owningNetworkOf(proposal, ctx.partnership.networks) ?? '');
  switch (reason) {
    case 'ownDocument':
      return t.ownDocument(gate, group);
    case 'contactPerson':
      return t.contactPerson(group);
    case 'votingClosed':
      return t.votingClosed(gate);
    case 'alreadyVoted':
      return t.alreadyVoted;
    default:
      return actor.m.gates.notAllowed[reason];
  }
}

async function handle(ctx: AppContext, context: TurnContext, actor: Actor, data: unknown, kind: keyof typeof GATE_VERBS): Promise<AdaptiveCard> {
  const { m } = actor;
  const read = readPress(ctx, actor, GATE_VERBS[kind], { schema: Ref, data, load: (p) => ctx.repo.proposal(p.proposalId), unknown: m.answer.unknownProposal });
  if (read.refusal) return read.refusal;
  const proposal = read.record;
  const answer = (text: string, tone: 'good' | 'attention' | 'warning') => {
    const fresh = ctx.repo.proposal(proposal.id)!;
    return proposalCard(m, proposalView(ctx, m, fresh, { text, tone }));
  };
  if (viabilityOf(ctx, proposal).status !== 'canStart' && ctx.repo.gateHistory(proposal.id).length === 0)
    return answer(m.gates.notAllowed.notStarted, 'attention');
  const now = ctx.clock.now();
  const base = { at: now.toISOString(), by: actor.person?.id ?? '' };
  const owner = owningNetworkOf(proposal, ctx.partnership.networks);
  let event: GateEvent;
  let vote: GateVoteInput | undefined;
  if (kind === 'submit') {
    if (!authorize(actor.person, 'submitGate', proposal).ok) return answer(m.gates.refused.submit, 'attention');
    // Without an owning group nobody could decide it.
    if (!owner) return answer(texts(m).refused.noOwner, 'attention');
    const parsed = Submit.safeParse(data);
    if (!parsed.success) return answer(m.gates.notAllowed.badDocument, 'attention');
    event = { kind, gate: parsed.data.gate, document: { title: parsed.data.title, url: parsed.data.url }, ...base, decision: decisionModeAt(ctx, owner, now) };
  } else if (kind === 'approve' || kind === 'sendBack') {
    const { participants } = gateDecidersOf(ctx, proposal);
    const allowed = authorize(actor.person, 'decideGate', { networkId: owner ?? '', participants });
    if (!owner || !allowed.ok) {
      const reason = allowed.ok ? 'noRole' : allowed.reason;
      ctx.log.info({ aadObjectId: actor.aadObjectId, proposalId: proposal.id, owner, reason }, 'gate decision refused');
      return answer(decideRefusal(ctx, actor, owner, reason), 'attention');
    }
    const parsed = Decision.safeParse(data);
    if (!parsed.success) return answer(m.answer.badRequest, 'attention');
    const { gate, reason, comment } = parsed.data;
    const said = comment && !isBlank(comment) ? { comment } : {};
    event = kind === 'approve' ? { kind, gate, ...base, ...said } : { kind, gate, reason, ...base, ...said };
    vote = voteInput(ctx, proposal, actor.person?.id);
  } else {
    if (!authorize(actor.person, 'cancelProject', proposal).ok) return answer(m.gates.refused.cancel, 'attention');
    const parsed = Reason.safeParse(data);
    if (!parsed.success) return answer(m.answer.badRequest, 'attention');
    event = { kind: 'cancel', reason: parsed.data.reason, ...base };
  }
  // A vote, when the gate waits for a majority (the mode it was submitted with).
  const voting = vote && pendingSubmission(ctx.repo.gateHistory(proposal.id))?.decision?.mode === 'majority';
  const result = await ctx.repo.recordGateEvent(proposal.id, event, context.activity.id, {
    vote,
    minParticipants: ctx.partnership.minParticipants,
    // The personal notices of the event, in the write that records it.
    posts: (recorded) => gateNoticePosts(ctx, proposal, recorded, actor.person?.id),
  });
  if (!result.ok && result.reason === 'conflict') return answer(replayRefusal(ctx, actor, result.conflict), 'attention');
  const gate = 'gate' in event ? event.gate : '';
  ctx.log.info({ aadObjectId: actor.aadObjectId, proposalId: proposal.id, kind, gate: gate || undefined, ok: result.ok, reason: result.ok ? undefined : result.reason, settled: result.ok ? result.settled?.kind : undefined }, 'gate event');
  if (!result.ok)
    return result.reason === 'duplicate' ? answer(voting ? texts(m).refused.alreadyVoted : m.gates.notAllowed.alreadyPassed, 'warning') : answer(gateRefusal(ctx, actor, proposal, gate, result.reason), 'attention');
  answeredInPlace(ctx, context, sharedProposalActivity(ctx, ctx.repo.proposal(proposal.id)!));
  await refreshPostedCards(ctx, proposal.id);
  // Personal notices go out on their own: the press waits only for the channel's posts.
  if (result.postIds?.length) await ctx.outbox.deliver(sendNotices(ctx, result.postIds), PRESS_WAIT_MS);
  if (event.kind === 'submit') {
    // The owning group is asked where it works: its channel, else where the project was proposed.
    const where = (owner && ctx.repo.networkChannel(owner)?.id) ?? proposal.originConversationId;
    const lm = messages(ctx.partnership.locale);
    if (where) {
      const document = safeLink(event.document.title, event.document.url);
      const text = texts(lm).asked.lead(proposal.id, escapeMarkdown(proposal.title), event.gate, lm.gates.names[event.gate], document, askedHow(ctx, proposal, event.decision ?? { mode: 'single' }));
      // Through the outbox, so a channel that does not take it now gets it later (the gate is recorded already).
      await ctx.outbox.deliver(await ctx.repo.enqueue([{ conversationId: where, post: { kind: 'text', text } }], ctx.clock.now()), PRESS_WAIT_MS);
    }
  }
  if (kind === 'cancel') return answer(m.gates.done.cancel, 'good');
  if (kind === 'submit') return answer(m.gates.done.submit(gate), 'good');
  const t = texts(m);
  const settled = result.settled;
  if (settled?.kind === 'approve') return answer(t.settled.passed(gate), 'good');
  if (settled?.kind === 'sendBack') return answer(settled.majority?.closed ? t.settled.closed(gate) : t.settled.sentBack(gate), 'good');
  if (voting) {
    const fresh = ctx.repo.proposal(proposal.id)!;
    const tally = tallyGate({ history: ctx.repo.gateHistory(fresh.id), deciders: vote!.deciders, contactPersonId: fresh.contactPersonId, now });
    return answer(t.voted(gate, kind === 'approve', tally?.approve.length ?? 0, tally?.needed ?? 0), 'good');
  }
  return answer(m.gates.done[kind as 'approve' | 'sendBack'](gate), 'good');
}

/** The gate buttons on a project's card. */
export const gateVerbs: CardVerb[] = (['submit', 'approve', 'sendBack', 'cancel'] as const).map((kind) => ({
  verb: GATE_VERBS[kind],
  handle: (ctx, context, actor, data) => handle(ctx, context, actor, data, kind),
}));
