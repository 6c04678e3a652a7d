import { escapeMarkdown, safeUrl, type Md } from '../../domain/text.js';
import { municipalities } from '../../config/partnership.js';
import type { ReminderRule } from '../../config/reminder-rules.js';
import { formatLocalDateTime, localDate } from '../../domain/calendar.js';
import { dueReminders, inputOccurrences, MISSED_STEP, occurrences, type Occurrence } from '../../domain/report-calendar.js';
import { addressedTo, asksProjectInput, channelScope, OFFICE, readScope, targetNetworks, type Setting } from '../../domain/report-ownership.js';
import { isWorkingDay } from '../../domain/workdays.js';
import { messages, type Messages } from '../../i18n/index.js';
import type { PostRequest } from '../../store/port.js';
import type { ProposalRecord } from '../../store/schema.js';
import { PRESS_WAIT_MS } from '../kit/outbox.js';
import type { Activity } from 'botbuilder';
import type { AppContext } from '../context.js';
import { cardActivity, networkName, personName, refreshInOrder } from '../kit/views.js';
import { statusOf } from '../proposals/index.js';
import { reminderCard, type ReminderCardView } from '../../../cards/reminder.js';
import { texts } from './texts.js';

const DAY = 86_400_000;
/** Occurrences already warned about having no channel, so the log says it once per process. */
const unpostable = new Set<string>();

/** The partnership as report ownership looks at it. */
export function settingOf(ctx: AppContext): Setting {
  return { networks: ctx.partnership.networks, municipalityIds: municipalities(ctx.partnership).map((m) => m.id) };
}

/** Where a rule's reminders go: one card per target channel, each about those who owe the rule. */
export function ruleChannels(ctx: AppContext, rule: ReminderRule): { scope: string; conversationId: string }[] {
  const out: { scope: string; conversationId: string }[] = [];
  for (const id of targetNetworks(rule, settingOf(ctx))) {
    const channel = ctx.repo.networkChannel(id);
    if (!channel) {
      ctx.log.debug({ ruleId: rule.id, networkId: id }, 'no channel linked for this network: reminder not posted there');
      continue;
    }
    out.push({ scope: channelScope(rule, id), conversationId: channel.id });
  }
  return out;
}

/** The steering group's channel, where the chiefs learn that the office's report is sent. */
export function steeringChannel(ctx: AppContext): string | undefined {
  const steering = ctx.partnership.networks.find((n) => n.kind === 'steeringGroup')!;
  return ctx.repo.networkChannel(steering.id)?.id;
}

/** The parties of a card scope, as [party id, display name]. */
export function scopeParties(ctx: AppContext, scope: string): [string, string][] {
  const t = texts(messages(ctx.partnership.locale));
  if (scope === OFFICE) return [[OFFICE, t.officeParty(ctx.partnership.host)]];
  if (scope === 'members') return municipalities(ctx.partnership).map((m) => [`member:${m.id}`, m.name]);
  if (scope.startsWith('network:')) return [[scope, networkName(ctx, scope.slice(8))]];
  const proposal = ctx.repo.proposal(scope.slice(8));
  return [[scope, proposal ? `${proposal.id} ${proposal.title}` : scope.slice(8)]];
}

/** A report occurrence by its key ('q1-report:2026', 'quarterly-fee:2026-Q3'). */
export function findOccurrence(ctx: AppContext, key: string): { rule: ReminderRule; occurrence: Occurrence } | undefined {
  const [ruleId, period] = key.split(':');
  const rule = ctx.partnership.reportReminders.find((r) => r.id === ruleId);
  const year = Number(period?.slice(0, 4));
  if (!rule || !Number.isInteger(year)) return undefined;
  const occurrence = occurrences(rule, year).find((o) => o.key === key);
  return occurrence && { rule, occurrence };
}

/** The projects' input to a report occurrence, if the rule asks for it. */
function inputOf(rule: ReminderRule, report: Occurrence): Occurrence | undefined {
  return inputOccurrences(rule, Number(report.key.split(':')[1]!.slice(0, 4))).find((o) => o.reportKey === report.key);
}

function workingDaysLeft(from: string, deadline: string): number {
  let n = 0;
  for (let d = new Date(`${from}T12:00:00Z`); d.toISOString().slice(0, 10) < deadline; d = new Date(d.getTime() + DAY))
    if (isWorkingDay(d.toISOString().slice(0, 10))) n++;
  return n;
}

/** The deadline as people read it: marked preliminary while the file has not confirmed it. */
export function deadlineText(m: Messages, rule: ReminderRule, deadline: string, input = false): string {
  return isConfirmed(rule, input) ? deadline : m.reminder.preliminaryDate(deadline);
}

