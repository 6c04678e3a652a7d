import { z } from 'zod/v4';
import type { Member } from '../config/partnership.js';
import { addCalendarDays, endOfLocalDay, isCalendarDate } from './calendar.js';
import { recorded, refused, seenBefore, type Decided } from './decided.js';
import type { Delivery, Press } from './delivery.js';
import { cleanText, isBlank, safeUrl } from './text.js';
import { addWorkingDays, workingDayAt } from './workdays.js';

/**
 * Consultation rounds (remiss och yttrande, rule 7): before PKS decides on an agreement, every asked
 * member (a municipality's social committee, or the region, an agency, an association) sends its
 * statement (yttrande): tillstyrker, tillstyrker med synpunkter or avstyrker, with the statement's text
 * and the reference of the decision behind it; or it abstains, or asks for more time, which a
 * coordinator may grant it. One statement per member counts, its latest; a change is taken until the
 * member's answer date and the history keeps every one. A coordinator closes the round when every
 * member has answered or every answer date has passed, and the compilation goes to the recipient.
 *
 * Who may answer for which member is the authorization table's (`answerConsultation`); these are the
 * rules about the round itself. Pure: the time is passed in.
 */

const iso = z.string().min(1);

/** Tillstyrker, Tillstyrker med synpunkter, Avstyrker. */
export const POSITIONS = ['approve', 'approveWithComments', 'reject'] as const;
export type Position = (typeof POSITIONS)[number];

/** A statement with a position, an abstention ("Avstår"), or a request for more time ("Begär anstånd"). */
export const ANSWER_KINDS = ['statement', 'abstain', 'moreTime'] as const;
export type AnswerKind = (typeof ANSWER_KINDS)[number];

export const LIMITS = {
  subject: 200,
  question: 4000,
  documents: 10,
  recipient: 120,
  /** A statement's text: a committee's yttrande is a few pages at most; the full text goes to the compilation. */
  statement: 10_000,
  decidedBy: 120,
  reference: 60,
  reason: 1000,
  /** How far ahead an answer date or an extension may lie. */
  maxDays: 730,
} as const;

/** The decision behind a statement: the body that decided it, its paragraph (§) and diary number (dnr), and its date. */
export const DecisionReferenceSchema = z.object({
  body: z.string(),
  paragraph: z.string().optional(),
  dnr: z.string().optional(),
  date: z.string(),
});

/** One member's answer, kept forever: who recorded it, for which member, in which capacity. */
export const ConsultationAnswerSchema = z.object({
  consultationId: z.string(),
  memberId: z.string(),
  kind: z.enum(ANSWER_KINDS),
  /** Statements only. */
  position: z.enum(POSITIONS).optional(),
  /** The statement's text; an abstention's or a request's reason. */
  text: z.string().optional(),
  /** The signed statement (https). */
  documentUrl: z.string().optional(),
  decision: DecisionReferenceSchema.optional(),
  /** A request for more time: the date asked for. */
  until: z.string().optional(),
  personId: z.string(),
  aadObjectId: z.string(),
  /** `coordinator`: recorded by the office on the member's behalf. */
  capacity: z.enum(['socialChief', 'deputyChief', 'representative', 'coordinator']),
  at: iso,
  activityId: z.string().optional(),
});

/** A later answer date a coordinator granted one member. */
export const ExtensionSchema = z.object({
  memberId: z.string(),
  until: z.string(),
  personId: z.string(),
  at: iso,
  activityId: z.string().optional(),
});

