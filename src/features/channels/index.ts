import { z } from 'zod/v4';
import type { CommandSpec, Feature } from '../feature.js';
import { Arg } from '../kit/command-args.js';
import { linkChannel, registerChannelEvents, rememberConversation } from './channels.js';

/** Where the bot is installed (kept for proactive posts) and which channel is which network's (`koppla`). */

const Link = z.object({ kind: z.literal('link'), network: Arg.optional() });

const link: CommandSpec<z.infer<typeof Link>> = {
  kind: 'link',
  schema: Link,
  recognise: ({ folded, rest }) => {
    if (!/^(koppla|link)( .+)?$/.test(folded)) return undefined;
    return rest(1) ? { kind: 'link', network: rest(1) } : { kind: 'link' };
  },
  help: (m) => m.help.commands.link,
  run: async (ctx, context, actor, command) => void (await context.sendActivity(await linkChannel(ctx, context, actor, command.network))),
};

export const channels = {
  name: 'channels',
  commands: [link],
  setup: (ctx, app) => registerChannelEvents(app, ctx),
  onActivity: rememberConversation,
} satisfies Feature;
