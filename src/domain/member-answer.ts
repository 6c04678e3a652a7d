import type { Delivery, Press } from './delivery.js';
import { recorded, refused, seenBefore, type Decided } from './decided.js';

/** The same press again (it counts once: answer as before), the question no longer open, or nothing new. */
export type MemberAnswerRefusal = 'duplicate' | 'closed' | 'unchanged';

/**
 * One member's answer to a question (whether a municipality takes part, its vote, a committee's
 * decision): the answers stay as history, a re-delivered press counts once, and the member's latest
 * answer is the one that counts, so giving it again changes nothing.
 */
export function decideMemberAnswer<R extends { memberId: string }>(input: {
  /** The question's answers so far, in the order recorded. */
  answers: readonly R[];
  /** The answer as it would be recorded. */
  record: R;
  /** The answer as a press, to compare with what its activity id recorded before. */
  delivery: Delivery;
  press: Press;
  open: boolean;
  /** Whether the record says what the member's latest answer already says; absent: every answer is new. */
  same?: (latest: R, record: R) => boolean;
}): Decided<R, MemberAnswerRefusal> {
  const seen = seenBefore(input.press, input.delivery);
  if (seen) return seen;
  if (!input.open) return refused('closed');
  const latest = input.answers.findLast((a) => a.memberId === input.record.memberId);
  if (latest && input.same?.(latest, input.record)) return refused('unchanged');
  return recorded(input.record);
}
