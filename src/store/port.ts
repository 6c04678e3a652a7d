import type { Person } from '../config/partnership.js';
import type { Capacity } from '../domain/access.js';
import type { Position, VoteCapacity } from '../domain/consensus.js';
import type { ReplayConflict } from '../domain/delivery.js';
import type { GateEvent, GateRefusal } from '../domain/gates.js';
import type { GateDecisionRefusal } from '../domain/gate-decision.js';
import type { NoticeKind } from '../domain/notices.js';
import type { Answer, AnswerRefusal } from '../domain/participation.js';
import type { ProposalDraft } from '../domain/proposal.js';
import type { ParticipationChangeInput as ChangeInput, ParticipationChangeOutcome } from './participation-changes.js';
import type { CommitteeRefusal, CommitteeStanding, VoteRefusal } from '../domain/voting.js';
export { StoreWriteError } from './errors.js';

import type { AnswerCapacity, AnswerRefusal as StatementRefusal, CloseRefusal, ConsultationDraft, ExtensionRefusal, StatementContent, TimeRequestRefusal } from '../domain/consultation.js';
import type { ConsultationAnswer, ConsultationRecord, ConversationRecord, DecisionKind, DecisionRecord, OutboxEntry, OutboxPost, ParticipationRecord, ProposalRecord, VoteRecord } from './schema.js';

/**
 * The repository port: everything the features read from and write to the store, and nothing of how it
 * is kept. The lowdb snapshot + journal is one implementation, an in-memory store another (both in
 * snapshot-repository.ts); a database would be a third, behind the same methods.
 *
 * Reads answer from one consistent state: the committed one, or, inside a judged write, the state
 * the write would change. Writes that a rule judges (an answer, a vote, a gate event, "Klart") take
 * the rule's questions as callbacks, asked against that state, so two presses at once are judged
 * against each other.
 */
export interface RepositoryReads {
  /** By its id, as typed (case does not matter). */
  proposal(id: string): ProposalRecord | undefined;
  proposals(): readonly ProposalRecord[];
  /** A proposal's participation answers, in the order they were recorded. */
  answersOf(proposalId: string): readonly ParticipationRecord[];
  /** A project's gate events, in order. */
  gateHistory(proposalId: string): GateEvent[];
  /** The reminder steps already sent for the majority vote on a gate submitted at `submittedAt`. */
  gateRemindersSent(proposalId: string, gate: string, submittedAt: string): readonly number[];

  /** By its id, as typed (case does not matter). */
  decision(id: string): DecisionRecord | undefined;
  decisions(): readonly DecisionRecord[];
  /** A decision's votes (and committee records), in the order they were recorded. */
  votesOf(decisionId: string): readonly VoteRecord[];

  /** A consultation round (remiss) by its id, as typed (case does not matter). */
  consultation(id: string): ConsultationRecord | undefined;
  consultations(): readonly ConsultationRecord[];
  /** A round's answers (statements, abstentions, requests for more time), in the order they were recorded. */
  consultationAnswers(consultationId: string): readonly ConsultationAnswer[];

  conversation(id: string): ConversationRecord | undefined;
  /** The channel a network's posts go to, if one is linked (and the app is still there). */
  networkChannel(networkId: string): ConversationRecord | undefined;
  /** The network a channel is linked to, if any. */
  networkOfChannel(conversationId: string): string | undefined;
  /** The personal chat the bot keeps with a person, by their AAD object id. */
  personalChat(aadObjectId: string): string | undefined;
  /** Local mode: the person a signed-in user acts as. */
  actingAs(aadObjectId: string): string | undefined;

  /** The posted copies of a card, kept up to date in place. */
  postedCopies(of: { reminderKey: string }): readonly (PostedCopy & { scope: string })[];
  postedCopies(of: CardOf): readonly PostedCopy[];
  /** Posts owed to conversations, oldest first. */
  outbox(): readonly OutboxEntry[];
  outboxEntry(id: string): OutboxEntry | undefined;

  /** "Klart" of a report occurrence: party → who reported it, when, and the report's link if given. */
  remindersDone(key: string): Map<string, { personId: string; at: string; url?: string }>;
  /** The steps of a report occurrence recorded as sent (`skipped`: passed while the bot was down). */
  reminderSteps(key: string): readonly { step: number; skipped?: boolean }[];
  reminderStepSent(key: string, step: number): boolean;
  isPaused(ruleId: string): boolean;

