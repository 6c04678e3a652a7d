import { isCommitted } from './committed.js';
import type { ParticipationRecord, StoreData } from './schema.js';

/**
 * Look-ups by id over the committed state. Committed lists (committed.ts) are replaced, never
 * changed, by each write; a write that appends gives a new list whose prefix is the old one. So one index
 * serves a whole family of versions: it records each entry's position, and a version answers only
 * with the positions below its own length. An older version (still held by a reader while a write
 * is on its way to disk) is therefore answered from the same index, never rebuilt. A draft's list
 * (still changing inside `store.update`) is searched without an index.
 */
type VoteRecord = StoreData['votes'][number];
const EMPTY: readonly never[] = Object.freeze([]);

/** How many indexes were built from scratch (tests: a write must not make readers rebuild). */
let builds = 0;
export function indexBuilds(): number {
  return builds;
}

/** Records replaced in place by a write: (position, new record). */
type Replaced = readonly (readonly [number, object])[];

/** Each index's way to extend itself from a list to the list a write made of it. */
const carriers: ((prev: readonly object[], next: readonly object[], pushed: readonly object[], replaced: Replaced) => void)[] = [];

/**
 * A write appended `pushed` to `prev` (and replaced `replaced` in place), giving `next`: each index
 * of `prev`'s family that can follow such a write takes the change and `next` joins the family.
 * `prev` keeps answering for itself from the same index. An index that cannot follow it (a group
 * index when records were replaced) leaves `next` to build its own when first asked.
 */
export function carryIndexes(prev: readonly object[], next: readonly object[], pushed: readonly object[], replaced: Replaced = []): void {
  if (next.length !== prev.length + pushed.length) return;
  for (const carry of carriers) carry(prev, next, pushed, replaced);
}

interface Family {
  /** The length of the longest version in the family: the next position to index. */
  length: number;
}

/**
 * The family cache behind one index: `build` indexes a committed list, `add` indexes one more record at
 * a position. Only the family's newest version is extended; a version that was extended before (a
 * write that failed after its records were indexed, then another write from the same state) does not
 * carry, and its successor builds its own index when first asked.
 */
function families<F extends Family>(
  build: (list: readonly object[]) => F,
  add: (family: F, record: object, position: number) => void,
  /** How the index follows records replaced in place; without it, such a write is not followed. */
  replace?: (family: F, record: object, position: number) => void,
) {
  const cache = new WeakMap<readonly object[], F>();
  carriers.push((prev, next, pushed, replaced) => {
    const family = cache.get(prev);
    if (!family || family.length !== prev.length) return;
    if (replaced.length && !replace) return;
    for (const [position, record] of replaced) replace!(family, record, position);
    pushed.forEach((record, i) => add(family, record, prev.length + i));
    family.length = next.length;
    cache.set(next, family);
  });
  return (list: readonly object[]): F => {
    let family = cache.get(list);
    if (!family) {
      builds++;
      family = build(list);
      cache.set(list, family);
    }
    return family;
  };
}

interface GroupFamily<T> extends Family {
  groups: Map<string, { items: T[]; positions: number[] }>;
}

function indexBy<T extends object>(key: (t: T) => string): (list: readonly T[], id: string) => readonly T[] {
  const add = (family: GroupFamily<T>, record: T, position: number) => {
    const k = key(record);
    const group = family.groups.get(k);
    if (group) {
      group.items.push(record);
      group.positions.push(position);
    } else family.groups.set(k, { items: [record], positions: [position] });
  };
  const familyOf = families<GroupFamily<T>>((list) => {
    const family: GroupFamily<T> = { length: list.length, groups: new Map() };
    (list as readonly T[]).forEach((record, i) => add(family, record, i));
    return family;
  }, add as (family: GroupFamily<T>, record: object, position: number) => void);
  return (list, id) => {
    if (!isCommitted(list)) return list.filter((t) => key(t) === id);
    const group = familyOf(list).groups.get(id);
    if (!group) return EMPTY;
    // The group's entries this version holds (a newer version may have added more): a copy, so a
    // group handed out stays as it was.
    let count = group.positions.length;
    while (count > 0 && group.positions[count - 1]! >= list.length) count--;
    return group.items.slice(0, count);
  };
}

