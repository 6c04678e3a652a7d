import type { Messages } from '../src/i18n/index.js';
import { escapeMarkdown } from '../src/domain/text.js';
import { banner, card, execute, facts, table, text, type AdaptiveCard } from './elements.js';

export const DONE_VERB = 'reminder.done';

export interface ReminderCardView {
  key: string;
  /** Which parties the card is about: 'members', 'network:<id>' or 'project:<id>'. */
  scope: string;
  title: string;
  periodLabel: string;
  deadline: string;
  /** The deadline is an assumption of the partnership file, not confirmed. */
  preliminary: boolean;
  text: string;
  /** Working days left until the deadline, 0 on the day. */
  workingDaysLeft: number;
  rows: { party: string; done: string | null }[];
  preview?: boolean;
  notice?: { text: string; tone: 'good' | 'attention' | 'warning' };
}

/** A report deadline: what to hand in, by when, who is done, and "Klart". */
export function reminderCard(m: Messages, v: ReminderCardView): AdaptiveCard {
  const r = m.reminder;
  const done = v.rows.filter((row) => row.done).length;
  // A party can be a project, named by its title.
  const waiting = v.rows.filter((row) => !row.done).map((row) => escapeMarkdown(row.party));
  return card(
    [
      v.preview && banner(r.preview, 'accent'),
      v.notice && banner(v.notice.text, v.notice.tone),
      text(r.heading(v.title, v.periodLabel), { size: 'Large', weight: 'Bolder' }),
      facts([[r.deadline, v.preliminary ? r.preliminaryDate(v.deadline) : v.deadline]]),
      v.preliminary && text(r.preliminaryWhy, { isSubtle: true, size: 'Small', spacing: 'None' }),
      text(v.workingDaysLeft === 0 ? r.when.today : r.when.left(v.workingDaysLeft), { weight: 'Bolder', color: v.workingDaysLeft <= 1 ? 'Attention' : 'Accent' }),
      text(v.text),
      v.rows.length > 1 && text(r.summary(done, v.rows.length, waiting), { weight: 'Bolder', id: 'summary' }),
      table([r.table.party, r.table.done], v.rows.map((row) => [row.party, row.done ?? r.notDone]), [4, 5]),
    ],
    v.preview || waiting.length === 0 ? [] : [execute(r.button, DONE_VERB, { occurrence: v.key, scope: v.scope }, { style: 'positive' })],
  );
}
