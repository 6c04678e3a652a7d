import type { Activity } from 'botbuilder';
import { municipalities } from '../../config/partnership.js';
import { formatLocalDateTime } from '../../domain/calendar.js';
import { currentAnswers, evaluateProposal, type Viability } from '../../domain/participation.js';
import { splitByWeight } from '../../domain/allocation.js';
import { GATES, openGates, gateStateOf, waitsForJointFunds, type Gate, type GateEvent } from '../../domain/gates.js';
import { gateDeciders, majorityOf, pendingSubmission, tallyGate, votesOnPending } from '../../domain/gate-decision.js';
import { owningNetworkOf } from '../../domain/portfolio.js';
import { gateDecisionOf } from '../../config/partnership.js';
import { gateTexts } from './gate-texts.js';
import { messages, type Messages } from '../../i18n/index.js';
import type { ProposalRecord } from '../../store/schema.js';
import { proposalCard, type ProposalCardView } from '../../../cards/proposal.js';
import type { AdaptiveCard, Run } from '../../../cards/elements.js';
import { safeUrl } from '../../domain/text.js';
import type { AppContext } from '../context.js';
import { projectStatus, type ProjectStatus } from '../../domain/project-life.js';
import { formatNumber } from '../../i18n/numbers.js';
import { cardActivity, memberName, networkName, personName, postedIn, refreshInOrder } from '../kit/views.js';
import type { RepositoryReads } from '../../store/port.js';
import type { ProjectStanding } from '../../domain/join-leave.js';
import { participationView } from './participation-view.js';
import { texts } from './texts.js';

/** A proposal's card: what it shows (participation, viability, cost split, gates), and keeping its posted copies up to date. */

/** `reads`: the state to judge (a write's, for a rule asked inside it); the committed one by default. */
export function viabilityOf(ctx: AppContext, proposal: ProposalRecord, reads: RepositoryReads = ctx.repo): Viability {
  const { partnership } = ctx;
  return evaluateProposal(
    proposal,
    reads.answersOf(proposal.id),
    municipalities(partnership),
    ctx.clock.now(),
    partnership.minParticipants,
    partnership.timeZone,
    // Asked only when the answers at the deadline do not settle whether it could start.
    () => gateStateOf(reads.gateHistory(proposal.id)).passed.includes('BG0'),
  );
}

/** Where a project stands for a join or leave, judged against `reads`. */
export function standingOf(ctx: AppContext, reads: RepositoryReads, proposal: ProposalRecord): ProjectStanding {
  const viability = viabilityOf(ctx, proposal, reads);
  return { status: projectStatus(viability.status, gateStateOf(reads.gateHistory(proposal.id))), answersOpen: viability.answersOpen };
}

/** Where the project is in its life (the same on the card, in `projekt`, `mina` and the export). */
export function statusOf(ctx: AppContext, proposal: ProposalRecord, viability: Viability = viabilityOf(ctx, proposal)): ProjectStatus {
  return projectStatus(viability.status, gateStateOf(ctx.repo.gateHistory(proposal.id)));
}

/** A project's estimated cost split by population among the municipalities taking part (rule 5). */
export function projectCostSplit(ctx: AppContext, proposal: ProposalRecord, participants: string[]): ProposalCardView['costSplit'] {
  if (proposal.estimatedCostSek === null || participants.length === 0) return undefined;
  const members = municipalities(ctx.partnership).filter((mm) => participants.includes(mm.id));
  if (members.every((mm) => !mm.population)) return undefined;
  return splitByWeight(
    proposal.estimatedCostSek,
    members.map((mm) => ({ id: mm.id, weight: mm.population ?? 0 })),
  ).map((s, i) => ({
    member: members[i]!.name,
    percent: `${formatNumber(s.share * 100, 'sv-SE', { min: 1, max: 1 })} %`,
    amount: s.amount,
  }));
}

