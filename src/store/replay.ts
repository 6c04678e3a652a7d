import { recordOfActivity } from './indexes.js';
import { closeDelivery, consultationAnswerDelivery, extensionDelivery } from '../domain/consultation.js';
import type { CommittedData, DecisionRecord, ProposalRecord, StoreData } from './schema.js';
import {
  committeeDelivery,
  doneDelivery,
  gateDelivery,
  judgePress,
  participationDelivery,
  voteDelivery,
  type Delivery,
  type Press,
  type ReplayConflict,
} from '../domain/delivery.js';

// How presses are compared is a rule (domain/delivery.ts); finding what an id recorded is the store's part.
export {
  answerDelivery,
  committeeDelivery,
  compareDelivery,
  deliveryDifferences,
  doneDelivery,
  gateDelivery,
  ReplayConflict,
  voteDelivery,
  type Delivery,
} from '../domain/delivery.js';

/**
 * What was recorded under a Teams activity id, whatever kind of press it was: an id is one activity,
 * so an answer's id arriving as a vote is no re-delivery either. Indexed look-ups, one per list.
 */
export function recordedDelivery(data: CommittedData | StoreData, activityId: string): Delivery | undefined {
  const answer = recordOfActivity(data.participation, activityId);
  if (answer) return participationDelivery(answer);
  const vote = recordOfActivity(data.votes, activityId);
  if (vote)
    return vote.committee
      ? committeeDelivery({ ...vote, approved: vote.position === 'approve', reference: vote.committee.reference, date: vote.committee.date })
      : voteDelivery(vote);
  const gate = recordOfActivity(data.gateEvents, activityId);
  if (gate) return gateDelivery(gate);
  const done = recordOfActivity(data.reminderDone, activityId);
  if (done) return doneDelivery(done);
  const statement = recordOfActivity(data.consultationAnswers, activityId);
  if (statement) return consultationAnswerDelivery(statement);
  // A round's extensions and its close are few, kept on the round.
  for (const round of data.consultations) {
    const extension = round.extensions.find((e) => e.activityId === activityId);
    if (extension) return extensionDelivery(round.id, extension);
    if (round.closed?.activityId === activityId) return closeDelivery(round.id, round.closed.personId);
  }
  return undefined;
}

/** A press under `activityId` (if Teams gave one), with what was recorded under that id, for a rule to judge. */
export function pressOf(data: CommittedData | StoreData, activityId: string | undefined): Press {
  return activityId ? { activityId, earlier: recordedDelivery(data, activityId) } : {};
}

/** A press under `activityId` (if Teams gave one) against everything recorded. */
export function judgeActivity(data: CommittedData | StoreData, activityId: string | undefined, incoming: Delivery): 'new' | 'replay' | ReplayConflict {
  return judgePress(pressOf(data, activityId), incoming);
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
