// Deep imports: the package index also loads teams-ai's AI system (planners, models, tokenizers) and
// its sign-in support, which this bot does not use (see src/tools/build.mjs).
import { Application } from '@microsoft/teams-ai/lib/Application.js';
import { TeamsAdapter } from '@microsoft/teams-ai/lib/TeamsAdapter.js';
import type { TurnState } from '@microsoft/teams-ai';
import { ActivityTypes, ConfigurationServiceClientCredentialFactory, type TurnContext } from 'botbuilder';
import { AuthenticationConstants } from 'botframework-connector';
import type { Env } from '../config/env.js';
import { StoreWriteError } from '../store/store.js';
import { messages, type Messages } from '../i18n/index.js';
import { authorize } from '../domain/authorization.js';
import type { AppContext } from '../features/context.js';
import { parseCommand } from './commands.js';
import { resolveActor } from '../features/kit/identity.js';
import { actAs } from '../features/acting/acting.js';
import { linkChannel, registerChannelEvents, rememberConversation } from '../features/channels/channels.js';
import { conversationIdOf, conversationTypeOf } from '../features/kit/conversation.js';
import { newProposalForm, projectList, registerProposalActions, showProposal, waitingForMe } from '../features/proposals/actions.js';
import { cardActivity } from '../features/kit/views.js';
import { banner, card } from '../../cards/elements.js';
import { registerReminderActions, reminderCommand, reminderList } from '../features/reminders/actions.js';
import { allocationReply } from '../features/money/allocation.js';
import { exportReply } from '../features/money/export.js';
import { registerGateActions } from '../features/gates/gates.js';
import { decisionList, decisionsWaitingFor, newDecisionForm, registerDecisionActions, showDecision, tallyOf } from '../features/decisions/decisions.js';
import { formatLocalDateTime } from '../domain/calendar.js';
import { escapeMarkdown } from '../domain/text.js';
import { memberName } from '../features/kit/views.js';
import type { Actor } from '../features/kit/identity.js';

export function createAdapter(env: Env): TeamsAdapter {
  return new TeamsAdapter(
    {
      MicrosoftAppId: env.MicrosoftAppId,
      MicrosoftAppTenantId: env.MicrosoftAppTenantId,
      // Overriding one endpoint makes botbuilder take all of them from here: give the public cloud's others.
      ...(env.BOT_OPENID_METADATA_URL
        ? {
            ToBotFromChannelOpenIdMetadataUrl: env.BOT_OPENID_METADATA_URL,
            ToBotFromChannelTokenIssuer: AuthenticationConstants.ToBotFromChannelTokenIssuer,
            ToBotFromEmulatorOpenIdMetadataUrl: AuthenticationConstants.ToBotFromEmulatorOpenIdMetadataUrl,
            ToChannelFromBotLoginUrl: AuthenticationConstants.ToChannelFromBotLoginUrl,
            ToChannelFromBotOAuthScope: AuthenticationConstants.ToChannelFromBotOAuthScope,
            OAuthUrl: AuthenticationConstants.OAuthUrl,
            ValidateAuthority: true,
          }
        : {}),
    },
    new ConfigurationServiceClientCredentialFactory({
      MicrosoftAppId: env.MicrosoftAppId,
      MicrosoftAppPassword: env.MicrosoftAppPassword,
      MicrosoftAppType: env.MicrosoftAppType ?? (env.MicrosoftAppId ? 'MultiTenant' : undefined),
      MicrosoftAppTenantId: env.MicrosoftAppTenantId,
    }),
  );
}

export function helpText(m: Messages, local: boolean): string {
  const c = m.help.commands;
  const rows = [c.propose, c.projects, c.project, c.mine, c.decide, c.decisions, c.allocation, c.export, c.reminders, c.link, ...(local ? [c.actAs] : []), c.help];
  return `**${m.help.heading}**\n\n${rows.map(([cmd, what]) => `- **${cmd}** — ${what}`).join('\n')}\n\n${m.help.inChannel}`;
}

