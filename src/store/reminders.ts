import type { Person } from '../config/partnership.js';
import type { CommittedData } from './schema.js';
import type { SnapshotState } from './commit.js';
import { enqueuePosts } from './outbox.js';
import type { DoneOutcome, PostRequest } from './port.js';
import { pressOf } from './replay.js';
import { appendDecided, outcomeOf } from './append-decided.js';
import { reportDone } from '../domain/report-done.js';

/** Repository functions for report reminders: what was sent, what is done, which rules are paused. */

export function stepSent(data: CommittedData, key: string, step: number): boolean {
  return data.reminderSends.some((s) => s.key === key && s.step === step);
}

/**
 * Records steps of an occurrence as sent, with the posts that send them (in the outbox, same write);
 * undefined when another run already recorded the step to send, so a step never goes twice.
 */
export async function markStepsSent(
  store: SnapshotState,
  input: { key: string; ruleId: string; send: number; skipped: number[]; now: Date; posts?: PostRequest[] },
): Promise<string[] | undefined> {
  if (stepSent(store.data, input.key, input.send)) return undefined;
  return store.update((data) => {
    if (stepSent(data, input.key, input.send)) return undefined;
    const at = input.now.toISOString();
    for (const step of input.skipped)
      if (!stepSent(data, input.key, step)) data.reminderSends.push({ key: input.key, ruleId: input.ruleId, step, at, skipped: true });
    data.reminderSends.push({ key: input.key, ruleId: input.ruleId, step: input.send, at });
    return enqueuePosts(data, input.posts ?? [], input.now);
  });
}

export function doneParties(data: CommittedData, key: string): Map<string, { personId: string; at: string; url?: string }> {
  return new Map(data.reminderDone.filter((d) => d.key === key).map((d) => [d.party, { personId: d.personId, at: d.at, ...(d.url ? { url: d.url } : {}) }]));
}

/**
 * Records "Klart" for a party as reportDone decides it, against the state it would change; the posts
 * it owes (the office's notice that the report is sent) go to the outbox in the same write, only
 * when it is recorded.
 */
export async function markDone(
  store: SnapshotState,
  input: { key: string; party: string; person: Person; now: Date; activityId?: string; url?: string; posts?: PostRequest[] },
): Promise<{ outcome: DoneOutcome; postIds: string[] }> {
  let postIds: string[] = [];
  const decided = await appendDecided(
    store,
    (data) =>
      reportDone({
        key: input.key,
        party: input.party,
        done: data.reminderDone.filter((d) => d.key === input.key),
        person: input.person,
        press: pressOf(data, input.activityId),
        now: input.now,
        ...(input.url ? { url: input.url } : {}),
      }),
    (draft, done) => {
      draft.reminderDone.push(done);
      postIds = enqueuePosts(draft, input.posts ?? [], input.now);
    },
  );
  return { outcome: outcomeOf(decided), postIds };
}

export function isPaused(data: CommittedData, ruleId: string): boolean {
  return data.pausedRules.some((p) => p.ruleId === ruleId);
}

export async function setPaused(store: SnapshotState, input: { ruleId: string; paused: boolean; by: Person; now: Date }): Promise<boolean> {
  return store.update((data) => {
    const was = data.pausedRules.some((p) => p.ruleId === input.ruleId);
    if (was === input.paused) return false;
    data.pausedRules = data.pausedRules.filter((p) => p.ruleId !== input.ruleId);
    if (input.paused) data.pausedRules.push({ ruleId: input.ruleId, personId: input.by.id, at: input.now.toISOString() });
    return true;
  });
}

/** The first time reminders are looked at; missed deadlines are only those after it. */
export async function remindersSince(store: SnapshotState, now: Date): Promise<Date> {
  if (store.data.remindersSince) return new Date(store.data.remindersSince);
  await store.update((data) => {
    data.remindersSince ??= now.toISOString();
  });
  return new Date(store.data.remindersSince!);
}
