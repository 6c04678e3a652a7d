import { z } from 'zod/v4';

/**
 * The records a rule decides and the store keeps, written once: the store's schema (src/store/schema.ts)
 * is built from these, and the rules take their types from here (the domain may not import the store).
 */

const iso = z.string().min(1);

/** One answer or change, kept forever: who, when, for which member. */
export const ParticipationRecordSchema = z.object({
  proposalId: z.string(),
  memberId: z.string(),
  answer: z.enum(['participates', 'declines']),
  personId: z.string(),
  aadObjectId: z.string(),
  capacity: z.enum(['socialChief', 'deputyChief', 'networkMember']),
  at: iso,
  activityId: z.string().optional(),
  // A change after the answer deadline (rule 8); absent on the answers given before it. Added after
  // the store shipped, so optional: an older store reads as it was.
  /** 'join' (answer: participates) or 'leave' (answer: declines). */
  kind: z.enum(['join', 'leave']).optional(),
  /** Why the municipality leaves (required for a leave). */
  reason: z.string().optional(),
  /** The Swedish calendar day the change takes effect: a leaver takes part until the day before. */
  effectiveFrom: z.string().optional(),
  /** The instant that day begins in the partnership's time zone (what rules compare with). */
  effectiveAt: iso.optional(),
});

/** One vote or change of vote, kept forever. A committee record carries its outcome as the position. */
export const VoteRecordSchema = z.object({
  decisionId: z.string(),
  memberId: z.string(),
  position: z.enum(['approve', 'reject', 'refer']),
  reason: z.string().optional(),
  personId: z.string(),
  aadObjectId: z.string(),
  // 'representative': a member's representative (any kind of member), added after the store shipped.
  capacity: z.enum(['socialChief', 'deputyChief', 'representative', 'committee']),
  at: iso,
  activityId: z.string().optional(),
  committee: z.object({ reference: z.string(), date: z.string() }).optional(),
});

/** "Klart": a party (office, member:<id>, network:<id>, project:<id>) reported an occurrence (`key`: rule and period) handed in. */
export const ReportDoneSchema = z.object({
  key: z.string(),
  party: z.string(),
  personId: z.string(),
  at: iso,
  activityId: z.string().optional(),
  /** The report itself (an https link), when the office gave one with its "Klart". */
  url: z.string().optional(),
});

export type ParticipationRecord = z.infer<typeof ParticipationRecordSchema>;
export type VoteRecord = z.infer<typeof VoteRecordSchema>;
export type ReportDone = z.infer<typeof ReportDoneSchema>;
