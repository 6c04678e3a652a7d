import { escapeMarkdown } from '../../domain/text.js';
import { municipalities } from '../../config/partnership.js';
import type { ReminderRule } from '../../config/reminder-rules.js';
import { formatLocalDateTime, localDate } from '../../domain/calendar.js';
import { dueReminders, MISSED_STEP, occurrences, type Occurrence } from '../../domain/report-calendar.js';
import { isWorkingDay } from '../../domain/workdays.js';
import { messages, type Messages } from '../../i18n/index.js';
import type { PostRequest } from '../../store/port.js';
import { PRESS_WAIT_MS } from '../kit/outbox.js';
import type { Activity } from 'botbuilder';
import type { AppContext } from '../context.js';
import { isLive } from '../../domain/project-life.js';
import { cardActivity, networkName, personName, refreshInOrder } from '../kit/views.js';
import { statusOf } from '../proposals/index.js';
import { reminderCard } from '../../../cards/reminder.js';

const DAY = 86_400_000;
/** Occurrences already warned about having no channel, so the log says it once per process. */
const unpostable = new Set<string>();

/** Where a rule's reminders go: one card per channel, each about its own parties. */
export function ruleChannels(ctx: AppContext, rule: ReminderRule): { scope: string; conversationId: string }[] {
  const out: { scope: string; conversationId: string }[] = [];
  const steering = ctx.partnership.networks.find((n) => n.kind === 'steeringGroup')!;
  for (const target of rule.targets) {
    const networks =
      target.kind === 'steeringGroup' ? [steering.id] : target.kind === 'network' ? [target.network] : ctx.partnership.networks.map((n) => n.id);
    for (const id of networks) {
      const channel = ctx.repo.networkChannel(id);
      if (!channel) {
        ctx.log.debug({ ruleId: rule.id, networkId: id }, 'no channel linked for this network: reminder not posted there');
        continue;
      }
      // The steering group's own reminders are about its member municipalities; network-wide ones about each network.
      out.push({ scope: target.kind === 'steeringGroup' ? 'members' : `network:${id}`, conversationId: channel.id });
    }
  }
  return out;
}

/** The parties of a card scope, as [party id, display name]. */
export function scopeParties(ctx: AppContext, scope: string): [string, string][] {
  if (scope === 'members') return municipalities(ctx.partnership).map((m) => [`member:${m.id}`, m.name]);
  if (scope.startsWith('network:')) return [[scope, networkName(ctx, scope.slice(8))]];
  const proposal = ctx.repo.proposal(scope.slice(8));
  return [[scope, proposal ? `${proposal.id} ${proposal.title}` : scope.slice(8)]];
}

export function findOccurrence(ctx: AppContext, key: string): { rule: ReminderRule; occurrence: Occurrence } | undefined {
  const [ruleId, period] = key.split(':');
  const rule = ctx.partnership.reportReminders.find((r) => r.id === ruleId);
  const year = Number(period?.slice(0, 4));
  if (!rule || !Number.isInteger(year)) return undefined;
  const occurrence = occurrences(rule, year).find((o) => o.key === key);
  return occurrence && { rule, occurrence };
}

function workingDaysLeft(from: string, deadline: string): number {
  let n = 0;
  for (let d = new Date(`${from}T12:00:00Z`); d.toISOString().slice(0, 10) < deadline; d = new Date(d.getTime() + DAY))
    if (isWorkingDay(d.toISOString().slice(0, 10))) n++;
  return n;
}

/** The deadline as people read it: marked preliminary while the file has not confirmed it. */
export function deadlineText(m: Messages, rule: ReminderRule, deadline: string): string {
  return rule.deadline.confirmed ? deadline : m.reminder.preliminaryDate(deadline);
}

export function reminderView(ctx: AppContext, rule: ReminderRule, occurrence: Occurrence, scope: string, extra: { preview?: boolean; notice?: { text: string; tone: 'good' | 'attention' | 'warning' } } = {}) {
  const done = ctx.repo.remindersDone(occurrence.key);
  const today = localDate(ctx.clock.now(), ctx.partnership.timeZone);
  return {
    key: occurrence.key,
    scope,
    title: rule.title,
    periodLabel: occurrence.periodLabel,
    deadline: occurrence.deadline,
    preliminary: !rule.deadline.confirmed,
    text: rule.text,
    workingDaysLeft: workingDaysLeft(today, occurrence.deadline),
    rows: scopeParties(ctx, scope).map(([party, name]) => {
      const d = done.get(party);
      return { party: name, done: d ? messages(ctx.partnership.locale).reminder.doneBy(personName(ctx, d.personId), formatLocalDateTime(d.at, ctx.partnership.timeZone)) : null };
    }),
    ...extra,
  };
}

/** What a posted reminder card of this scope is updated to. */
export function reminderCopyActivity(ctx: AppContext, rule: ReminderRule, occurrence: Occurrence, scope: string): Partial<Activity> {
  return cardActivity(reminderCard(messages(ctx.partnership.locale), reminderView(ctx, rule, occurrence, scope)), rule.title);
}

/** The outbox's way with reminder cards: drawn when sent, kept as a copy to update after "Klart". */
export function registerReminderPosts(ctx: AppContext): void {
  ctx.outbox.register('reminderCard', {
    render: (post) => {
      const found = findOccurrence(ctx, post.key);
      if (!found) return undefined;
      const m = messages(post.locale ?? ctx.partnership.locale);
      return cardActivity(reminderCard(m, reminderView(ctx, found.rule, found.occurrence, post.scope)), found.rule.title);
    },
    copy: (post) => ({ reminderKey: post.key, scope: post.scope }),
  });
}

