/**
 * What one `store.update` changed, as a small list of operations that can be written to the journal
 * and applied again at start-up. The committed state never changes (its records are frozen, its lists
 * are never changed in place) and a change works on a shallow copy (fresh top-level lists, the same
 * frozen records), so comparing references finds what changed in
 * time proportional to the number of records, without copying or serialising the whole store.
 */
import { markCommitted } from './committed.js';

/** One change to one top-level field of the store. */
export type Op =
  /** Records appended to the end of a list. */
  | { k: string; push: unknown[] }
  /** Records replaced in place in a list (index → record), or keys set in an object (key → value). */
  | { k: string; set: Record<string, unknown> }
  /** The whole field replaced (a list that shrank or was reordered, a scalar, a new field). */
  | { k: string; all: unknown }
  /** The field removed. */
  | { k: string; del: true };

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * A draft of `state` for one change: a top-level list or object is copied the first time the change
 * touches it (copy on write), so a change pays only for the lists it uses. `finish` gives the new
 * top-level object (untouched fields shared with `state`) and the keys that may have changed.
 */
export function cowDraft<T extends object>(state: T): { draft: T; finish: () => { next: T; touched: string[] } } {
  const base = state as Record<string, unknown>;
  const copies = new Map<string, unknown>();
  const deleted = new Set<string>();
  const read = (key: string): unknown => {
    if (copies.has(key)) return copies.get(key);
    if (deleted.has(key)) return undefined;
    const value = base[key];
    const copy = Array.isArray(value) ? draftList(value) : isPlainObject(value) ? { ...value } : undefined;
    if (copy === undefined) return value;
    copies.set(key, copy);
    return copy;
  };
  const draft = new Proxy({} as Record<string, unknown>, {
    get: (_t, key) => (typeof key === 'string' ? read(key) : undefined),
    set: (_t, key, value) => {
      if (typeof key !== 'string') return false;
      copies.set(key, value);
      deleted.delete(key);
      return true;
    },
    deleteProperty: (_t, key) => {
      if (typeof key !== 'string') return false;
      copies.delete(key);
      deleted.add(key);
      return true;
    },
    has: (_t, key) => typeof key === 'string' && !deleted.has(key) && (copies.has(key) || key in base),
    ownKeys: () => [...new Set([...Object.keys(base), ...copies.keys()])].filter((k) => !deleted.has(k)),
    getOwnPropertyDescriptor: (_t, key) =>
      typeof key === 'string' && !deleted.has(key) && (copies.has(key) || key in base)
        ? { value: read(key), writable: true, enumerable: true, configurable: true }
        : undefined,
  });
  const finish = () => {
    const next: Record<string, unknown> = { ...base };
    for (const key of deleted) delete next[key];
    for (const [key, value] of copies) next[key] = value;
    return { next: next as T, touched: [...copies.keys(), ...deleted] };
  };
  return { draft: draft as T, finish };
}

const ROOM = new Array<undefined>(8).fill(undefined);

/**
 * A copy of a list with room for a few appends. A plain copy has no spare capacity, so the first push
 * reallocates it; past about 11 000 records that goes to V8's large-object space and made copying the
 * participation list cost 0.35 ms instead of 0.07 ms. `concat` allocates once with the room, and
 * shortening the length keeps the capacity.
 */
