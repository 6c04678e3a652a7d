import { describe, expect, it } from 'vitest';
import { ESLint } from 'eslint';

/** The import rules of eslint.config.js, tried on one line of code placed where it would live. */
const eslint = new ESLint();
async function refusals(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(`${code}\nexport {};\n`, { filePath });
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports' || m.ruleId === 'no-restricted-syntax').map((m) => m.message);
}

describe('import rules: a wrong arrow fails the lint', () => {
  it.each([
    ['src/domain/x.ts', "import '../store/store.js';", /the domain is pure rules/],
    ['src/domain/x.ts', "import '../teams/app.js';", /the domain is pure rules/],
    ['src/domain/x.ts', "import '../features/context.js';", /the domain is pure rules/],
    ['src/domain/x.ts', "import 'botbuilder';", /nothing of Teams/],
    ['src/domain/x.ts', "import 'lowdb';", /no lowdb/],
    ['src/domain/x.ts', "import '../clock.js';", /time passed in/],
    ['src/domain/x.ts', 'const t = Date.now();', /time passed in/],
    ['src/domain/x.ts', 'const t = new Date();', /time passed in/],
    ['src/store/x.ts', "import '../features/kit/views.js';", /the store knows no transport/],
    ['src/store/x.ts', "import '../i18n/index.js';", /the store knows no transport/],
    ['src/i18n/x.ts', "import '../store/schema.js';", /depend on nothing but the domain/],
    ['src/scheduler/x.ts', "import '../features/proposals/index.js';", /the ticker is generic/],
    ['src/features/gates/x.ts', "import '../proposals/actions.js';", /only through its index/],
    ['src/features/gates/x.ts', "import '../../teams/app.js';", /do not import the transport/],
    ['src/features/kit/x.ts', "import '../proposals/index.js';", /knows none of them/],
    ['src/features/gates/x.ts', "import '../../store/store.js';", /only through its port/],
    ['src/features/gates/x.ts', "import type { Store } from '../../store/store.js';", /only through its port/],
    ['src/features/gates/x.ts', "import '../../store/gates.js';", /only through its port/],
    ['src/features/kit/x.ts', "import '../../store/store.js';", /only through its port/],
    ['src/features/x.ts', "import '../store/store.js';", /only through its port/],
    ['src/features/gates/x.ts', 'declare const ctx: { store: { data: unknown } }; ctx.store.data;', /through the repository port/],
    ['src/teams/x.ts', 'declare const store: { data: unknown }; store.data;', /through the repository port/],
    ['src/domain/x.ts', 'declare const store: { data: unknown }; store.data;', /through the repository port/],
  ])('%s: %s is refused', async (file, code, why) => {
    const messages = await refusals(file, code);
    expect(messages.some((m) => why.test(m)), messages.join(' | ')).toBe(true);
  });

  it.each([
    ['src/features/gates/x.ts', "import '../proposals/index.js';"],
    ['src/features/gates/x.ts', "import '../kit/views.js';"],
    ['src/features/gates/x.ts', "import '../../domain/gates.js';"],
    ['src/features/gates/x.ts', "import '../../store/port.js';"],
    ['src/features/gates/x.ts', "import type { ProposalRecord } from '../../store/schema.js';"],
    ['src/store/x.ts', 'declare const store: { data: unknown }; store.data;'],
    ['src/teams/x.ts', "import '../features/kit/identity.js';"],
    ['src/domain/x.ts', "import '../config/partnership.js';"],
    ['src/domain/x.ts', 'const t = new Date(0);'],
  ])('%s: %s is allowed', async (file, code) => {
    expect(await refusals(file, code)).toEqual([]);
  });
});
