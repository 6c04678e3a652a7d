import { afterAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { loadPartnership, municipalities, type Partnership, type Person } from '../../src/config/partnership.js';
import { journalPathOf, readStoreFiles } from '../../src/store/store.js';
import { sv } from '../../src/i18n/sv.js';
import type { GeneratedStore } from '../../src/tools/bench/generate.js';
import { ConnectorStub } from '../fixtures/connector-stub.js';
import { ChildBot, CLOCK_START, openOnlyStore, PARTNERSHIP_FILE, personalMessage, press, recordedText, ROOT, type Reply } from '../fixtures/child-bot.js';

/**
 * Issue: "A full disk or a read-only store directory makes the write fail visibly: the user is told it
 * was not recorded, the process keeps serving, the store on disk stays the last good one."
 *
 * A real kernel failure, not a mock: the bot runs as a child process under a file-size limit
 * (RLIMIT_FSIZE, bash `ulimit -S -f`; Node ignores SIGXFSZ, so the write that would pass the limit
 * fails with EFBIG). The limit is sized from a measured vote so that the journal is full after a few
 * votes. Every vote here is the same social chief approving another open decision with an activity id
 * of the same length, so every journal entry has the same size and the failing vote is known exactly.
 *
 * Not covered here: a read-only store directory. The tests run as root, whom chmod does not stop; a
 * read-only mount (EROFS) needs mount privileges, and even then the kernel refuses to remount read-only
 * while the bot holds the journal open for writing. Permissions are checked when a file is opened, so a
 * directory made read-only while the bot runs stops only new files (snapshots), not journal appends.
 */

const run = promisify(execFile);
const STORE_FAILED = sv.storeFailed;

describe('a full disk (the kernel refuses to grow the journal: EFBIG)', () => {
  const stub = new ConnectorStub();
  let dir = '';
  let bot: ChildBot | undefined;

  afterAll(async () => {
    await bot?.kill();
    await stub.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('refuses votes visibly, keeps serving, and keeps exactly the confirmed votes on disk', { timeout: 180_000 }, async () => {
    const p: Partnership = await loadPartnership(join(ROOT, PARTNERSHIP_FILE));
    const serviceUrl = await stub.start();
    dir = await mkdtemp(join(tmpdir(), 'samverkan-full-'));
    const storeFile = join(dir, 'store.json');
    const journal = journalPathOf(storeFile);
    const gen: GeneratedStore = openOnlyStore(p, new Date(CLOCK_START), serviceUrl);
    await writeFile(storeFile, JSON.stringify(gen.data, null, 1));
    const snapshot = await readFile(storeFile);
    const journalBytes = async () => (await stat(journal).catch(() => ({ size: 0 }))).size;

    // Eksjö's chief has referred every open decision to the committee (or not voted): each approval is a new vote.
    const eksjo = municipalities(p)[1]!.id;
    const chief: Person = p.people.find((x) => x.member === eksjo && x.roles.includes('socialChief'))!;
    const decisions = gen.openDecisions.map((d) => d.id);
    let n = 0;
    const nextVote = () => {
      const id = `full-vote-${String(++n).padStart(2, '0')}`;
      const target = decisions[n - 1]!;
      return { id, target, body: press(p, serviceUrl, gen, { id, kind: 'vote', person: chief, target, position: 'approve' }) };
    };
    const recorded = recordedText(p, 'vote', eksjo, 'approve');
    const isRecorded = (r: Reply) => r.status === 200 && r.text.includes(recorded);
    const isRefused = (r: Reply) => r.status === 200 && r.text.includes(STORE_FAILED) && !r.text.includes('Registrerat');
    const confirmed: string[] = [];

    // 1. Without a limit: one vote, to measure what one vote adds to the journal.
    bot = await ChildBot.start({ storeFile });
    const before = await journalBytes();
    const first = nextVote();
    expect(isRecorded(await bot.post(first.body))).toBe(true);
    confirmed.push(first.id);
    const good = await journalBytes();
    const entry = good - before;
    expect(entry).toBeGreaterThan(100);
    expect(await bot.stop()).toEqual({ code: 0, signal: null });
    expect(await journalBytes()).toBe(good);

    // 2. Under a limit that leaves room for at least three more votes (the limit is in KiB).
    const limitKiB = Math.ceil((good + 3 * entry) / 1024);
    const room = Math.floor((limitKiB * 1024 - good) / entry);
    expect(room).toBeGreaterThanOrEqual(3);
    bot = await ChildBot.start({ storeFile, fileSizeLimitKiB: limitKiB });
    const limited = bot;
    const { stdout: limits } = await run('prlimit', ['--pid', String(limited.child.pid), '--fsize', '--raw', '--noheadings', '--output=SOFT']);
    expect(limits.trim(), 'RLIMIT_FSIZE of the bot process itself (soft limit, bytes)').toBe(String(limitKiB * 1024));

    for (let i = 0; i < room; i++) {
      const vote = nextVote();
      const reply = await limited.post(vote.body);
      expect(isRecorded(reply), `vote ${i + 1} of ${room} fits under the limit: ${reply.text.slice(0, 300)}`).toBe(true);
      confirmed.push(vote.id);
    }
    expect(await journalBytes()).toBe(good + room * entry);

    // The vote that does not fit: refused in Swedish, in the card the user gets back, not a 500.
    const refused = nextVote();
    const refusal = await limited.post(refused.body);
    expect(refusal.status).toBe(200);
    expect(isRefused(refusal), `the refusal: ${refusal.text.slice(0, 400)}`).toBe(true);
    // The bot's log (it reaches this process through a pipe, possibly after the answer) names the kernel's error.
    await expect
      .poll(() => limited.output.find((line) => line.includes('store write failed') && line.includes('EFBIG')), { timeout: 10_000, message: 'the kernel refused the write (EFBIG)' })
      .toBeDefined();
    const health = await limited.health();
    expect(health.status).toBe(503);
    expect(health.body).toMatchObject({ ok: false, storeWritable: false });

    // It keeps serving: a command that needs no write is answered as usual, in a chat the store knows and in
    // one it does not (keeping that conversation's reference is a write, and it fails too).
    stub.clear();
    const newChat = `a:personal-${chief.id}-second-device`;
    for (const [id, conversationId] of [['full-msg-01', `a:personal-${chief.id}`], ['full-msg-02', newChat]] as const) {
      const help = await limited.post(personalMessage(p, serviceUrl, chief, id, 'hjälp', conversationId));
      expect(help.status).toBe(200);
      // Not a sleep: the child bot posts its reply to the stub after answering; asked until it arrives.
      await expect.poll(() => JSON.stringify(stub.to(conversationId).map((s) => s.body)), { timeout: 10_000 }).toContain(sv.help.heading);
    }
    expect(JSON.stringify(stub.sent.map((s) => s.body))).not.toContain(STORE_FAILED);
    // The new chat's reference was tried (an error in the log names it) and is not on disk.
    // Not a sleep: the child bot's log line arrives on its stdout pipe; asked until it has, within a deadline.
    await expect.poll(() => limited.output.some((line) => line.includes('"level":50') && line.includes(newChat)), { timeout: 10_000 }).toBe(true);
    expect((await readStoreFiles(storeFile)).conversations.map((c) => c.id)).not.toContain(newChat);

    // Further votes, one at a time and several at once, and Teams re-delivering the refused one: the same refusal.
    const more = [nextVote(), nextVote(), nextVote()];
    for (const reply of [await limited.post(more[0]!.body), ...(await Promise.all(more.slice(1).map((v) => limited.post(v.body))))])
      expect(isRefused(reply), `a further vote: ${reply.text.slice(0, 300)}`).toBe(true);
    expect(isRefused(await limited.post(refused.body)), 'the refused vote re-delivered').toBe(true);
    expect(limited.alive).toBe(true);
    expect((await limited.health()).status).toBe(503);

    // On disk: the snapshot untouched, the journal whole lines only, exactly the confirmed votes.
    expect((await readFile(storeFile)).equals(snapshot)).toBe(true);
    const text = await readFile(journal, 'utf8');
    expect(Buffer.byteLength(text)).toBe(good + room * entry);
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(limitKiB * 1024);
    expect(text.endsWith('\n'), 'no partial line at the end of the journal').toBe(true);
    const lines = text.split('\n').slice(0, -1);
    expect(lines).toHaveLength(1 + room);
    for (const line of lines) expect(() => JSON.parse(line) as unknown).not.toThrow();
    const ours = async () => (await readStoreFiles(storeFile)).votes.filter((v) => v.activityId?.startsWith('full-')).map((v) => v.activityId);
    expect(await ours()).toEqual(confirmed);

    // 3. Room again (the soft limit lifted in the running process): the next write succeeds and health recovers.
    await run('prlimit', ['--pid', String(limited.child.pid), '--fsize=unlimited:']);
    const again = await limited.post(refused.body);
    expect(isRecorded(again), `the refused vote re-delivered once there is room: ${again.text.slice(0, 300)}`).toBe(true);
    confirmed.push(refused.id);
    expect(await limited.health()).toMatchObject({ status: 200, body: { storeWritable: true } });
    expect(await limited.stop()).toEqual({ code: 0, signal: null });

    const stored = await readStoreFiles(storeFile);
    expect(await ours()).toEqual(confirmed);
    expect(stored.votes).toHaveLength(gen.data.votes.length + confirmed.length);
    expect(stored.votes.slice(0, gen.data.votes.length)).toEqual(gen.data.votes);
    expect(stored.participation).toEqual(gen.data.participation);

    // 4. Restarted without any limit: it holds exactly the confirmed votes and records new ones. A vote refused
    // for the full disk and re-delivered now is new to it; a confirmed one re-delivered is not recorded again.
    bot = await ChildBot.start({ storeFile });
    expect(await bot.health()).toMatchObject({ status: 200, body: { storeWritable: true } });
    expect(isRecorded(await bot.post(more[0]!.body)), 'a vote refused before, re-delivered').toBe(true);
    confirmed.push(more[0]!.id);
    expect(isRecorded(await bot.post(first.body)), 'a confirmed vote re-delivered').toBe(true);
    const later = nextVote();
    expect(isRecorded(await bot.post(later.body)), 'a new vote').toBe(true);
    confirmed.push(later.id);
    expect(await bot.stop()).toEqual({ code: 0, signal: null });
    expect(await ours()).toEqual(confirmed);
    const all = (await readStoreFiles(storeFile)).votes.map((v) => v.activityId);
    for (const v of more.slice(1)) expect(all, 'a refused vote is not in the store').not.toContain(v.id);
    console.log(
      `disk-full test: a vote adds ${entry} bytes to the journal; limit ${limitKiB} KiB with the journal at ${good} bytes: ` +
        `${room} votes confirmed, then EFBIG and ${2 + more.length} refusals; recorded again once the limit was lifted and after a restart`,
    );
  });
});