function draftList(list: readonly unknown[]): unknown[] {
  const copy = list.concat(ROOM);
  copy.length = list.length;
  return copy;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The operations that turn `before` into `after` (both top-level objects sharing unchanged records).
 * `changed` receives every new or replaced value (for a top-level list: its records, never the list
 * itself), so the caller can freeze exactly those. `keys`: only these fields may have changed (from
 * `cowDraft`).
 */
export function diffState(before: object, after: object, changed: (value: unknown) => void = () => undefined, keys?: readonly string[]): Op[] {
  const ops: Op[] = [];
  const a = before as Record<string, unknown>;
  const b = after as Record<string, unknown>;
  const only = keys && new Set(keys);
  for (const key of only ?? Object.keys(a)) if (!(key in b) || b[key] === undefined) if (a[key] !== undefined) ops.push({ k: key, del: true });
  for (const key of only ?? Object.keys(b)) {
    if (!(key in b)) continue;
    const next = b[key];
    const prev = a[key];
    if (prev === next || next === undefined) continue;
    if (Array.isArray(prev) && Array.isArray(next)) {
      const op = diffList(key, prev, next, changed);
      if (op) ops.push(op);
    } else if (isPlainObject(prev) && isPlainObject(next)) {
      const op = diffObject(key, prev, next, changed);
      if (op) ops.push(op);
    } else if (!Object.is(prev, next)) {
      if (Array.isArray(next)) next.forEach(changed);
      else changed(next);
      ops.push({ k: key, all: next });
    }
  }
  return ops;
}

function diffList(key: string, prev: unknown[], next: unknown[], changed: (value: unknown) => void): Op | undefined {
  if (next.length < prev.length) {
    next.forEach(changed);
    return { k: key, all: next };
  }
  const replaced: Record<string, unknown> = {};
  let replacedCount = 0;
  for (let i = 0; i < prev.length; i++) {
    if (prev[i] !== next[i]) {
      replaced[i] = next[i];
      replacedCount++;
    }
  }
  const pushed = next.slice(prev.length);
  if (replacedCount === 0 && pushed.length === 0) return undefined;
  // A list rewritten in large part (a filter, a sort) is cheaper to journal whole.
  if (replacedCount > 8 && replacedCount > prev.length / 4) {
    next.forEach(changed);
    return { k: key, all: next };
  }
  // Only the new records need freezing (the caller marks the list committed); the rest already are.
  for (const value of Object.values(replaced)) changed(value);
  for (const value of pushed) changed(value);
  if (replacedCount === 0) return { k: key, push: pushed };
  // Both kinds at once: replacements first, then the new records as indexes past the old end.
  pushed.forEach((value, i) => (replaced[prev.length + i] = value));
  return { k: key, set: replaced };
}

function diffObject(key: string, prev: Record<string, unknown>, next: Record<string, unknown>, changed: (value: unknown) => void): Op | undefined {
  const set: Record<string, unknown> = {};
  let count = 0;
  for (const k of Object.keys(prev))
    if (!(k in next)) {
      changed(next);
      return { k: key, all: next };
    }
  for (const [k, value] of Object.entries(next)) {
    if (!Object.is(prev[k], value)) {
      set[k] = value;
      count++;
    }
  }
  if (count === 0) return undefined;
  changed(next);
  return { k: key, set };
}

/**
 * Applies journalled operations to a plain (unfrozen) state read from disk. Throws on an operation
 * that does not fit the state, so a journal that belongs to another snapshot is never half-applied.
 */
export function applyOps(state: Record<string, unknown>, ops: readonly Op[]): void {
  for (const op of ops) {
    if (!op || typeof op !== 'object' || typeof op.k !== 'string' || FORBIDDEN_KEYS.has(op.k)) throw new Error(`bad journal operation ${JSON.stringify(op)?.slice(0, 80)}`);
    if ('del' in op) delete state[op.k];
    else if ('all' in op) state[op.k] = op.all;
    else if ('push' in op) {
      const list = state[op.k];
      if (!Array.isArray(list) || !Array.isArray(op.push)) throw new Error(`journal pushes to ${op.k}, which is not a list`);
      for (const value of op.push) list.push(value);
    } else if ('set' in op) {
      const target = state[op.k];
      if (typeof target !== 'object' || target === null || typeof op.set !== 'object' || op.set === null) throw new Error(`journal sets in ${op.k}, which is not a list or an object`);
      for (const [k, value] of Object.entries(op.set)) {
        if (FORBIDDEN_KEYS.has(k)) throw new Error(`journal sets the forbidden key ${k} in ${op.k}`);
        if (Array.isArray(target)) {
          const index = Number(k);
          if (!Number.isInteger(index) || index < 0 || index > target.length) throw new Error(`journal sets ${op.k}[${k}] past its end (${target.length})`);
          target[index] = value;
        } else (target as Record<string, unknown>)[k] = value;
      }
    } else throw new Error(`unknown journal operation ${JSON.stringify(op).slice(0, 80)}`);
  }
}

/**
 * Makes a state read from disk committed: every record (and everything in it) frozen, each top-level
 * list marked committed rather than frozen (see committed.ts), the top-level object frozen.
 */
export function commitState(state: Record<string, unknown>): void {
  for (const value of Object.values(state)) {
    if (Array.isArray(value)) {
      value.forEach(deepFreeze);
      markCommitted(value);
    } else deepFreeze(value);
  }
  Object.freeze(state);
}

/** Freezes `value` and everything reachable from it that is not frozen yet (frozen parts are shared and already done). */
export function deepFreeze(value: unknown): void {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return;
  Object.freeze(value);
  for (const child of Object.values(value)) deepFreeze(child);
}
