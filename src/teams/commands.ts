import { fold } from '../domain/text.js';
import { FEATURES, type AppCommand } from '../app.js';
import type { Command, CommandSpec, CommandText, Feature } from '../features/feature.js';

/** Message text → what the user asked for, by the commands the features registered. Anchored and whole-text: no substring surprises. */

export type { AppCommand as Command } from '../app.js';

/**
 * No command is longer, even with Teams' HTML around it. A longer text is not read as a command: its
 * argument would be shown back in the answer (past Teams' message size), and the tag stripping below
 * is quadratic on a long run of '<'.
 */
export const MAX_COMMAND_LENGTH = 1000;

/**
 * Characters nobody types on purpose: control characters, zero-width and direction controls, lone
 * surrogates. Gone before reading, so "hjälp" with a zero-width space is still help, and an argument
 * shown back cannot turn the rest of the answer around (a right-to-left override).
 */
const INVISIBLE = /[^\P{Cc}\t\n\r]|[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]|[\ud800-\udfff]/gu;

/** The commands every app has, whatever its features: help, a message with nothing asked, and the rest. */
const BUILT_IN = new Set(['help', 'empty', 'unknown']);

export interface CommandParser {
  parse(raw: string | undefined): Command;
  /** Accepts exactly what `parse` can give: a registered command with arguments its schema takes, or a built-in one. */
  schema: { safeParse(value: unknown): { success: boolean } };
}

/** A parser over these commands, tried in order (the features list's order). */
export function commandParser(specs: readonly CommandSpec[]): CommandParser {
  const byKind = new Map(specs.map((s) => [s.kind, s]));
  const check = (value: unknown): { success: true; data: Command } | { success: false } => {
    const kind = (value as { kind?: unknown } | null)?.kind;
    if (typeof kind !== 'string') return { success: false };
    if (BUILT_IN.has(kind)) {
      const v = value as Command;
      const ok = Object.keys(v).every((k) => k === 'kind' || (kind === 'unknown' && k === 'text' && typeof v.text === 'string' && v.text.length <= MAX_COMMAND_LENGTH));
      return ok ? { success: true, data: v } : { success: false };
    }
    const spec = byKind.get(kind);
    return spec ? spec.schema.safeParse(value) : { success: false };
  };
  const recognise = (raw: string | undefined): Command => {
    if (typeof raw === 'string' && raw.length > MAX_COMMAND_LENGTH) return { kind: 'unknown', text: '' };
    const text = (typeof raw === 'string' ? raw : '')
      .replace(INVISIBLE, '')
      .replace(/<at>.*?<\/at>/gi, ' ')
      .replace(/<[^>]+>/g, ' ')
      .replace(/&nbsp;/g, ' ')
      .replace(/\s+/g, ' ')
      .trim();
    if (text === '?') return { kind: 'help' };
    const withoutPunctuation = text.replace(/[.!?]+$/, '');
    const folded = fold(withoutPunctuation);
    if (!folded) return { kind: 'empty' };
    if (/^(hjalp|help|kommandon|commands)$/.test(folded)) return { kind: 'help' };
    // The argument keeps the user's own spelling: it may be shown back to them.
    const input: CommandText = { folded, text: withoutPunctuation, rest: (words) => withoutPunctuation.split(' ').slice(words).join(' ').trim() };
    for (const spec of specs) {
      const found = spec.recognise(input);
      if (found) return found;
    }
    return { kind: 'unknown', text: withoutPunctuation };
  };
  return {
    parse(raw) {
      const parsed = check(recognise(raw));
      // An argument out of bounds: not a command we can act on.
      return parsed.success ? parsed.data : { kind: 'unknown', text: '' };
    },
    schema: { safeParse: check },
  };
}

/** Every command of the app's features. */
export function allCommands(): CommandSpec[] {
  return (FEATURES as readonly Feature[]).flatMap((f) => f.commands ?? []);
}

const app = commandParser(allCommands());

/** Reads a message with the app's commands. */
export function parseCommand(raw: string | undefined): AppCommand {
  return app.parse(raw) as AppCommand;
}

/** What `parseCommand` can give, checked: every command with arguments its schema takes. */
export const CommandSchema = app.schema;
