import { z } from 'zod/v4';
import { confirmationShape, SOURCE_NEEDED } from './reminder-rules.js';

/**
 * Personal notices (src/features/notices): when the reminder before a proposal's answer deadline goes
 * out. No agreement says when, so the default is an assumption, shown as such until confirmed.
 */
const AnswerDeadlineSoonSchema = z
  .strictObject({
    /** Swedish working days before the answer deadline day. */
    workingDaysBefore: z.number().int().min(1).max(20).default(2),
    time: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'use HH:MM').default('09:00'),
    ...confirmationShape,
  })
  .superRefine((r, ctx) => {
    if (r.confirmed && !r.source) ctx.addIssue({ code: 'custom', path: ['source'], message: SOURCE_NEEDED });
  });

export const NoticeSettingsSchema = z
  .strictObject({
    answerDeadlineSoon: AnswerDeadlineSoonSchema.default({ workingDaysBefore: 2, time: '09:00', confirmed: false }),
  })
  .default({ answerDeadlineSoon: { workingDaysBefore: 2, time: '09:00', confirmed: false } });

export type NoticeSettings = z.infer<typeof NoticeSettingsSchema>;
