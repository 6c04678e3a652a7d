import type { Messages } from '../src/i18n/index.js';
import { escapeMarkdown, type Md } from '../src/domain/text.js';
import { banner, card, execute, facts, literal, table, text, type AdaptiveCard, type Run } from './elements.js';

export const DONE_VERB = 'reminder.done';

export interface ReminderCardView {
  key: string;
  /** Which parties the card is about: 'office', 'members', 'network:<id>' or 'project:<id>'. */
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
  /** Who owes it and who receives it, with their labels. */
  parties?: { owesLabel: string; owes: string; receivesLabel: string; receives: string };
  /** Whom the card asks, by name (the coordinators, a project's contact person). */
  addressedTo?: string;
  /** A further line in Markdown (escaped by the caller), e.g. the projects' input to the office's report. */
  note?: Md;
  /** An optional link to give with "Klart" (the office's report). */
  linkInput?: { label: string; placeholder: string };
  /** Links shown once done (the report), https only. */
  links?: Run[];
  preview?: boolean;
  notice?: { text: string; tone: 'good' | 'attention' | 'warning' };
}

/** A report deadline: what to hand in, by when, who is done, and "Klart". */
export function reminderCard(m: Messages, v: ReminderCardView): AdaptiveCard {
  const r = m.reminder;
  const done = v.rows.filter((row) => row.done).length;
  // A party can be a project, named by its title.
  const waiting = v.rows.filter((row) => !row.done).map((row) => escapeMarkdown(row.party));
  const open = !v.preview && waiting.length > 0;
  return card(
    [
      v.preview && banner(r.preview, 'accent'),
      v.notice && banner(v.notice.text, v.notice.tone),
      text(r.heading(v.title, v.periodLabel), { size: 'Large', weight: 'Bolder' }),
      !!v.addressedTo && literal(v.addressedTo, { weight: 'Bolder' }),
      facts([
        [r.deadline, v.preliminary ? r.preliminaryDate(v.deadline) : v.deadline],
        ...(v.parties ? ([[v.parties.owesLabel, v.parties.owes], [v.parties.receivesLabel, v.parties.receives]] as [string, string][]) : []),
      ]),
      v.preliminary && text(r.preliminaryWhy, { isSubtle: true, size: 'Small', spacing: 'None' }),
      // The countdown only while someone still owes it: a report handed in has no days left to count.
      (v.preview || waiting.length > 0) && text(v.workingDaysLeft === 0 ? r.when.today : r.when.left(v.workingDaysLeft), { weight: 'Bolder', color: v.workingDaysLeft <= 1 ? 'Attention' : 'Accent' }),
      text(v.text),
      v.rows.length > 1 && text(r.summary(done, v.rows.length, waiting), { weight: 'Bolder', id: 'summary' }),
      table([r.table.party, r.table.done], v.rows.map((row) => [row.party, row.done ?? r.notDone]), [4, 5]),
      !!v.note && text(v.note),
      !!v.links?.length && literal(v.links),
      open && v.linkInput && { type: 'Input.Text', id: 'link', label: v.linkInput.label, placeholder: v.linkInput.placeholder, style: 'Url', maxLength: 2000 },
    ],
    open ? [execute(r.button, DONE_VERB, { occurrence: v.key, scope: v.scope }, { style: 'positive', ...(v.linkInput ? { associatedInputs: 'auto' } : {}) })] : [],
  );
}
