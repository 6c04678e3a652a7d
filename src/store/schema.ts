import { z } from 'zod/v4';
import { DECISION_KINDS } from '../domain/consensus.js';
import { NOTICE_KINDS, NOTICE_PATHS } from '../domain/notices.js';
import { ParticipationRecordSchema, ReportDoneSchema, VoteRecordSchema, type ParticipationRecord, type VoteRecord } from '../domain/records.js';
import { ConsultationAnswerSchema, ConsultationRecordSchema, type ConsultationAnswer, type ConsultationRecord } from '../domain/consultation.js';

// The records a rule decides are defined with the rules; the store keeps them as they are.
export { ParticipationRecordSchema, VoteRecordSchema, type ParticipationRecord, type VoteRecord };
export { ConsultationAnswerSchema, ConsultationRecordSchema, type ConsultationAnswer, type ConsultationRecord };

export const STORE_SCHEMA_VERSION = 3;

const iso = z.string().min(1);

export const ProposalRecordSchema = z.object({
  id: z.string(),
  title: z.string(),
  background: z.string(),
  goals: z.string(),
  regionalValue: z.string(),
  networkId: z.string(),
  contactPersonId: z.string(),
  plannedStart: z.string().nullable(),
  estimatedCostSek: z.number().nullable(),
  jointFundsRequested: z.boolean(),
  jointFundsSek: z.number().nullable(),
  answerDeadline: z.string(),
  createdBy: z.string(),
  createdByAad: z.string(),
  createdAt: iso,
  updatedAt: iso,
  /** The Teams message that held the BG0 form: a second submit of it makes no second proposal. */
  formActivityId: z.string().optional(),
  originConversationId: z.string().optional(),
  edits: z.array(z.object({ at: iso, personId: z.string(), fields: z.array(z.string()) })).default([]),
  infeasibleNotifiedAt: iso.optional(),
  /** The tactical steering group whose portfolio the project is in; absent in a store from before portfolios. */
  ownerNetworkId: z.string().optional(),
  /** Set when the social chiefs approved the joint funds by consensus. */
  jointFundsApproved: z.object({ decisionId: z.string(), at: iso }).optional(),
  /**
   * The owning group's channel was told that the project has too few participants: when, and how many
   * participation records it had then (a later change that leaves it short again is told again).
   */
  shortageNotified: z.object({ at: iso, records: z.number().int().nonnegative() }).optional(),
});

export const ConversationRecordSchema = z.object({
  id: z.string(),
  type: z.enum(['personal', 'groupChat', 'channel']),
  tenantId: z.string().optional(),
  teamId: z.string().optional(),
  name: z.string().optional(),
  /** botbuilder's ConversationReference, kept as sent for proactive posts. */
  reference: z.record(z.string(), z.unknown()),
  installedAt: iso,
  updatedAt: iso,
});

export const NetworkChannelSchema = z.object({
  networkId: z.string(),
  conversationId: z.string(),
  linkedBy: z.string(),
  linkedAt: iso,
});

export const PostedCardSchema = z.object({
  proposalId: z.string(),
  conversationId: z.string(),
  activityId: z.string(),
  postedAt: iso,
});

export const DecisionKindSchema = z.enum(DECISION_KINDS);

export const DecisionRecordSchema = z.object({
  id: z.string(),
  kind: DecisionKindSchema,
  question: z.string(),
  background: z.string(),
  amountSek: z.number().nullable(),
  closesAt: iso,
  /** Set when a coordinator closed it before its time. */
  closedAt: iso.optional(),
  createdBy: z.string(),
  createdByAad: z.string(),
  createdAt: iso,
  formActivityId: z.string().optional(),
  originConversationId: z.string().optional(),
  outcomeNotifiedAt: iso.optional(),
  /** The proposal whose joint funds this decides. */
  proposalId: z.string().optional(),
  /** The earlier decision this one revises. */
  revises: z.string().optional(),
  /** Closing early and extending, kept with who and when. */
  changes: z
    .array(z.object({ at: iso, personId: z.string(), action: z.enum(['closed', 'extended']), from: iso, to: iso }))
    .default([]),
  /** Reminder steps already sent (N working days before closing), kept so a restart never repeats one. */
  remindersSent: z.array(z.object({ step: z.number().int(), closesAt: iso, at: iso })).default([]),
});

