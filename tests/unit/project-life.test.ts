import { describe, expect, it } from 'vitest';
import { hasEnded, isLive, projectStatus, type ProjectStatus } from '../../src/domain/project-life.js';
import type { Gate } from '../../src/domain/gates.js';

describe('a project\'s life: one status from the participation rule and the gates', () => {
  it.each([
    ['open, no gate', 'open', [], false, 'open'],
    ['can start, no gate', 'canStart', [], false, 'canStart'],
    ['not feasible', 'notFeasible', [], false, 'notFeasible'],
    ['BG0 passed: still the participation status', 'canStart', ['BG0'], false, 'canStart'],
    ['BG1 passed: running', 'canStart', ['BG0', 'BG1'], false, 'running'],
    ['running through BG3.i', 'canStart', ['BG0', 'BG1', 'BG2', 'BG2.i', 'BG3', 'BG3.i'], false, 'running'],
    ['BG4 passed: finished', 'canStart', ['BG0', 'BG1', 'BG2', 'BG3', 'BG4'], false, 'finished'],
    ['cancelled before any gate', 'canStart', [], true, 'cancelled'],
    ['cancelled while running', 'canStart', ['BG0', 'BG1'], true, 'cancelled'],
  ] as const)('%s', (_name, participation, passed, cancelled, expected) => {
    expect(projectStatus(participation, { passed: [...passed] as Gate[], cancelled })).toBe(expected);
  });

  it.each([
    ['open', false, false],
    ['canStart', true, false],
    ['notFeasible', false, false],
    ['running', true, false],
    ['finished', false, true],
    ['cancelled', false, true],
  ] as const)('%s: live %s, ended %s', (status: ProjectStatus, live, ended) => {
    expect(isLive(status)).toBe(live);
    expect(hasEnded(status)).toBe(ended);
  });
});