/** Brings the posted cards of an occurrence up to date after a "Klart". */
export function refreshReminderCards(ctx: AppContext, key: string): Promise<void> {
  return refreshInOrder(ctx, `reminder:${key}`, async () => {
    const found = findOccurrence(ctx, key);
    if (!found) return;
    await Promise.allSettled(
      ctx.repo
        .postedCopies({ reminderKey: key })
        .map((c) => ctx.notifier.update(c.conversationId, c.activityId, reminderCopyActivity(ctx, found.rule, found.occurrence, c.scope))),
    );
  });
}

/**
 * Posts the report reminders that are due: each step is recorded before it is posted, so none goes
 * twice, also across restarts; after downtime only the latest step goes; a deadline that passed
 * with nothing sent gets one "missed" notice. The first step posts the card; later steps go only
 * to those not done.
 */
export async function sendReportReminders(ctx: AppContext): Promise<string[]> {
  const now = ctx.clock.now();
  const m = messages(ctx.partnership.locale);
  const since = await ctx.repo.remindersSince(now);
  const rules = ctx.partnership.reportReminders.filter((r) => !ctx.repo.isPaused(r.id));
  const lookbackDays = Math.min(40, Math.max(0, Math.floor((now.getTime() - since.getTime()) / DAY)));
  const { due, missed } = dueReminders(rules, now, (key, step) => ctx.repo.reminderStepSent(key, step), lookbackDays);
  const posted: string[] = [];

  for (const item of due) {
    const { occurrence } = item;
    const rule = rules.find((r) => r.id === occurrence.ruleId)!;
    const channels = ruleChannels(ctx, rule);
    if (!channels.length && !rule.perProject) {
      // Nowhere to post yet: keep the step for when a channel is linked, rather than mark it sent.
      if (!unpostable.has(occurrence.key)) ctx.log.warn({ key: occurrence.key, ruleId: rule.id }, 'report reminder due but no target channel is linked (koppla <nätverk>)');
      unpostable.add(occurrence.key);
      continue;
    }
    const first = !ctx.repo.reminderSteps(occurrence.key).some((s) => !s.skipped);
    const done = ctx.repo.remindersDone(occurrence.key);
    const posts: PostRequest[] = [];
    for (const { scope, conversationId } of channels) {
      const waiting = scopeParties(ctx, scope).filter(([party]) => !done.has(party));
      if (!waiting.length) continue;
      const hasCard =
        ctx.repo.postedCopies({ reminderKey: occurrence.key }).some((c) => c.scope === scope && c.conversationId === conversationId) ||
        ctx.repo.outbox().some((e) => e.conversationId === conversationId && e.post.kind === 'reminderCard' && e.post.key === occurrence.key && e.post.scope === scope);
      if (first || !hasCard) posts.push({ conversationId, post: { kind: 'reminderCard', key: occurrence.key, scope } });
      else
        posts.push({
          conversationId,
          post: { kind: 'text', text: m.reminder.followUp(rule.title, occurrence.periodLabel, deadlineText(m, rule, occurrence.deadline), waiting.map(([, name]) => escapeMarkdown(name))) },
        });
    }
    if (rule.perProject) {
      for (const proposal of ctx.repo.proposals()) {
        const scope = `project:${proposal.id}`;
        // Only a live project feeds the report: not one that cannot start, is finished or cancelled.
        if (!isLive(statusOf(ctx, proposal)) || done.has(scope)) continue;
        const contact = ctx.partnership.people.find((p) => p.id === proposal.contactPersonId);
        const chat = contact && ctx.repo.personalChat(contact.aadObjectId);
        if (!chat) {
          ctx.log.warn({ key: occurrence.key, proposalId: proposal.id }, 'no personal chat with the project contact: project reminder not delivered');
          continue;
        }
        posts.push({ conversationId: chat, post: { kind: 'reminderCard', key: occurrence.key, scope, locale: contact.locale ?? ctx.partnership.locale } });
      }
    }
    const postIds = await ctx.repo.markStepsSent({ key: occurrence.key, ruleId: rule.id, send: item.step, skipped: item.skipped, now, posts });
    if (!postIds) continue;
    posted.push(`${occurrence.key}#${item.step}`);
    ctx.log.info({ key: occurrence.key, step: item.step, skipped: item.skipped, posts: postIds.length }, 'report reminder due');
    await ctx.outbox.deliver(postIds, PRESS_WAIT_MS);
  }

  for (const occurrence of missed) {
    const rule = rules.find((r) => r.id === occurrence.ruleId)!;
    const channels = ruleChannels(ctx, rule);
    if (!channels.length) continue;
    const posts: PostRequest[] = channels.map(({ conversationId }) => ({
      conversationId,
      post: { kind: 'text', text: m.reminder.missed(rule.title, occurrence.periodLabel, occurrence.deadline) },
    }));
    const postIds = await ctx.repo.markStepsSent({ key: occurrence.key, ruleId: rule.id, send: MISSED_STEP, skipped: [], now, posts });
    if (!postIds) continue;
    posted.push(`${occurrence.key}#missed`);
    ctx.log.warn({ key: occurrence.key }, 'report deadline passed without a reminder: posting a missed notice');
    await ctx.outbox.deliver(postIds, PRESS_WAIT_MS);
  }
  return posted;
}

