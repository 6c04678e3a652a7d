#!/usr/bin/env node
// `npm run build`: the production build that `npm run serve` runs.
//
//   dist/samverkan.cjs            src/main.ts and everything it imports (our code and the libraries) as one
//                                 CommonJS file, ASCII only, whitespace and syntax minified
//   dist/samverkan.cjs.map        its source map (stack-trace positions → src/… and node_modules/…)
//   dist/samverkan.cjs.LEGAL.txt  the libraries' licence comments
//   dist/main.cjs                 the start file (a copy of src/tools/serve.cjs)
//   dist/samverkan.cjs.codecache  V8's compiled code of the bundle, for this Node.js and the node flags
//                                 of `npm run serve` (+ .json: for what)
//   dist/meta.json                esbuild's metafile: what is in the bundle (--analyze prints a summary)
//
// Why: Node 20 spent most of the bot's start resolving, reading and compiling ~1 400 separate CommonJS
// files of teams-ai, botbuilder and restify. One file with a code cache does that work once, at build.
//
// Not identifier-mangled on purpose: V8 needed twice the parser memory (≈45 MB instead of ≈22 MB of
// malloc that the process keeps) for the mangled file, for 20 % fewer bytes; names also stay readable in
// stack traces. `npm run build` type-checks first (tsc -p tsconfig.build.json); this script only transpiles.
// Reproducible: the same sources and node_modules give the same samverkan.cjs (no timestamps, paths
// relative to the repository); the code cache belongs to the Node.js binary that made it and is checked
// against the bundle's SHA-256 when loaded (src/tools/serve.cjs).
//
//   node src/tools/build.mjs                  build dist/
//   node src/tools/build.mjs --outdir <dir>   build elsewhere (the benchmark does)
//   node src/tools/build.mjs --analyze        also print what takes room in the bundle, by package
//   node src/tools/build.mjs --no-code-cache  skip the code cache (dist/main.cjs then compiles at each start)
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { copyFile, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * `require(specifier)` calls in library files that load their module on first use instead of at start.
 * The code stays in the bundle and works the same when it is used; it is just not run (nor its own
 * imports) while nothing needs it. A call qualifies only if its result is used solely as `x.name`
 * inside functions that Samverkan's use of the library does not reach at start; the build fails if a
 * listed call is no longer in the library (an update changed it: look again).
 * `esModule`: the importer wraps the call in TypeScript's __importDefault, which asks for `__esModule`
 * at once; the answer is given without loading, and checked here against the real module.
 */
const LAZY = [
  // teams-ai's Application requires its AI system (planners, OpenAI/Azure models, tokenizers, prompts)
  // and its sign-in support at the top, but uses them only when created with the `ai` or
  // `authentication` option, which Samverkan does not pass (src/teams/app.ts).
  { importer: '@microsoft/teams-ai/lib/Application.js', specifier: './AI' },
  { importer: '@microsoft/teams-ai/lib/Application.js', specifier: './authentication/Authentication' },
  // Application.run calls userInSignInFlow() & co. from this file on every turn; those read turn state
  // only. botbuilder-dialogs (with the text recognizers of every language) and AuthError are used in
  // the sign-in classes' methods.
  { importer: '@microsoft/teams-ai/lib/authentication/BotAuthenticationBase.js', specifier: 'botbuilder-dialogs' },
  { importer: '@microsoft/teams-ai/lib/authentication/BotAuthenticationBase.js', specifier: './Authentication' },
  // axios, for the skill (bot-to-bot) clients only; loading it probes fetch and web streams (≈50 ms).
  { importer: 'botframework-connector/lib/auth/botFrameworkClientImpl.js', specifier: 'axios', esModule: false },
  { importer: 'botbuilder/lib/botFrameworkHttpClient.js', specifier: 'axios', esModule: false },
];

/** A module whose exports are the real module's, loaded when one of them is first looked at. */
const lazyModule = (real, rule) => `
let real;
const load = () => (real ??= require(${JSON.stringify(real)}));
module.exports = new Proxy({}, {
  get: (_, key) => {${rule.esModule === undefined ? '' : ` if (key === '__esModule') return ${rule.esModule};`}
    return load()[key];
  },
  has: (_, key) => key in load(),
  ownKeys: () => Reflect.ownKeys(load()),
  getOwnPropertyDescriptor: (_, key) => {
    const d = Object.getOwnPropertyDescriptor(load(), key);
    return d && { ...d, configurable: true };
  },
});
`;

/** @type {import('esbuild').Plugin} */
const lazyRequires = {
  name: 'lazy-requires',
  setup(b) {
    const used = new Set();
    const specifiers = new Set(LAZY.map((l) => l.specifier));
    b.onResolve({ filter: /^(\.\.?\/|[a-z@])/ }, async (args) => {
      if (args.kind !== 'require-call' || !specifiers.has(args.path) || args.namespace !== 'file') return undefined;
      const file = args.importer.split(path.sep).join('/');
      const rel = file.slice(file.lastIndexOf('/node_modules/') + '/node_modules/'.length);
      const rule = LAZY.find((l) => l.importer === rel && l.specifier === args.path);
      if (!rule) return undefined;
      const resolved = await b.resolve(args.path, { kind: 'require-call', resolveDir: args.resolveDir, importer: args.importer });
      if (resolved.errors.length) return { errors: resolved.errors };
      if (rule.esModule !== undefined) {
        const actual = Boolean(createRequire(args.importer)(resolved.path).__esModule);
        if (actual !== rule.esModule) return { errors: [{ text: `lazy require(${JSON.stringify(rule.specifier)}) in ${rule.importer}: __esModule is ${actual}, LAZY says ${rule.esModule}` }] };
      }
      used.add(rule);
      return { path: resolved.path, namespace: 'lazy', pluginData: rule };
    });
    b.onLoad({ filter: /.*/, namespace: 'lazy' }, (args) => ({ contents: lazyModule(args.path, args.pluginData), loader: 'js', resolveDir: path.dirname(args.path) }));
    b.onEnd((result) => {
      if (result.errors.length) return;
      const missing = LAZY.filter((l) => !used.has(l));
      if (missing.length)
        return { errors: missing.map((l) => ({ text: `lazy require not found: require(${JSON.stringify(l.specifier)}) in ${l.importer} (library changed? update LAZY in src/tools/build.mjs)` })) };
    });
  },
};

/**
 * esbuild writes strings as ASCII but leaves some characters in regular-expression literals as they
 * are (e.g. /０/ in the Microsoft text recognizers). One such character makes V8 hold the whole
 * bundle's source as a two-byte string: twice the memory, for as long as the process lives. A \uXXXX
 * escape means the same character in a regular expression, a string or an identifier, so every
 * non-ASCII UTF-16 unit is written as one (an identity escape before it, `\é`, is dropped).
 */
async function asciiOnly(file) {
  const text = await readFile(file, 'utf8');
  // eslint-disable-next-line no-control-regex
  const ascii = text.replace(/(\\*)([^\x00-\x7f])/g, (_, slashes, c) => {
    const kept = slashes.length % 2 === 1 ? slashes.slice(1) : slashes;
    return `${kept}\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
  if (ascii !== text) await writeFile(file, ascii);
}

/** Bytes in the bundle by package, split into what runs at start and what only the lazy requires reach. */
function analyze(metafile, outfile) {
  const { inputs } = metafile;
  const eager = new Set();
  const stack = Object.entries(inputs)
    .filter(([file]) => file === 'src/main.ts')
    .map(([file]) => file);
  while (stack.length) {
    const file = stack.pop();
    if (eager.has(file)) continue;
    eager.add(file);
    for (const i of inputs[file]?.imports ?? []) if (!i.path.startsWith('lazy:') && inputs[i.path]) stack.push(i.path);
  }
  const rows = new Map();
  for (const [file, { bytesInOutput }] of Object.entries(metafile.outputs[outfile].inputs)) {
    const key = /node_modules\/((@[^/]+\/)?[^/]+)/.exec(file)?.[1] ?? '(samverkan)';
    const row = rows.get(key) ?? { eager: 0, lazy: 0 };
    row[eager.has(file) ? 'eager' : 'lazy'] += bytesInOutput;
    rows.set(key, row);
  }
  const kb = (n) => String(Math.round(n / 1024)).padStart(7);
  const total = [...rows.values()].reduce((s, r) => ({ eager: s.eager + r.eager, lazy: s.lazy + r.lazy }), { eager: 0, lazy: 0 });
  console.log(`${'at start kB'.padStart(11)}  ${'lazy kB'.padStart(7)}  package`);
  for (const [key, r] of [...rows].sort((a, b) => b[1].eager + b[1].lazy - (a[1].eager + a[1].lazy)).slice(0, 30)) console.log(`${kb(r.eager).padStart(11)}  ${kb(r.lazy)}  ${key}`);
  console.log(`${kb(total.eager).padStart(11)}  ${kb(total.lazy)}  (total)`);
}

/**
 * The Node.js flags `npm run serve` starts the bot with (package.json). V8 accepts a code cache only
 * from a process with the same V8 flags, so the cache is written by a process started with them.
 */
async function serveNodeFlags() {
  const { scripts } = JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8'));
  const words = String(scripts?.serve ?? '').trim().split(/\s+/);
  if (words[0] !== 'node') throw new Error(`package.json "serve" should run node: ${scripts?.serve}`);
  const flags = [];
  for (const word of words.slice(1)) {
    if (!word.startsWith('-')) break;
    flags.push(word);
  }
  return flags;
}

function option(name) {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main() {
  const outdir = path.resolve(root, option('outdir') ?? 'dist');
  const outfile = path.join(outdir, 'samverkan.cjs');
  await rm(outdir, { recursive: true, force: true });
  await mkdir(outdir, { recursive: true });
  const result = await build({
    absWorkingDir: root,
    entryPoints: ['src/main.ts'],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node24',
    minifyWhitespace: true,
    minifySyntax: true,
    // Function and class names stay as written even where the bundle renames a clashing one: they
    // appear in logs and errors, and some libraries read them.
    keepNames: true,
    sourcemap: 'linked',
    sourcesContent: false,
    legalComments: 'linked',
    metafile: true,
    logLevel: 'warning',
    // restify's optional DTrace probes: a native module, loaded in a try/catch, absent on most hosts.
    external: ['dtrace-provider'],
    // whatwg-url and tr46 (node-fetch, for botframework-connector) require Node's own `punycode`.
    // Node 22+ warns (DEP0040) when code outside node_modules does, and the bundle is outside: the
    // same code from the npm package instead, which is what Node's deprecation notice recommends.
    alias: { punycode: 'punycode/punycode.js' },
    plugins: [lazyRequires],
  });
  await asciiOnly(outfile);
  await writeFile(path.join(outdir, 'meta.json'), JSON.stringify(result.metafile));
  await copyFile(path.join(root, 'src/tools/serve.cjs'), path.join(outdir, 'main.cjs'));
  const rel = path.relative(root, outfile).split(path.sep).join('/');
  const bytes = result.metafile.outputs[rel].bytes;
  console.log(`${rel}: ${(bytes / 1048576).toFixed(1)} MB from ${Object.keys(result.metafile.inputs).length} files`);
  if (!process.argv.includes('--no-code-cache')) {
    // The start file loads the bundle once (without starting the bot) and writes V8's code cache.
    const flags = await serveNodeFlags();
    execFileSync(process.execPath, [...flags, path.join(outdir, 'main.cjs'), '--write-code-cache'], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
    console.log(`${path.relative(root, outdir)}/samverkan.cjs.codecache: for Node.js ${process.version}${flags.length ? ` ${flags.join(' ')}` : ''} (as npm run serve)`);
  }
  if (process.argv.includes('--analyze')) analyze(result.metafile, rel);
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
