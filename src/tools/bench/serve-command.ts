import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * The node flags `npm run serve` starts the production build with (package.json "serve":
 * `node <flags> dist/main.cjs`), so that the benchmark and the tests start it exactly that way; the
 * build writes its V8 code cache with the same flags (src/tools/build.mjs).
 */
export async function serveNodeFlags(root: string): Promise<string[]> {
  const { scripts } = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as { scripts?: Record<string, string> };
  const words = (scripts?.serve ?? '').trim().split(/\s+/);
  if (words[0] !== 'node') throw new Error(`package.json "serve" should run node: ${scripts?.serve}`);
  const flags: string[] = [];
  for (const word of words.slice(1)) {
    if (!word.startsWith('-')) break;
    flags.push(word);
  }
  return flags;
}