/** The projects' deadline rests on the report's and on its own working days before it. */
function isConfirmed(rule: ReminderRule, input: boolean): boolean {
  return rule.deadline.confirmed && (!input || !!rule.projectInput?.confirmed);
}

/** Who owes the rule's report and who receives it, in words. */
export function ownership(ctx: AppContext, m: Messages, rule: ReminderRule, input = false): { owes: string; receives: string } {
  const t = texts(m);
  const host = ctx.partnership.host;
  const steering = ctx.partnership.networks.find((n) => n.kind === 'steeringGroup')!;
  const receivedBy = rule.receivedBy.kind;
  const receives = receivedBy === 'members' ? t.receives.members : receivedBy === 'steeringGroup' ? t.receives.steeringGroup(steering.name) : t.receives.office(host);
  if (input) return { owes: t.owes.projectInput, receives: t.receives.projectInput };
  const owedBy = rule.owedBy.kind;
  return { owes: owedBy === 'office' ? t.owes.office(host) : owedBy === 'eachMember' ? t.owes.eachMember : t.owes.eachNetwork, receives };
}

function coordinatorNames(ctx: AppContext): string[] {
  return addressedTo(OFFICE, ctx.partnership.people).map((id) => personName(ctx, id));
}

/** The live projects, asked for their input to the office's reports. */
export function liveProjects(ctx: AppContext): ProposalRecord[] {
  return ctx.repo.proposals().filter((p) => asksProjectInput(statusOf(ctx, p)));
}

export function reminderView(
  ctx: AppContext,
  m: Messages,
  rule: ReminderRule,
  occurrence: Occurrence,
  cardScope: string,
  extra: { preview?: boolean; notice?: { text: string; tone: 'good' | 'attention' | 'warning' } } = {},
): ReminderCardView {
  const t = texts(m);
  const scope = readScope(rule, cardScope);
  const done = ctx.repo.remindersDone(occurrence.key);
  const today = localDate(ctx.clock.now(), ctx.partnership.timeZone);
  const project = scope.startsWith('project:') ? ctx.repo.proposal(scope.slice(8)) : undefined;
  const input = project && inputOf(rule, occurrence);
  const deadline = input?.deadline ?? occurrence.deadline;
  const { owes, receives } = ownership(ctx, m, rule, !!input);
  const office = scope === OFFICE;
  const officeDone = done.get(OFFICE);
  const reportUrl = officeDone?.url && safeUrl(officeDone.url);
  const view: ReminderCardView = {
    key: occurrence.key,
    scope,
    title: input ? t.inputTitle(rule.title) : rule.title,
    periodLabel: occurrence.periodLabel,
    deadline,
    preliminary: !isConfirmed(rule, !!input),
    text: input ? (rule.projectInput?.text ?? t.inputText(rule.title, ownership(ctx, m, rule).receives)) : rule.text,
    workingDaysLeft: workingDaysLeft(today, deadline),
    rows: scopeParties(ctx, scope).map(([party, name]) => {
      const d = done.get(party);
      return { party: name, done: d ? m.reminder.doneBy(personName(ctx, d.personId), formatLocalDateTime(d.at, ctx.partnership.timeZone)) : null };
    }),
    parties: { owesLabel: t.owesLabel, owes, receivesLabel: t.receivesLabel, receives },
    ...extra,
  };
  if (office) {
    view.addressedTo = t.toCoordinators(coordinatorNames(ctx));
    view.linkInput = { label: t.linkLabel, placeholder: t.linkPlaceholder };
    if (reportUrl) view.links = [{ text: t.reportLink, url: reportUrl }];
    if (rule.projectInput) {
      const live = liveProjects(ctx);
      const waiting = live.filter((p) => !done.has(`project:${p.id}`)).map((p) => escapeMarkdown(`${p.id} ${p.title}`));
      if (live.length) view.note = t.inputsSummary(live.length - waiting.length, live.length, waiting) as Md;
    }
  }
  if (project) view.addressedTo = t.toContact(personName(ctx, project.contactPersonId));
  return view;
}

/** What a posted reminder card of this scope is updated to. */
export function reminderCopyActivity(ctx: AppContext, rule: ReminderRule, occurrence: Occurrence, scope: string): Partial<Activity> {
  return cardActivity(reminderCard(messages(ctx.partnership.locale), reminderView(ctx, messages(ctx.partnership.locale), rule, occurrence, scope)), rule.title);
}

