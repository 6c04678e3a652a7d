import type { Partnership, Person } from '../config/partnership.js';
import type { CapacityOf, Refusal } from './authorization.js';

/**
 * Who is who. Who may do what is in ./authorization.ts (one table, `authorize`); this file finds the
 * person and says what concerns them.
 */

/** In which capacity a person answers for their member; strongest first. */
export type Capacity = CapacityOf<'answer'>;

export type AnswerRefusal = Refusal;

export function findPersonByAad(p: Partnership, aadObjectId: string | undefined): Person | undefined {
  if (!aadObjectId) return undefined;
  const id = aadObjectId.toLowerCase();
  return p.people.find((person) => person.aadObjectId.toLowerCase() === id);
}
