import type { Person } from '../../config/partnership.js';
import type { Gate } from '../../domain/gates.js';
import { noticeRecipients, pathFor, wanted, type NoticeEvent, type NoticeKind } from '../../domain/notices.js';
import { escapeMarkdown, safeLink, safeUrl } from '../../domain/text.js';
import { messages, type Locale } from '../../i18n/index.js';
import type { PostRequest } from '../../store/port.js';
import type { ConsultationRecord, OutboxPost, ProposalRecord } from '../../store/schema.js';
import type { AppContext } from '../context.js';
import { memberName, networkName } from '../kit/views.js';
import { texts, type ProjectWords } from './texts.js';

/**
 * What happened, as the feature where it happened knows it. `noticePosts` turns it into the posts
 * that tell the people it concerns, to be enqueued in the same write that records the event.
 * `at` (the event's recorded time) tells repeated events apart (a gate submitted again after it was
 * sent back is a new event); `actorId` is the person who caused it, who is not told.
 */
export type NoticeInput =
  | { kind: 'newProposal'; proposal: ProposalRecord; actorId?: string }
  | { kind: 'answerDeadlineSoon'; proposal: ProposalRecord; waiting: readonly string[] }
  | { kind: 'gateSubmitted'; proposal: ProposalRecord; gate: Gate; at: string; participants: readonly string[]; actorId?: string }
  | {
      kind: 'gateDecided';
      proposal: ProposalRecord;
      gate: Gate;
      outcome: 'approved' | 'sentBack';
      reason?: string;
      at: string;
      participants: readonly string[];
      actorId?: string;
    }
  | { kind: 'projectCancelled'; proposal: ProposalRecord; reason: string; participants: readonly string[]; actorId?: string }
  | { kind: 'memberJoined' | 'memberLeft'; proposal: ProposalRecord; memberId: string; at: string; participants: readonly string[]; actorId?: string }
  /** `key`: the report occurrence (e.g. "q1-report:2026-Q1"); `receivers`: the member ids it went to. */
  | { kind: 'reportDone'; key: string; title: string; url?: string; receivers: readonly string[]; actorId?: string }
  /** A consultation round opened: each asked member's answerers are told, with the round's card. */
  | { kind: 'consultationOpened'; consultation: ConsultationRecord; actorId?: string };

/** The posts a notice event owes (PostRequest of the store port: a conversation and a post). */
export type PostDraft = PostRequest;

type NoticePost = Extract<OutboxPost, { kind: 'notice' }>;

const projectRef = (p: ProposalRecord) => ({ id: p.id, networkId: p.networkId, ownerNetworkId: p.ownerNetworkId, contactPersonId: p.contactPersonId });

/** The event for the table, with the id that keeps each person's notice of it to one. */
export function noticeEventOf(input: NoticeInput): NoticeEvent {
  switch (input.kind) {
    case 'newProposal':
      return { kind: input.kind, id: `newProposal:${input.proposal.id}`, actorId: input.actorId, project: projectRef(input.proposal), members: [] };
    case 'answerDeadlineSoon':
      // A changed deadline is a new reminder.
      return { kind: input.kind, id: `answerDeadlineSoon:${input.proposal.id}:${input.proposal.answerDeadline}`, project: projectRef(input.proposal), waiting: input.waiting };
    case 'gateSubmitted':
      return { kind: input.kind, id: `gateSubmitted:${input.proposal.id}:${input.gate}:${input.at}`, actorId: input.actorId, project: projectRef(input.proposal), participants: input.participants };
    case 'gateDecided':
      return { kind: input.kind, id: `gateDecided:${input.proposal.id}:${input.gate}:${input.at}`, actorId: input.actorId, project: projectRef(input.proposal), participants: input.participants };
    case 'projectCancelled':
      return { kind: input.kind, id: `projectCancelled:${input.proposal.id}`, actorId: input.actorId, project: projectRef(input.proposal), participants: input.participants };
    case 'memberJoined':
    case 'memberLeft':
      return {
        kind: input.kind,
        id: `${input.kind}:${input.proposal.id}:${input.memberId}:${input.at}`,
        actorId: input.actorId,
        project: projectRef(input.proposal),
        participants: input.participants,
        memberId: input.memberId,
      };
    case 'reportDone':
      return { kind: input.kind, id: `reportDone:${input.key}`, actorId: input.actorId, receivers: input.receivers };
    case 'consultationOpened':
      return { kind: input.kind, id: `consultationOpened:${input.consultation.id}`, actorId: input.actorId, asked: input.consultation.asked };
  }
}

/** Every municipality may answer a new proposal. */
function withMembers(ctx: AppContext, event: NoticeEvent): NoticeEvent {
  return event.kind === 'newProposal' ? { ...event, members: ctx.partnership.members.filter((m) => m.kind === 'municipality').map((m) => m.id) } : event;
}

function words(ctx: AppContext, proposal: ProposalRecord): ProjectWords {
  return { id: proposal.id, title: escapeMarkdown(proposal.title), network: escapeMarkdown(networkName(ctx, proposal.networkId)) };
}

