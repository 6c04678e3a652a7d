import { escapeMarkdown } from '../../domain/text.js';
import type { Application, TurnState } from '@microsoft/teams-ai';
import type { Activity, TurnContext } from 'botbuilder';
import { authorize } from '../../domain/authorization.js';
import { StoreWriteError } from '../../store/port.js';
import type { AppContext } from '../context.js';
import { conversationIdOf, conversationRecordOf, conversationTypeOf } from '../kit/conversation.js';
import { fold } from '../../domain/text.js';
import { tenantOf, type Actor } from '../kit/identity.js';
import { messages } from '../../i18n/index.js';

/** Keeps the conversation's reference fresh, so proactive posts reach it later. */
export async function rememberConversation(ctx: AppContext, activity: Partial<Activity>): Promise<void> {
  if (!activity.conversation?.id || !activity.serviceUrl) return;
  // Conversations of tenants outside the partnership are never kept (nor posted to).
  const allowed = ctx.partnership.tenants.map((t) => t.toLowerCase());
  const tenant = tenantOf(activity)?.toLowerCase();
  if (allowed.length && !(tenant && allowed.includes(tenant))) return;
  try {
    const known = !!ctx.repo.conversation(activity.conversation!.id);
    await ctx.repo.saveConversation(conversationRecordOf(activity), ctx.clock.now());
    // Back where it had been removed (or new): what waits for it need not wait out its back-off.
    if (!known) ctx.outbox.resume(activity.conversation.id);
  } catch (err) {
    // Not fatal for the turn: the reference is saved again on the next activity.
    if (!(err instanceof StoreWriteError)) throw err;
    ctx.log.error({ conversationId: activity.conversation.id, err: err.message }, 'could not save the conversation reference');
  }
}

function botIsAmong(context: TurnContext, members: unknown): boolean {
  const botId = context.activity.recipient?.id;
  // A forged event may carry anything here: not a list, or null members.
  return Array.isArray(members) && members.some((m: { id?: unknown } | null) => m?.id === botId);
}

async function forget(ctx: AppContext, activity: Partial<Activity>): Promise<void> {
  const teamId = (activity.channelData as { team?: { id?: string } } | undefined)?.team?.id;
  const id = conversationIdOf(activity);
  const gone = await ctx.repo.forgetConversations((c) => c.id === id || (!!teamId && c.teamId === teamId));
  ctx.log.info({ conversationIds: gone }, 'app removed: conversation references forgotten');
}

async function welcome(ctx: AppContext, context: TurnContext): Promise<void> {
  await context.sendActivity(messages(ctx.partnership.locale).welcome(ctx.partnership.name));
}

export function registerChannelEvents(app: Application<TurnState>, ctx: AppContext): void {
  app.conversationUpdate('membersAdded', async (context) => {
    if (!botIsAmong(context, context.activity.membersAdded)) return;
    await rememberConversation(ctx, context.activity);
    ctx.log.info({ conversationId: conversationIdOf(context.activity), type: conversationTypeOf(context.activity) }, 'app added to a conversation');
    await welcome(ctx, context);
  });
  app.conversationUpdate('membersRemoved', async (context) => {
    if (botIsAmong(context, context.activity.membersRemoved)) await forget(ctx, context.activity);
  });
  for (const event of ['channelDeleted', 'teamDeleted', 'teamHardDeleted'] as const) {
    app.conversationUpdate(event, async (context) => {
      await forget(ctx, context.activity);
    });
  }
  app.activity('installationUpdate', async (context) => {
    const action = (context.activity as { action?: string }).action ?? '';
    if (action.startsWith('remove')) await forget(ctx, context.activity);
    else if (action.startsWith('add')) await rememberConversation(ctx, context.activity);
  });
}

/** `koppla <nätverk>`: makes the channel the network's channel. Coordinators only, in a channel. */
export async function linkChannel(ctx: AppContext, context: TurnContext, actor: Actor, networkText?: string): Promise<string> {
  const { m } = actor;
  const choices = ctx.partnership.networks.map((n) => n.id).join(', ');
  if (conversationTypeOf(context.activity) !== 'channel') return m.link.notChannel;
  if (!authorize(actor.person, 'linkChannel').ok) return m.link.refused;
  if (!networkText) return m.link.usage(choices);
  const f = fold(networkText);
  const network = ctx.partnership.networks.find((n) => fold(n.id) === f || fold(n.name) === f);
  if (!network) return m.link.unknownNetwork(escapeMarkdown(networkText), choices);
  const conversationId = conversationIdOf(context.activity);
  if (!ctx.repo.conversation(conversationId)) return m.link.notInstalled;
  await ctx.repo.linkNetworkChannel({ networkId: network.id, conversationId, by: actor.person!, now: ctx.clock.now() });
  ctx.log.info({ networkId: network.id, conversationId, aadObjectId: actor.aadObjectId }, 'channel linked to network');
  return m.link.linked(network.name);
}
