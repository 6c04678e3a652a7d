import { acting } from './features/acting/index.js';
import { channels } from './features/channels/index.js';
import { consultationsFeature } from './features/consultations/index.js';
import { decisionsFeature } from './features/decisions/index.js';
import { gates } from './features/gates/index.js';
import { lookups } from './features/lookups/index.js';
import { money } from './features/money/index.js';
import { notices } from './features/notices/index.js';
import { overviewFeature } from './features/overview/index.js';
import { proposals } from './features/proposals/index.js';
import { remindersFeature } from './features/reminders/index.js';
import type { CommandSpec } from './features/feature.js';

/**
 * The bot's features, in order: their commands are tried and listed in `hjälp` in this order, and the
 * ticker runs their jobs in this order (answer deadlines before decision closings before reminders).
 * Adding a capability is a folder under src/features/ and a line here.
 */
export const FEATURES = [proposals, lookups, decisionsFeature, gates, money, overviewFeature, remindersFeature, consultationsFeature, notices, channels, acting] as const;

type CommandOf<S> = S extends CommandSpec<infer C> ? C : never;
type CommandsOf<F> = F extends { commands: readonly (infer S)[] } ? CommandOf<S> : never;

/** Every command a message can be read as: the features' and the built-in ones. */
export type AppCommand = CommandsOf<(typeof FEATURES)[number]> | { kind: 'help' } | { kind: 'empty' } | { kind: 'unknown'; text: string };
