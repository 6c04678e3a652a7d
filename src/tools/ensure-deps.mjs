#!/usr/bin/env node
// Makes sure the dependencies are installed before `npm start` / `npm test` (their pre-scripts run this).
// Plain Node without packages: it runs before node_modules exists.
//
//   node src/tools/ensure-deps.mjs            npm ci when node_modules is missing or package-lock.json changed
//   node src/tools/ensure-deps.mjs --browser  … and Chromium for the end-to-end tests (apt-get, as root)
//
// The scripts run on Node.js 24 from the `node` dev dependency (node_modules/.bin/node, which npm puts
// first on PATH for every script). This file runs before it exists, on the machine's own Node.js (any that
// runs npm), so after installing it checks that the runtime is there.
//
// Up to date = node_modules/.package-lock.json exists and the stamp node_modules/.samverkan-lock-hash holds
// the hash of package-lock.json (written after each successful install). Without a stamp (installed by
// hand) the installed versions are compared with the lock file once, and the stamp is written if they match.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { accessSync, constants, existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const lockFile = path.join(root, 'package-lock.json');
const hiddenLock = path.join(root, 'node_modules', '.package-lock.json');
const stampFile = path.join(root, 'node_modules', '.samverkan-lock-hash');
const wantBrowser = process.argv.includes('--browser');
const runtime = path.join(root, 'node_modules', '.bin', 'node');
const RUNTIME_MAJOR = 24;

function fail(message) {
  console.error(`ensure-deps: ${message}`);
  process.exit(1);
}

function run(command, args, extraEnv = {}) {
  console.log(`ensure-deps: ${command} ${args.join(' ')}`);
  const res = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...extraEnv } });
  if (res.error) fail(`could not run ${command}: ${res.error.message}`);
  if (res.status !== 0) fail(`${command} ${args.join(' ')} failed (exit ${res.status ?? res.signal})`);
}

/** Every package of package-lock.json is installed in the version it names (per node_modules/.package-lock.json). */
function installedTreeMatchesLock() {
  try {
    const wanted = JSON.parse(readFileSync(lockFile, 'utf8')).packages ?? {};
    const have = JSON.parse(readFileSync(hiddenLock, 'utf8')).packages ?? {};
    for (const [where, pkg] of Object.entries(wanted)) {
      if (where === '') continue;
      const got = have[where];
      if (!got) {
        if (pkg.optional) continue; // e.g. binaries for other platforms are never installed
        return false;
      }
      if ((pkg.version ?? '') !== (got.version ?? '') || Boolean(pkg.link) !== Boolean(got.link)) return false;
    }
    return true;
  } catch {
    return false;
  }
}

function ensureNodeModules() {
  if (!existsSync(lockFile)) fail(`${lockFile} is missing; it is needed for a reproducible install (npm ci)`);
  const hash = createHash('sha256').update(readFileSync(lockFile)).digest('hex');
  if (existsSync(hiddenLock)) {
    const stamp = existsSync(stampFile) ? readFileSync(stampFile, 'utf8').trim() : '';
    if (stamp === hash) return; // the fast path
    if (installedTreeMatchesLock()) {
      writeFileSync(stampFile, `${hash}\n`);
      return;
    }
    console.log('ensure-deps: package-lock.json changed since the last install: reinstalling (npm ci)');
  } else {
    console.log('ensure-deps: node_modules is missing: installing (npm ci)');
  }
  // yes=true: botbuilder-dialogs' install script runs `npx rimraf`, which would ask for confirmation.
  run('npm', ['ci'], { npm_config_yes: 'true' });
  if (!existsSync(hiddenLock)) fail('npm ci finished but node_modules/.package-lock.json is missing');
  writeFileSync(stampFile, `${hash}\n`);
}

function isExecutable(file) {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function ensureChromium() {
  const custom = process.env.CHROMIUM_PATH;
  const browser = custom || '/usr/bin/chromium';
  if (isExecutable(browser)) return;
  if (custom) fail(`CHROMIUM_PATH=${custom} does not exist or is not executable (unset it to use Debian's /usr/bin/chromium)`);
  const install = 'apt-get update && apt-get install -y chromium';
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) {
    fail(
      `Chromium (${browser}) is missing; the end-to-end tests drive the Teams Playground with it.\n` +
        `Install it once, then run the tests again:\n\n    sudo sh -c '${install}'\n`,
    );
  }
  console.log(`ensure-deps: Chromium (${browser}) is missing: installing it with apt-get (a few minutes, once)`);
  const env = { DEBIAN_FRONTEND: 'noninteractive' };
  run('apt-get', ['update'], env);
  // Wait for a dpkg lock held by another apt run instead of failing at once.
  run('apt-get', ['install', '-y', '-o', 'DPkg::Lock::Timeout=600', 'chromium'], env);
  if (!isExecutable(browser)) fail(`apt-get installed chromium but ${browser} is still missing`);
}

/** node_modules/.bin/node is the Node.js 24 the scripts run on (the `node` dev dependency's install script links it). */
function ensureRuntime() {
  const reinstall = 'rm -rf node_modules && npm ci   (its install scripts must run: not --ignore-scripts)';
  if (!isExecutable(runtime)) fail(`${runtime} is missing: the scripts run on the Node.js ${RUNTIME_MAJOR} of the "node" dev dependency. Run: ${reinstall}`);
  if (Number(process.versions.node.split('.')[0]) === RUNTIME_MAJOR) return; // already running on it (npm put it first on PATH)
  const res = spawnSync(runtime, ['-p', 'process.version'], { encoding: 'utf8' });
  const version = res.stdout?.trim() ?? '';
  if (res.status !== 0 || !version.startsWith(`v${RUNTIME_MAJOR}.`)) fail(`${runtime} does not run as Node.js ${RUNTIME_MAJOR} (${version || res.error?.message || `exit ${res.status}`}). Run: ${reinstall}`);
  console.log(`ensure-deps: this shell's Node.js is ${process.version}; npm runs the scripts on ${path.relative(root, runtime)} (${version})`);
}

ensureNodeModules();
ensureRuntime();
if (wantBrowser) ensureChromium();
