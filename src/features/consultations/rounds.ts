import type { Activity, TurnContext } from 'botbuilder';
import { z } from 'zod/v4';
import type { Person } from '../../config/partnership.js';
import { authorize } from '../../domain/authorization.js';
import { addCalendarDays, formatLocalDateTime, localDate, localYear } from '../../domain/calendar.js';
import {
  checkConsultationForm,
  checkStatement,
  checkTimeRequest,
  closeStanding,
  CONSULTATION_FIELDS,
  deadlinePassed,
  hasAnswered,
  LIMITS,
  memberDeadline,
  memberStatuses,
  type AnswerCapacity,
  type ConsultationAnswer,
  type ConsultationFormValues,
  type MemberStatus,
  type StatementProblem,
} from '../../domain/consultation.js';
import { ReplayConflict } from '../../domain/delivery.js';
import { CONSULTATION_ID } from '../../domain/ids.js';
import { escapeMarkdown } from '../../domain/text.js';
import { messages, type Messages } from '../../i18n/index.js';
import type { PostRequest, RepositoryReads } from '../../store/port.js';
import type { ConsultationRecord } from '../../store/schema.js';
import { card, banner, type AdaptiveCard } from '../../../cards/elements.js';
import {
  ANSWER_VERB,
  CLOSE_VERB,
  COMPILATION_VERB,
  consultationCard,
  consultationFormCard,
  CONSULTATION_SUBMIT_VERB,
  EXTEND_VERB,
  REQUEST_TIME_VERB,
  type ConsultationCardView,
} from '../../../cards/consultation.js';
import type { AppContext } from '../context.js';
import type { CardVerb } from '../feature.js';
import { readPress } from '../kit/card-action.js';
import { conversationIdOf } from '../kit/conversation.js';
import type { Actor } from '../kit/identity.js';
import { PRESS_WAIT_MS } from '../kit/outbox.js';
import { noticePosts, registerNoticeCard, sendNotices } from '../notices/index.js';
import { replayRefusal } from '../kit/replay.js';
import { answeredInPlace, cardActivity, inBackground, memberName, personName, postedIn, refreshInOrder } from '../kit/views.js';
import { askedText, renderCompilation, statusWord, type RenderedCompilation } from './compilation.js';
import { signedCompilationPath } from './route.js';
import { texts, type ConsultationTexts } from './texts.js';

/** Consultation rounds: the form, the card and its answers, extensions, the close and the compilation. */

const formValue = z.union([z.string().max(50_000), z.number()]).transform((v) => String(v));
const SubmitPayload = z.object(Object.fromEntries(CONSULTATION_FIELDS.map((f) => [f, formValue.optional()])));
const RoundRef = z.object({ consultationId: z.string().regex(CONSULTATION_ID) });
/** Fields are bounded loosely here: the rules check the real limits and say which was passed. */
const field = (max: number) => z.string().max(max).optional();
const AnswerPayload = RoundRef.extend({
  memberId: field(60),
  position: field(40),
  text: field(200_000),
  documentUrl: field(4000),
  decidedBy: field(4000),
  paragraph: field(4000),
  dnr: field(4000),
  decisionDate: field(40),
});
const RequestPayload = RoundRef.extend({ requestMemberId: field(60), until: field(40), reason: field(20_000) });
const ExtendPayload = RoundRef.extend({ extendMemberId: field(60), extendUntil: field(40) });

type Tone = 'good' | 'attention' | 'warning';
const notice = (text: string, tone: Tone = 'attention') => card([banner(text, tone)]);

/** The texts of the partnership's language: what every copy of a card says. */
const sharedTexts = (ctx: AppContext) => texts(messages(ctx.partnership.locale));

export function statusesOf(ctx: AppContext, round: ConsultationRecord, state: RepositoryReads = ctx.repo): MemberStatus[] {
  return memberStatuses(round, state.consultationAnswers(round.id), ctx.partnership.timeZone);
}

/** The channel a round is posted in: its network's, if one is linked. */
export function channelOf(ctx: AppContext, round: Pick<ConsultationRecord, 'networkId'>): string | undefined {
  return ctx.repo.networkChannel(round.networkId)?.id;
}

