import { escapeMarkdown } from '../../domain/text.js';
import type { TurnContext } from 'botbuilder';
import { z } from 'zod/v4';
import { reminderConcerns } from '../../domain/access.js';
import { authorize } from '../../domain/authorization.js';
import { formatLocalDateTime } from '../../domain/calendar.js';
import { upcoming } from '../../domain/report-calendar.js';
import { idPattern } from '../../domain/ids.js';
import { DONE_VERB, reminderCard } from '../../../cards/reminder.js';
import { banner, card, type AdaptiveCard } from '../../../cards/elements.js';
import type { ReminderRule } from '../../config/reminder-rules.js';
import { deadlineText, findOccurrence, refreshReminderCards, reminderCopyActivity, reminderView, ruleChannels, scopeParties } from './schedule.js';
import type { AppContext } from '../context.js';
import { readPress } from '../kit/card-action.js';
import type { CardVerb } from '../feature.js';
import { fold } from '../../domain/text.js';
import type { Actor } from '../kit/identity.js';
import { replayRefusal } from '../kit/replay.js';
import { ReplayConflict } from '../../domain/delivery.js';
import { answeredInPlace, cardActivity, inBackground } from '../kit/views.js';

const DonePayload = z.object({
  occurrence: z.string().regex(/^[a-z0-9-]+:\d{4}(-Q[1-4])?$/),
  scope: z.string().regex(new RegExp(`^(members|network:[a-z0-9-]+|project:${idPattern('proposal')})$`)),
});

/** Whether the rule's cards have this scope (as ruleChannels and the per-project cards post them). */
function ruleHasScope(ctx: AppContext, rule: ReminderRule, scope: string): boolean {
  if (scope === 'members') return rule.targets.some((t) => t.kind === 'steeringGroup');
  if (scope.startsWith('network:')) {
    const id = scope.slice(8);
    return ctx.partnership.networks.some((n) => n.id === id) && rule.targets.some((t) => t.kind === 'allNetworks' || (t.kind === 'network' && t.network === id));
  }
  return rule.perProject && !!ctx.repo.proposal(scope.slice(8));
}

/** Which party of a card's scope the person reports for, if they may. */
function partyFor(ctx: AppContext, actor: Actor, scope: string): string | undefined {
  const person = actor.person;
  if (scope === 'members') {
    const memberId = person?.member ?? '';
    return authorize(person, 'reportDoneForMember', { memberId }).ok ? `member:${memberId}` : undefined;
  }
  if (scope.startsWith('network:')) return authorize(person, 'reportDoneForNetwork', { networkId: scope.slice(8) }).ok ? scope : undefined;
  const proposal = ctx.repo.proposal(scope.slice(8));
  return proposal && authorize(person, 'reportDoneForProject', proposal).ok ? scope : undefined;
}

async function handleDone(ctx: AppContext, context: TurnContext, actor: Actor, data: unknown): Promise<AdaptiveCard> {
  const { m } = actor;
  const read = readPress(ctx, actor, DONE_VERB, { schema: DonePayload, data, load: (p) => findOccurrence(ctx, p.occurrence), unknown: m.reminder.unknown });
  if (read.refusal) return read.refusal;
  const { payload, record: found } = read;
  const { scope } = payload;
  // A scope no card of this rule has (another network, a project of a rule without project reminders): forged.
  if (!ruleHasScope(ctx, found.rule, scope)) return card([banner(m.reminder.unknown, 'attention')]);
  const view = (text: string, tone: 'good' | 'attention' | 'warning') => reminderCard(m, reminderView(ctx, found.rule, found.occurrence, scope, { notice: { text, tone } }));
  const party = partyFor(ctx, actor, scope);
  if (!party || !scopeParties(ctx, scope).some(([p]) => p === party)) {
    ctx.log.info({ aadObjectId: actor.aadObjectId, key: found.occurrence.key, scope }, 'reminder done refused');
    return view(m.reminder.refused, 'attention');
  }
  const name = scopeParties(ctx, scope).find(([p]) => p === party)![1];
  const result = await ctx.repo.markDone({ key: found.occurrence.key, party, person: actor.person!, now: ctx.clock.now(), activityId: context.activity.id });
  if (result instanceof ReplayConflict) return view(replayRefusal(ctx, actor, result), 'attention');
  ctx.log.info({ aadObjectId: actor.aadObjectId, key: found.occurrence.key, party, result }, 'report handed in');
  if (result === 'recorded') {
    answeredInPlace(ctx, context, reminderCopyActivity(ctx, found.rule, found.occurrence, scope));
    inBackground(ctx, refreshReminderCards(ctx, found.occurrence.key), `reminder ${found.occurrence.key}`);
  }
  // A re-delivery of the press that recorded it gets the same answer again.
  return view(result === 'already' ? m.reminder.already(escapeMarkdown(name)) : m.reminder.recorded(escapeMarkdown(name)), 'good');
}

/** `påminnelser`: the coming deadlines of the rules that concern the sender. */
export function reminderList(ctx: AppContext, actor: Actor): string {
  const { m, person } = actor;
  const now = ctx.clock.now();
  const tz = ctx.partnership.timeZone;
  const concerns = (ruleId: string) => reminderConcerns(person, ctx.partnership.reportReminders.find((r) => r.id === ruleId)!.targets);
  const items = upcoming(ctx.partnership.reportReminders, now, new Date(now.getTime() + 90 * 86_400_000)).filter((o) => concerns(o.ruleId));
  if (!items.length) return m.reminder.listEmpty;
  let preliminary = false;
  const lines = items.map((o) => {
    const rule = ctx.partnership.reportReminders.find((r) => r.id === o.ruleId)!;
    preliminary ||= !rule.deadline.confirmed;
    const when = o.reminders.map((r) => formatLocalDateTime(r.due, tz)).join(', ');
    return `- ${m.reminder.listLine(rule.title, o.periodLabel, deadlineText(m, rule, o.deadline), when, ctx.repo.isPaused(rule.id))} \`${rule.id}\``;
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
    const scope = ruleChannels(ctx, rule)[0]?.scope ?? (rule.targets[0]?.kind === 'network' ? `network:${rule.targets[0].network}` : 'members');
    await context.sendActivity(cardActivity(reminderCard(m, reminderView(ctx, rule, next, scope, { preview: true })), rule.title));
    return;
  }
  const changed = await ctx.repo.setPaused({ ruleId: rule.id, paused: action === 'pause', by: actor.person!, now: ctx.clock.now() });
  ctx.log.info({ aadObjectId: actor.aadObjectId, ruleId: rule.id, action, changed }, 'reminder rule paused/resumed');
  await context.sendActivity(!changed ? m.reminder.unchanged(rule.title) : action === 'pause' ? m.reminder.paused(rule.title) : m.reminder.resumed(rule.title));
}

/** "Klart" on a reminder card. */
export const reminderVerbs: CardVerb[] = [{ verb: DONE_VERB, handle: (ctx, context, actor, data) => handleDone(ctx, context, actor, data) }];
