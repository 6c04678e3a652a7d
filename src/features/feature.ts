import type { Application, TurnState } from '@microsoft/teams-ai';
import type { Activity, TurnContext } from 'botbuilder';
import type restify from 'restify';
import type { Partnership } from '../config/partnership.js';
import type { Messages } from '../i18n/index.js';
import type { AdaptiveCard } from '../../cards/elements.js';
import type { AppContext } from './context.js';
import type { Actor } from './kit/identity.js';

/**
 * A capability of the bot (proposals, decisions, gates, reminders, money, …) as the app sees it: the
 * commands it answers, the card buttons it handles, the jobs the ticker runs for it and what it needs
 * set up at start. `src/app.ts` lists the features; the transport routes to them and knows no names.
 */
export interface Feature {
  name: string;
  commands?: CommandSpec[];
  cardVerbs?: CardVerb[];
  /** Run by the ticker, in the order of the features list, each tick. */
  jobs?: Job[];
  /** At start, once: post kinds for the outbox, conversation events and the like. */
  setup?(ctx: AppContext, app: Application<TurnState>): void;
  /** Before every message and card press is handled (e.g. keeping the conversation's reference fresh). */
  onActivity?(ctx: AppContext, activity: Partial<Activity>): Promise<void>;
  /** HTTP routes of the feature (downloads). */
  routes?(server: restify.Server, ctx: AppContext): void;
}

/** What a message asked for: the command's kind and its arguments (checked by the command's schema). */
export interface Command {
  kind: string;
  [argument: string]: unknown;
}

/** The message text, read: `folded` (lower case, Swedish letters folded, no end punctuation), and the words as typed. */
export interface CommandText {
  folded: string;
  /** The text as typed, without end punctuation. */
  text: string;
  /** The words after the first `n`, as typed. */
  rest(n: number): string;
}

export interface CommandSpec<C extends Command = Command> {
  kind: C['kind'];
  /** Recognises the command (anchored, whole text) and returns it with its arguments, or undefined. */
  recognise(input: CommandText): C | undefined;
  /** Checks what `recognise` found before anyone acts on it (arguments bounded). */
  schema: { safeParse(value: unknown): { success: true; data: C } | { success: false } };
  /** Its line in `hjälp`: the command and what it does, in the words of the body (its members may not all be municipalities). */
  help?(m: Messages, partnership: Partnership): readonly string[];
  /** Only in local mode (no credentials): hidden from help and answered as unknown otherwise. */
  localOnly?: boolean;
  run(ctx: AppContext, context: TurnContext, actor: Actor, command: C): Promise<void>;
}

/** An Action.Execute verb: the card the person who pressed gets back. */
export interface CardVerb {
  verb: string;
  handle(ctx: AppContext, context: TurnContext, actor: Actor, data: unknown): Promise<AdaptiveCard>;
}

export interface Job {
  name: string;
  run(ctx: AppContext): Promise<unknown>;
}
