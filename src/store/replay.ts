import { recordOfActivity } from './indexes.js';
import type { CommittedData, DecisionRecord, ParticipationRecord, ProposalRecord, StoreData } from './schema.js';

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

export const answerDelivery = (r: Pick<ParticipationRecord, 'proposalId' | 'personId' | 'memberId' | 'answer'>): Delivery => ({
  verb: 'answer',
  target: r.proposalId,
  person: r.personId,
  choice: { member: r.memberId, answer: r.answer },
});

type VoteRecord = StoreData['votes'][number];
export const voteDelivery = (r: Pick<VoteRecord, 'decisionId' | 'personId' | 'memberId' | 'position' | 'reason'>): Delivery => ({
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

type GateRecord = StoreData['gateEvents'][number];
export const gateDelivery = (r: Omit<GateRecord, 'at' | 'activityId'>): Delivery => ({
  verb: `gate.${r.kind}`,
  target: r.proposalId,
  person: r.by,
  choice: { gate: r.gate, title: r.document?.title, url: r.document?.url, reason: r.reason },
});

type DoneRecord = StoreData['reminderDone'][number];
export const doneDelivery = (r: Pick<DoneRecord, 'key' | 'party' | 'personId'>): Delivery => ({
  verb: 'done',
  target: r.key,
  person: r.personId,
  choice: { party: r.party },
});

/**
 * What was recorded under a Teams activity id, whatever kind of press it was: an id is one activity,
 * so an answer's id arriving as a vote is no re-delivery either. Indexed look-ups, one per list.
 */
export function recordedDelivery(data: CommittedData | StoreData, activityId: string): Delivery | undefined {
  const answer = recordOfActivity(data.participation, activityId);
  if (answer) return answerDelivery(answer);
  const vote = recordOfActivity(data.votes, activityId);
  if (vote)
    return vote.committee
      ? committeeDelivery({ ...vote, approved: vote.position === 'approve', reference: vote.committee.reference, date: vote.committee.date })
      : voteDelivery(vote);
  const gate = recordOfActivity(data.gateEvents, activityId);
  if (gate) return gateDelivery(gate);
  const done = recordOfActivity(data.reminderDone, activityId);
  if (done) return doneDelivery(done);
  return undefined;
}

/** A press under `activityId` (if Teams gave one) against everything recorded. */
export function judgeActivity(data: CommittedData | StoreData, activityId: string | undefined, incoming: Delivery): 'new' | 'replay' | ReplayConflict {
  return activityId ? compareDelivery(activityId, recordedDelivery(data, activityId), incoming) : 'new';
}

/** The fields of the BG0 form a proposal was created from (a later edit changes some: those are not known any more). */
const PROPOSAL_FORM_FIELDS = [
  'title', 'background', 'goals', 'regionalValue', 'networkId', 'contactPersonId', 'plannedStart', 'estimatedCostSek',
  'jointFundsRequested', 'jointFundsSek', 'answerDeadline',
] as const satisfies readonly (keyof ProposalRecord)[];

type ProposalFormContent = Pick<ProposalRecord, (typeof PROPOSAL_FORM_FIELDS)[number]>;

/**
 * A BG0 form message submitted again (re-delivery, double click) against the proposal it created. A
 * field edited since is left out: its first value is not kept, and an edit is no sign of forgery.
 */
export function proposalFormDelivery(formActivityId: string, person: string, draft: ProposalFormContent, edited: ReadonlySet<string> = new Set()): Delivery {
  return {
    verb: 'proposal.form',
    target: formActivityId,
    person,
    choice: Object.fromEntries(PROPOSAL_FORM_FIELDS.filter((f) => !edited.has(f)).map((f) => [f, draft[f]])),
  };
}

export function recordedProposalForm(p: ProposalRecord): { delivery: Delivery; edited: ReadonlySet<string> } {
  const edited = new Set(p.edits.flatMap((e) => e.fields));
  return { delivery: proposalFormDelivery(p.formActivityId ?? '', p.createdBy, p, edited), edited };
}

type DecisionFormContent = Pick<DecisionRecord, 'kind' | 'question' | 'background' | 'amountSek' | 'closesAt' | 'proposalId' | 'revises'>;

export function decisionFormDelivery(formActivityId: string, person: string, d: DecisionFormContent): Delivery {
  return {
    verb: 'decision.form',
    target: formActivityId,
    person,
    choice: { kind: d.kind, question: d.question, background: d.background, amountSek: d.amountSek, closesAt: d.closesAt, proposalId: d.proposalId, revises: d.revises },
  };
}

/** The form a decision was opened with: an extension since moved its closing time, the first `from` is the original. */
export function recordedDecisionForm(d: DecisionRecord): Delivery {
  const closesAt = d.changes.find((c) => c.action === 'extended')?.from ?? d.closesAt;
  return decisionFormDelivery(d.formActivityId ?? '', d.createdBy, { ...d, closesAt });
}
