import { describe, expect, it } from 'vitest';
import { CommandSchema, parseCommand, type Command } from '../../src/teams/commands.js';
import { fold } from '../../src/domain/text.js';

const NBSP = '\u00a0';

describe('parseCommand: Swedish and English aliases', () => {
  const cases: [string, Command][] = [
    ['nytt förslag', { kind: 'propose' }],
    ['Nytt Förslag', { kind: 'propose' }],
    ['NYTT FÖRSLAG', { kind: 'propose' }],
    ['nytt forslag', { kind: 'propose' }],
    ['nytt projektförslag', { kind: 'propose' }],
    ['föreslå', { kind: 'propose' }],
    ['propose', { kind: 'propose' }],
    ['new proposal', { kind: 'propose' }],
    ['New Proposal', { kind: 'propose' }],
    ['hjälp', { kind: 'help' }],
    ['Hjälp', { kind: 'help' }],
    ['hjalp', { kind: 'help' }],
    ['help', { kind: 'help' }],
    ['kommandon', { kind: 'help' }],
    ['commands', { kind: 'help' }],
    ['mina', { kind: 'mine' }],
    ['mine', { kind: 'mine' }],
    ['my', { kind: 'mine' }],
    ['projekt', { kind: 'projects' }],
    ['projects', { kind: 'projects' }],
    ['förslag', { kind: 'projects' }],
    ['proposals', { kind: 'projects' }],
    ['projekt äldreomsorg', { kind: 'projects', filter: 'äldreomsorg' }],
    ['Projekt Äldreomsorg', { kind: 'projects', filter: 'Äldreomsorg' }],
    ['projects Hälso- och sjukvård', { kind: 'projects', filter: 'Hälso- och sjukvård' }],
    ['projekt p-2026-007', { kind: 'project', id: 'P-2026-007' }],
    ['project P-2026-007', { kind: 'project', id: 'P-2026-007' }],
    ['projekt p-2026-1000', { kind: 'project', id: 'P-2026-1000' }],
    ['P-2026-007', { kind: 'project', id: 'P-2026-007' }],
    ['p-2026-007', { kind: 'project', id: 'P-2026-007' }],
    ['koppla', { kind: 'link' }],
    ['link', { kind: 'link' }],
    ['koppla äldreomsorg', { kind: 'link', network: 'äldreomsorg' }],
    ['link ifo', { kind: 'link', network: 'ifo' }],
    ['agera som Eksjö', { kind: 'actAs', who: 'Eksjö' }],
    ['Agera som chief-eksjo', { kind: 'actAs', who: 'chief-eksjo' }],
    ['act as jonkoping', { kind: 'actAs', who: 'jonkoping' }],
  ];
  it.each(cases)('%j', (text, expected) => {
    expect(parseCommand(text)).toEqual(expected);
  });
});

describe('parseCommand: whitespace, nbsp, html leftovers and trailing punctuation', () => {
  const cases: [string, Command][] = [
    ['  hjälp  ', { kind: 'help' }],
    ['\thjälp\n', { kind: 'help' }],
    [`${NBSP}hjälp${NBSP}`, { kind: 'help' }],
    ['hjälp&nbsp;', { kind: 'help' }],
    ['&nbsp;mina&nbsp;', { kind: 'mine' }],
    [`nytt${NBSP}förslag`, { kind: 'propose' }],
    ['nytt   förslag', { kind: 'propose' }],
    ['nytt&nbsp;förslag', { kind: 'propose' }],
    ['<p>hjälp</p>', { kind: 'help' }],
    ['hjälp<br>', { kind: 'help' }],
    ['<div><p>nytt förslag</p></div>', { kind: 'propose' }],
    ['hjälp?', { kind: 'help' }],
    ['hjälp.', { kind: 'help' }],
    ['Hjälp!', { kind: 'help' }],
    ['hjälp ?', { kind: 'help' }],
    ['mina?', { kind: 'mine' }],
    ['projekt äldreomsorg?', { kind: 'projects', filter: 'äldreomsorg' }],
    ['projekt  äldreomsorg', { kind: 'projects', filter: 'äldreomsorg' }],
    ['P-2026-007.', { kind: 'project', id: 'P-2026-007' }],
    ['<p>projekt p-2026-007</p>', { kind: 'project', id: 'P-2026-007' }],
    ['link ifo.', { kind: 'link', network: 'ifo' }],
    [`agera som${NBSP}Eksjö`, { kind: 'actAs', who: 'Eksjö' }],
  ];
  it.each(cases)('%j', (text, expected) => {
    expect(parseCommand(text)).toEqual(expected);
  });
});