  /** Whether the person was told (or is owed a notice) of the event. */
  noticeSent(eventId: string, personId: string): boolean;
  /** The kinds of notice the person turned off. */
  noticesOff(personId: string): readonly NoticeKind[];
}

/** Which card's copies: a proposal's, a decision's, a consultation round's, or a report occurrence's (each copy with its scope). */
export type CardOf = { proposalId: string } | { decisionId: string } | { consultationId: string } | { reminderKey: string };

/** The copy a post made, to keep up to date. */
export type CopyOf = { proposalId: string } | { decisionId: string } | { consultationId: string } | { reminderKey: string; scope: string };

export interface PostedCopy {
  conversationId: string;
  activityId: string;
  /** A reminder card's scope (members, network:<id>, project:<id>). */
  scope?: string;
}

/** A post owed to a conversation, put in the outbox in the same write as the event that owes it. */
export interface PostRequest {
  conversationId: string;
  post: OutboxPost;
}

export interface DecisionDraft {
  kind: DecisionKind;
  question: string;
  background: string;
  amountSek: number | null;
  closesAt: string;
  proposalId?: string;
  revises?: string;
}

export type AnswerOutcome = 'recorded' | AnswerRefusal | ReplayConflict;
export type VoteOutcome = 'recorded' | VoteRefusal | ReplayConflict;
export type CommitteeOutcome = 'recorded' | CommitteeRefusal | ReplayConflict;
export type TimingChange = 'changed' | 'notOpen' | 'unknownDecision' | 'notLater';
/** `settled`: the decision a majority vote came to with this press (recorded with it); `postIds`: the posts the write owes (the event's and the settled decision's). */
export type GateOutcome =
  | { ok: true; settled?: GateEvent; postIds?: string[] }
  | { ok: false; reason: GateRefusal | GateDecisionRefusal | 'duplicate' }
  | { ok: false; reason: 'conflict'; conflict: ReplayConflict };

/**
 * What a gate's majority vote is judged with, in the write that records a vote: who may decide the
 * project's gates now (gateDeciders), the time, and the posts that tell of a decision it comes to.
 */
export interface GateVoteInput {
  deciders: readonly string[];
  now: Date;
  posts?: (settled: GateEvent) => PostRequest[];
  /** The partnership's minimum of participants: with fewer taking part a majority passes nothing yet (rule 8). */
  minParticipants?: number;
}

export interface GateEventOptions {
  vote?: GateVoteInput | undefined;
  minParticipants?: number;
  /** The posts the recorded event owes (e.g. personal notices), enqueued in the write that records it. */
  posts?: (recorded: GateEvent) => PostRequest[];
}
export type DoneOutcome = 'recorded' | 'already' | 'duplicate' | ReplayConflict;

export type CreatedDecision<Refusal> =
  | { decision: DecisionRecord; created: boolean; postIds: string[]; refused?: undefined; conflict?: undefined }
  | { refused: Refusal; conflict?: undefined }
  | { refused?: undefined; conflict: ReplayConflict };

/** A proposal to create from a BG0 form. */
export interface NewProposal {
  draft: ProposalDraft;
  by: Person;
  year: number;
  now: Date;
  formActivityId?: string;
  conversationId?: string;
  posts?: (proposal: ProposalRecord) => PostRequest[];
}

/** A municipality's participation answer. */
export interface AnswerInput {
  proposalId: string;
  memberId: string;
  answer: Answer;
  person: Person;
  capacity: Capacity;
  now: Date;
  activityId?: string;
  stillOpen: (proposal: ProposalRecord) => boolean;
}

/** A municipality joining or leaving a project after its answer deadline (rule 8). */
export type ParticipationChangeInput = ChangeInput<RepositoryReads>;
export type { ParticipationChangeOutcome };

/** A decision to open (the store functions take it with their own state as `Reads`). */
export interface NewDecision<Refusal, Reads = RepositoryReads> {
  draft: DecisionDraft;
  by: Person;
  year: number;
  now: Date;
  formActivityId?: string;
  conversationId?: string;
  refuse?: (state: Reads) => Refusal | undefined;
  posts?: (decision: DecisionRecord) => PostRequest[];
}

