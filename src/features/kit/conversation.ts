import { TurnContext, type Activity } from 'botbuilder';
import type { ConversationRecord } from '../../store/schema.js';

export type ConversationType = ConversationRecord['type'];

/** A channel's id without the thread part Teams appends for replies (";messageid=…"). */
export function conversationIdOf(activity: Partial<Activity>): string {
  return (activity.conversation?.id ?? '').split(';')[0]!;
}

export function conversationTypeOf(activity: Partial<Activity>): ConversationType {
  const type = activity.conversation?.conversationType;
  if (type === 'channel' || type === 'groupChat' || type === 'personal') return type;
  return activity.conversation?.isGroup ? 'groupChat' : 'personal';
}

/** What the bot keeps to post in this conversation later: a reference to the channel itself, not the thread. */
export function conversationRecordOf(activity: Partial<Activity>): Omit<ConversationRecord, 'installedAt' | 'updatedAt'> {
  const reference = TurnContext.getConversationReference(activity);
  const id = conversationIdOf(activity);
  const channelData = activity.channelData as { team?: { id?: string; name?: string }; channel?: { name?: string } } | undefined;
  const type = conversationTypeOf(activity);
  // A channel or group chat is posted to as itself: who spoke last (user, locale) is not part of its
  // reference, so the reference, and the store, do not change with every person who presses a button.
  const { user, locale: _locale, ...shared } = reference;
  const kept = type === 'personal' ? { ...shared, user } : shared;
  return {
    id,
    type,
    tenantId: activity.conversation?.tenantId,
    teamId: channelData?.team?.id,
    name: channelData?.channel?.name ?? activity.conversation?.name ?? undefined,
    reference: JSON.parse(JSON.stringify({ ...kept, activityId: undefined, conversation: { ...reference.conversation, id } })) as Record<string, unknown>,
  };
}
