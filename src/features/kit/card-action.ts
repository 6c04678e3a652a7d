import type { TurnContext } from 'botbuilder';
import type { Messages } from '../../i18n/index.js';
import { StoreWriteError } from '../../store/port.js';
import { banner, card, type AdaptiveCard } from '../../../cards/elements.js';
import type { AppContext } from '../context.js';
import { resolveActor, type Actor } from './identity.js';

/** A card with one notice line, for the person who pressed. */
export function noticeCard(text: string, tone: 'good' | 'attention' | 'warning' = 'attention'): AdaptiveCard {
  return card([banner(text, tone)]);
}

/** Runs a card handler; a failed write or a bug becomes a clear message, never a half-change. */
async function guarded(ctx: AppContext, m: Messages, what: string, run: () => Promise<AdaptiveCard>): Promise<AdaptiveCard> {
  try {
    return await run();
  } catch (err) {
    if (err instanceof StoreWriteError) {
      ctx.log.error({ what, err: err.message }, 'store write failed: nothing recorded');
      return noticeCard(m.storeFailed);
    }
    ctx.log.error({ what, err: (err as Error)?.stack ?? String(err) }, 'card handler failed');
    return noticeCard(m.unexpected);
  }
}

/** A card verb's handler: who pressed (from the activity), guarded against failed writes and bugs. */
export function cardAction(ctx: AppContext, context: TurnContext, verb: string, run: (actor: Actor) => Promise<AdaptiveCard>): Promise<AdaptiveCard> {
  const actor = resolveActor(ctx, context.activity);
  return guarded(ctx, actor.m, verb, () => run(actor));
}

