import { cleanText, isBlank, escapeMarkdown, safeLink } from '../../domain/text.js';
import type { TurnContext } from 'botbuilder';
import { z } from 'zod/v4';
import { authorize } from '../../domain/authorization.js';
import { GATES, type GateEvent } from '../../domain/gates.js';
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
import { answeredInPlace } from '../kit/views.js';
import { proposalView, refreshPostedCards, sharedProposalActivity, viabilityOf } from '../proposals/index.js';

const Ref = z.object({ proposalId: z.string().regex(PROPOSAL_ID) });
const GateRef = Ref.extend({ gate: z.enum(GATES) });
const Submit = GateRef.extend({ title: z.string().transform(cleanText).pipe(z.string().min(1).max(200)).refine((s) => !isBlank(s)), url: z.url({ protocol: /^https$/ }).max(2000) });
const Reason = Ref.extend({ reason: z.string().max(1000).default('') });

async function handle(ctx: AppContext, context: TurnContext, actor: Actor, data: unknown, kind: GateEvent['kind']): Promise<AdaptiveCard> {
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
  const base = { at: ctx.clock.now().toISOString(), by: actor.person?.id ?? '' };
  let event: GateEvent;
  if (kind === 'submit') {
    if (!authorize(actor.person, 'submitGate', proposal).ok) return answer(m.gates.refused.submit, 'attention');
    const parsed = Submit.safeParse(data);
    if (!parsed.success) return answer(m.gates.notAllowed.badDocument, 'attention');
    event = { kind, gate: parsed.data.gate, document: { title: parsed.data.title, url: parsed.data.url }, ...base };
  } else if (kind === 'approve' || kind === 'sendBack') {
    const participants = viabilityOf(ctx, proposal).participants;
    if (!authorize(actor.person, 'decideGate', { networkId: proposal.networkId, participants }).ok) return answer(m.gates.refused.decide, 'attention');
    const parsed = GateRef.extend({ reason: z.string().max(1000).default('') }).safeParse(data);
    if (!parsed.success) return answer(m.answer.badRequest, 'attention');
    event = kind === 'approve' ? { kind, gate: parsed.data.gate, ...base } : { kind, gate: parsed.data.gate, reason: parsed.data.reason, ...base };
  } else {
    if (!authorize(actor.person, 'cancelProject', proposal).ok) return answer(m.gates.refused.cancel, 'attention');
    const parsed = Reason.safeParse(data);
    if (!parsed.success) return answer(m.answer.badRequest, 'attention');
    event = { kind: 'cancel', reason: parsed.data.reason, ...base };
  }
  const result = await ctx.repo.recordGateEvent(proposal.id, event, context.activity.id, ctx.partnership.minParticipants);
  if (!result.ok && result.reason === 'conflict') return answer(replayRefusal(ctx, actor, result.conflict), 'attention');
  ctx.log.info({ aadObjectId: actor.aadObjectId, proposalId: proposal.id, kind, gate: 'gate' in event ? event.gate : undefined, ok: result.ok }, 'gate event');
  if (!result.ok) return result.reason === 'duplicate' ? answer(m.gates.notAllowed.alreadyPassed, 'warning') : answer(m.gates.notAllowed[result.reason], 'attention');
  answeredInPlace(ctx, context, sharedProposalActivity(ctx, ctx.repo.proposal(proposal.id)!));
  await refreshPostedCards(ctx, proposal.id);
  if (event.kind === 'submit') {
    // The owning network is asked where it works: its channel, else where the project was proposed.
    const where = ctx.repo.networkChannel(proposal.networkId)?.id ?? proposal.originConversationId;
    const lm = messages(ctx.partnership.locale);
    if (where) {
      const text = lm.gates.asked(proposal.id, escapeMarkdown(proposal.title), event.gate, lm.gates.names[event.gate], safeLink(event.document.title, event.document.url));
      // Through the outbox, so a channel that does not take it now gets it later (the gate is recorded already).
      await ctx.outbox.deliver(await ctx.repo.enqueue([{ conversationId: where, post: { kind: 'text', text } }], ctx.clock.now()), PRESS_WAIT_MS);
    }
  }
  const gate = 'gate' in event ? event.gate : '';
  return answer(kind === 'cancel' ? m.gates.done.cancel : m.gates.done[kind](gate), 'good');
}

/** The gate buttons on a project's card. */
export const gateVerbs: CardVerb[] = (['submit', 'approve', 'sendBack', 'cancel'] as const).map((kind) => ({
  verb: GATE_VERBS[kind],
  handle: (ctx, context, actor, data) => handle(ctx, context, actor, data, kind),
}));
