import { escapeMarkdown, fold, safeLink, safeUrl } from '../../domain/text.js';
import type { TurnContext } from 'botbuilder';
import { z } from 'zod/v4';
import { authorize } from '../../domain/authorization.js';
import { formatLocalDateTime } from '../../domain/calendar.js';
import { inputOccurrences, upcoming, type Occurrence } from '../../domain/report-calendar.js';
import { channelScope, donePartyFor, inputConcerns, OFFICE, readScope, reportConcerns, reportReceivers, ruleHasScope, targetNetworks } from '../../domain/report-ownership.js';
import { idPattern } from '../../domain/ids.js';
import { DONE_VERB, reminderCard } from '../../../cards/reminder.js';
import { banner, card, type AdaptiveCard } from '../../../cards/elements.js';
import type { ReminderRule } from '../../config/reminder-rules.js';
import { messages } from '../../i18n/index.js';
import type { PostRequest } from '../../store/port.js';
import {
  deadlineText,
  findOccurrence,
  liveProjects,
  ownership,
  refreshReminderCards,
  reminderCopyActivity,
  reminderView,
  ruleChannels,
  scopeParties,
  settingOf,
  steeringChannel,
} from './schedule.js';
import { texts } from './texts.js';
import type { AppContext } from '../context.js';
import { readPress } from '../kit/card-action.js';
import type { CardVerb } from '../feature.js';
import type { Actor } from '../kit/identity.js';
import { PRESS_WAIT_MS } from '../kit/outbox.js';
import { replayRefusal } from '../kit/replay.js';
import { ReplayConflict } from '../../domain/delivery.js';
import { answeredInPlace, cardActivity, inBackground, personName } from '../kit/views.js';
import { noticePosts, sendNotices } from '../notices/index.js';

const DonePayload = z.object({
  occurrence: z.string().regex(/^[a-z0-9-]+:\d{4}(-Q[1-4])?$/),
  scope: z.string().regex(new RegExp(`^(office|members|network:[a-z0-9-]+|project:${idPattern('proposal')})$`)),
  /** The office's report, given with its "Klart" (the card's Input.Text; empty when left blank). */
  link: z.string().max(2000).optional(),
});

async function handleDone(ctx: AppContext, context: TurnContext, actor: Actor, data: unknown): Promise<AdaptiveCard> {
  const { m } = actor;
  const t = texts(m);
  const read = readPress(ctx, actor, DONE_VERB, { schema: DonePayload, data, load: (p) => findOccurrence(ctx, p.occurrence), unknown: m.reminder.unknown });
  if (read.refusal) return read.refusal;
  const { payload, record: found } = read;
  const { rule, occurrence } = found;
  const scope = readScope(rule, payload.scope);
  const project = scope.startsWith('project:') ? ctx.repo.proposal(scope.slice(8)) : undefined;
  // A scope no card of this rule has (another network, a project of a rule without project input): forged.
  if (!ruleHasScope(rule, scope, settingOf(ctx), () => !!project)) return card([banner(m.reminder.unknown, 'attention')]);
  const view = (text: string, tone: 'good' | 'attention' | 'warning') => reminderCard(m, reminderView(ctx, m, rule, occurrence, scope, { notice: { text, tone } }));
  const who = donePartyFor(actor.person, scope, project);
  if (!who.ok || !scopeParties(ctx, scope).some(([p]) => p === who.party)) {
    ctx.log.info({ aadObjectId: actor.aadObjectId, key: occurrence.key, scope }, 'reminder done refused');
    const reason = who.ok ? 'notYours' : who.reason;
    const receiver = ownership(ctx, m, rule).receives;
    const refusal =
      reason === 'officeOnly' ? t.officeRefused(rule.title, receiver) : reason === 'projectOnly' ? t.projectRefused(personName(ctx, project!.contactPersonId)) : m.reminder.refused;
    return view(refusal, 'attention');
  }
  const { party } = who;
  const linkText = scope === OFFICE ? (payload.link ?? '').trim() : '';
  const url = linkText ? safeUrl(linkText) : undefined;
  if (linkText && !url) {
    ctx.log.info({ aadObjectId: actor.aadObjectId, key: occurrence.key }, 'reminder done refused: the link is not https');
    return view(t.badLink, 'attention');
  }
  const name = scopeParties(ctx, scope).find(([p]) => p === party)![1];
  const notice = scope === OFFICE ? sentNotice(ctx, rule, occurrence, actor, url) : undefined;
  // The office's report is sent: those who receive it are told personally, in the write that records it.
  const personal =
    scope === OFFICE
      ? noticePosts(ctx, { kind: 'reportDone', key: occurrence.key, title: `${rule.title} (${occurrence.periodLabel})`, ...(url ? { url } : {}), receivers: reportReceivers(rule, settingOf(ctx)), actorId: actor.person!.id })
      : [];
  const posts = [...personal, ...(notice ? [notice] : [])];
  const { outcome, postIds } = await ctx.repo.markDone({
    key: occurrence.key,
    party,
    person: actor.person!,
    now: ctx.clock.now(),
    activityId: context.activity.id,
    ...(url ? { url } : {}),
    ...(posts.length ? { posts } : {}),
  });
  if (outcome instanceof ReplayConflict) return view(replayRefusal(ctx, actor, outcome), 'attention');
  ctx.log.info({ aadObjectId: actor.aadObjectId, key: occurrence.key, party, result: outcome, notice: postIds.length }, 'report handed in');
  if (outcome === 'recorded') {
    answeredInPlace(ctx, context, reminderCopyActivity(ctx, rule, occurrence, scope));
    inBackground(ctx, refreshReminderCards(ctx, occurrence.key), `reminder ${occurrence.key}`);
    // Personal notices go out on their own: the press waits only for the chiefs' channel.
    if (postIds.length) await ctx.outbox.deliver(sendNotices(ctx, postIds), PRESS_WAIT_MS);
  }
  if (outcome === 'already') return view(m.reminder.already(escapeMarkdown(name)), 'good');
  // A re-delivery of the press that recorded it gets the same answer again.
  if (scope !== OFFICE) return view(m.reminder.recorded(escapeMarkdown(name)), 'good');
  const receiver = ownership(ctx, m, rule).receives;
  return view(steeringChannel(ctx) ? t.officeRecorded(rule.title, receiver) : t.officeRecordedNoChannel(rule.title, receiver), 'good');
}

