import { z } from 'zod/v4';
import { DECISION_ID, idPattern, parseId, PROPOSAL_ID } from '../domain/ids.js';

/** Message text → what the user asked for. Anchored and whole-text: no substring surprises. */

/**
 * No command is longer, even with Teams' HTML around it. A longer text is not read as a command: its
 * argument would be shown back in the answer (past Teams' message size), and the tag stripping below
 * is quadratic on a long run of '<'.
 */
export const MAX_COMMAND_LENGTH = 1000;

/** A name the user typed (a network, a person, a rule, a year): one line, bounded. What it names is looked up by the handler. */
const Arg = z.string().trim().min(1).max(200);
const ProposalId = z.string().regex(PROPOSAL_ID).transform((s) => s.toUpperCase());
const DecisionId = z.string().regex(DECISION_ID).transform((s) => s.toUpperCase());

/** Every command and its arguments: what the recogniser below finds is parsed with this before anyone acts on it. */
export const CommandSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('propose') }),
  z.object({ kind: z.literal('projects'), filter: Arg.optional() }),
  z.object({ kind: z.literal('project'), id: ProposalId }),
  z.object({ kind: z.literal('mine') }),
  z.object({ kind: z.literal('newDecision') }),
  z.object({ kind: z.literal('reminders') }),
  z.object({ kind: z.literal('export') }),
  z.object({ kind: z.literal('allocation'), year: Arg.optional() }),
  z.object({ kind: z.literal('reminderAction'), action: z.enum(['preview', 'pause', 'resume']), rule: Arg }),
  z.object({ kind: z.literal('decisions') }),
  z.object({ kind: z.literal('decision'), id: DecisionId }),
  z.object({ kind: z.literal('help') }),
  z.object({ kind: z.literal('link'), network: Arg.optional() }),
  z.object({ kind: z.literal('actAs'), who: Arg }),
  z.object({ kind: z.literal('empty') }),
  z.object({ kind: z.literal('unknown'), text: z.string().max(MAX_COMMAND_LENGTH) }),
]);

export type Command = z.infer<typeof CommandSchema>;

/** Lower case, Swedish letters folded to ASCII, one space between words, no trailing punctuation. */
export function fold(text: string): string {
  return text
    .toLocaleLowerCase('sv-SE')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

const DECISION_COMMAND = new RegExp(`^(?:beslut|decisions|decision) (${idPattern('decision')})$`, 'i');

/**
 * Characters nobody types on purpose: control characters, zero-width and direction controls, lone
 * surrogates. Gone before reading, so "hjälp" with a zero-width space is still help, and an argument
 * shown back cannot turn the rest of the answer around (a right-to-left override).
 */
const INVISIBLE = /[^\P{Cc}\t\n\r]|[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]|[\ud800-\udfff]/gu;

export function parseCommand(raw: string | undefined): Command {
  const parsed = CommandSchema.safeParse(recognise(raw));
  // An argument out of bounds: not a command we can act on.
  return parsed.success ? parsed.data : { kind: 'unknown', text: '' };
}

function recognise(raw: string | undefined): Command {
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
  const f = fold(withoutPunctuation);
  if (!f) return { kind: 'empty' };
  // The argument keeps the user's own spelling: it may be shown back to them.
  const rest = (words: number) => withoutPunctuation.split(' ').slice(words).join(' ').trim();

  if (/^(nytt forslag|nytt projektforslag|foresla|propose|new proposal)$/.test(f)) return { kind: 'propose' };
  if (/^(hjalp|help|kommandon|commands)$/.test(f)) return { kind: 'help' };
  if (/^(nytt beslut|new decision)$/.test(f)) return { kind: 'newDecision' };
  if (/^(paminnelser|reminders)$/.test(f)) return { kind: 'reminders' };
  if (/^(export|exportera)$/.test(f)) return { kind: 'export' };
  const allocation = /^(?:fordelning|allocation)(?: (\S+))?$/.exec(f);
  if (allocation) return allocation[1] ? { kind: 'allocation', year: allocation[1] } : { kind: 'allocation' };
  const reminder = /^(?:paminnelser|reminders) (forhandsvisa|preview|pausa|pause|ateruppta|resume) .+$/.exec(f);
  if (reminder) {
    const action = ({ forhandsvisa: 'preview', preview: 'preview', pausa: 'pause', pause: 'pause' } as const)[reminder[1] as 'pause'] ?? 'resume';
    return { kind: 'reminderAction', action, rule: rest(2) };
  }
  if (/^(beslut|decisions|decision)$/.test(f)) return { kind: 'decisions' };
  // `beslut B-2026-003`, or the number alone.
  const decision = parseId(DECISION_COMMAND.exec(f)?.[1] ?? f);
  if (decision?.kind === 'decision') return { kind: 'decision', id: decision.id };
  if (/^(mina|mine|my)$/.test(f)) return { kind: 'mine' };
  let match = /^(projekt|projects|project|forslag|proposals)( .+)?$/.exec(f);
  if (match) {
    const arg = rest(1);
    if (!arg) return { kind: 'projects' };
    if (PROPOSAL_ID.test(fold(arg))) return { kind: 'project', id: arg.toUpperCase() };
    return { kind: 'projects', filter: arg };
  }
  match = /^(koppla|link)( .+)?$/.exec(f);
  if (match) return rest(1) ? { kind: 'link', network: rest(1) } : { kind: 'link' };
  if (/^(agera som|act as) .+$/.test(f)) return { kind: 'actAs', who: rest(2) };
  if (PROPOSAL_ID.test(f)) return { kind: 'project', id: withoutPunctuation.toUpperCase() };
  return { kind: 'unknown', text: withoutPunctuation };
}
