import type { Answer } from './participation.js';
import type { Position } from './consensus.js';

/**
 * Teams re-delivers an activity it got no answer to (after about 15 s) under the same activity id and
 * with the same content: that must count once and get the first answer again. The same id with other
 * content (another answer, proposal, position or person) is no re-delivery but a forged or broken
 * client, and must not be answered "Registrerat" while nothing is stored. Every kind of press is
 * compared the same way, as a Delivery, so a new kind cannot forget a field.
 */
export interface Delivery {
  /** What kind of press: answer, vote, committee, gate.approve, done, proposal.form, … */
  verb: string;
  /** What it is about: a proposal, a decision, a reminder occurrence, a form message. */
  target: string;
  /** Who pressed (person id). */
  person: string;
  /** What they chose; absent, null and empty are the same (a record drops empty fields). */
  choice: Readonly<Record<string, string | number | boolean | null | undefined>>;
}

/** The same activity id came with other content: nothing is recorded. Only field names, never values, leave here (logs). */
export class ReplayConflict {
  constructor(
    readonly activityId: string,
    readonly verb: string,
    readonly target: string,
    /** Names of what differs: verb, target, person, or a choice's key. */
    readonly differs: readonly string[],
  ) {}
}

const same = (v: unknown) => (v === undefined || v === null || v === '' ? '' : String(v));

/** What differs between a recorded delivery and one arriving under the same id; empty for a true re-delivery. */
export function deliveryDifferences(recorded: Delivery, incoming: Delivery): string[] {
  const out: string[] = [];
  if (recorded.verb !== incoming.verb) out.push('verb');
  if (recorded.target !== incoming.target) out.push('target');
  if (recorded.person !== incoming.person) out.push('person');
  for (const key of new Set([...Object.keys(recorded.choice), ...Object.keys(incoming.choice)]))
    if (same(recorded.choice[key]) !== same(incoming.choice[key])) out.push(key);
  return out;
}

/** Judges a press against what was recorded under its id: new, a true re-delivery, or a conflict. */
export function compareDelivery(activityId: string, recorded: Delivery | undefined, incoming: Delivery): 'new' | 'replay' | ReplayConflict {
  if (!recorded) return 'new';
  const differs = deliveryDifferences(recorded, incoming);
  return differs.length ? new ReplayConflict(activityId, incoming.verb, incoming.target, differs) : 'replay';
}

/**
 * A press as a rule judges it: the Teams activity id it came under, if any, and what was recorded
 * under that id before, whatever kind of press that was (the store finds it; an id is one activity).
 */
export interface Press {
  activityId?: string;
  earlier?: Delivery;
}

export function judgePress(press: Press, incoming: Delivery): 'new' | 'replay' | ReplayConflict {
  return press.activityId ? compareDelivery(press.activityId, press.earlier, incoming) : 'new';
}

export const answerDelivery = (r: { proposalId: string; personId: string; memberId: string; answer: Answer }): Delivery => ({
  verb: 'answer',
  target: r.proposalId,
  person: r.personId,
  choice: { member: r.memberId, answer: r.answer },
});

/**
 * Any participation record as a press: an answer as above; a join or leave as its own verb, with the
 * leave's date and reason (a join's day is the day it was pressed, not something chosen).
 */
export const participationDelivery = (r: {
  proposalId: string;
  personId: string;
  memberId: string;
  answer: Answer;
  kind?: 'join' | 'leave';
  effectiveFrom?: string;
  reason?: string;
}): Delivery =>
  r.kind
    ? {
        verb: `participation.${r.kind}`,
        target: r.proposalId,
        person: r.personId,
        choice: { member: r.memberId, from: r.kind === 'leave' ? r.effectiveFrom : undefined, reason: r.reason },
      }
    : answerDelivery(r);

export const voteDelivery = (r: { decisionId: string; personId: string; memberId: string; position: Position; reason?: string }): Delivery => ({
  verb: 'vote',
  target: r.decisionId,
  person: r.personId,
  choice: { member: r.memberId, position: r.position, reason: r.reason },
});

export const committeeDelivery = (r: { decisionId: string; personId: string; memberId: string; approved: boolean; reference: string; date: string }): Delivery => ({
  verb: 'committee',
  target: r.decisionId,
  person: r.personId,
  choice: { member: r.memberId, outcome: r.approved ? 'approved' : 'rejected', reference: r.reference, date: r.date },
});

/**
 * A gate press. A decision keeps the document it decided on, and in a majority decision the press is
 * recorded as a vote: both are compared as the press that made them (its button, reason and comment).
 */
export const gateDelivery = (r: { proposalId: string; kind: string; by: string; gate?: string; document?: { title: string; url: string }; reason?: string; position?: string; comment?: string }): Delivery => ({
  verb: `gate.${r.kind === 'vote' ? r.position : r.kind}`,
  target: r.proposalId,
  person: r.by,
  choice: { gate: r.gate, title: r.kind === 'submit' ? r.document?.title : undefined, url: r.kind === 'submit' ? r.document?.url : undefined, reason: r.reason, comment: r.comment },
});

export const doneDelivery = (r: { key: string; party: string; personId: string; url?: string }): Delivery => ({
  verb: 'done',
  target: r.key,
  person: r.personId,
  choice: { party: r.party, url: r.url },
});