/** What happened, in `locale`, for someone told for `memberId` (if it is about their municipality). */
export function noticeText(ctx: AppContext, input: NoticeInput, locale: Locale, memberId?: string): string {
  const all = texts(messages(locale));
  const t = all.personal;
  const gate = (g: Gate) => escapeMarkdown(`${g} ${messages(locale).gates.names[g]}`);
  const member = (id: string) => escapeMarkdown(memberName(ctx, id));
  switch (input.kind) {
    case 'newProposal':
      return memberId
        ? t.newProposal(words(ctx, input.proposal), member(memberId), input.proposal.answerDeadline)
        : all.channel.newProposal(words(ctx, input.proposal), input.proposal.answerDeadline);
    case 'answerDeadlineSoon':
      return memberId
        ? t.answerDeadlineSoon(words(ctx, input.proposal), member(memberId), input.proposal.answerDeadline)
        : all.channel.answerDeadlineSoon(words(ctx, input.proposal), input.proposal.answerDeadline);
    case 'gateSubmitted':
      return t.gateSubmitted(words(ctx, input.proposal), gate(input.gate));
    case 'gateDecided':
      return input.outcome === 'approved'
        ? t.gateApproved(words(ctx, input.proposal), gate(input.gate))
        : t.gateSentBack(words(ctx, input.proposal), gate(input.gate), escapeMarkdown(input.reason ?? ''));
    case 'projectCancelled':
      return t.projectCancelled(words(ctx, input.proposal), escapeMarkdown(input.reason));
    case 'memberJoined':
      return t.memberJoined(words(ctx, input.proposal), member(input.memberId));
    case 'memberLeft':
      return t.memberLeft(words(ctx, input.proposal), member(input.memberId));
    case 'reportDone':
      return t.reportDone(escapeMarkdown(input.title), input.url && safeUrl(input.url) ? safeLink(t.reportLink, input.url) : undefined);
    case 'consultationOpened': {
      const round = { id: input.consultation.id, subject: escapeMarkdown(input.consultation.subject) };
      return memberId ? t.consultationOpened(round, member(memberId), input.consultation.answerDate) : all.channel.consultationOpened(round, input.consultation.answerDate);
    }
  }
}

/**
 * Where people who cannot be written to personally are named: the channel of the project's network,
 * or the channel or group chat the proposal was made in; for a report, the social chiefs' channel.
 */
export function mentionPlace(ctx: AppContext, input: NoticeInput): string | undefined {
  if (input.kind === 'reportDone') {
    const chiefs = ctx.partnership.networks.find((n) => n.kind === 'steeringGroup');
    return chiefs && ctx.repo.networkChannel(chiefs.id)?.id;
  }
  const about = input.kind === 'consultationOpened' ? input.consultation : input.proposal;
  const linked = ctx.repo.networkChannel(about.networkId)?.id;
  if (linked) return linked;
  const origin = about.originConversationId && ctx.repo.conversation(about.originConversationId);
  return origin && origin.type !== 'personal' ? origin.id : undefined;
}

/** The personal chat the bot can write to the person in, if any (in a tenant the partnership serves). */
export function personalChatOf(ctx: AppContext, person: Person): string | undefined {
  const id = ctx.repo.personalChat(person.aadObjectId);
  const chat = id ? ctx.repo.conversation(id) : undefined;
  return chat && pathFor(chat, ctx.partnership.tenants) === 'personal' ? chat.id : undefined;
}

/**
 * The posts that tell the people an event concerns: one personal message each where the bot has a
 * personal chat with them, and one post naming the others (a Teams mention) where the event is
 * posted. Those who turned the kind off, and those already told of the event, get nothing. To be
 * enqueued in the write that records the event: the store then records each (event, person) in the
 * same write, so nobody is told twice, also when this is asked again.
 */
export function noticePosts(ctx: AppContext, input: NoticeInput): PostDraft[] {
  const event = withMembers(ctx, noticeEventOf(input));
  const kind: NoticeKind = event.kind;
  const recipients = wanted(noticeRecipients(ctx.partnership, event), kind, (id) => ctx.repo.noticesOff(id)).filter(
    (r) => !ctx.repo.noticeSent(event.id, r.personId),
  );
  const proposalId = input.kind === 'reportDone' || input.kind === 'consultationOpened' ? undefined : input.proposal.id;
  const consultationId = input.kind === 'consultationOpened' ? input.consultation.id : undefined;
  const base = { kind: 'notice' as const, eventId: event.id, notice: kind, ...(proposalId ? { proposalId } : {}), ...(consultationId ? { consultationId } : {}) };
  const posts: PostDraft[] = [];
  const mentions: string[] = [];
  for (const recipient of recipients) {
    const person = ctx.partnership.people.find((p) => p.id === recipient.personId)!;
    const chat = personalChatOf(ctx, person);
    if (!chat) {
      mentions.push(person.id);
      continue;
    }
    const post: NoticePost = { ...base, personId: person.id, text: noticeText(ctx, input, person.locale ?? ctx.partnership.locale, recipient.memberId) };
    posts.push({ conversationId: chat, post });
  }
  if (mentions.length) {
    const place = mentionPlace(ctx, input);
    if (place) posts.push({ conversationId: place, post: { ...base, mentions, text: noticeText(ctx, input, ctx.partnership.locale, undefined) } });
    else ctx.log.warn({ eventId: event.id, personIds: mentions }, 'notice: no personal chat with these people and no channel to mention them in; not reached');
  }
  return posts;
}

/**
 * Starts sending the notices among `postIds` (the ids a write gave its posts) without waiting for
 * them, and gives back the other ids: a person's press waits for the post it is about (the channel's
 * card), not for everyone's personal message.
 */
export function sendNotices(ctx: AppContext, postIds: readonly string[]): string[] {
  const notices = postIds.filter((id) => ctx.repo.outboxEntry(id)?.post.kind === 'notice');
  if (notices.length) void ctx.outbox.deliver(notices);
  return postIds.filter((id) => !notices.includes(id));
}
