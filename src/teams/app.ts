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
import type { AppContext } from '../features/context.js';
import type { Feature } from '../features/feature.js';
import { allCommands, parseCommand } from './commands.js';
import { resolveActor } from '../features/kit/identity.js';
import { cardAction } from '../features/kit/card-action.js';
import { conversationTypeOf } from '../features/kit/conversation.js';
import { banner, card } from '../../cards/elements.js';

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

/** `hjälp`: every command the features registered, in their order, with its line; local-only ones only in local mode. */
export function helpText(m: Messages, local: boolean, partnership: AppContext['partnership']): string {
  const rows = [...allCommands().filter((c) => c.help && (local || !c.localOnly)).map((c) => c.help!(m, partnership)), m.help.commands.help];
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

async function onMessage(ctx: AppContext, context: TurnContext): Promise<void> {
  const actor = resolveActor(ctx, context.activity);
  const { m } = actor;
  if (actor.foreignTenant) {
    await context.sendActivity(m.foreignTenant);
    return;
  }
  const command = parseCommand(context.activity.text);
  if (command.kind === 'empty') return; // a card's Action.Submit or an attachment without text: nothing asked
  if (command.kind === 'help') {
    await context.sendActivity(helpText(m, ctx.env.local, ctx.partnership));
    return;
  }
  const spec = allCommands().find((c) => c.kind === command.kind);
  if (!spec || (spec.localOnly && !ctx.env.local)) {
    await context.sendActivity(m.unknownCommand);
    return;
  }
  await spec.run(ctx, context, actor, command);
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

/** The Teams app: routes messages, card presses and conversation events to the features; knows none of them by name. */
export function createApp(ctx: AppContext, adapter: TeamsAdapter, features: readonly Feature[]): Application<TurnState> {
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
    if (activity.type === ActivityTypes.Message || activity.type === ActivityTypes.Invoke)
      for (const feature of features) await feature.onActivity?.(ctx, activity);
    return true;
  });

  for (const feature of features) {
    feature.setup?.(ctx, app);
    for (const { verb, handle } of feature.cardVerbs ?? [])
      app.adaptiveCards.actionExecute(verb, (context, _state, data) => cardAction(ctx, context, verb, (actor) => handle(ctx, context, actor, data)));
  }
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