/** A consultation round, as opened from the form; extensions, reminders and the close are added to it. */
export const ConsultationRecordSchema = z.object({
  id: z.string(),
  subject: z.string(),
  /** What is asked of the members. */
  question: z.string(),
  documents: z.array(z.object({ title: z.string(), url: z.string() })).default([]),
  /** The members asked, in the partnership file's order. */
  asked: z.array(z.string()),
  /** Answers are due by the end of this day (YYYY-MM-DD, the partnership's time zone). */
  answerDate: z.string(),
  /** Who receives the compilation, e.g. PKS. */
  recipient: z.string(),
  /** The network whose channel the round is posted in. */
  networkId: z.string(),
  createdBy: z.string(),
  createdByAad: z.string(),
  createdAt: iso,
  formActivityId: z.string().optional(),
  originConversationId: z.string().optional(),
  extensions: z.array(ExtensionSchema).default([]),
  closed: z.object({ at: iso, personId: z.string(), activityId: z.string().optional() }).optional(),
  /** Reminder steps sent, per answer date (a member with an extension has its own), so a restart never repeats one. */
  remindersSent: z.array(z.object({ date: z.string(), step: z.number().int(), at: iso })).default([]),
});

export type ConsultationAnswer = z.infer<typeof ConsultationAnswerSchema>;
export type Extension = z.infer<typeof ExtensionSchema>;
export type ConsultationRecord = z.infer<typeof ConsultationRecordSchema>;
export type DecisionReference = z.infer<typeof DecisionReferenceSchema>;
export type AnswerCapacity = ConsultationAnswer['capacity'];

// ---------------------------------------------------------------------------------------------
// Dates


// ---------------------------------------------------------------------------------------------
// The form that opens a round

export const CONSULTATION_FIELDS = ['subject', 'question', 'documents', 'asked', 'askedMembers', 'answerDate', 'recipient', 'networkId'] as const;
export type ConsultationField = (typeof CONSULTATION_FIELDS)[number];
export type ConsultationFormValues = Partial<Record<ConsultationField, string>>;
export type FormProblem = 'required' | 'tooLong' | 'invalidDate' | 'pastDate' | 'tooFarAhead' | 'notHttps' | 'tooMany' | 'unknownMember' | 'noMembers' | 'unknownNetwork';
export type ConsultationFieldErrors = Partial<Record<ConsultationField, FormProblem>>;

/** Which members are asked: the municipalities, every member, or those chosen in the list. */
export const ASKED_GROUPS = ['municipalities', 'all', 'chosen'] as const;
export type AskedGroup = (typeof ASKED_GROUPS)[number];

export interface ConsultationDraft {
  subject: string;
  question: string;
  documents: { title: string; url: string }[];
  asked: string[];
  answerDate: string;
  recipient: string;
  networkId: string;
}

/** The members a group names, in the file's order. */
export function membersOf(group: AskedGroup, members: readonly Pick<Member, 'id' | 'kind'>[], chosen: readonly string[] = []): string[] {
  if (group === 'municipalities') return members.filter((m) => m.kind === 'municipality').map((m) => m.id);
  if (group === 'all') return members.map((m) => m.id);
  const picked = new Set(chosen);
  return members.filter((m) => picked.has(m.id)).map((m) => m.id);
}

/**
 * The document field: one document a line, "Title https://…" or the link alone (its last path part is
 * then the title). Only https links are taken.
 */
export function readDocuments(text: string): { documents: { title: string; url: string }[] } | { problem: 'notHttps' | 'tooMany' | 'tooLong' } {
  const lines = cleanText(text)
    .split(/\r\n|\r|\n/)
    .map((l) => l.trim())
    .filter((l) => !isBlank(l));
  if (lines.length > LIMITS.documents) return { problem: 'tooMany' };
  const documents: { title: string; url: string }[] = [];
  for (const line of lines) {
    const words = line.split(/\s+/);
    const url = safeUrl(words.at(-1)!);
    if (!url) return { problem: 'notHttps' };
    const given = words.slice(0, -1).join(' ').replace(/[:\-–]\s*$/, '').trim();
    const fallback = decodeURIComponent(new URL(url).pathname.split('/').filter(Boolean).at(-1) ?? new URL(url).hostname);
    const title = given || fallback;
    if (title.length > LIMITS.subject) return { problem: 'tooLong' };
    documents.push({ title, url });
  }
  return { documents };
}

