import { describe, expect, it } from 'vitest';
import { reminderCard, type ReminderCardView } from '../../cards/reminder.js';
import { messages } from '../../src/i18n/index.js';

const view = (rows: ReminderCardView['rows'], preview = false): ReminderCardView => ({
  key: 'q1-report:2026',
  scope: 'office',
  title: 'Delårsrapport Q1',
  periodLabel: '2026 Q1',
  deadline: '2026-04-30',
  preliminary: false,
  text: 'Lämna delårsrapporten.',
  workingDaysLeft: 10,
  rows,
  preview,
});

describe('a report reminder card counts the days only while someone still owes the report', () => {
  const sv = messages('sv');
  it.each([
    ['not handed in', [{ party: 'Kommunal utveckling', done: null }], false, true],
    ['handed in', [{ party: 'Kommunal utveckling', done: 'Anna Lindqvist, 2026-04-16 09:00' }], false, false],
    ['a preview (påminnelser), handed in or not', [{ party: 'Kommunal utveckling', done: 'Anna Lindqvist, 2026-04-16 09:00' }], true, true],
  ] as const)('%s', (_name, rows, preview, counts) => {
    const json = JSON.stringify(reminderCard(sv, view([...rows], preview)));
    expect(json.includes('10 arbetsdagar kvar.')).toBe(counts);
    // What is owed and by when is always there.
    expect(json).toContain('Lämna delårsrapporten.');
    expect(json).toContain('2026-04-30');
  });
});