/** The ladder lines and open actions of a project that can start (or has started). */
export function gatesView(ctx: AppContext, m: Messages, proposal: ProposalRecord): ProposalCardView['gates'] {
  const history = ctx.repo.gateHistory(proposal.id);
  const viability = viabilityOf(ctx, proposal);
  if (viability.status !== 'canStart' && history.length === 0) return undefined;
  const state = gateStateOf(history);
  const name = (g: Gate) => m.gates.names[g];
  const tz = ctx.partnership.timeZone;
  const at = (iso: string) => formatLocalDateTime(iso, tz);
  const gt = gateTexts(m);
  const who = (id: string) => personName(ctx, id);
  // Shown literally (see `literal`): the document's title is whatever its submitter typed.
  const lines: Run[][] = [];
  for (const gate of GATES) {
    if (state.passed.includes(gate)) {
      const approval = [...history].reverse().find((e) => e.kind === 'approve' && e.gate === gate)!;
      const doc = [...history].reverse().find((e) => e.kind === 'submit' && e.gate === gate);
      const by = approval.kind === 'approve' && approval.majority ? gt.byMajority(approval.majority.approve.length, approval.majority.eligible, approval.majority.approve.map(who)) : who(approval.by);
      const line: Run[] = [{ text: m.gates.passed(gate, name(gate), by, at(approval.at)) }];
      if (doc && doc.kind === 'submit') line.push({ text: ' — ' }, { text: `${m.gates.document}: ${doc.document.title}`, url: safeUrl(doc.document.url) });
      if (approval.kind === 'approve' && approval.comment) line.push({ text: ` — ${gt.comment}: ${approval.comment}` });
      lines.push(line);
    } else if (state.pending === gate) lines.push([{ text: m.gates.pending(gate, name(gate)) }]);
    else lines.push([{ text: m.gates.open(gate, name(gate)) }]);
  }
  for (const [i, e] of history.entries()) if (e.kind === 'sendBack') lines.push(sentBackLine(ctx, m, history.slice(0, i), e));
  const cancel = history.find((e) => e.kind === 'cancel');
  if (state.cancelled && cancel && cancel.kind === 'cancel') lines.push([{ text: m.gates.cancelled(cancel.reason) }]);
  const active = !state.cancelled && !state.passed.includes('BG4');
  if (active) lines.push(...decisionLines(ctx, m, proposal, history, viability.participants));
  // Rule 2 before the plan (rule 8): what BG2 waits for, and the decision that settles it.
  const jointFunds = !proposal.jointFundsRequested ? 'none' : proposal.jointFundsApproved ? 'granted' : 'pending';
  const fundsBlock = !state.cancelled && !state.passed.includes('BG2') && waitsForJointFunds('BG2', jointFunds);
  if (fundsBlock) {
    const decision = ctx.repo.decisions().find((d) => d.proposalId === proposal.id && !d.outcomeNotifiedAt);
    lines.push([{ text: m.gates.waitsForFunds(decision?.id) }]);
  }
  // Too few participants left (rule 8): no gate is offered for approval until enough take part again.
  const tooFew = !!state.pending && viabilityOf(ctx, proposal).tooFew;
  if (tooFew) lines.push([{ text: texts(m).gateBlocked(ctx.partnership.minParticipants) }]);
  return {
    lines,
    open: openGates(state).map((gate) => ({ gate, name: name(gate) })),
    pending: state.pending ? { gate: state.pending, name: name(state.pending), blocked: (state.pending === 'BG2' && fundsBlock) || tooFew } : undefined,
    active,
    commentLabel: gt.commentLabel,
  };
}

/** A send-back: by whom and when; one a majority came to, with its votes' reasons; one at closing, with its count. */
function sentBackLine(ctx: AppContext, m: Messages, before: GateEvent[], e: Extract<GateEvent, { kind: 'sendBack' }>): Run[] {
  const gt = gateTexts(m);
  const tz = ctx.partnership.timeZone;
  if (!e.majority) return [{ text: m.gates.sentBack(e.gate, e.reason) }, ...(e.by ? [{ text: gt.decidedBy(personName(ctx, e.by), formatLocalDateTime(e.at, tz)) }] : [])];
  if (e.majority.closed) return [{ text: gt.closedWithout(e.gate, formatLocalDateTime(e.at, tz), e.majority.approve.length, majorityOf(e.majority.eligible)) }];
  const votes = votesOnPending(before);
  const reasons = e.majority.sendBack.map((id) => `${personName(ctx, id)}: ${votes.get(id)?.reason ?? ''}`);
  return [{ text: gt.sentBackByMajority(e.gate, e.majority.sendBack.length, e.majority.eligible, reasons) }];
}

/** How the owning group decides (preliminary while the file has not confirmed it), and for a waiting gate who may not decide and how the vote stands. */
function decisionLines(ctx: AppContext, m: Messages, proposal: ProposalRecord, history: GateEvent[], participants: string[]): Run[][] {
  const gt = gateTexts(m);
  const owner = owningNetworkOf(proposal, ctx.partnership.networks);
  if (!owner) return [];
  const group = networkName(ctx, owner);
  const rule = gateDecisionOf(ctx.partnership, owner);
  const submission = pendingSubmission(history);
  const mode = submission?.decision?.mode ?? rule.mode;
  const how = mode === 'majority' ? gt.how.majority(group, rule.closeAfterWorkingDays ?? 1) : gt.how.single(group);
  const lines: Run[][] = [[{ text: rule.confirmed ? how : `${how} ${gt.preliminary}` }]];
  if (!submission) return lines;
  const deciders = gateDeciders(ctx.partnership.people, owner, participants);
  const who = (id: string) => {
    const member = ctx.partnership.people.find((p) => p.id === id)?.member;
    return member ? `${personName(ctx, id)} (${memberName(ctx, member)})` : personName(ctx, id);
  };
  lines.push([{ text: gt.fourEyes(personName(ctx, submission.by), personName(ctx, proposal.contactPersonId)) }]);
  const tally = tallyGate({ history, deciders, contactPersonId: proposal.contactPersonId, now: ctx.clock.now() });
  const eligible = tally?.eligible ?? deciders.filter((id) => id !== submission.by && id !== proposal.contactPersonId);
  if (!eligible.length) lines.push([{ text: gt.noDeciders(group) }]);
  if (!tally) return lines;
  const votes = votesOnPending(history);
  lines.push([{ text: gt.tally(tally.approve.length, tally.sendBack.length, tally.eligible.length, tally.needed, formatLocalDateTime(tally.closesAt, ctx.partnership.timeZone)) }]);
  if (tally.approve.length) lines.push([{ text: gt.approvedBy(tally.approve.map((id) => (votes.get(id)?.comment ? `${who(id)}: ${votes.get(id)!.comment}` : who(id)))) }]);
  if (tally.sendBack.length) lines.push([{ text: gt.sentBackBy(tally.sendBack.map((id) => `${who(id)}: ${votes.get(id)?.reason ?? ''}`)) }]);
  if (tally.waiting.length) lines.push([{ text: gt.waiting(tally.waiting.map(who)) }]);
  return lines;
}

