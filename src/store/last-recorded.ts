import type { StoreData } from './schema.js';

const CANONICAL = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

/**
 * The latest time the store records something happened: when a record was made, changed, posted,
 * sent or marked. Times that lie ahead by design are not "recorded": a decision's closing time
 * (`closesAt`, an extension's `from`/`to`), a proposal's answer deadline, a committee's date.
 * A list added to the schema with a time of its own belongs here too.
 *
 * One pass over the store, once at open: 1–4 ms on the ten-year benchmark store (13 000
 * answers, 6 500 votes), 20–45 ms on the hundred-year one (measured with generate.ts, Nov 2026 data).
 */
export function lastRecordedTime(data: StoreData): Date | undefined {
  // Canonical instants (toISOString, as this bot writes them) order as strings, which is several times
  // faster than parsing each; any other spelling is parsed.
  let latestIso = '';
  let latest = -Infinity;
  const see = (at: string | undefined) => {
    if (at === undefined) return;
    if (CANONICAL.test(at)) {
      if (at > latestIso) latestIso = at;
      return;
    }
    const ms = Date.parse(at);
    if (ms > latest) latest = ms;
  };
  for (const p of data.proposals) {
    see(p.createdAt);
    see(p.updatedAt);
    for (const e of p.edits) see(e.at);
    see(p.infeasibleNotifiedAt);
    see(p.jointFundsApproved?.at);
    see(p.shortageNotified?.at);
  }
  for (const r of data.participation) see(r.at);
  for (const c of data.conversations) {
    see(c.installedAt);
    see(c.updatedAt);
  }
  for (const l of data.networkChannels) see(l.linkedAt);
  for (const c of data.postedCards) see(c.postedAt);
  for (const d of data.decisions) {
    see(d.createdAt);
    // Closing early records the moment it was done.
    see(d.closedAt);
    see(d.outcomeNotifiedAt);
    for (const c of d.changes) see(c.at);
    for (const r of d.remindersSent) see(r.at);
  }
  for (const v of data.votes) see(v.at);
  for (const c of data.postedDecisionCards) see(c.postedAt);
  for (const s of data.reminderSends) see(s.at);
  for (const c of data.reminderCards) see(c.postedAt);
  for (const d of data.reminderDone) see(d.at);
  for (const e of data.gateEvents) see(e.at);
  for (const r of data.gateReminders) see(r.at);
  for (const c of data.consultations) {
    // The answer dates and extensions lie ahead by design; when the round was opened, extended and closed are recorded.
    see(c.createdAt);
    for (const e of c.extensions) see(e.at);
    see(c.closed?.at);
    for (const r of c.remindersSent) see(r.at);
  }
  for (const a of data.consultationAnswers) see(a.at);
  for (const c of data.postedConsultationCards) see(c.postedAt);
  see(data.remindersSince);
  for (const p of data.pausedRules) see(p.at);
  for (const n of data.notices) see(n.at);
  for (const p of data.noticePrefs) see(p.at);
  if (latestIso) latest = Math.max(latest, Date.parse(latestIso));
  return latest === -Infinity ? undefined : new Date(latest);
}