/** Teams re-delivers a message it got no answer to in time; the same id must not act twice. */
class RecentIds {
  private readonly seen = new Map<string, number>();
  constructor(private readonly ttlMs = 10 * 60_000) {}
  firstTime(id: string, now: number): boolean {
    for (const [key, at] of this.seen) {
      if (now - at < this.ttlMs) break;
      this.seen.delete(key);
    }
    if (this.seen.has(id)) return false;
    this.seen.set(id, now);
    return true;
  }
}

/** `mina`: proposals waiting for the sender's municipality, and for chiefs the decisions waiting for its vote. */
function mine(ctx: AppContext, actor: Actor): string {
  const proposals = waitingForMe(ctx, actor);
  const memberId = actor.person?.member;
  if (!memberId || !authorize(actor.person, 'vote', { memberId }).ok) return proposals;
  const decisions = decisionsWaitingFor(ctx, memberId);
  if (!decisions.length) return proposals;
  const { m } = actor;
  const lines = decisions.map((d) => {
    const referred = tallyOf(ctx, d).referred.includes(memberId);
    return `- ${m.mine.decisionLine(d.id, escapeMarkdown(d.question), formatLocalDateTime(d.closesAt, ctx.partnership.timeZone), referred)}`;
  });
  return `${proposals}\n\n**${m.mine.decisionsHeading(memberName(ctx, memberId))}**\n\n${lines.join('\n')}`;
}

async function onMessage(ctx: AppContext, context: TurnContext): Promise<void> {
  const actor = resolveActor(ctx, context.activity);
  const { m } = actor;
  if (actor.foreignTenant) {
    await context.sendActivity(m.foreignTenant);
    return;
  }
  const command = parseCommand(context.activity.text);
  const reply = (text: string) => context.sendActivity(text);
  switch (command.kind) {
    case 'empty':
      // A card's Action.Submit or an attachment without text: nothing asked.
      return;
    case 'help':
      await reply(helpText(m, ctx.env.local));
      return;
    case 'propose':
      if (!authorize(actor.person, 'propose').ok) {
        ctx.log.info({ aadObjectId: actor.aadObjectId }, 'propose refused: not a member of the partnership');
        await reply(m.propose.refused);
        return;
      }
      await context.sendActivity(cardActivity(newProposalForm(ctx, actor, conversationIdOf(context.activity)), m.form.heading));
      return;
    case 'projects':
      await reply(projectList(ctx, m, command.filter));
      return;
    case 'project':
      await showProposal(ctx, context, actor, command.id);
      return;
    case 'mine':
      await reply(mine(ctx, actor));
      return;
    case 'newDecision':
      if (!authorize(actor.person, 'openDecision').ok) {
        await reply(m.decision.openRefused);
        return;
      }
      await context.sendActivity(cardActivity(newDecisionForm(ctx, actor), m.decision.formHeading));
      return;
    case 'decisions':
      await reply(decisionList(ctx, m));
      return;
    case 'allocation': {
      const result = allocationReply(ctx, m, command.year);
      await context.sendActivity(typeof result === 'string' ? result : cardActivity(result, m.allocation.heading(Number(command.year ?? 0))));
      return;
    }
    case 'export':
      await reply(exportReply(ctx, actor));
      return;
    case 'reminders':
      await reply(reminderList(ctx, actor));
      return;
    case 'reminderAction':
      await reminderCommand(ctx, context, actor, command.action, command.rule);
      return;
    case 'decision':
      await showDecision(ctx, context, actor, command.id);
      return;
    case 'link':
      await reply(await linkChannel(ctx, context, actor, command.network));
      return;
    case 'actAs':
      await reply(ctx.env.local ? await actAs(ctx, actor, command.who) : m.unknownCommand);
      return;
    case 'unknown':
      await reply(m.unknownCommand);
      return;
  }
}

