import type { SnapshotState } from './commit.js';
import { appendDecided } from './append-decided.js';
import { answersOf, byId } from './indexes.js';
import { enqueuePosts } from './outbox.js';
import type { PostRequest } from './port.js';
import { pressOf } from './replay.js';
import type { CommittedData, ParticipationRecord, ProposalRecord } from './schema.js';
import { replaceRecord } from './store.js';
import { decideParticipationChange, type ChangeRefusal, type ParticipationChange, type ProjectStanding } from '../domain/join-leave.js';
import type { ReplayConflict } from '../domain/delivery.js';
import type { Capacity } from '../domain/access.js';
import type { Person } from '../config/partnership.js';

/** A municipality joining or leaving a project after its answer deadline (the store functions take `standing` over their own state). */
export interface ParticipationChangeInput<Reads = CommittedData> {
  proposalId: string;
  memberId: string;
  change: ParticipationChange;
  /** Leave: the first day without the municipality (YYYY-MM-DD). */
  from?: string;
  reason?: string;
  person: Person;
  capacity: Capacity;
  now: Date;
  /** The Swedish calendar day now, and the partnership's time zone. */
  today: string;
  timeZone: string;
  activityId?: string;
  /** Where the project stands, asked against the state the change would join. */
  standing: (state: Reads, proposal: ProposalRecord) => ProjectStanding;
  /** The posts the recorded change owes (e.g. personal notices), enqueued in the write that records it. */
  posts?: (record: ParticipationRecord) => PostRequest[];
}

export type ParticipationChangeOutcome =
  | { ok: true; record: ParticipationRecord; postIds: string[] }
  | { ok: false; reason: ChangeRefusal | 'duplicate' }
  | { ok: false; reason: 'conflict'; conflict: ReplayConflict };

/** Records a join or leave as decideParticipationChange decides it against the state it would change; a re-delivered press counts once. */
export async function recordParticipationChange(store: SnapshotState, input: ParticipationChangeInput): Promise<ParticipationChangeOutcome> {
  let postIds: string[] = [];
  const decided = await appendDecided(
    store,
    (data) => {
      const proposal = byId(data.proposals, input.proposalId);
      return decideParticipationChange({
        proposal,
        standing: proposal ? input.standing(data, proposal) : { status: 'open', answersOpen: false },
        history: proposal ? answersOf(data.participation, proposal.id) : [],
        change: input.change,
        memberId: input.memberId,
        person: input.person,
        capacity: input.capacity,
        from: input.from,
        reason: input.reason,
        today: input.today,
        timeZone: input.timeZone,
        press: pressOf(data, input.activityId),
        now: input.now,
      });
    },
    (draft, record) => {
      draft.participation.push(record);
      if (input.posts) postIds = enqueuePosts(draft, input.posts(record), input.now);
    },
  );
  if (decided.kind === 'recorded') return { ok: true, record: decided.record, postIds };
  return decided.kind === 'conflict' ? { ok: false, reason: 'conflict', conflict: decided.conflict } : { ok: false, reason: decided.reason };
}

/**
 * Marks the owning group's channel told that the project has too few participants, with the posts that
 * tell it in the same write. `records`: how many participation records the project has now; undefined
 * when the channel was already told at that count (nothing changed since).
 */
export async function markShortageNotified(
  store: SnapshotState,
  input: { proposalId: string; records: number; now: Date; posts?: PostRequest[] },
): Promise<string[] | undefined> {
  const told = (data: CommittedData) => byId(data.proposals, input.proposalId)?.shortageNotified?.records === input.records;
  if (told(store.data)) return undefined;
  return store.update((data) => {
    const proposal = data.proposals.find((p) => p.id === input.proposalId);
    if (!proposal || proposal.shortageNotified?.records === input.records) return undefined;
    replaceRecord(data.proposals, (p) => p === proposal, (p) => (p.shortageNotified = { at: input.now.toISOString(), records: input.records }));
    return enqueuePosts(data, input.posts ?? [], input.now);
  });
}
