import type { Partnership, Person } from '../config/partnership.js';

/** In which capacity a person answers for their member; strongest first. */
export type Capacity = 'socialChief' | 'deputyChief' | 'networkMember';

export type AnswerRefusal = 'unknownPerson' | 'noMember' | 'otherMember' | 'noRole';

export function findPersonByAad(p: Partnership, aadObjectId: string | undefined): Person | undefined {
  if (!aadObjectId) return undefined;
  const id = aadObjectId.toLowerCase();
  return p.people.find((person) => person.aadObjectId.toLowerCase() === id);
}

export function isCoordinator(person: Person | undefined): boolean {
  return !!person?.roles.includes('coordinator');
}

/** Coordinators and anyone who sits in a network or leads a member's social services may propose. */
export function mayPropose(person: Person | undefined): boolean {
  return !!person && (person.roles.length > 0 || person.networks.length > 0);
}

export function mayLinkChannel(person: Person | undefined): boolean {
  return isCoordinator(person);
}

/** The proposer, the contact person and coordinators may complete a proposal (e.g. its regional value). */
export function mayEditProposal(person: Person | undefined, proposal: { createdBy: string; contactPersonId: string }): boolean {
  return !!person && (isCoordinator(person) || person.id === proposal.createdBy || person.id === proposal.contactPersonId);
}

/**
 * Who may answer for a member on a proposal owned by `networkId`: its social chief, the chief's
 * deputy, or its member of the owning network; only for their own member.
 */
export function answerCapacity(
  person: Person | undefined,
  memberId: string,
  networkId: string,
): { ok: true; capacity: Capacity } | { ok: false; reason: AnswerRefusal } {
  if (!person) return { ok: false, reason: 'unknownPerson' };
  if (!person.member) return { ok: false, reason: 'noMember' };
  if (person.member !== memberId) return { ok: false, reason: 'otherMember' };
  if (person.roles.includes('socialChief')) return { ok: true, capacity: 'socialChief' };
  if (person.roles.includes('deputyChief')) return { ok: true, capacity: 'deputyChief' };
  if (person.networks.includes(networkId)) return { ok: true, capacity: 'networkMember' };
  return { ok: false, reason: 'noRole' };
}
