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

/**
 * The opening every card handler shares: the payload read with its schema (identity never comes from
 * it), and the record it names loaded. A payload that does not read, or names nothing there is, gets
 * the card that says so, and a log line naming the verb.
 */
export function readPress<P, R>(
  ctx: AppContext,
  actor: Actor,
  verb: string,
  press: {
    schema: { safeParse(value: unknown): { success: true; data: P } | { success: false } };
    data: unknown;
    load: (payload: P) => R | undefined;
    /** What to say when the payload reads but names nothing there is. */
    unknown: string;
  },
): { payload: P; record: R; refusal?: undefined } | { refusal: AdaptiveCard } {
  const parsed = press.schema.safeParse(press.data);
  const record = parsed.success ? press.load(parsed.data) : undefined;
  if (parsed.success && record !== undefined) return { payload: parsed.data, record };
  ctx.log.warn({ aadObjectId: actor.aadObjectId, verb, ok: parsed.success }, 'card payload refused');
  return { refusal: noticeCard(parsed.success ? press.unknown : actor.m.answer.badRequest) };
}