/**
 * A post the bot owes a conversation, recorded in the same write as the event that owes it and taken
 * off once Teams has it. Cards are drawn when they are sent, so a late post shows the newest state.
 */
export const OutboxPostSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('proposalCard'), proposalId: z.string() }),
  /** `track: false`: a copy that is not kept up to date (a reminder's copy in a personal chat). */
  z.object({ kind: z.literal('decisionCard'), decisionId: z.string(), track: z.boolean().optional() }),
  z.object({ kind: z.literal('reminderCard'), key: z.string(), scope: z.string(), locale: z.enum(['sv', 'en']).optional() }),
  z.object({ kind: z.literal('text'), text: z.string() }),
  /** A consultation round's card; `track: false` as for decisions. */
  z.object({ kind: z.literal('consultationCard'), consultationId: z.string(), track: z.boolean().optional() }),
  /**
   * A personal notice (`personId`, in their personal chat) or the channel post naming people who
   * cannot be written to personally (`mentions`). Each person of an event is taken once: see `notices`.
   */
  z.object({
    kind: z.literal('notice'),
    eventId: z.string(),
    notice: z.enum(NOTICE_KINDS),
    personId: z.string().optional(),
    mentions: z.array(z.string()).optional(),
    proposalId: z.string().optional(),
    /** The consultation round a notice is about (its card goes with a personal notice). */
    consultationId: z.string().optional(),
    /** What happened, in words fixed at the event (Markdown-safe), in the reader's language. */
    text: z.string(),
  }),
]);

export const OutboxEntrySchema = z.object({
  id: z.string(),
  conversationId: z.string(),
  post: OutboxPostSchema,
  createdAt: iso,
  /** Failed attempts so far: the next waits longer (also after a restart). */
  attempts: z.number().int().nonnegative(),
  lastAttemptAt: iso.optional(),
  lastError: z.string().optional(),
});

