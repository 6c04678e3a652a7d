import { enqueuePosts } from './outbox.js';
import type { ConsultationAnswerInput, ConsultationChangeOutcome, ConsultationCloseInput, ConsultationExtensionInput, CreatedConsultation, NewConsultation, PostRequest } from './port.js';
import { byId } from './indexes.js';
import { compareDelivery, pressOf, ReplayConflict } from './replay.js';
import { appendDecided, appendMemberAnswer } from './append-decided.js';
import { formRecordBase } from './form-record.js';
import {
  consultationFormDelivery,
  decideAnswer,
  decideClose,
  decideExtension,
  decideTimeRequest,
  type AnswerRefusal,
  type CloseRefusal,
  type ConsultationAnswer,
  type Extension,
  type ExtensionRefusal,
  type TimeRequestRefusal,
} from '../domain/consultation.js';
import type { CommittedData, ConsultationRecord, StoreData } from './schema.js';
import { replaceRecord } from './store.js';
import type { SnapshotState } from './commit.js';

/** Repository functions for consultation rounds (remiss) and their members' answers. */

export function findConsultation(data: CommittedData, id: string): ConsultationRecord | undefined {
  return byId(data.consultations, id.toUpperCase());
}

/** A round's answers, in the order they were recorded. */
export function answersOfRound(data: CommittedData | StoreData, consultationId: string): readonly ConsultationAnswer[] {
  return data.consultationAnswers.filter((a) => a.consultationId === consultationId);
}

/**
 * Opens a round, with its card's posts in the same write. The same form message again gives the
 * round it opened; with other content a ReplayConflict, and nothing changes.
 */
export async function createConsultation(store: SnapshotState, input: NewConsultation): Promise<CreatedConsultation> {
  return store.update((data) => {
    const existing = input.formActivityId && data.consultations.find((c) => c.formActivityId === input.formActivityId);
    if (existing) {
      const judged = compareDelivery(
        input.formActivityId!,
        consultationFormDelivery(existing.formActivityId!, existing.createdBy, existing),
        consultationFormDelivery(input.formActivityId!, input.by.id, input.draft),
      );
      return judged instanceof ReplayConflict ? { conflict: judged } : { consultation: existing, created: false, postIds: [] };
    }
    const consultation: ConsultationRecord = {
      ...formRecordBase(data.counters, 'consultation', input),
      ...input.draft,
      extensions: [],
      remindersSent: [],
    };
    data.consultations.push(consultation);
    const postIds = input.posts ? enqueuePosts(data, input.posts(consultation), input.now) : [];
    return { consultation, created: true, postIds };
  });
}

/** A statement, an abstention or a request for more time, as the round's rules decide it against the state it joins. */
export async function recordConsultationAnswer(store: SnapshotState, input: ConsultationAnswerInput): Promise<ConsultationChangeOutcome> {
  const decided = await appendMemberAnswer<ConsultationAnswer, AnswerRefusal | TimeRequestRefusal | 'unknownConsultation'>(
    store,
    (data) => {
      const round = byId(data.consultations, input.consultationId);
      if (!round) return { kind: 'refused', reason: 'unknownConsultation' } as const;
      const common = { round, answers: answersOfRound(data, round.id), memberId: input.memberId, by: { person: input.person, capacity: input.capacity }, press: pressOf(data, input.activityId), now: input.now };
      return input.answer.kind === 'moreTime'
        ? decideTimeRequest({ ...common, until: input.answer.until, reason: input.answer.reason })
        : decideAnswer({ ...common, content: input.answer, timeZone: input.timeZone });
    },
    (draft, record) => draft.consultationAnswers.push(record),
  );
  return decided.kind === 'recorded' ? 'recorded' : decided.kind === 'conflict' ? decided.conflict : decided.reason;
}

/** "Ge anstånd": a later answer date for one member, kept on the round with who and when. */
export async function grantExtension(store: SnapshotState, input: ConsultationExtensionInput): Promise<ConsultationChangeOutcome> {
  const decided = await appendDecided<Extension, ExtensionRefusal | 'unknownConsultation'>(
    store,
    (data) => {
      const round = byId(data.consultations, input.consultationId);
      if (!round) return { kind: 'refused', reason: 'unknownConsultation' } as const;
      return decideExtension({ round, answers: answersOfRound(data, round.id), memberId: input.memberId, until: input.until, personId: input.by.id, press: pressOf(data, input.activityId), now: input.now });
    },
    (draft, extension) => replaceRecord(draft.consultations, (c) => c.id === input.consultationId, (c) => void c.extensions.push(extension)),
  );
  return decided.kind === 'recorded' ? 'recorded' : decided.kind === 'conflict' ? decided.conflict : decided.reason;
}

/** Closes a round, with the posts that say so in the same write. */
export async function closeConsultation(store: SnapshotState, input: ConsultationCloseInput): Promise<{ outcome: ConsultationChangeOutcome; postIds: string[] }> {
  let postIds: string[] = [];
  const decided = await appendDecided<NonNullable<ConsultationRecord['closed']>, CloseRefusal | 'unknownConsultation'>(
    store,
    (data) => {
      const round = byId(data.consultations, input.consultationId);
      if (!round) return { kind: 'refused', reason: 'unknownConsultation' } as const;
      return decideClose({ round, answers: answersOfRound(data, round.id), personId: input.by.id, press: pressOf(data, input.activityId), now: input.now, timeZone: input.timeZone });
    },
    (draft, closed) => {
      const round = replaceRecord(draft.consultations, (c) => c.id === input.consultationId, (c) => void (c.closed = closed))!;
      postIds = enqueuePosts(draft, input.posts?.(round) ?? [], input.now);
    },
  );
  return { outcome: decided.kind === 'recorded' ? 'recorded' : decided.kind === 'conflict' ? decided.conflict : decided.reason, postIds };
}

/** Marks reminder steps of an answer date sent, with their posts in the same write; undefined when none was new. */
export async function markConsultationRemindersSent(
  store: SnapshotState,
  input: { consultationId: string; date: string; steps: number[]; now: Date; posts?: PostRequest[] },
): Promise<string[] | undefined> {
  return store.update((data) => {
    const round = data.consultations.find((c) => c.id === input.consultationId);
    if (!round) return undefined;
    const fresh = input.steps.filter((step) => !round.remindersSent.some((r) => r.date === input.date && r.step === step));
    if (!fresh.length) return undefined;
    replaceRecord(data.consultations, (c) => c === round, (c) => {
      for (const step of fresh) c.remindersSent.push({ date: input.date, step, at: input.now.toISOString() });
    });
    return enqueuePosts(data, input.posts ?? [], input.now);
  });
}

export async function recordPostedConsultationCard(store: SnapshotState, card: { consultationId: string; conversationId: string; activityId: string }, now: Date): Promise<void> {
  if (store.data.postedConsultationCards.some((c) => c.activityId === card.activityId && c.conversationId === card.conversationId)) return;
  await store.update((data) => {
    data.postedConsultationCards.push({ ...card, postedAt: now.toISOString() });
  });
}