/** The chiefs' notice that the office sent its report to the members, with its link: for their channel, if linked. */
function sentNotice(ctx: AppContext, rule: ReminderRule, occurrence: Occurrence, actor: Actor, url: string | undefined): PostRequest | undefined {
  const conversationId = steeringChannel(ctx);
  if (!conversationId) {
    ctx.log.warn({ key: occurrence.key }, 'the steering group has no linked channel: no notice that the report is sent');
    return undefined;
  }
  const lm = messages(ctx.partnership.locale);
  const t = texts(lm);
  const link = url ? safeLink(t.reportLink, url) : undefined;
  const text = t.sentNotice(rule.title, occurrence.periodLabel, ownership(ctx, lm, rule).receives, escapeMarkdown(actor.person!.name), link);
  return { conversationId, post: { kind: 'text', text } };
}

/** `påminnelser`: the coming deadlines that concern the sender, with who owes each and who receives it. */
export function reminderList(ctx: AppContext, actor: Actor): string {
  const { m, person } = actor;
  const t = texts(m);
  const now = ctx.clock.now();
  const tz = ctx.partnership.timeZone;
  const until = new Date(now.getTime() + 90 * 86_400_000);
  const rules = ctx.partnership.reportReminders;
  const ruleOf = (o: Occurrence) => rules.find((r) => r.id === o.ruleId)!;
  const setting = settingOf(ctx);
  const liveContacts = liveProjects(ctx).map((p) => p.contactPersonId);
  const items = [
    ...upcoming(rules, now, until).filter((o) => reportConcerns(person, ruleOf(o), setting)),
    ...upcoming(rules, now, until, inputOccurrences).filter(() => inputConcerns(person, liveContacts)),
  ].sort((a, b) => (a.deadline < b.deadline ? -1 : a.deadline > b.deadline ? 1 : a.key < b.key ? -1 : 1));
  if (!items.length) return m.reminder.listEmpty;
  let preliminary = false;
  const lines = items.map((o) => {
    const rule = ruleOf(o);
    const input = !!o.reportKey;
    preliminary ||= !rule.deadline.confirmed || (input && !rule.projectInput?.confirmed);
    const when = o.reminders.map((r) => formatLocalDateTime(r.due, tz)).join(', ');
    const paused = ctx.repo.isPaused(rule.id);
    const deadline = deadlineText(m, rule, o.deadline, input);
    const line = input ? t.listInputLine(rule.title, o.periodLabel, deadline, when, paused) : m.reminder.listLine(rule.title, o.periodLabel, deadline, when, paused);
    const { owes, receives } = ownership(ctx, m, rule, input);
    return `- ${line}; ${t.listParties(owes, receives)} \`${rule.id}\``;
  });
  return `**${m.reminder.listHeading}**\n\n${lines.join('\n')}${preliminary ? `\n\n${m.reminder.listPreliminary}` : ''}`;
}

/** Coordinators: `påminnelser förhandsvisa|pausa|återuppta <id>`. */
export async function reminderCommand(ctx: AppContext, context: TurnContext, actor: Actor, action: 'preview' | 'pause' | 'resume', ruleText: string): Promise<void> {
  const { m } = actor;
  if (!authorize(actor.person, 'manageReminders').ok) {
    await context.sendActivity(m.reminder.coordinatorOnly);
    return;
  }
  const f = fold(ruleText);
  const rule = ctx.partnership.reportReminders.find((r) => r.id === f || fold(r.title) === f);
  if (!rule) {
    await context.sendActivity(m.reminder.unknownRule(escapeMarkdown(ruleText), ctx.partnership.reportReminders.map((r) => r.id).join(', ')));
    return;
  }
  if (action === 'preview') {
    const now = ctx.clock.now();
    const next = upcoming([rule], now, new Date(now.getTime() + 400 * 86_400_000))[0];
    if (!next) {
      await context.sendActivity(m.reminder.listEmpty);
      return;
    }
    const scope = ruleChannels(ctx, rule)[0]?.scope ?? channelScope(rule, targetNetworks(rule, settingOf(ctx))[0] ?? '');
    await context.sendActivity(cardActivity(reminderCard(m, reminderView(ctx, m, rule, next, scope, { preview: true })), rule.title));
    return;
  }
  const changed = await ctx.repo.setPaused({ ruleId: rule.id, paused: action === 'pause', by: actor.person!, now: ctx.clock.now() });
  ctx.log.info({ aadObjectId: actor.aadObjectId, ruleId: rule.id, action, changed }, 'reminder rule paused/resumed');
  await context.sendActivity(!changed ? m.reminder.unchanged(rule.title) : action === 'pause' ? m.reminder.paused(rule.title) : m.reminder.resumed(rule.title));
}

/** "Klart" on a reminder card. */
export const reminderVerbs: CardVerb[] = [{ verb: DONE_VERB, handle: (ctx, context, actor, data) => handleDone(ctx, context, actor, data) }];