/** The votes of one decision, in the order they were recorded. */
export const votesOf: (votes: readonly VoteRecord[], decisionId: string) => readonly VoteRecord[] = indexBy((v) => v.decisionId);

/** The participation answers of one proposal, in the order they were recorded. */
export const answersOf: (answers: readonly ParticipationRecord[], proposalId: string) => readonly ParticipationRecord[] = indexBy((r) => r.proposalId);

type GateEventRecord = StoreData['gateEvents'][number];

/** The gate events of one project, in the order they were recorded (an overview asks this of every project). */
export const gateEventsOf: (events: readonly GateEventRecord[], proposalId: string) => readonly GateEventRecord[] = indexBy((e) => e.proposalId);

interface ActivityFamily extends Family {
  /** Activity id → the position of its first record. */
  positions: Map<string, number>;
}

/** The first record of this Teams activity in the list, if any (a re-delivery); indexed for a committed list. */
function activityIndex(): <T extends { activityId?: string }>(list: readonly T[], activityId: string) => T | undefined {
  const add = (family: ActivityFamily, record: { activityId?: string }, position: number) => {
    if (record.activityId && !family.positions.has(record.activityId)) family.positions.set(record.activityId, position);
  };
  const familyOf = families<ActivityFamily>((list) => {
    const family: ActivityFamily = { length: list.length, positions: new Map() };
    (list as readonly { activityId?: string }[]).forEach((record, i) => add(family, record, i));
    return family;
  }, add as (family: ActivityFamily, record: object, position: number) => void);
  return <T extends { activityId?: string }>(list: readonly T[], activityId: string): T | undefined => {
    if (!isCommitted(list)) return list.find((r) => r.activityId === activityId);
    const position = familyOf(list).positions.get(activityId);
    return position !== undefined && position < list.length ? list[position] : undefined;
  };
}

export const recordOfActivity = activityIndex();

/** Whether a record of this Teams activity is in the list. */
export function hasActivity(list: readonly { activityId?: string }[], activityId: string): boolean {
  return recordOfActivity(list, activityId) !== undefined;
}

interface IdFamily extends Family {
  /** Record id → its position (the first, should ids ever repeat). */
  positions: Map<string, number>;
}

/**
 * The record with this id in a list of records with ids (proposals, decisions): a look-up through
 * an index that follows appends and records replaced in place (positions do not move), so an edit
 * of one proposal does not make the next look-up scan them all.
 */
function idIndex(): <T extends { id: string }>(list: readonly T[], id: string) => T | undefined {
  const add = (family: IdFamily, record: { id?: unknown }, position: number) => {
    if (typeof record.id === 'string' && !family.positions.has(record.id)) family.positions.set(record.id, position);
  };
  const familyOf = families<IdFamily>(
    (list) => {
      const family: IdFamily = { length: list.length, positions: new Map() };
      (list as readonly { id?: unknown }[]).forEach((record, i) => add(family, record, i));
      return family;
    },
    add as (family: IdFamily, record: object, position: number) => void,
    // A replaced record keeps its place; should its id change, the new id points there too, and a
    // look-up of the old id finds the position no longer holds it.
    add as (family: IdFamily, record: object, position: number) => void,
  );
  return <T extends { id: string }>(list: readonly T[], id: string): T | undefined => {
    if (!isCommitted(list)) return list.find((r) => r.id === id);
    const position = familyOf(list).positions.get(id);
    if (position === undefined || position >= list.length) return undefined;
    const record = list[position]!;
    return record.id === id ? record : list.find((r) => r.id === id);
  };
}

export const byId = idIndex();