function recordedBy(ctx: AppContext, t: ConsultationTexts, a: ConsultationAnswer): string {
  const who = a.capacity === 'coordinator' ? t.onBehalf(personName(ctx, a.personId)) : `${personName(ctx, a.personId)} (${t.capacity[a.capacity]})`;
  return `${who}, ${formatLocalDateTime(a.at, ctx.partnership.timeZone)}`;
}

/** Whether an open round's own answer date (not an extension's) has passed. */
function answerDatePassed(ctx: AppContext, round: ConsultationRecord): boolean {
  return !round.closed && deadlinePassed({ answerDate: round.answerDate, extensions: [] }, '', ctx.clock.now(), ctx.partnership.timeZone);
}

/** The card's status line, computed whenever the card is drawn: open, the answer date passed (with whom an extension keeps in time), or closed. */
export function statusLineOf(ctx: AppContext, t: ConsultationTexts, round: ConsultationRecord): string {
  const tz = ctx.partnership.timeZone;
  if (round.closed) return t.card.closed(formatLocalDateTime(round.closed.at, tz));
  if (!answerDatePassed(ctx, round)) return t.card.open(round.answerDate);
  const { inTime } = closeStanding(round, ctx.repo.consultationAnswers(round.id), ctx.clock.now(), tz);
  return t.card.passed(round.answerDate, inTime.map((id) => memberName(ctx, id)));
}

function view(ctx: AppContext, m: Messages, round: ConsultationRecord, note?: ConsultationCardView['notice'], postingTo?: string): ConsultationCardView {
  const t = texts(m);
  const tz = ctx.partnership.timeZone;
  const statuses = statusesOf(ctx, round);
  const answered = statuses.filter(hasAnswered).length;
  const without = statuses.filter((s) => !hasAnswered(s));
  const today = localDate(ctx.clock.now(), tz);
  const where = postedIn(
    ctx,
    m,
    ctx.repo.postedCopies({ consultationId: round.id }).map((c) => c.conversationId),
    ctx.repo.outbox().filter((e) => e.post.kind === 'consultationCard' && e.post.consultationId === round.id && e.post.track !== false).map((e) => e.conversationId),
    postingTo,
  );
  return {
    id: round.id,
    subject: round.subject,
    question: round.question,
    documents: round.documents,
    open: !round.closed,
    statusLine: statusLineOf(ctx, t, round),
    overdue: answerDatePassed(ctx, round),
    summaryLine: t.card.summary(answered, round.asked.length, round.closed ? [] : without.map((s) => memberName(ctx, s.memberId))),
    facts: [
      [t.card.facts.answerDate, round.answerDate],
      [t.card.facts.recipient, round.recipient],
      [t.card.facts.openedBy, personName(ctx, round.createdBy)],
      [t.card.facts.asked, askedText(t, round.asked, ctx.partnership.members)],
      ...(round.closed ? ([[t.card.facts.closedBy, personName(ctx, round.closed.personId)]] as [string, string][]) : []),
      ...(where ? ([[m.posting.fact, where]] as [string, string][]) : []),
    ],
    rows: statuses.map((s) => {
      const d = s.answer?.decision;
      const shown = s.answer ?? s.request;
      return {
        member: memberName(ctx, s.memberId),
        answer: statusWord(t, s) + (s.late ? ` (${t.late})` : ''),
        decision: d ? t.compilation.decisionRef(d.body, d.paragraph, d.dnr, d.date) : '',
        by: shown ? recordedBy(ctx, t, shown) : '',
      };
    }),
    asked: round.asked.map((id) => ({ id, name: memberName(ctx, id) })),
    unanswered: without.map((s) => ({ id: s.memberId, name: memberName(ctx, s.memberId) })),
    today,
    tomorrow: addCalendarDays(today, 1),
    notice: note,
  };
}

function roundCard(ctx: AppContext, m: Messages, round: ConsultationRecord, note?: ConsultationCardView['notice']): AdaptiveCard {
  return consultationCard(texts(m), view(ctx, m, round, note));
}