/** The outbox's way with reminder cards: drawn when sent, kept as a copy to update after "Klart". */
export function registerReminderPosts(ctx: AppContext): void {
  ctx.outbox.register('reminderCard', {
    render: (post) => {
      const found = findOccurrence(ctx, post.key);
      if (!found) return undefined;
      const m = messages(post.locale ?? ctx.partnership.locale);
      return cardActivity(reminderCard(m, reminderView(ctx, m, found.rule, found.occurrence, post.scope)), found.rule.title);
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

/** The text of a later step in a channel: to those who have not reported yet. */
function followUp(ctx: AppContext, m: Messages, rule: ReminderRule, occurrence: Occurrence, waiting: string[]): string {
  const deadline = deadlineText(m, rule, occurrence.deadline);
  if (rule.owedBy.kind === 'office')
    return texts(m).officeFollowUp(rule.title, occurrence.periodLabel, deadline, ownership(ctx, m, rule).receives, coordinatorNames(ctx).map((n) => escapeMarkdown(n)));
  return m.reminder.followUp(rule.title, occurrence.periodLabel, deadline, waiting.map((name) => escapeMarkdown(name)));
}

/**
 * Posts the report reminders that are due: each step is recorded before it is posted, so none goes
 * twice, also across restarts; after downtime only the latest step goes; a deadline that passed
 * with nothing sent gets one "missed" notice. The first step posts the card; later steps go only
 * to those not done. Then each live project's contact person is asked for the project's input to
 * the office's reports, on the input's own steps.
 */
export async function sendReportReminders(ctx: AppContext): Promise<string[]> {
  const now = ctx.clock.now();
  const m = messages(ctx.partnership.locale);
  const since = await ctx.repo.remindersSince(now);
  const rules = ctx.partnership.reportReminders.filter((r) => !ctx.repo.isPaused(r.id));
  const lookbackDays = Math.min(40, Math.max(0, Math.floor((now.getTime() - since.getTime()) / DAY)));
  const sent = (key: string, step: number) => ctx.repo.reminderStepSent(key, step);
  const { due, missed } = dueReminders(rules, now, sent, lookbackDays);
  const posted: string[] = [];

  for (const item of due) {
    const { occurrence } = item;
    const rule = rules.find((r) => r.id === occurrence.ruleId)!;
    const channels = ruleChannels(ctx, rule);
    if (!channels.length) {
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
        ctx.repo.postedCopies({ reminderKey: occurrence.key }).some((c) => c.conversationId === conversationId && readScope(rule, c.scope) === scope) ||
        ctx.repo.outbox().some((e) => e.conversationId === conversationId && e.post.kind === 'reminderCard' && e.post.key === occurrence.key && readScope(rule, e.post.scope) === scope);
      if (first || !hasCard) posts.push({ conversationId, post: { kind: 'reminderCard', key: occurrence.key, scope } });
      else posts.push({ conversationId, post: { kind: 'text', text: followUp(ctx, m, rule, occurrence, waiting.map(([, name]) => name)) } });
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

  posted.push(...(await askProjectsForInput(ctx, rules, now, lookbackDays)));
  return posted;
}

/**
 * Each live project's contact person is asked, in their personal chat, for the project's input to a
 * report the office owes, on the input's own steps. Nothing once the office has sent the report, and
 * nothing to a project that has reported its input or has ended. A missed input deadline gets no
 * notice of its own: the office's card says which projects' input is missing.
 */
async function askProjectsForInput(ctx: AppContext, rules: ReminderRule[], now: Date, lookbackDays: number): Promise<string[]> {
  const sent = (key: string, step: number) => ctx.repo.reminderStepSent(key, step);
  const { due } = dueReminders(rules.filter((r) => r.projectInput), now, sent, lookbackDays, inputOccurrences);
  const posted: string[] = [];
  for (const item of due) {
    const { occurrence } = item;
    const reportKey = occurrence.reportKey!;
    const rule = rules.find((r) => r.id === occurrence.ruleId)!;
    const done = ctx.repo.remindersDone(reportKey);
    const posts: PostRequest[] = [];
    for (const proposal of done.has(OFFICE) ? [] : liveProjects(ctx)) {
      const scope = `project:${proposal.id}`;
      if (done.has(scope)) continue;
      const contact = ctx.partnership.people.find((p) => p.id === proposal.contactPersonId);
      const chat = contact && ctx.repo.personalChat(contact.aadObjectId);
      if (!chat) {
        ctx.log.warn({ key: reportKey, proposalId: proposal.id }, 'no personal chat with the project contact: project input reminder not delivered');
        continue;
      }
      posts.push({ conversationId: chat, post: { kind: 'reminderCard', key: reportKey, scope, locale: contact.locale ?? ctx.partnership.locale } });
    }
    const postIds = await ctx.repo.markStepsSent({ key: occurrence.key, ruleId: rule.id, send: item.step, skipped: item.skipped, now, posts });
    if (!postIds) continue;
    posted.push(`${occurrence.key}#${item.step}`);
    ctx.log.info({ key: occurrence.key, step: item.step, skipped: item.skipped, posts: postIds.length }, 'project input reminder due');
    await ctx.outbox.deliver(postIds, PRESS_WAIT_MS);
  }
  return posted;
}
