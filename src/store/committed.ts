/**
 * Which top-level lists belong to a committed state. A committed list is never changed again (a
 * write makes a new list), so indexes may be kept for it. The lists are marked rather than frozen:
 * V8 reads a frozen array's elements on a slow path, and `find`, `filter` or a loop over a frozen
 * list of 13 000 records costs about ten times as much. The records in them are frozen.
 */
const committed = new WeakSet<readonly unknown[]>();

export function markCommitted(list: readonly unknown[]): void {
  committed.add(list);
}

export function isCommitted(list: readonly unknown[]): boolean {
  return committed.has(list);
}