/**
 * Teams sends text and locale as strings and entities as a list of typed objects; a forged activity (local
 * mode is unauthenticated) may not. Such fields are dropped before botbuilder reads them (mention removal,
 * the locale copied onto every reply), so the request gets an ordinary answer rather than a failed turn.
 */
export function dropMalformedFields(activity: Record<string, unknown>): void {
  // A message always has a text for botbuilder's mention removal to work on (an empty one asks nothing).
  if (typeof activity.text !== 'string') {
    if (activity.type === 'message') activity.text = '';
    else delete activity.text;
  }
  if (activity.locale !== undefined && typeof activity.locale !== 'string') delete activity.locale;
  if (activity.entities === undefined) return;
  if (!Array.isArray(activity.entities)) delete activity.entities;
  else
    activity.entities = activity.entities.filter(
      (e: { type?: unknown; mentioned?: unknown; text?: unknown } | null) =>
        !!e && typeof e === 'object' && typeof e.type === 'string' && (e.type.toLowerCase() !== 'mention' || (!!e.mentioned && typeof e.mentioned === 'object' && typeof e.text === 'string')),
    );
}

/** The Teams app: a short list of registrations; each feature owns its handlers. */
export function createApp(ctx: AppContext, adapter: TeamsAdapter): Application<TurnState> {
  adapter.use(async (context, next) => {
    dropMalformedFields(context.activity as unknown as Record<string, unknown>);
    await next();
  });
  const app = new Application<TurnState>({ adapter, startTypingTimer: false, removeRecipientMention: true });
  const recent = new RecentIds();

  app.turn('beforeTurn', async (context) => {
    const { activity } = context;
    if (activity.type === ActivityTypes.Message && activity.id && !recent.firstTime(activity.id, Date.now())) {
      ctx.log.info({ activityId: activity.id }, 'repeated delivery of a message ignored');
      return false;
    }
    if (activity.type === ActivityTypes.Message || activity.type === ActivityTypes.Invoke) await rememberConversation(ctx, activity);
    return true;
  });

  registerChannelEvents(app, ctx);
  registerProposalActions(app, ctx);
  registerDecisionActions(app, ctx);
  registerReminderActions(app, ctx);
  registerGateActions(app, ctx);
  // Last: any other Action.Execute verb (an old card, a forged one) gets a clear answer, not a 501.
  app.adaptiveCards.actionExecute(/^.*$/, async (context) => {
    const actor = resolveActor(ctx, context.activity);
    ctx.log.warn({ aadObjectId: actor.aadObjectId, verb: String(context.activity.value?.action?.verb ?? '').slice(0, 60) }, 'unknown card verb');
    return card([banner(actor.m.unknownButton, 'attention')]);
  });
  // Any invoke no route took (a verb that is not a string, not an Action.Execute, a task module or message
  // extension this app does not have): a clear answer with status 200, not botbuilder's 501.
  app.activity(ActivityTypes.Invoke, async (context) => {
    const actor = resolveActor(ctx, context.activity);
    const name = typeof context.activity.name === 'string' ? context.activity.name : '';
    ctx.log.warn({ aadObjectId: actor.aadObjectId, name: name.slice(0, 60) }, 'unhandled invoke');
    const body =
      name === 'adaptiveCard/action'
        ? { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: card([banner(actor.m.unknownButton, 'attention')]) }
        : { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: actor.m.unknownButton };
    await context.sendActivity({ type: ActivityTypes.InvokeResponse, value: { status: 200, body } });
  });
  app.activity(ActivityTypes.Message, (context) => onMessage(ctx, context));

  app.error(async (context, err) => {
    ctx.log.error({ err: err?.stack ?? String(err), activityType: context.activity.type, conversationType: conversationTypeOf(context.activity) }, 'turn failed');
    const m = messages(ctx.partnership.locale);
    if (context.activity.type === ActivityTypes.Message)
      await context.sendActivity(err instanceof StoreWriteError ? m.storeFailed : m.unexpected).catch(() => undefined);
  });
  return app;
}