/** A municipality's vote (the store functions take it with their own state as `Reads`). */
export interface VoteInput<Reads = RepositoryReads> {
  decisionId: string;
  memberId: string;
  position: Position;
  reason?: string;
  person: Person;
  capacity: VoteCapacity;
  now: Date;
  activityId?: string;
  stillOpen: (state: Reads, decision: DecisionRecord) => boolean;
}

/** A committee's decision entered as its municipality's voice (the store functions take it with their own state as `Reads`). */
export interface CommitteeInput<Reads = RepositoryReads> {
  decisionId: string;
  memberId: string;
  approved: boolean;
  reference: string;
  date: string;
  by: Person;
  now: Date;
  activityId?: string;
  mayRecord: (state: Reads, decision: DecisionRecord) => CommitteeStanding;
}

/** A consultation round to open from its form. */
export interface NewConsultation {
  draft: ConsultationDraft;
  by: Person;
  year: number;
  now: Date;
  formActivityId?: string;
  conversationId?: string;
  posts?: (consultation: ConsultationRecord) => PostRequest[];
}

export type CreatedConsultation =
  | { consultation: ConsultationRecord; created: boolean; postIds: string[]; conflict?: undefined }
  | { conflict: ReplayConflict; consultation?: undefined };

/** A member's statement or abstention, or its request for more time, judged by the round's rules in the write. */
export interface ConsultationAnswerInput {
  consultationId: string;
  memberId: string;
  answer: StatementContent | { kind: 'moreTime'; until: string; reason?: string };
  person: Person;
  capacity: AnswerCapacity;
  now: Date;
  /** The partnership's: answer dates end at midnight there. */
  timeZone: string;
  activityId?: string;
}

/** "Ge anstånd": a later answer date for one member. */
export interface ConsultationExtensionInput {
  consultationId: string;
  memberId: string;
  until: string;
  by: Person;
  now: Date;
  activityId?: string;
}

export interface ConsultationCloseInput {
  consultationId: string;
  by: Person;
  now: Date;
  timeZone: string;
  activityId?: string;
  /** The posts the close owes (the channel is told), in the same write. */
  posts?: (consultation: ConsultationRecord) => PostRequest[];
}

export type ConsultationChangeOutcome = 'recorded' | StatementRefusal | TimeRequestRefusal | ExtensionRefusal | CloseRefusal | 'unknownConsultation' | ReplayConflict;

export interface Repository extends RepositoryReads {
  // Proposals and participation
  /**
   * The same form message again (re-delivery, double click) gives the proposal it made, with other
   * content also a conflict; nothing changes then.
   */
  createProposal(input: NewProposal): Promise<{ proposal: ProposalRecord; created: boolean; postIds: string[]; conflict?: ReplayConflict }>;
  editProposal(input: { id: string; draft: ProposalDraft; by: Person; now: Date }): Promise<ProposalRecord | undefined>;
  recordAnswer(input: AnswerInput): Promise<AnswerOutcome>;
  /** Undefined when it already was. */
  markInfeasibleNotified(proposalId: string, now: Date, posts?: PostRequest[]): Promise<string[] | undefined>;
  /** A join or leave, judged against the state it would join (the answer before the deadline is recordAnswer). */
  recordParticipationChange(input: ParticipationChangeInput): Promise<ParticipationChangeOutcome>;
  /** The owning group's channel told the project has too few participants; undefined when already told at this count of records. */
  markShortageNotified(input: { proposalId: string; records: number; now: Date; posts?: PostRequest[] }): Promise<string[] | undefined>;
  /**
   * `vote`: a majority vote's deciders (a vote that makes a majority records the decision in the same write);
   * `minParticipants`: an approval with fewer municipalities taking part is refused (tooFewParticipants).
   */
  recordGateEvent(proposalId: string, event: GateEvent, activityId?: string, options?: GateEventOptions): Promise<GateOutcome>;
  /** Records the decision a gate's majority vote has come to (a majority, or its closing time), if any, with its posts. */
  settleGateVote(proposalId: string, vote: GateVoteInput): Promise<{ settled?: GateEvent; postIds: string[] }>;
  /** Undefined when no step was new. */
  markGateRemindersSent(input: { proposalId: string; gate: string; submittedAt: string; steps: number[]; now: Date; posts?: PostRequest[] }): Promise<string[] | undefined>;