/** What every posted copy of a round shows (`postingTo`: see `postedIn`). */
export function sharedConsultationActivity(ctx: AppContext, round: ConsultationRecord, postingTo?: string): Partial<Activity> {
  const m = messages(ctx.partnership.locale);
  return cardActivity(consultationCard(texts(m), view(ctx, m, round, undefined, postingTo)), round.subject);
}

export function refreshConsultationCards(ctx: AppContext, consultationId: string): Promise<void> {
  return refreshInOrder(ctx, `consultation:${consultationId}`, async () => {
    const round = ctx.repo.consultation(consultationId);
    if (!round) return;
    const activity = sharedConsultationActivity(ctx, round);
    await Promise.allSettled(ctx.repo.postedCopies({ consultationId }).map((c) => ctx.notifier.update(c.conversationId, c.activityId, activity)));
  });
}

/** Per running bot, the status line each open round's cards last got from `refreshRoundsOverTime`. */
const drawnLines = new WeakMap<AppContext, Map<string, string>>();

/**
 * For the ticker: refreshes the cards of each open round whose status line changed with time alone
 * (its answer date, or an extension's, passed). A round not seen yet by this process was drawn
 * with the open line; so after a restart a date passed meanwhile is still shown.
 */
export async function refreshRoundsOverTime(ctx: AppContext): Promise<string[]> {
  const t = sharedTexts(ctx);
  let drawn = drawnLines.get(ctx);
  if (!drawn) drawnLines.set(ctx, (drawn = new Map()));
  const refreshed: string[] = [];
  for (const round of ctx.repo.consultations()) {
    if (round.closed) {
      drawn.delete(round.id);
      continue;
    }
    const line = statusLineOf(ctx, t, round);
    const before = drawn.get(round.id) ?? t.card.open(round.answerDate);
    drawn.set(round.id, line);
    if (line === before) continue;
    await refreshConsultationCards(ctx, round.id);
    ctx.log.info({ consultationId: round.id }, 'consultation cards refreshed: the answer date passed');
    refreshed.push(round.id);
  }
  return refreshed;
}

/** After a press: the presser's copy is answered in place, everyone else's follows in the background. */
function refreshAfterPress(ctx: AppContext, context: TurnContext, consultationId: string): void {
  const round = ctx.repo.consultation(consultationId);
  if (round) answeredInPlace(ctx, context, sharedConsultationActivity(ctx, round));
  inBackground(ctx, refreshConsultationCards(ctx, consultationId), `consultation ${consultationId}`);
}

/**
 * Personal notices when a round opens (issue #16): one to each answerer of each asked member, with the
 * round's card, or a mention in the round's channel where the bot cannot write to them. Called inside
 * the opening write so that its posts are as durable as the round; `actorId` (who opened it) is not told.
 */
export function openingNotices(ctx: AppContext, round: ConsultationRecord, actorId?: string): PostRequest[] {
  return noticePosts(ctx, { kind: 'consultationOpened', consultation: round, ...(actorId ? { actorId } : {}) });
}

// ---------------------------------------------------------------------------------------------
// Opening a round

function formView(ctx: AppContext, values: ConsultationFormValues, errors: Parameters<typeof consultationFormCard>[1]['errors']) {
  const { members, networks } = ctx.partnership;
  const steering = networks.find((n) => n.kind === 'steeringGroup');
  return {
    values: { networkId: steering?.id, ...values },
    errors,
    today: localDate(ctx.clock.now(), ctx.partnership.timeZone),
    members: members.map((mm) => ({ id: mm.id, name: mm.name })),
    municipalities: members.filter((mm) => mm.kind === 'municipality').length,
    networks: networks.map((n) => ({ id: n.id, name: n.name })),
  };
}

export function newConsultationForm(ctx: AppContext, actor: Actor): AdaptiveCard {
  return consultationFormCard(texts(actor.m), formView(ctx, {}, {}));
}

