import type { Activity } from 'botbuilder';
import { answerersFor, mentionOf, type MentionEntity } from '../../domain/notices.js';
import { hasEnded } from '../../domain/project-life.js';
import { escapeMarkdown } from '../../domain/text.js';
import { messages } from '../../i18n/index.js';
import type { OutboxEntry, OutboxPost, ProposalRecord } from '../../store/schema.js';
import { card, text, type AdaptiveCard } from '../../../cards/elements.js';
import type { AppContext } from '../context.js';
import { cardActivity, memberName } from '../kit/views.js';
import { sharedProposalActivity, statusOf, viabilityOf } from '../proposals/index.js';
import { texts } from './texts.js';

/**
 * How a notice looks when it is sent (drawn then, so a late post shows the newest state): a personal
 * message with what happened and, for a project, its card with its buttons (a copy not kept up to
 * date); or, in a channel, a card naming with a Teams mention those who cannot be written to.
 */

type NoticePost = Extract<OutboxPost, { kind: 'notice' }>;

/** The kinds that wait for a municipality's answer: their channel card lists who is still awaited. */
const AWAITING = new Set<NoticePost['notice']>(['newProposal', 'answerDeadlineSoon']);

/** An Adaptive Card that mentions people: Teams reads the mentions from `msteams.entities`. */
export type MentioningCard = AdaptiveCard & { msteams: { entities: MentionEntity[] } };

/** Who a rendered channel post named, per outbox entry, for the log line after Teams took it. */
const named = new WeakMap<OutboxEntry, string[]>();

const ended = (ctx: AppContext, proposal: ProposalRecord) => hasEnded(statusOf(ctx, proposal));

/**
 * How a notice about another feature's record draws that record's card: registered by that feature
 * (notices imports none of them, so no feature's module waits on another's). `postingTo`: where the
 * record's own card is on its way, if it is.
 */
export type NoticeCardDrawer = (id: string, postingTo: string | undefined) => Partial<Activity> | undefined;
const drawers = new WeakMap<AppContext, Map<'consultation', NoticeCardDrawer>>();

export function registerNoticeCard(ctx: AppContext, about: 'consultation', draw: NoticeCardDrawer): void {
  const own = drawers.get(ctx) ?? new Map<'consultation', NoticeCardDrawer>();
  own.set(about, draw);
  drawers.set(ctx, own);
}

function personalActivity(ctx: AppContext, post: NoticePost): Partial<Activity> | undefined {
  const person = ctx.partnership.people.find((p) => p.id === post.personId);
  if (!person) return undefined;
  if (post.consultationId) {
    // A round's card with its buttons (a copy not kept up to date); once the round is closed, the words alone.
    const round = ctx.repo.consultation(post.consultationId);
    if (!round) return undefined;
    if (round.closed) return { type: 'message', text: post.text };
    const owed = ctx.repo.outbox().find((e) => e.post.kind === 'consultationCard' && e.post.consultationId === round.id);
    const drawn = drawers.get(ctx)?.get('consultation')?.(round.id, owed?.conversationId);
    return drawn ? { ...drawn, text: post.text } : { type: 'message', text: post.text };
  }
  const proposal = post.proposalId ? ctx.repo.proposal(post.proposalId) : undefined;
  if (post.proposalId && !proposal) return undefined;
  if (post.notice === 'answerDeadlineSoon' && proposal) {
    // A reminder to answer is no longer wanted once the municipality has answered or answers closed.
    const v = viabilityOf(ctx, proposal);
    if (!v.answersOpen || !person.member || !v.unanswered.includes(person.member) || ended(ctx, proposal)) return undefined;
  }
  if (!proposal) return { type: 'message', text: post.text };
  // The channel card owed in the same write may still be on its way: this copy says where it goes,
  // not that Teams refuses it (the copy is not kept up to date, so it would keep saying so).
  const owed = ctx.repo.outbox().find((e) => e.post.kind === 'proposalCard' && e.post.proposalId === proposal.id);
  return { ...sharedProposalActivity(ctx, proposal, owed?.conversationId), text: post.text };
}

/**
 * The channel card: what happened, and who it is for. For a proposal waiting for answers, every
 * municipality still awaited with the people who may answer for it, by name; those who cannot be
 * written to personally are mentioned. Undefined when nobody it was to mention is still concerned.
 */
export function mentionCard(ctx: AppContext, post: NoticePost): { card: MentioningCard; mentioned: string[] } | undefined {
  const t = texts(messages(ctx.partnership.locale)).mention;
  const people = (post.mentions ?? []).map((id) => ctx.partnership.people.find((p) => p.id === id)).filter((p) => !!p);
  const proposal = post.proposalId ? ctx.repo.proposal(post.proposalId) : undefined;
  const entities: MentionEntity[] = [];
  const mentioned: string[] = [];
  const nameOf = (person: (typeof people)[number]) => {
    if (!people.includes(person)) return escapeMarkdown(person.name);
    const m = mentionOf(person);
    if (!mentioned.includes(person.id)) {
      mentioned.push(person.id);
      entities.push(m.entity);
    }
    return m.text;
  };
  const lines: string[] = [];
  let heading = t.to;
  if (AWAITING.has(post.notice) && proposal) {
    const v = viabilityOf(ctx, proposal);
    if (!v.answersOpen || ended(ctx, proposal)) return undefined;
    heading = t.awaited;
    for (const memberId of v.unanswered) {
      const answerers = answerersFor(ctx.partnership, memberId, proposal.networkId, proposal.ownerNetworkId);
      lines.push(t.line(escapeMarkdown(memberName(ctx, memberId)), answerers.length ? answerers.map(nameOf).join(', ') : t.nobody));
    }
  } else {
    lines.push(people.map((p) => (p.member ? `${nameOf(p)} (${escapeMarkdown(memberName(ctx, p.member))})` : nameOf(p))).join(', '));
  }
  if (!mentioned.length) return undefined;
  const body = card([text(post.text), text(heading, { weight: 'Bolder', spacing: 'Medium' }), ...lines.map((line) => text(line, { spacing: 'Small' }))]);
  return { card: { ...body, msteams: { entities } }, mentioned };
}

function mentionActivity(ctx: AppContext, post: NoticePost, entry: OutboxEntry): Partial<Activity> | undefined {
  const drawn = mentionCard(ctx, post);
  if (!drawn) return undefined;
  named.set(entry, drawn.mentioned);
  return cardActivity(drawn.card);
}

/** The outbox's way with notices; each person reached is logged with the path that reached them. */
export function registerNoticePosts(ctx: AppContext): void {
  ctx.outbox.register('notice', {
    render: (post, entry) => (post.personId !== undefined ? personalActivity(ctx, post) : mentionActivity(ctx, post, entry)),
    after: (post, entry) => {
      const reached = post.personId !== undefined ? [post.personId] : (named.get(entry) ?? []);
      const path = post.personId !== undefined ? 'personal' : 'mention';
      for (const personId of reached)
        ctx.log.info({ eventId: post.eventId, personId, kind: post.notice, path, conversationId: entry.conversationId }, 'notice: person reached');
      named.delete(entry);
    },
  });
}
