import { judgePress, type Delivery, type Press, type ReplayConflict } from './delivery.js';

/**
 * What a rule decided about a press: record this, or why not (a reason the transport words), or a
 * conflict (the press's activity id already carried other content: a broken or forged client).
 */
export type Decided<R, Reason extends string> =
  | { kind: 'recorded'; record: R }
  | { kind: 'refused'; reason: Reason }
  | { kind: 'conflict'; conflict: ReplayConflict };

export const recorded = <R>(record: R) => ({ kind: 'recorded', record }) as const;
export const refused = <Reason extends string>(reason: Reason) => ({ kind: 'refused', reason }) as const;

/**
 * A press whose activity id recorded something before: the same press again counts once (a
 * 'duplicate', answered as the first was), other content is a conflict. Undefined for a new press.
 */
export function seenBefore(press: Press, delivery: Delivery): { kind: 'refused'; reason: 'duplicate' } | { kind: 'conflict'; conflict: ReplayConflict } | undefined {
  const judged = judgePress(press, delivery);
  if (judged === 'new') return undefined;
  return judged === 'replay' ? refused('duplicate') : { kind: 'conflict', conflict: judged };
}