describe('parseCommand: no substring matches', () => {
  it.each([
    'kan du hjälpa mig',
    'hjälpa',
    'help me',
    'mina projekt är bra',
    'mina projekt',
    'projektledare',
    'projekten',
    'nytt förslag om äldreomsorg',
    'jag vill ha ett nytt förslag',
    'kopplat',
    'linked',
    'agera',
    'agera som',
    'act as',
    'P-2026-007 visa',
    'P-26-007',
    'P-2026-07',
    'hej',
  ])('%j → unknown, with the cleaned text', (text) => {
    expect(parseCommand(text)).toEqual({ kind: 'unknown', text });
  });

  it('"projekt P-2026-7" is a filter, not a project id (ids have at least 3 digits)', () => {
    expect(parseCommand('projekt P-2026-7')).toEqual({ kind: 'projects', filter: 'P-2026-7' });
  });

  it('unknown keeps the user text without tags and trailing punctuation', () => {
    expect(parseCommand('<p>Hej  där!</p>')).toEqual({ kind: 'unknown', text: 'Hej där' });
  });
});

describe('parseCommand: empty input', () => {
  it.each([undefined, '', '   ', `${NBSP}`, '&nbsp;', '<p></p>', '<br/>', '...', '!'])('%j → empty', (text) => {
    expect(parseCommand(text)).toEqual({ kind: 'empty' });
  });
});

describe('parseCommand: mentions and the question mark', () => {
  it('drops any <at>…</at> mention, name included, so "<at>Samverkan</at> hjälp" is help', () => {
    expect(parseCommand('<at>Samverkan</at> hjälp')).toEqual({ kind: 'help' });
    expect(parseCommand('<at>Samverkan</at> projekt <at>Eksjö</at>')).toEqual({ kind: 'projects' });
  });

  it('a lone "?" asks for help; "??" and "." are empty', () => {
    expect(parseCommand('?')).toEqual({ kind: 'help' });
    expect(parseCommand(' ? ')).toEqual({ kind: 'help' });
    expect(parseCommand('.')).toEqual({ kind: 'empty' });
  });
});

describe('fold', () => {
  it.each([
    ['Nytt Förslag', 'nytt forslag'],
    ['ÅÄÖ åäö', 'aao aao'],
    [`  a${NBSP}\t b  `, 'a b'],
    ['Hälso- och sjukvård', 'halso- och sjukvard'],
  ])('%j → %j', (text, expected) => {
    expect(fold(text)).toBe(expected);
  });
});

describe('command arguments are parsed with zod (CommandSchema)', () => {
  it('normalises ids and keeps names as typed', () => {
    expect(parseCommand('projekt p-2026-001')).toEqual({ kind: 'project', id: 'P-2026-001' });
    expect(parseCommand('beslut b-2026-012')).toEqual({ kind: 'decision', id: 'B-2026-012' });
    expect(parseCommand('koppla Äldreomsorg')).toEqual({ kind: 'link', network: 'Äldreomsorg' });
  });

  it('an argument longer than 200 characters is not acted on', () => {
    const long = 'x'.repeat(201);
    for (const text of [`koppla ${long}`, `projekt ${long}`, `agera som ${long}`, `fördelning ${long}`, `påminnelser pausa ${long}`])
      expect(parseCommand(text), text.slice(0, 20)).toEqual({ kind: 'unknown', text: '' });
    expect(parseCommand(`koppla ${'x'.repeat(200)}`)).toEqual({ kind: 'link', network: 'x'.repeat(200) });
  });

  it('every parsed command satisfies the schema', () => {
    for (const text of ['hjälp', 'nytt förslag', 'projekt', 'projekt äldreomsorg', 'mina', 'nytt beslut', 'beslut', 'påminnelser', 'påminnelser pausa q1', 'export', 'fördelning 2027', 'koppla', 'agera som Lars', '', 'vad är detta'])
      expect(CommandSchema.safeParse(parseCommand(text)).success, text).toBe(true);
  });
});
