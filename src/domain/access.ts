import type { Partnership, Person } from '../config/partnership.js';
import type { Target } from '../config/reminder-rules.js';
import type { CapacityOf, Refusal, Who } from './authorization.js';

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

/**
 * Whether a report reminder with these targets concerns the person, for `påminnelser`. Not a
 * permission (the list is open to everyone): coordinators and people the partnership does not know
 * see every rule; others the rules of their municipality's steering group or of their networks.
 */
export function reminderConcerns(person: Who | undefined, targets: readonly Target[]): boolean {
  if (!person || person.roles.includes('coordinator')) return true;
  return targets.some((t) =>
    t.kind === 'steeringGroup' ? !!person.member : t.kind === 'network' ? person.networks.includes(t.network) : person.networks.length > 0,
  );
}