/** Reads the "ny remiss" form; `today` is the date in the partnership's time zone. */
export function checkConsultationForm(
  form: ConsultationFormValues,
  context: { members: readonly Pick<Member, 'id' | 'kind'>[]; networks: readonly { id: string }[]; today: string },
): { ok: true; draft: ConsultationDraft } | { ok: false; errors: ConsultationFieldErrors } {
  const errors: ConsultationFieldErrors = {};
  const text = (field: ConsultationField, required: boolean, max: number): string => {
    const value = cleanText(form[field] ?? '');
    if (required && isBlank(value)) errors[field] = 'required';
    else if (value.length > max) errors[field] = 'tooLong';
    return value;
  };
  const subject = text('subject', true, LIMITS.subject);
  const question = text('question', true, LIMITS.question);
  const recipient = text('recipient', true, LIMITS.recipient);

  let documents: { title: string; url: string }[] = [];
  const read = readDocuments(form.documents ?? '');
  if ('problem' in read) errors.documents = read.problem;
  else documents = read.documents;

  const group = (form.asked ?? 'municipalities').trim() as AskedGroup;
  const chosen = (form.askedMembers ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  let asked: string[] = [];
  if (!ASKED_GROUPS.includes(group)) errors.asked = 'unknownMember';
  else if (group === 'chosen' && chosen.some((id) => !context.members.some((m) => m.id === id))) errors.askedMembers = 'unknownMember';
  else {
    asked = membersOf(group, context.members, chosen);
    if (!asked.length) errors[group === 'chosen' ? 'askedMembers' : 'asked'] = 'noMembers';
  }

  const answerDate = (form.answerDate ?? '').trim();
  if (!answerDate) errors.answerDate = 'required';
  else if (!isCalendarDate(answerDate)) errors.answerDate = 'invalidDate';
  else if (answerDate < context.today) errors.answerDate = 'pastDate';
  else if (answerDate > addCalendarDays(context.today, LIMITS.maxDays)) errors.answerDate = 'tooFarAhead';

  const networkId = (form.networkId ?? '').trim();
  if (!networkId) errors.networkId = 'required';
  else if (!context.networks.some((n) => n.id === networkId)) errors.networkId = 'unknownNetwork';

  if (Object.keys(errors).length) return { ok: false, errors };
  return { ok: true, draft: { subject, question, documents, asked, answerDate, recipient, networkId } };
}

// ---------------------------------------------------------------------------------------------
// A member's statement, as the answer form sends it

export type StatementProblem =
  | 'positionRequired'
  | 'textRequired'
  | 'textTooLong'
  | 'notHttps'
  | 'decidedByRequired'
  | 'decidedByTooLong'
  | 'referenceTooLong'
  | 'dateRequired'
  | 'invalidDate'
  | 'futureDate';

export interface StatementValues {
  position?: string;
  text?: string;
  documentUrl?: string;
  decidedBy?: string;
  paragraph?: string;
  dnr?: string;
  decisionDate?: string;
}

/** What a statement or abstention says, checked; the record adds who, when and for whom. */
export interface StatementContent {
  kind: 'statement' | 'abstain';
  position?: Position;
  text?: string;
  documentUrl?: string;
  decision?: DecisionReference;
}

/**
 * Reads a statement: a position ('abstain' for "Avstår"), its text (required with a position), an
 * optional https link to the signed document, and the decision behind it (body and date required
 * with a position; § and dnr as the body numbers them). A decision date cannot lie after `today`.
 */
export function checkStatement(values: StatementValues, today: string): { ok: true; content: StatementContent } | { ok: false; problems: StatementProblem[] } {
  const problems: StatementProblem[] = [];
  const raw = (values.position ?? '').trim();
  const abstain = raw === 'abstain';
  const position = (POSITIONS as readonly string[]).includes(raw) ? (raw as Position) : undefined;
  if (!abstain && !position) problems.push('positionRequired');

  const text = cleanText(values.text ?? '');
  if (text.length > LIMITS.statement) problems.push('textTooLong');
  else if (!abstain && isBlank(text)) problems.push('textRequired');

  const link = (values.documentUrl ?? '').trim();
  const documentUrl = link ? safeUrl(link) : undefined;
  if (link && !documentUrl) problems.push('notHttps');

  const body = cleanText(values.decidedBy ?? '');
  const paragraph = cleanText(values.paragraph ?? '');
  const dnr = cleanText(values.dnr ?? '');
  const date = (values.decisionDate ?? '').trim();
  const anyReference = !isBlank(body) || !isBlank(paragraph) || !isBlank(dnr) || !!date;
  if (body.length > LIMITS.decidedBy) problems.push('decidedByTooLong');
  else if (!abstain && isBlank(body)) problems.push('decidedByRequired');
  else if (abstain && anyReference && isBlank(body)) problems.push('decidedByRequired');
  if (paragraph.length > LIMITS.reference || dnr.length > LIMITS.reference) problems.push('referenceTooLong');
  if (date && !isCalendarDate(date)) problems.push('invalidDate');
  else if (date && date > today) problems.push('futureDate');
  else if (!date && (!abstain || anyReference)) problems.push('dateRequired');

  if (problems.length) return { ok: false, problems };
  const decision: DecisionReference | undefined =
    !isBlank(body) && date ? { body, ...(isBlank(paragraph) ? {} : { paragraph }), ...(isBlank(dnr) ? {} : { dnr }), date } : undefined;
  return {
    ok: true,
    content: {
      kind: abstain ? 'abstain' : 'statement',
      ...(position ? { position } : {}),
      ...(isBlank(text) ? {} : { text }),
      ...(documentUrl ? { documentUrl } : {}),
      ...(decision ? { decision } : {}),
    },
  };
}

/** A request for more time: the date asked for (after `today`, within the limit) and an optional reason. */
export function checkTimeRequest(values: { until?: string; reason?: string }, today: string): { ok: true; until: string; reason?: string } | { ok: false; problem: 'dateRequired' | 'invalidDate' | 'pastDate' | 'tooFarAhead' | 'textTooLong' } {
  const until = (values.until ?? '').trim();
  const reason = cleanText(values.reason ?? '');
  if (!until) return { ok: false, problem: 'dateRequired' };
  if (!isCalendarDate(until)) return { ok: false, problem: 'invalidDate' };
  if (until <= today) return { ok: false, problem: 'pastDate' };
  if (until > addCalendarDays(today, LIMITS.maxDays)) return { ok: false, problem: 'tooFarAhead' };
  if (reason.length > LIMITS.reason) return { ok: false, problem: 'textTooLong' };
  return { ok: true, until, ...(isBlank(reason) ? {} : { reason }) };
}

// ---------------------------------------------------------------------------------------------
// Where each member stands

/** A member's answer date: the round's, or the later one a coordinator granted it. */
export function memberDeadline(round: Pick<ConsultationRecord, 'answerDate' | 'extensions'>, memberId: string): string {
  return round.extensions.filter((e) => e.memberId === memberId).reduce((date, e) => (e.until > date ? e.until : date), round.answerDate);
}

/** The instant a member's answer date has passed (the end of that day in the zone). */
export function deadlinePassed(round: Pick<ConsultationRecord, 'answerDate' | 'extensions'>, memberId: string, now: Date, timeZone: string): boolean {
  return now.getTime() >= endOfLocalDay(memberDeadline(round, memberId), timeZone).getTime();
}

/**
 * answered: a statement counts (its position); abstained: "Avstår"; extended: no answer yet, a later
 * date granted; askedForTime: no answer yet, more time asked and not (yet) granted; waiting: none of
 * these, the round open; notAnswered: none, the round closed.
 */
export type MemberState = 'answered' | 'abstained' | 'extended' | 'askedForTime' | 'waiting' | 'notAnswered';

export interface MemberStatus {
  memberId: string;
  state: MemberState;
  /** The member's counting statement or abstention (its latest). */
  answer?: ConsultationAnswer;
  /** Earlier statements or abstentions of the member, replaced by a later one, oldest first. */
  replaced: ConsultationAnswer[];
  /** The member's answer date (the round's, or an extension's). */
  deadline: string;
  /** The latest request for more time, while it is not answered by a statement. */
  request?: ConsultationAnswer;
  /** The counting answer came in after the member's answer date (taken: the round was still open). */
  late: boolean;
}

const counts = (a: ConsultationAnswer) => a.kind === 'statement' || a.kind === 'abstain';

/** Every asked member's standing, in the round's order; `answers` are the round's, in the order recorded. */
export function memberStatuses(round: ConsultationRecord, answers: readonly ConsultationAnswer[], timeZone: string): MemberStatus[] {
  return round.asked.map((memberId) => {
    const own = answers.filter((a) => a.consultationId === round.id && a.memberId === memberId);
    const statements = own.filter(counts);
    const answer = statements.at(-1);
    const deadline = memberDeadline(round, memberId);
    const lastRequest = own.findLast((a) => a.kind === 'moreTime');
    const request = !answer && lastRequest ? lastRequest : undefined;
    const extended = deadline !== round.answerDate;
    const state: MemberState = answer
      ? answer.kind === 'abstain'
        ? 'abstained'
        : 'answered'
      : round.closed
        ? 'notAnswered'
        : extended
          ? 'extended'
          : request
            ? 'askedForTime'
            : 'waiting';
    const late = !!answer && Date.parse(answer.at) >= endOfLocalDay(deadline, timeZone).getTime();
    return { memberId, state, answer, replaced: statements.slice(0, -1), deadline, request, late };
  });
}

/** Members with a statement or an abstention. */
export const hasAnswered = (s: MemberStatus) => s.state === 'answered' || s.state === 'abstained';

// ---------------------------------------------------------------------------------------------
// Presses, as deliveries (a re-delivered press counts once, the same id with other content is refused)

export const consultationAnswerDelivery = (r: Omit<ConsultationAnswer, 'aadObjectId' | 'capacity' | 'at' | 'activityId'>): Delivery => ({
  verb: `consultation.${r.kind}`,
  target: r.consultationId,
  person: r.personId,
  choice: {
    member: r.memberId,
    position: r.position,
    text: r.text,
    url: r.documentUrl,
    body: r.decision?.body,
    paragraph: r.decision?.paragraph,
    dnr: r.decision?.dnr,
    date: r.decision?.date,
    until: r.until,
  },
});

export const extensionDelivery = (consultationId: string, e: Pick<Extension, 'memberId' | 'until' | 'personId'>): Delivery => ({
  verb: 'consultation.extend',
  target: consultationId,
  person: e.personId,
  choice: { member: e.memberId, until: e.until },
});

export const closeDelivery = (consultationId: string, personId: string): Delivery => ({ verb: 'consultation.close', target: consultationId, person: personId, choice: {} });

export function consultationFormDelivery(formActivityId: string, person: string, d: ConsultationDraft): Delivery {
  return {
    verb: 'consultation.form',
    target: formActivityId,
    person,
    choice: {
      subject: d.subject,
      question: d.question,
      documents: JSON.stringify(d.documents),
      asked: d.asked.join(','),
      answerDate: d.answerDate,
      recipient: d.recipient,
      networkId: d.networkId,
    },
  };
}

// ---------------------------------------------------------------------------------------------
// The rules of a round

export type AnswerRefusal = 'duplicate' | 'closed' | 'notAsked' | 'afterDate' | 'unchanged';

const sameContent = (a: ConsultationAnswer, b: ConsultationAnswer) => JSON.stringify(consultationAnswerDelivery(a).choice) === JSON.stringify(consultationAnswerDelivery(b).choice) && a.kind === b.kind;

/**
 * A member's statement or abstention. Taken while the round is open; a member's first answer also
 * after its answer date (it is marked late), a change of an answer only until that date. The same
 * answer again changes nothing.
 */
export function decideAnswer(input: {
  round: ConsultationRecord;
  answers: readonly ConsultationAnswer[];
  memberId: string;
  content: StatementContent;
  by: { person: { id: string; aadObjectId: string }; capacity: AnswerCapacity };
  press: Press;
  now: Date;
  timeZone: string;
}): Decided<ConsultationAnswer, AnswerRefusal> {
  const { round, memberId, content } = input;
  const record = answerRecord(input, content);
  const early = refusedFirst(input, record);
  if (early) return early;
  const latest = input.answers.filter((a) => a.consultationId === round.id && a.memberId === memberId && counts(a)).at(-1);
  if (latest && sameContent(latest, record)) return refused('unchanged');
  if (latest && deadlinePassed(round, memberId, input.now, input.timeZone)) return refused('afterDate');
  return recorded(record);
}

/** What an answer says, without who gave it for which member and when (distributed over the kinds of answer). */
type AnswerContent = ConsultationAnswer extends infer A ? (A extends ConsultationAnswer ? Omit<A, 'consultationId' | 'memberId' | 'personId' | 'aadObjectId' | 'capacity' | 'at' | 'activityId'> : never) : never;

/** Who answers for which member, when, with what: the record a press would add. */
function answerRecord(
  input: { round: ConsultationRecord; memberId: string; by: { person: { id: string; aadObjectId: string }; capacity: AnswerCapacity }; press: Press; now: Date },
  content: AnswerContent,
): ConsultationAnswer {
  return {
    consultationId: input.round.id,
    memberId: input.memberId,
    ...content,
    personId: input.by.person.id,
    aadObjectId: input.by.person.aadObjectId,
    capacity: input.by.capacity,
    at: input.now.toISOString(),
    activityId: input.press.activityId,
  };
}

/** What every member's press is judged by first: a re-delivered press counts once; nothing after close or for a member not asked. */
function refusedFirst(input: { round: ConsultationRecord; memberId: string; press: Press }, record: ConsultationAnswer) {
  const seen = seenBefore(input.press, consultationAnswerDelivery(record));
  if (seen) return seen;
  if (input.round.closed) return refused('closed' as const);
  if (!input.round.asked.includes(input.memberId)) return refused('notAsked' as const);
  return undefined;
}

export type TimeRequestRefusal = 'duplicate' | 'closed' | 'notAsked' | 'alreadyAnswered' | 'notLater' | 'unchanged';

/** "Begär anstånd": a member without an answer asks for a date later than its answer date. */
export function decideTimeRequest(input: {
  round: ConsultationRecord;
  answers: readonly ConsultationAnswer[];
  memberId: string;
  until: string;
  reason?: string;
  by: { person: { id: string; aadObjectId: string }; capacity: AnswerCapacity };
  press: Press;
  now: Date;
}): Decided<ConsultationAnswer, TimeRequestRefusal> {
  const { round, memberId } = input;
  const record = answerRecord(input, { kind: 'moreTime', until: input.until, ...(input.reason ? { text: input.reason } : {}) });
  const early = refusedFirst(input, record);
  if (early) return early;
  const own = input.answers.filter((a) => a.consultationId === round.id && a.memberId === memberId);
  if (own.some(counts)) return refused('alreadyAnswered');
  const last = own.findLast((a) => a.kind === 'moreTime');
  if (last && last.until === record.until && (last.text ?? '') === (record.text ?? '')) return refused('unchanged');
  if (input.until <= memberDeadline(round, memberId)) return refused('notLater');
  return recorded(record);
}

export type ExtensionRefusal = 'duplicate' | 'closed' | 'notAsked' | 'alreadyAnswered' | 'notLater';

/** "Ge anstånd": a coordinator grants a member without an answer a later answer date. */
export function decideExtension(input: {
  round: ConsultationRecord;
  answers: readonly ConsultationAnswer[];
  memberId: string;
  until: string;
  personId: string;
  press: Press;
  now: Date;
}): Decided<Extension, ExtensionRefusal> {
  const { round, memberId } = input;
  const seen = seenBefore(input.press, extensionDelivery(round.id, { memberId, until: input.until, personId: input.personId }));
  if (seen) return seen;
  if (round.closed) return refused('closed');
  if (!round.asked.includes(memberId)) return refused('notAsked');
  if (input.answers.some((a) => a.consultationId === round.id && a.memberId === memberId && counts(a))) return refused('alreadyAnswered');
  if (input.until <= memberDeadline(round, memberId)) return refused('notLater');
  return recorded({ memberId, until: input.until, personId: input.personId, at: input.now.toISOString(), activityId: input.press.activityId });
}

export type CloseRefusal = 'duplicate' | 'closed' | 'notYet';

/**
 * Whether the round may be closed now: every asked member has answered (or abstained), or every
 * member still without an answer is past its answer date (an extension keeps the round open for it).
 * The members it still waits for, in time to answer, when not.
 */
export function closeStanding(round: ConsultationRecord, answers: readonly ConsultationAnswer[], now: Date, timeZone: string): { mayClose: boolean; inTime: string[] } {
  const inTime = memberStatuses(round, answers, timeZone)
    .filter((s) => !hasAnswered(s) && !deadlinePassed(round, s.memberId, now, timeZone))
    .map((s) => s.memberId);
  return { mayClose: inTime.length === 0, inTime };
}

export function decideClose(input: {
  round: ConsultationRecord;
  answers: readonly ConsultationAnswer[];
  personId: string;
  press: Press;
  now: Date;
  timeZone: string;
}): Decided<NonNullable<ConsultationRecord['closed']>, CloseRefusal> {
  const { round } = input;
  const seen = seenBefore(input.press, closeDelivery(round.id, input.personId));
  if (seen) return seen;
  if (round.closed) return refused('closed');
  if (!closeStanding(round, input.answers, input.now, input.timeZone).mayClose) return refused('notYet');
  return recorded({ at: input.now.toISOString(), personId: input.personId, activityId: input.press.activityId });
}

// ---------------------------------------------------------------------------------------------
// Reminders

export interface ReminderDue {
  /** The answer date the reminder is about (the round's, or an extension's). */
  date: string;
  /** The steps due and not yet sent (working days before `date`); only one reminder is sent for them. */
  steps: number[];
  /** The members without an answer whose answer date this is. */
  members: string[];
}

/**
 * The reminders due now: for each answer date that members without an answer still have, the steps
 * (N Swedish working days before it, at `time`) that are due, lie after the round was opened and
 * before the date ends, and are not yet recorded as sent. A step passed during downtime is sent with
 * the others due, once.
 */
export function remindersDue(
  round: ConsultationRecord,
  answers: readonly ConsultationAnswer[],
  rule: { workingDaysBefore: readonly number[]; time: string },
  now: Date,
  timeZone: string,
): ReminderDue[] {
  if (round.closed) return [];
  const byDate = new Map<string, string[]>();
  for (const s of memberStatuses(round, answers, timeZone))
    if (!hasAnswered(s)) byDate.set(s.deadline, [...(byDate.get(s.deadline) ?? []), s.memberId]);
  const due: ReminderDue[] = [];
  for (const [date, members] of byDate) {
    const ends = endOfLocalDay(date, timeZone).getTime();
    const steps = rule.workingDaysBefore.filter((step) => {
      const at = workingDayAt(addWorkingDays(date, -step), rule.time, timeZone).getTime();
      return at <= now.getTime() && at < ends && at > Date.parse(round.createdAt) && !round.remindersSent.some((r) => r.date === date && r.step === step);
    });
    if (steps.length) due.push({ date, steps, members });
  }
  return due;
}
