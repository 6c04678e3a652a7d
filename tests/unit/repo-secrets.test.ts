import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/**
 * Issue #6, secrets: nothing the repository tracks holds a secret. Secrets come from the environment
 * (README: MicrosoftAppPassword, LINK_SECRET); the store and its journal are never tracked.
 */
const tracked = execFileSync('git', ['ls-files', '-z'], { encoding: 'utf8' }).split('\0').filter(Boolean);

const SECRET_SHAPES: [string, RegExp][] = [
  ['a private key', /-----BEGIN [A-Z ]*PRIVATE KEY-----/],
  ['an app password given a value', /MicrosoftAppPassword["']?\s*(=\s*[^\s"'$<{]{8,}|:\s*["'][^"'$<{\s,]{8,}["'])/],
  ['a link secret given a value', /LINK_SECRET["']?\s*[:=]\s*["'](?!link-secret-)[^"'$]{16,}["']/],
  ['an Azure/Entra client secret', /\b[A-Za-z0-9_~.-]{3}8Q~[A-Za-z0-9_~.-]{31,34}\b/],
  ['a bearer token', /Bearer\s+eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/],
];

describe('no secrets in the repository', () => {
  it('tracks no environment file, key file, store or journal', () => {
    expect(tracked.length).toBeGreaterThan(50);
    const forbidden = tracked.filter((f) => /(^|\/)\.env(\.|$)|\.(pem|key|pfx|p12)$|(^|\/)data\/.*(store\.json|\.journal|\.bak)$/.test(f));
    expect(forbidden).toEqual([]);
  });

  it.each(SECRET_SHAPES)('no tracked text file holds %s', (_name, shape) => {
    const hits = tracked
      .filter((f) => !/\.(png|ico|zip|jpg)$/.test(f) && f !== 'package-lock.json')
      .filter((f) => {
        let text: string;
        try {
          text = readFileSync(f, 'utf8');
        } catch {
          return false; // listed but not in the work tree
        }
        return shape.test(text);
      });
    expect(hits).toEqual([]);
  });

  it('the patterns do find what they look for', () => {
    // Built from parts so that this file does not hold what it looks for.
    const key = 'Microsoft' + 'AppPassword';
    expect(SECRET_SHAPES[0]![1].test('-----BEGIN RSA ' + 'PRIVATE KEY-----')).toBe(true);
    expect(SECRET_SHAPES[1]![1].test(`${key}=abcDEF123456xyz`)).toBe(true);
    expect(SECRET_SHAPES[1]![1].test(`"${key}": "abcDEF123456xyz"`)).toBe(true);
    expect(SECRET_SHAPES[1]![1].test(`${key}=$SECRET`)).toBe(false);
    expect(SECRET_SHAPES[1]![1].test(`${key}: env.${key}`)).toBe(false);
    expect(SECRET_SHAPES[3]![1].test('abc8Q' + '~abcdefghijklmnopqrstuvwxyz0123456')).toBe(true);
  });
});
