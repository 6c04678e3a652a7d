import { nextId, type IdKind } from '../domain/ids.js';

/**
 * What every record made from a form starts with (a proposal, a decision, a consultation round): the
 * next id of its kind, counted in the same write, who made it, when, from which form and where.
 */
export function formRecordBase(
  counters: Record<string, number>,
  kind: IdKind,
  input: { year: number; by: { id: string; aadObjectId: string }; now: Date; formActivityId?: string | undefined; conversationId?: string | undefined },
) {
  const next = nextId(counters, kind, input.year);
  counters[next.counter] = next.sequence;
  return {
    id: next.id,
    createdBy: input.by.id,
    createdByAad: input.by.aadObjectId,
    createdAt: input.now.toISOString(),
    formActivityId: input.formActivityId,
    originConversationId: input.conversationId,
  };
}
