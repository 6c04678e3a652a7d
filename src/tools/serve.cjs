'use strict';
/* global require, __dirname */
/* eslint-disable @typescript-eslint/no-require-imports -- CommonJS that Node runs as it is, without a build */
// `npm run serve`: starts the production bundle that `npm run build` (src/tools/build.mjs) writes.
// `npm run build` copies this file to dist/main.cjs, beside the bundle dist/samverkan.cjs.
//
// The bundle is compiled with V8's code cache (dist/samverkan.cjs.codecache, written by the build
// after loading the bundle once): V8 then reads the compiled code of the ~2 000 library modules
// instead of parsing and compiling 11 MB of JavaScript at every start. The cache is used only when it
// was made from this very bundle (SHA-256) by this very Node.js/V8; otherwise, or if V8 turns it down
// (V8 flags other than those of `npm run serve`, which the build used), the bundle is compiled as
// usual: the same bot, a slower start, and a line on stderr.
//
//   node dist/main.cjs                     start the bot (environment variables as in README.md)
//   node --enable-source-maps dist/main.cjs  the same, stack traces pointing into src/ (no code cache)
//   node dist/main.cjs --write-code-cache  (the build) load the bundle without starting it; write the cache
const { createHash } = require('node:crypto');
const { isAscii } = require('node:buffer');
const { readFileSync, renameSync, writeFileSync } = require('node:fs');
const Module = require('node:module');
const path = require('node:path');
const vm = require('node:vm');

const bundleFile = path.join(__dirname, 'samverkan.cjs');
const cacheFile = `${bundleFile}.codecache`;
const cacheKeyFile = `${cacheFile}.json`;

/** What the code cache must have been made for. V8 checks its own version and flags again when it reads the cache. */
function keyOf(bundle) {
  return {
    bundleSha256: createHash('sha256').update(bundle).digest('hex'),
    node: process.version,
    v8: process.versions.v8,
    platform: process.platform,
    arch: process.arch,
  };
}

function readCache(key) {
  let saved;
  try {
    saved = JSON.parse(readFileSync(cacheKeyFile, 'utf8'));
  } catch {
    return { why: 'no code cache (run npm run build)' };
  }
  const differs = Object.keys(key).filter((k) => saved[k] !== key[k]);
  if (differs.length) return { why: `code cache made for another ${differs.join(', ')} (run npm run build on this host)` };
  try {
    return { data: readFileSync(cacheFile), flags: saved.nodeFlags ?? [] };
  } catch {
    return { why: 'code cache missing (run npm run build)' };
  }
}

function load(writeCache) {
  // Stack traces through the source map (node --enable-source-maps) need Node's own loader, which
  // knows nothing of the code cache: a slower start, for debugging.
  if (process.sourceMapsEnabled && !writeCache) return require(bundleFile);
  let bundle;
  try {
    bundle = readFileSync(bundleFile);
  } catch (err) {
    console.error(`${bundleFile} cannot be read (${err.code ?? err.message}): run npm run build first`);
    process.exit(1);
  }
  const key = keyOf(bundle);
  const cache = writeCache ? { why: 'writing it' } : readCache(key);
  // The build writes the bundle as ASCII only: latin1 is then the same text, decoded without UTF-8 work.
  const source = isAscii(bundle) ? bundle.toString('latin1') : bundle.toString('utf8');
  bundle = undefined;
  const script = new vm.Script(Module.wrap(source), {
    filename: bundleFile,
    cachedData: cache.data,
    // import() inside the bundle (if any library uses it) behaves as in a module Node loads itself.
    importModuleDynamically: vm.constants?.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  });
  if (!writeCache && (!cache.data || script.cachedDataRejected)) {
    const why = cache.data ? `V8 turned it down: it was made with node ${cache.flags.join(' ') || '(no flags)'}, this is node ${process.execArgv.join(' ') || '(no flags)'}; npm run serve gives the right ones` : cache.why;
    console.error(`samverkan: compiling ${path.basename(bundleFile)} without V8 code cache (${why}); start-up is slower`);
  }
  const exports = {};
  const bundleModule = { exports, filename: bundleFile, id: bundleFile, loaded: false };
  script.runInThisContext().call(exports, exports, Module.createRequire(bundleFile), bundleModule, bundleFile, __dirname);
  bundleModule.loaded = true;
  if (writeCache) {
    // After the bundle ran its module code: the cache then also holds the functions that ran at load.
    const data = script.createCachedData();
    writeFileSync(`${cacheFile}.tmp`, data);
    renameSync(`${cacheFile}.tmp`, cacheFile);
    writeFileSync(cacheKeyFile, `${JSON.stringify({ ...key, nodeFlags: process.execArgv }, null, 2)}\n`);
  }
  return bundleModule.exports;
}

// pino runs transports (LOG_FORMAT=pretty) in a worker thread from a file next to its own source;
// in the bundle that is this directory, so point it at the installed packages (absent: no pretty logs).
try {
  globalThis.__bundlerPathsOverrides = {
    'thread-stream-worker': require.resolve('thread-stream/lib/worker.js'),
    'pino-worker': require.resolve('pino/lib/worker.js'),
  };
} catch {
  // Not installed beside dist/: JSON logs (the default) need neither.
}

if (process.argv.includes('--write-code-cache')) {
  load(true);
  process.exit(0);
} else {
  void load(false).main();
}