async function handleSubmit(ctx: AppContext, context: TurnContext, actor: Actor, data: unknown): Promise<AdaptiveCard> {
  const { m } = actor;
  const t = texts(m);
  if (!authorize(actor.person, 'openConsultation').ok) return notice(t.openRefused);
  const parsed = SubmitPayload.safeParse(data);
  if (!parsed.success) return notice(m.answer.badRequest);
  const values = parsed.data as ConsultationFormValues;
  const now = ctx.clock.now();
  const tz = ctx.partnership.timeZone;
  const checked = checkConsultationForm(values, { members: ctx.partnership.members, networks: ctx.partnership.networks, today: localDate(now, tz) });
  if (!checked.ok) {
    ctx.log.info({ aadObjectId: actor.aadObjectId, fields: Object.keys(checked.errors) }, 'consultation form refused');
    return consultationFormCard(t, formView(ctx, values, checked.errors));
  }
  const here = conversationIdOf(context.activity);
  const formActivityId = context.activity.replyToId;
  const channel = channelOf(ctx, checked.draft);
  const target = channel && channel !== here ? channel : undefined;
  const opened = await ctx.repo.createConsultation({
    draft: checked.draft,
    by: actor.person!,
    year: localYear(now, tz),
    now,
    formActivityId,
    conversationId: here,
    // The notices (and the mention card) first, so the round's card stays the newest post in its channel.
    posts: (round) => [...openingNotices(ctx, round, actor.person!.id), ...(target ? [{ conversationId: target, post: { kind: 'consultationCard' as const, consultationId: round.id } }] : [])],
  });
  if (opened.conflict) return notice(replayRefusal(ctx, actor, opened.conflict));
  const { consultation: round, created } = opened;
  // Personal notices go out on their own: the press waits only for the channel's card.
  const postIds = created ? sendNotices(ctx, opened.postIds) : opened.postIds;
  if (created) ctx.log.info({ consultationId: round.id, asked: round.asked.length, aadObjectId: actor.aadObjectId }, 'consultation opened');
  let text = t.publishedHere(round.id);
  let tone: Tone = 'good';
  if (target) {
    const state = created
      ? await ctx.outbox.deliver(postIds, PRESS_WAIT_MS)
      : ctx.repo.outbox().some((e) => e.post.kind === 'consultationCard' && e.post.consultationId === round.id)
        ? 'pending'
        : 'posted';
    const where = escapeMarkdown(ctx.repo.conversation(target)?.name ?? target);
    text = state === 'posted' ? t.published(round.id, where) : t.notYetPublished(round.id, where);
    if (state === 'pending') {
      tone = 'warning';
      ctx.log.warn({ consultationId: round.id, conversationId: target }, 'consultation opened, its channel post is still in the outbox');
    }
  }
  if (created) await context.sendActivity(text);
  if (formActivityId) {
    await ctx.repo.recordPostedCopy({ consultationId: round.id }, { conversationId: here, activityId: formActivityId }, now);
    await context.updateActivity({ ...sharedConsultationActivity(ctx, ctx.repo.consultation(round.id) ?? round), id: formActivityId }).catch((err: Error) =>
      ctx.log.warn({ consultationId: round.id, err: err.message }, 'could not replace the consultation form for everyone'),
    );
  }
  return roundCard(ctx, m, ctx.repo.consultation(round.id) ?? round, { text, tone });
}

// ---------------------------------------------------------------------------------------------
// Answering for a member

/**
 * Who answers for which member: a member's own people answer for it (the authorization table says
 * who); a coordinator answers for the member chosen on the form, on its behalf. A person with a member
 * who chooses another member is refused, whatever their role.
 */
function answerer(ctx: AppContext, t: ConsultationTexts, person: Person | undefined, chosen: string | undefined): { memberId: string; capacity: AnswerCapacity } | { refusal: string } {
  const requested = chosen?.trim() || undefined;
  if (requested && !ctx.partnership.members.some((mm) => mm.id === requested)) return { refusal: t.refused.chooseMember };
  if (person?.member) {
    const memberId = requested ?? person.member;
    const own = authorize(person, 'answerConsultation', { memberId });
    if (own.ok) return { memberId, capacity: own.capacity };
    if (own.reason === 'otherMember') return { refusal: t.refused.otherMember(memberName(ctx, person.member)) };
    return { refusal: t.refused.noRole };
  }
  if (!authorize(person, 'answerConsultationOnBehalf').ok) return { refusal: t.refused.noRole };
  if (!requested) return { refusal: t.refused.chooseMember };
  return { memberId: requested, capacity: 'coordinator' };
}

