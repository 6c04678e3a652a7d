#!/usr/bin/env node
// `npm start`: Samverkan on this machine, with Microsoft 365 Agents Playground as a local Teams client.
//
// 1. starts the bot (tsx src/main.ts; PORT 3978, STORE_FILE data/store.json,
//    PARTNERSHIP_FILE data/partnership.jonkoping.json unless set; no MicrosoftAppId = local mode),
// 2. waits for GET /healthz, then starts the Playground in the repo root so that it reads
//    .m365agentsplayground.yml (UI on http://localhost:56150, or a free port if that one is taken),
// 3. prints where to click, forwards Ctrl+C / SIGTERM to both and exits when either of them exits.
// Plain Node without packages (the packages are started from node_modules/.bin).
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const bin = (name) => path.join(root, 'node_modules', '.bin', name);
const PORT = Number(process.env.PORT || 3978);
const PLAYGROUND_PORT = 56150;
const HEALTH_TIMEOUT_MS = 90_000;
const playgroundLog = process.env.M365_AGENTS_PLAYGROUND_LOGFILE || path.join(root, 'devTools', 'm365agentsplayground.log');

const children = new Map(); // name -> ChildProcess
let stopping = false;

function say(message) {
  console.log(`[start] ${message}`);
}

function die(message, code = 1) {
  console.error(`[start] ${message}`);
  shutdown(code);
}

function checkSetup() {
  for (const tool of ['tsx', 'agentsplayground']) {
    if (!existsSync(bin(tool))) {
      console.error(`[start] ${bin(tool)} saknas / is missing. Kör / run: npm ci   (npm start does it in "prestart")`);
      process.exit(1);
    }
  }
  if (!existsSync(path.join(root, 'src', 'main.ts'))) {
    console.error('[start] src/main.ts saknas / is missing: the bot has no entry point yet.');
    process.exit(1);
  }
  if (!existsSync(path.join(root, '.m365agentsplayground.yml'))) {
    console.error('[start] .m365agentsplayground.yml saknas / is missing: the Playground needs it (users, team, channels).');
    process.exit(1);
  }
  const credentials = ['MicrosoftAppId', 'MicrosoftAppPassword', 'MicrosoftAppType', 'MicrosoftAppTenantId'].filter((k) => process.env[k] !== undefined);
  if (credentials.length) {
    say(`Varning / warning: ${credentials.join(', ')} is set. The Playground only works with a bot in local mode (none of them set, not even blank).`);
  }
}

function portFree(port) {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once('error', () => resolve(false));
    srv.listen({ port, exclusive: true }, () => srv.close(() => resolve(true)));
  });
}

