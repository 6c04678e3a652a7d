import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/**
 * Issue #13, point 7: a supported runtime. Node 20 left support on 2026-04-30; the product runs on
 * Node.js 24 LTS, installed by npm as the `node` dev dependency (node_modules/.bin/node), which npm puts
 * first on PATH for every script. On a machine whose own Node is older (20 here), `npm test` and CI must
 * still run on 24: these fail if the tests, or a child started as `node` from PATH (tsx, the Playground,
 * every `#!/usr/bin/env node`), run on anything else.
 */
const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { engines: { node: string }; devDependencies: Record<string, string> };
const major = (version: string) => Number(version.replace(/^v/, '').split('.')[0]);
const minor = (version: string) => Number(version.replace(/^v/, '').split('.')[1]);
const HOW = 'npm test runs the tests on node_modules/.bin/node (the "node" dev dependency); run them through npm (npm test, npm run …, npx vitest)';

describe('the runtime', () => {
  it('package.json supports Node.js 24 from 24.11 (its first LTS release) and installs it as the "node" dev dependency', () => {
    expect(pkg.engines.node).toBe('^24.11.0');
    expect(major(pkg.devDependencies.node!.replace(/^\^/, ''))).toBe(24);
    const installed = JSON.parse(readFileSync('node_modules/node/package.json', 'utf8')) as { version: string };
    expect(major(installed.version)).toBe(24);
    expect(minor(installed.version)).toBeGreaterThanOrEqual(11);
  });

  it('the tests run on Node.js 24', () => {
    expect(major(process.version), `${process.execPath} is Node.js ${process.version}. ${HOW}`).toBe(24);
    expect(minor(process.version)).toBeGreaterThanOrEqual(11);
  });

  it('a child started as `node` from PATH runs on Node.js 24 too', () => {
    const version = execFileSync('node', ['-p', 'process.version'], { encoding: 'utf8' }).trim();
    expect(major(version), `"node" on PATH is ${version}. ${HOW}`).toBe(24);
  });
});