function problemsText(t: ConsultationTexts, problems: readonly StatementProblem[], textLength: number): string {
  const lines = problems.map((p) => (p === 'textTooLong' ? t.textTooLongDetail(LIMITS.statement, textLength) : t.statementProblems[p]));
  return `${t.problemsIntro} ${lines.join(' ')}`;
}

/** A press on a round's card, read: its payload, the round it names, its texts, and how to answer with the round's card as it stands after the press. */
interface RoundPress<P> {
  payload: P;
  round: ConsultationRecord;
  t: ConsultationTexts;
  reply: (text: string, tone: Tone) => AdaptiveCard;
}

function readRoundPress<P extends { consultationId: string }>(
  ctx: AppContext,
  actor: Actor,
  verb: string,
  schema: { safeParse(value: unknown): { success: true; data: P } | { success: false } },
  data: unknown,
): RoundPress<P> | { refusal: AdaptiveCard } {
  const t = texts(actor.m);
  const read = readPress(ctx, actor, verb, { schema, data, load: (p) => ctx.repo.consultation(p.consultationId), unknown: t.unknown });
  if (read.refusal) return { refusal: read.refusal };
  const round = read.record;
  return { payload: read.payload, round, t, reply: (text, tone) => roundCard(ctx, actor.m, ctx.repo.consultation(round.id) ?? round, { text, tone }) };
}

/** What a member's press is refused with when the member is not asked or the round is closed (the outcomes every member press shares). */
function memberPressRefused({ t, reply }: RoundPress<unknown>, outcome: string, member: string): AdaptiveCard {
  if (outcome === 'notAsked') return reply(t.refused.notAsked(member), 'attention');
  if (outcome === 'closed') return reply(t.refused.closed, 'warning');
  return notice(t.unknown);
}

async function handleAnswer(ctx: AppContext, context: TurnContext, actor: Actor, data: unknown): Promise<AdaptiveCard> {
  const press = readRoundPress(ctx, actor, ANSWER_VERB, AnswerPayload, data);
  if ('refusal' in press) return press.refusal;
  const { payload, round, t, reply } = press;
  const who = answerer(ctx, t, actor.person, payload.memberId);
  if ('refusal' in who) {
    ctx.log.info({ aadObjectId: actor.aadObjectId, consultationId: round.id, memberId: payload.memberId }, 'consultation answer refused: not for this member');
    return reply(who.refusal, 'attention');
  }
  const { memberId, capacity } = who;
  const tz = ctx.partnership.timeZone;
  const now = ctx.clock.now();
  const checked = checkStatement(payload, localDate(now, tz));
  if (!checked.ok) {
    ctx.log.info({ aadObjectId: actor.aadObjectId, consultationId: round.id, memberId, problems: checked.problems }, 'consultation answer refused: the form');
    return reply(problemsText(t, checked.problems, (payload.text ?? '').length), 'attention');
  }
  const before = statusesOf(ctx, round).find((s) => s.memberId === memberId);
  const outcome = await ctx.repo.recordConsultationAnswer({
    consultationId: round.id,
    memberId,
    answer: checked.content,
    person: actor.person!,
    capacity,
    now,
    timeZone: tz,
    activityId: context.activity.id,
  });
  if (outcome instanceof ReplayConflict) return reply(replayRefusal(ctx, actor, outcome), 'attention');
  ctx.log.info({ aadObjectId: actor.aadObjectId, consultationId: round.id, memberId, kind: checked.content.kind, capacity, outcome }, 'consultation answer');
  const member = memberName(ctx, memberId);
  const word = t.positions[checked.content.kind === 'abstain' ? 'abstain' : checked.content.position!];
  switch (outcome) {
    case 'recorded': {
      refreshAfterPress(ctx, context, round.id);
      const after = statusesOf(ctx, ctx.repo.consultation(round.id)!).find((s) => s.memberId === memberId);
      const notes = [
        before?.answer ? t.replaced(member) : t.recorded(member, word),
        ...(after?.late ? [t.lateNote] : []),
        ...(capacity === 'coordinator' ? [t.onBehalfNote(member)] : []),
      ];
      return reply(notes.join(' '), 'good');
    }
    case 'duplicate':
      return reply(t.recorded(member, word), 'good');
    case 'unchanged':
      return reply(t.unchanged(member), 'good');
    case 'afterDate':
      return reply(t.refused.afterDate(member, memberDeadline(round, memberId)), 'warning');
    default:
      return memberPressRefused(press, outcome, member);
  }
}