function httpStatus(url) {
  return new Promise((resolve) => {
    const req = http.get(url, { timeout: 2000 }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(0));
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Start a child in its own process group (so that stopping it also stops what it started, e.g. tsx's node). */
function start(name, command, args, options) {
  const child = spawn(command, args, { cwd: root, detached: true, ...options });
  children.set(name, child);
  child.on('error', (err) => die(`${name} could not be started: ${err.message}`));
  child.on('exit', (code, signal) => {
    children.delete(name);
    if (stopping) {
      if (children.size === 0) process.exit(process.exitCode ?? 0);
      return;
    }
    const exitCode = code ?? 128 + (signalNumber(signal) ?? 1);
    console.error(`[start] ${name} avslutades / exited (${signal ? `signal ${signal}` : `code ${code}`}); stopping the rest.`);
    if (name === 'playground') printPlaygroundErrors();
    shutdown(exitCode);
  });
  return child;
}

function signalNumber(signal) {
  return { SIGHUP: 1, SIGINT: 2, SIGKILL: 9, SIGTERM: 15 }[signal];
}

function shutdown(code) {
  if (!stopping) {
    stopping = true;
    process.exitCode = code;
    for (const child of children.values()) kill(child, 'SIGTERM');
    // Whoever does not stop within 5 s is killed.
    setTimeout(() => {
      for (const child of children.values()) kill(child, 'SIGKILL');
      setTimeout(() => process.exit(code), 500).unref();
    }, 5000).unref();
  }
  if (children.size === 0) process.exit(code);
}

function kill(child, signal) {
  try {
    process.kill(-child.pid, signal); // the whole process group
  } catch {
    try {
      child.kill(signal);
    } catch {
      /* already gone */
    }
  }
}

let playgroundLogStart = 0;
function printPlaygroundErrors() {
  // The Playground writes its reasons (e.g. an invalid .m365agentsplayground.yml) only to its log file.
  try {
    const text = readFileSync(playgroundLog, 'utf8').slice(playgroundLogStart);
    const lines = text.split('\n').filter((l) => l.trim() && !l.startsWith('debug Telemetry'));
    if (lines.length) console.error(`[start] Playground log (${path.relative(root, playgroundLog)}):\n${lines.slice(-12).join('\n')}`);
  } catch {
    /* no log */
  }
}

async function main() {
  checkSetup();
  say(`Node.js ${process.version} (${process.execPath})`);
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(sig, () => {
      if (!stopping) say(`${sig}: stoppar / stopping bot and Playground …`);
      shutdown(0);
    });
  }

  if (!(await portFree(PORT))) {
    console.error(
      `[start] Port ${PORT} är upptagen / is in use (is Samverkan already running?). ` + `Stop that process or choose another port: PORT=${PORT + 1} npm start`,
    );
    process.exit(1);
  }

  // 1. the bot
  const env = {
    ...process.env,
    PORT: String(PORT),
    STORE_FILE: process.env.STORE_FILE || 'data/store.json',
    PARTNERSHIP_FILE: process.env.PARTNERSHIP_FILE || 'data/partnership.jonkoping.json',
    LOG_FORMAT: process.env.LOG_FORMAT || 'pretty',
  };
  say(`startar boten / starting the bot on port ${PORT} (STORE_FILE=${env.STORE_FILE}, PARTNERSHIP_FILE=${env.PARTNERSHIP_FILE})`);
  start('bot', bin('tsx'), ['src/main.ts'], { env, stdio: ['ignore', 'inherit', 'inherit'] });

  const started = Date.now();
  while ((await httpStatus(`http://127.0.0.1:${PORT}/healthz`)) !== 200) {
    if (stopping) return;
    if (Date.now() - started > HEALTH_TIMEOUT_MS) return die(`the bot did not answer GET http://127.0.0.1:${PORT}/healthz with 200 within ${HEALTH_TIMEOUT_MS / 1000} s`);
    await sleep(250);
  }
  say(`boten svarar / the bot is ready (${Date.now() - started} ms)`);

  // 2. the Playground
  const wantedFree = await portFree(PLAYGROUND_PORT);
  if (!wantedFree) {
    say(
      `OBS / NOTE: port ${PLAYGROUND_PORT} är upptagen / is taken (another Playground?). ` +
        'The Playground picks another free port; use the address printed below. The bot keeps running.',
    );
  }
  try {
    playgroundLogStart = existsSync(playgroundLog) ? statSync(playgroundLog).size : 0;
  } catch {
    playgroundLogStart = 0;
  }
  const pgEnv = { ...process.env };
  if (!pgEnv.TZ) pgEnv.TZ = 'Europe/Stockholm'; // becomes activity.localTimezone, like a Swedish Teams user
  // 127.0.0.1, not localhost: the bot listens on IPv4 loopback only, and localhost may resolve to ::1 first.
  const playground = start('playground', bin('agentsplayground'), ['start', '-e', `http://127.0.0.1:${PORT}/api/messages`, '-c', 'msteams', '--dt', '-p', String(PLAYGROUND_PORT)], {
    env: pgEnv,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let uiPort = 0;
  let buffered = '';
  playground.stdout.setEncoding('utf8');
  playground.stdout.on('data', (chunk) => {
    buffered += chunk;
    let nl;
    while ((nl = buffered.indexOf('\n')) >= 0) {
      const line = buffered.slice(0, nl);
      buffered = buffered.slice(nl + 1);
      const m = /Listening on (\d+)/.exec(line);
      if (m) uiPort = Number(m[1]);
      else if (line.trim()) console.log(`[playground] ${line}`);
    }
  });

  // Ready when it serves its config (it is read after "Listening on"; an invalid file makes it exit).
  const pgStarted = Date.now();
  for (;;) {
    if (stopping) return;
    if (uiPort && (await httpStatus(`http://127.0.0.1:${uiPort}/_internal/v1/config`)) === 200) break;
    if (Date.now() - pgStarted > 60_000) {
      printPlaygroundErrors();
      return die('the Playground did not become ready within 60 s');
    }
    await sleep(250);
  }

  const url = `http://localhost:${uiPort}`;
  const moved = uiPort !== PLAYGROUND_PORT ? `   (port ${PLAYGROUND_PORT} was taken)` : '';
  console.log(
    [
      '',
      '  ┌──────────────────────────────────────────────────────────────────────┐',
      '    Samverkan körs lokalt i Teams-testklienten (Agents Playground).',
      '    Samverkan is running locally in the Teams test client.',
      '',
      `    Öppna / Open:     ${url}${moved}`,
      `    Bot:              http://127.0.0.1:${PORT}/api/messages   data: ${env.STORE_FILE}`,
      '    Stoppa / Stop:    Ctrl+C',
      '  └──────────────────────────────────────────────────────────────────────┘',
      '',
    ].join('\n'),
  );
}

main().catch((err) => die(`start failed: ${err?.stack ?? err}`));