export const StoreDataSchema = z.object({
  schemaVersion: z.literal(STORE_SCHEMA_VERSION),
  counters: z.record(z.string(), z.number().int().nonnegative()),
  proposals: z.array(ProposalRecordSchema),
  participation: z.array(ParticipationRecordSchema),
  conversations: z.array(ConversationRecordSchema),
  networkChannels: z.array(NetworkChannelSchema),
  postedCards: z.array(PostedCardSchema),
  /** Local mode only: which demo person a signed-in user acts as. */
  actingAs: z.array(z.object({ aadObjectId: z.string(), personId: z.string() })),
  // Added after version 1 shipped; a version-1 file without them reads as empty lists.
  decisions: z.array(DecisionRecordSchema).default([]),
  votes: z.array(VoteRecordSchema).default([]),
  postedDecisionCards: z.array(z.object({ decisionId: z.string(), conversationId: z.string(), activityId: z.string(), postedAt: iso })).default([]),
  /** Report reminders: each step of each occurrence, recorded before it is sent (skipped = passed during downtime). */
  reminderSends: z.array(z.object({ key: z.string(), ruleId: z.string(), step: z.number().int(), at: iso, skipped: z.boolean().optional() })).default([]),
  reminderCards: z.array(z.object({ key: z.string(), scope: z.string(), conversationId: z.string(), activityId: z.string(), postedAt: iso })).default([]),
  /** "Klart": a party (member:<id>, network:<id>, project:<id>) reported the occurrence handed in. */
  reminderDone: z.array(ReportDoneSchema).default([]),
  /** Projektstegen: every gate event of every project, in order (submit, approve, send back, cancel). */
  gateEvents: z
    .array(
      z.object({
        proposalId: z.string(),
        kind: z.enum(['submit', 'approve', 'sendBack', 'cancel', 'vote']),
        gate: z.enum(['BG0', 'BG1', 'BG2', 'BG3', 'BG4', 'BG2.i', 'BG3.i']).optional(),
        at: iso,
        by: z.string(),
        document: z.object({ title: z.string(), url: z.string() }).optional(),
        reason: z.string().optional(),
        activityId: z.string().optional(),
        /** A submit: how the gate is decided (one approval, or a majority vote closing at `closesAt`). */
        decision: z.union([z.object({ mode: z.literal('single') }), z.object({ mode: z.literal('majority'), closesAt: iso })]).optional(),
        /** A vote: approve or send back. */
        position: z.enum(['approve', 'sendBack']).optional(),
        comment: z.string().optional(),
        /** A decision a majority vote came to: the votes it rests on. */
        majority: z.object({ approve: z.array(z.string()), sendBack: z.array(z.string()), eligible: z.number().int().nonnegative(), closed: z.boolean().optional() }).optional(),
      }),
    )
    .default([]),
  /** Reminders of a gate's majority vote already sent (N working days before it closes), so a restart never repeats one. */
  gateReminders: z.array(z.object({ proposalId: z.string(), gate: z.string(), submittedAt: iso, step: z.number().int(), at: iso })).default([]),
  /** When the bot first looked at report reminders: deadlines before it are not reported as missed. */
  remindersSince: iso.optional(),
  pausedRules: z.array(z.object({ ruleId: z.string(), personId: z.string(), at: iso })).default([]),
  /** Posts not yet taken by Teams, oldest first. */
  outbox: z.array(OutboxEntrySchema).default([]),
  /** Consultation rounds (remiss), their members' answers (every one, in order) and the posted copies of their cards. */
  consultations: z.array(ConsultationRecordSchema).default([]),
  consultationAnswers: z.array(ConsultationAnswerSchema).default([]),
  postedConsultationCards: z.array(z.object({ consultationId: z.string(), conversationId: z.string(), activityId: z.string(), postedAt: iso })).default([]),
  /** Personal notices owed or sent: each (event, person) once, recorded with the post that tells them. */
  notices: z.array(z.object({ eventId: z.string(), personId: z.string(), kind: z.enum(NOTICE_KINDS), path: z.enum(NOTICE_PATHS), at: iso })).default([]),
  /** The kinds of notice each person turned off (`aviseringar`); nobody listed gets every kind. */
  noticePrefs: z.array(z.object({ personId: z.string(), off: z.array(z.enum(NOTICE_KINDS)), at: iso })).default([]),
});

export type ProposalRecord = z.infer<typeof ProposalRecordSchema>;
export type ConversationRecord = z.infer<typeof ConversationRecordSchema>;
export type PostedCard = z.infer<typeof PostedCardSchema>;
export type StoreData = z.infer<typeof StoreDataSchema>;
export type DecisionRecord = z.infer<typeof DecisionRecordSchema>;
export type DecisionKind = z.infer<typeof DecisionKindSchema>;
export type OutboxPost = z.infer<typeof OutboxPostSchema>;
export type OutboxEntry = z.infer<typeof OutboxEntrySchema>;
export type NoticeRecord = StoreData['notices'][number];

export function emptyStore(): StoreData {
  return {
    schemaVersion: STORE_SCHEMA_VERSION,
    counters: {},
    proposals: [],
    participation: [],
    conversations: [],
    networkChannels: [],
    postedCards: [],
    actingAs: [],
    decisions: [],
    votes: [],
    postedDecisionCards: [],
    reminderSends: [],
    reminderCards: [],
    reminderDone: [],
    pausedRules: [],
    gateEvents: [],
    gateReminders: [],
    outbox: [],
    consultations: [],
    consultationAnswers: [],
    postedConsultationCards: [],
    notices: [],
    noticePrefs: [],
  };
}

/**
 * The committed state as readers see it: its lists are read-only (a write replaces a list, never
 * changes it), so `store.data.votes.push(…)` does not compile. Change the state through `store.update`.
 */
export type CommittedData = { readonly [K in keyof StoreData]: StoreData[K] extends (infer U)[] ? readonly U[] : Readonly<StoreData[K]> };