  // Decisions
  createDecision<Refusal>(input: NewDecision<Refusal>): Promise<CreatedDecision<Refusal>>;
  recordVote(input: VoteInput): Promise<VoteOutcome>;
  recordCommitteeDecision(input: CommitteeInput): Promise<CommitteeOutcome>;
  changeClosing(input: {
    decisionId: string;
    action: 'closed' | 'extended';
    to: Date;
    by: Person;
    now: Date;
    isOpen: (state: RepositoryReads, decision: DecisionRecord) => boolean;
  }): Promise<TimingChange>;
  /** Undefined when it already was. */
  markOutcomeNotified(decisionId: string, now: Date, posts?: PostRequest[]): Promise<string[] | undefined>;
  /** False when it already was. */
  markJointFundsApproved(proposalId: string, decisionId: string, now: Date): Promise<boolean>;
  /** Undefined when no step was new. */
  markRemindersSent(decisionId: string, steps: number[], closesAt: string, now: Date, posts?: PostRequest[]): Promise<string[] | undefined>;

  // Consultation rounds
  createConsultation(input: NewConsultation): Promise<CreatedConsultation>;
  recordConsultationAnswer(input: ConsultationAnswerInput): Promise<ConsultationChangeOutcome>;
  grantExtension(input: ConsultationExtensionInput): Promise<ConsultationChangeOutcome>;
  closeConsultation(input: ConsultationCloseInput): Promise<{ outcome: ConsultationChangeOutcome; postIds: string[] }>;
  /** Undefined when no step was new. */
  markConsultationRemindersSent(input: { consultationId: string; date: string; steps: number[]; now: Date; posts?: PostRequest[] }): Promise<string[] | undefined>;

  // Report reminders
  /** Undefined when the step to send was already recorded (by another run). */
  markStepsSent(input: { key: string; ruleId: string; send: number; skipped: number[]; now: Date; posts?: PostRequest[] }): Promise<string[] | undefined>;
  /** `posts` go to the outbox in the same write, only when the "Klart" is recorded; their ids come back. */
  markDone(input: { key: string; party: string; person: Person; now: Date; activityId?: string; url?: string; posts?: PostRequest[] }): Promise<{ outcome: DoneOutcome; postIds: string[] }>;
  /** False when the rule already was so. */
  setPaused(input: { ruleId: string; paused: boolean; by: Person; now: Date }): Promise<boolean>;
  /** The first time reminders were looked at (recorded now if never). */
  remindersSince(now: Date): Promise<Date>;

  // Conversations and copies
  saveConversation(record: Omit<ConversationRecord, 'installedAt' | 'updatedAt'>, now: Date): Promise<void>;
  /** Forgets conversations and their network links; the ids forgotten. */
  forgetConversations(match: (conversation: ConversationRecord) => boolean): Promise<string[]>;
  linkNetworkChannel(input: { networkId: string; conversationId: string; by: Person; now: Date }): Promise<void>;
  setActingAs(aadObjectId: string, personId: string | null): Promise<void>;
  /** A copy of a card posted outside the outbox (the form's own message, a look-up's answer). */
  recordPostedCopy(of: { proposalId: string } | { decisionId: string } | { consultationId: string }, copy: { conversationId: string; activityId: string }, now: Date): Promise<void>;

  // The outbox
  /** Posts in a write of their own (when no other change owes them); the entries' ids. */
  enqueue(requests: PostRequest[], now: Date): Promise<string[]>;
  recordAttemptFailed(id: string, error: string, now: Date): Promise<OutboxEntry | undefined>;
  /**
   * Takes a posted entry off the outbox and, in the same write, records the copy it made, if any.
   * False when the entry was already gone.
   */
  recordPosted(id: string, made: { copy?: CopyOf; activityId: string; now: Date }): Promise<boolean>;
  dropEntries(ids: string[]): Promise<void>;

  // Personal notices (a notice post enqueued with any write records its people in the ledger)
  /** False when the kind already was so for the person. */
  setNoticeKind(input: { personId: string; kind: NoticeKind; on: boolean; now: Date }): Promise<boolean>;
}
