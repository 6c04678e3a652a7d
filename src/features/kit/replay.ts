import type { ReplayConflict } from '../../domain/delivery.js';
import type { AppContext } from '../context.js';
import type { Actor } from './identity.js';

/**
 * A press under an activity id already recorded with other content: logged for the operator (ids and
 * the names of what differs, never values or names of people) and refused with the same words for
 * every kind of press.
 */
export function replayRefusal(ctx: AppContext, actor: Actor, conflict: ReplayConflict): string {
  ctx.log.warn(
    { activityId: conflict.activityId, verb: conflict.verb, target: conflict.target, differs: conflict.differs, aadObjectId: actor.aadObjectId },
    'refused: an activity id already recorded came again with other content (not a re-delivery); nothing recorded',
  );
  return actor.m.replayRefused;
}