async function handleRequestTime(ctx: AppContext, context: TurnContext, actor: Actor, data: unknown): Promise<AdaptiveCard> {
  const press = readRoundPress(ctx, actor, REQUEST_TIME_VERB, RequestPayload, data);
  if ('refusal' in press) return press.refusal;
  const { payload, round, t, reply } = press;
  const who = answerer(ctx, t, actor.person, payload.requestMemberId);
  if ('refusal' in who) return reply(who.refusal, 'attention');
  const { memberId, capacity } = who;
  const now = ctx.clock.now();
  const checked = checkTimeRequest(payload, localDate(now, ctx.partnership.timeZone));
  if (!checked.ok) return reply(`${t.problemsIntro} ${t.dateProblems[checked.problem]}`, 'attention');
  const outcome = await ctx.repo.recordConsultationAnswer({
    consultationId: round.id,
    memberId,
    answer: { kind: 'moreTime', until: checked.until, reason: checked.reason },
    person: actor.person!,
    capacity,
    now,
    timeZone: ctx.partnership.timeZone,
    activityId: context.activity.id,
  });
  if (outcome instanceof ReplayConflict) return reply(replayRefusal(ctx, actor, outcome), 'attention');
  ctx.log.info({ aadObjectId: actor.aadObjectId, consultationId: round.id, memberId, until: checked.until, outcome }, 'consultation: more time asked');
  const member = memberName(ctx, memberId);
  switch (outcome) {
    case 'recorded':
      refreshAfterPress(ctx, context, round.id);
      return reply(t.requestRecorded(member, checked.until), 'good');
    case 'duplicate':
    case 'unchanged':
      return reply(t.requestRecorded(member, checked.until), 'good');
    case 'alreadyAnswered':
      return reply(t.refused.alreadyAnswered(member), 'attention');
    case 'notLater':
      return reply(t.refused.notLater(memberDeadline(round, memberId)), 'attention');
    default:
      return memberPressRefused(press, outcome, member);
  }
}

// ---------------------------------------------------------------------------------------------
// The coordinator's: more time for a member, close, compilation

async function handleExtend(ctx: AppContext, context: TurnContext, actor: Actor, data: unknown): Promise<AdaptiveCard> {
  const press = readRoundPress(ctx, actor, EXTEND_VERB, ExtendPayload, data);
  if ('refusal' in press) return press.refusal;
  const { payload, round, t, reply } = press;
  if (!authorize(actor.person, 'manageConsultation').ok) return reply(t.coordinatorOnly, 'attention');
  const memberId = payload.extendMemberId?.trim() ?? '';
  if (!ctx.partnership.members.some((mm) => mm.id === memberId)) return reply(t.refused.chooseMember, 'attention');
  const checked = checkTimeRequest({ until: payload.extendUntil }, localDate(ctx.clock.now(), ctx.partnership.timeZone));
  if (!checked.ok) return reply(`${t.problemsIntro} ${t.dateProblems[checked.problem]}`, 'attention');
  const outcome = await ctx.repo.grantExtension({ consultationId: round.id, memberId, until: checked.until, by: actor.person!, now: ctx.clock.now(), activityId: context.activity.id });
  if (outcome instanceof ReplayConflict) return reply(replayRefusal(ctx, actor, outcome), 'attention');
  ctx.log.info({ aadObjectId: actor.aadObjectId, consultationId: round.id, memberId, until: checked.until, outcome }, 'consultation: more time granted');
  const member = memberName(ctx, memberId);
  switch (outcome) {
    case 'recorded':
      refreshAfterPress(ctx, context, round.id);
      return reply(t.extended(member, checked.until), 'good');
    case 'duplicate':
      return reply(t.extended(member, checked.until), 'good');
    case 'notLater':
      return reply(t.refused.notLater(memberDeadline(round, memberId)), 'attention');
    case 'alreadyAnswered':
      return reply(t.refused.alreadyAnswered(member), 'attention');
    default:
      return memberPressRefused(press, outcome, member);
  }
}