/** The owning group, when it is not simply the network the proposal was made in (or when it is missing). */
function ownerFact(ctx: AppContext, m: Messages, proposal: ProposalRecord): ProposalCardView['owner'] {
  const owner = owningNetworkOf(proposal, ctx.partnership.networks);
  if (owner === proposal.networkId) return undefined;
  return { label: gateTexts(m).ownerFact, value: owner ? networkName(ctx, owner) : gateTexts(m).noOwner };
}

/** `viewer`: the municipality of the one the card answers (a press), if any: see participationView. */
export function proposalView(
  ctx: AppContext,
  m: Messages,
  proposal: ProposalRecord,
  notice?: ProposalCardView['notice'],
  postingTo?: string,
  viewer?: string,
): ProposalCardView {
  const latest = currentAnswers(ctx.repo.answersOf(proposal.id), proposal.id);
  const viability = viabilityOf(ctx, proposal);
  const status = statusOf(ctx, proposal, viability);
  const { labels, ...participation } = participationView(ctx, m, proposal, viability, status, viewer);
  return {
    ...proposal,
    ...participation,
    status,
    networkName: networkName(ctx, proposal.networkId),
    owner: ownerFact(ctx, m, proposal),
    contactName: personName(ctx, proposal.contactPersonId),
    proposedByName: personName(ctx, proposal.createdBy),
    minParticipants: ctx.partnership.minParticipants,
    viability,
    costSplit: projectCostSplit(ctx, proposal, viability.participants),
    gates: gatesView(ctx, m, proposal),
    postedIn: postedIn(
      ctx,
      m,
      ctx.repo.postedCopies({ proposalId: proposal.id }).map((c) => c.conversationId),
      ctx.repo.outbox().filter((e) => e.post.kind === 'proposalCard' && e.post.proposalId === proposal.id).map((e) => e.conversationId),
      postingTo,
    ),
    rows: municipalities(ctx.partnership).map((member) => {
      const record = latest.get(member.id);
      return {
        member: member.name,
        answer: record?.answer ?? null,
        label: labels.get(member.id),
        by: record
          ? `${personName(ctx, record.personId)} (${m.proposal.capacity[record.capacity]}), ${formatLocalDateTime(record.at, ctx.partnership.timeZone)}`
          : '',
      };
    }),
    notice,
  };
}

/** The card everyone sees, in the partnership's language (`postingTo`: see `postedIn`). */
export function sharedProposalCard(ctx: AppContext, proposal: ProposalRecord, postingTo?: string): AdaptiveCard {
  const m = messages(ctx.partnership.locale);
  return proposalCard(m, proposalView(ctx, m, proposal, undefined, postingTo));
}

/** What every posted copy of a proposal is updated to. */
export function sharedProposalActivity(ctx: AppContext, proposal: ProposalRecord, postingTo?: string): Partial<Activity> {
  return cardActivity(sharedProposalCard(ctx, proposal, postingTo), proposal.title);
}

async function refreshNow(ctx: AppContext, proposalId: string): Promise<void> {
  const proposal = ctx.repo.proposal(proposalId);
  if (!proposal) return;
  const activity = sharedProposalActivity(ctx, proposal);
  const copies = ctx.repo.postedCopies({ proposalId: proposalId });
  await Promise.allSettled(copies.map((c) => ctx.notifier.update(c.conversationId, c.activityId, activity)));
}

/**
 * Brings every posted copy of a proposal's card up to date, for everyone who sees it. Refreshes of
 * one proposal never overlap and each renders the state at its start, so when answers arrive
 * together the last update Teams gets shows them all.
 */
export function refreshPostedCards(ctx: AppContext, proposalId: string): Promise<void> {
  return refreshInOrder(ctx, `proposal:${proposalId}`, () => refreshNow(ctx, proposalId));
}
