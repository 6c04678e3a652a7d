import type { Decided } from '../domain/decided.js';
import type { ReplayConflict } from '../domain/delivery.js';
import type { CommittedData, StoreData } from './schema.js';
import type { SnapshotState } from './commit.js';

/**
 * The store judges nothing itself: a rule decides, against the state inside the write queue that the
 * record would join (so two presses at once are judged against each other), and the store appends
 * what it decided in the same change.
 */
export function appendDecided<R, Reason extends string>(
  store: SnapshotState,
  decide: (data: CommittedData) => Decided<R, Reason>,
  append: (draft: StoreData, record: R) => void,
): Promise<Decided<R, Reason>> {
  return store.update((draft) => {
    const decided = decide(draft);
    if (decided.kind === 'recorded') append(draft, decided.record);
    return decided;
  });
}

/**
 * One member's answer (participation, vote): as appendDecided, but the rule is asked first against the
 * committed state, and what it refuses there is refused without a write or a wait in the queue: most
 * refused answers are a press repeated (a re-delivery, a closed question, the answer already given).
 */
export function appendMemberAnswer<R, Reason extends string>(
  store: SnapshotState,
  decide: (data: CommittedData) => Decided<R, Reason>,
  append: (draft: StoreData, record: R) => void,
): Promise<Decided<R, Reason>> {
  let decided: Decided<R, Reason> | undefined;
  const judge = (data: CommittedData): Decided<R, Reason> | undefined => {
    decided = decide(data);
    return decided.kind === 'recorded' ? undefined : decided;
  };
  return store.updateUnless<Decided<R, Reason>>(judge, (draft) => {
    // updateUnless changes right after judging the state it changes, so `decided` is that judgement.
    const made = decided as Extract<Decided<R, Reason>, { kind: 'recorded' }>;
    append(draft, made.record);
    return made;
  });
}

/** A decision as the repository's callers take it: 'recorded', the refusal's reason, or the conflict. */
export function outcomeOf<R, Reason extends string>(decided: Decided<R, Reason>): 'recorded' | Reason | ReplayConflict {
  if (decided.kind === 'recorded') return 'recorded';
  return decided.kind === 'conflict' ? decided.conflict : decided.reason;
}
