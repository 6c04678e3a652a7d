import { z } from 'zod/v4';
import type { CommandSpec, Feature } from '../feature.js';
import { Arg } from '../kit/command-args.js';
import { reminderCommand, reminderList, reminderVerbs } from './actions.js';
import { registerReminderPosts, sendReportReminders } from './schedule.js';

/** Report reminders on Swedish working days, "Klart" on their cards, and the coordinators' commands for them. */

const Reminders = z.object({ kind: z.literal('reminders') });
const ReminderAction = z.object({ kind: z.literal('reminderAction'), action: z.enum(['preview', 'pause', 'resume']), rule: Arg });

const reminders: CommandSpec<z.infer<typeof Reminders>> = {
  kind: 'reminders',
  schema: Reminders,
  recognise: ({ folded }) => (/^(paminnelser|reminders)$/.test(folded) ? { kind: 'reminders' } : undefined),
  help: (m) => m.help.commands.reminders,
  run: async (ctx, context, actor) => void (await context.sendActivity(reminderList(ctx, actor))),
};

const reminderAction: CommandSpec<z.infer<typeof ReminderAction>> = {
  kind: 'reminderAction',
  schema: ReminderAction,
  recognise: ({ folded, rest }) => {
    const found = /^(?:paminnelser|reminders) (forhandsvisa|preview|pausa|pause|ateruppta|resume) .+$/.exec(folded);
    if (!found) return undefined;
    const action = ({ forhandsvisa: 'preview', preview: 'preview', pausa: 'pause', pause: 'pause' } as const)[found[1] as 'pause'] ?? 'resume';
    return { kind: 'reminderAction', action, rule: rest(2) };
  },
  run: (ctx, context, actor, command) => reminderCommand(ctx, context, actor, command.action, command.rule),
};

export const remindersFeature = {
  name: 'reminders',
  commands: [reminders, reminderAction],
  cardVerbs: reminderVerbs,
  jobs: [{ name: 'report reminders', run: sendReportReminders }],
  setup: (ctx) => registerReminderPosts(ctx),
} satisfies Feature;