/** Signed links, valid a day, to the compilation as a printable page and as Markdown. */
function compilationLinks(ctx: AppContext, t: ConsultationTexts, round: ConsultationRecord): string {
  const expires = new Date(ctx.clock.now().getTime() + 24 * 3600_000);
  const url = (format: 'html' | 'md') => `${ctx.links.baseUrl}${signedCompilationPath(round.id, format, ctx.links.secret, expires)}`;
  return t.compilationLinks(url('html'), url('md'));
}

async function handleClose(ctx: AppContext, context: TurnContext, actor: Actor, data: unknown): Promise<AdaptiveCard> {
  const press = readRoundPress(ctx, actor, CLOSE_VERB, RoundRef, data);
  if ('refusal' in press) return press.refusal;
  const { round, t, reply } = press;
  if (!authorize(actor.person, 'manageConsultation').ok) return reply(t.coordinatorOnly, 'attention');
  const now = ctx.clock.now();
  const tz = ctx.partnership.timeZone;
  const shared = sharedTexts(ctx);
  const { outcome, postIds } = await ctx.repo.closeConsultation({
    consultationId: round.id,
    by: actor.person!,
    now,
    timeZone: tz,
    activityId: context.activity.id,
    posts: (closed) => {
      const where = channelOf(ctx, closed) ?? closed.originConversationId;
      const answered = memberStatuses(closed, ctx.repo.consultationAnswers(closed.id), tz).filter(hasAnswered).length;
      const text = shared.closedChannel(closed.id, escapeMarkdown(closed.subject), answered, closed.asked.length, escapeMarkdown(closed.recipient));
      return where ? [{ conversationId: where, post: { kind: 'text', text } }] : [];
    },
  });
  if (outcome instanceof ReplayConflict) return reply(replayRefusal(ctx, actor, outcome), 'attention');
  ctx.log.info({ aadObjectId: actor.aadObjectId, consultationId: round.id, outcome }, 'consultation close');
  switch (outcome) {
    case 'recorded':
    case 'duplicate': {
      if (outcome === 'recorded') {
        refreshAfterPress(ctx, context, round.id);
        await ctx.outbox.deliver(postIds, PRESS_WAIT_MS);
      }
      const closed = ctx.repo.consultation(round.id)!;
      return reply(`${t.closedNow} ${compilationLinks(ctx, t, closed)}`, 'good');
    }
    case 'notYet':
      return reply(t.notYet(closeStanding(round, ctx.repo.consultationAnswers(round.id), now, tz).inTime.map((id) => memberName(ctx, id))), 'attention');
    case 'closed':
      return reply(t.alreadyClosed, 'warning');
    default:
      return notice(t.unknown);
  }
}

async function handleCompilation(ctx: AppContext, actor: Actor, data: unknown): Promise<AdaptiveCard> {
  const { m } = actor;
  const t = texts(m);
  const read = readPress(ctx, actor, COMPILATION_VERB, { schema: RoundRef, data, load: (p) => ctx.repo.consultation(p.consultationId), unknown: t.unknown });
  if (read.refusal) return read.refusal;
  const round = read.record;
  if (!authorize(actor.person, 'fetchProtocol').ok) return roundCard(ctx, m, round, { text: t.compilationRefused, tone: 'attention' });
  if (!round.closed) return roundCard(ctx, m, round, { text: t.compilationOnlyClosed, tone: 'attention' });
  ctx.log.info({ aadObjectId: actor.aadObjectId, consultationId: round.id }, 'consultation compilation links given');
  return roundCard(ctx, m, round, { text: compilationLinks(ctx, t, round), tone: 'good' });
}

/** The compilation of a round, in the partnership's language. */
export function renderRoundCompilation(ctx: AppContext, round: ConsultationRecord): RenderedCompilation {
  return renderCompilation({
    round,
    answers: ctx.repo.consultationAnswers(round.id),
    statuses: statusesOf(ctx, round),
    members: ctx.partnership.members,
    people: ctx.partnership.people,
    t: sharedTexts(ctx),
    lang: ctx.partnership.locale,
    timeZone: ctx.partnership.timeZone,
    generatedAt: ctx.clock.now(),
  });
}

// ---------------------------------------------------------------------------------------------
// Look-ups

export function consultationList(ctx: AppContext, m: Messages): string {
  const t = texts(m);
  const rounds = [...ctx.repo.consultations()].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  if (!rounds.length) return t.list.empty;
  const tz = ctx.partnership.timeZone;
  const line = (round: ConsultationRecord) => {
    const answered = statusesOf(ctx, round).filter(hasAnswered).length;
    const subject = escapeMarkdown(round.subject);
    return round.closed
      ? `- ${t.list.closed(round.id, subject, localDate(new Date(round.closed.at), tz), answered, round.asked.length)}`
      : `- ${t.list.open(round.id, subject, round.answerDate, answered, round.asked.length)}`;
  };
  const open = rounds.filter((r) => !r.closed).map(line);
  const closed = rounds.filter((r) => r.closed).map(line);
  return [
    `**${t.list.heading}**`,
    ...(open.length ? ['', `**${t.list.openHeading}**`, '', ...open] : []),
    ...(closed.length ? ['', `**${t.list.closedHeading}**`, '', ...closed] : []),
  ].join('\n');
}

export async function showConsultation(ctx: AppContext, context: TurnContext, actor: Actor, id: string): Promise<void> {
  const round = ctx.repo.consultation(id);
  if (!round) {
    await context.sendActivity(texts(actor.m).notFound(escapeMarkdown(id)));
    return;
  }
  const sent = await context.sendActivity(sharedConsultationActivity(ctx, round));
  if (sent?.id) await ctx.repo.recordPostedCopy({ consultationId: round.id }, { conversationId: conversationIdOf(context.activity), activityId: sent.id }, ctx.clock.now());
}

/** Open rounds still waiting for `memberId`'s answer (for an overview of what waits for a member). */
export function consultationsWaitingFor(ctx: AppContext, memberId: string): ConsultationRecord[] {
  return ctx.repo.consultations().filter((round) => !round.closed && statusesOf(ctx, round).some((s) => s.memberId === memberId && !hasAnswered(s)));
}

/** The outbox's way with round cards: drawn when sent, kept as a copy to update (unless a reminder's copy). */
export function registerConsultationPosts(ctx: AppContext): void {
  // A personal notice of a round goes with its card and buttons (a copy not kept up to date).
  registerNoticeCard(ctx, 'consultation', (id, postingTo) => {
    const round = ctx.repo.consultation(id);
    return round && sharedConsultationActivity(ctx, round, postingTo);
  });
  ctx.outbox.register('consultationCard', {
    render: (post, entry) => {
      const round = ctx.repo.consultation(post.consultationId);
      return round && sharedConsultationActivity(ctx, round, post.track === false ? undefined : entry.conversationId);
    },
    copy: (post) => (post.track !== false ? { consultationId: post.consultationId } : undefined),
    after: (post) => {
      if (post.track !== false) inBackground(ctx, refreshConsultationCards(ctx, post.consultationId), `consultation ${post.consultationId}`);
    },
  });
}

export const consultationVerbs: CardVerb[] = [
  { verb: CONSULTATION_SUBMIT_VERB, handle: (ctx, context, actor, data) => handleSubmit(ctx, context, actor, data) },
  { verb: ANSWER_VERB, handle: (ctx, context, actor, data) => handleAnswer(ctx, context, actor, data) },
  { verb: REQUEST_TIME_VERB, handle: (ctx, context, actor, data) => handleRequestTime(ctx, context, actor, data) },
  { verb: EXTEND_VERB, handle: (ctx, context, actor, data) => handleExtend(ctx, context, actor, data) },
  { verb: CLOSE_VERB, handle: (ctx, context, actor, data) => handleClose(ctx, context, actor, data) },
  { verb: COMPILATION_VERB, handle: (ctx, _context, actor, data) => handleCompilation(ctx, actor, data) },
];
