import { describe, expect, it } from 'vitest';
import { CoalescingQueue } from '../../src/features/kit/views.js';
import { ManualTimer } from '../fixtures/manual-timer.js';

/** A job that records what it saw and when (on `now`), and can be held open until released. */
function recorder(state: { value: number }, now: () => number, hold?: () => Promise<void>) {
  const runs: { saw: number; startedAt: number }[] = [];
  const job = async () => {
    runs.push({ saw: state.value, startedAt: now() });
    if (hold) await hold();
  };
  return { runs, job };
}

function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

/** Settles with the request, or fails if the queue asks to wait first: the manual timer would never wake it. */
function atOnce(request: Promise<void>, timer: ManualTimer): Promise<void> {
  return Promise.race([request, timer.asleep().then(() => Promise.reject(new Error('the run waited before it started')))]);
}

describe('CoalescingQueue (card refreshes)', () => {
  it('requests made before a run starts share that run', async () => {
    const state = { value: 0 };
    const timer = new ManualTimer();
    const { runs, job } = recorder(state, timer.now);
    const queue = new CoalescingQueue(job, 0, timer.now, Math.random, timer.sleep);
    const requests = [1, 2, 3, 4, 5].map((v) => {
      state.value = v;
      return queue.request();
    });
    await Promise.all(requests);
    expect(runs.map((r) => r.saw)).toEqual([5]);
  });

  it('requests during a run get exactly one more run, which sees the newest state', async () => {
    const state = { value: 0 };
    const timer = new ManualTimer();
    const started = gate();
    const first = gate();
    let held = false;
    const { runs, job } = recorder(state, timer.now, () => (held ? Promise.resolve() : ((held = true), started.open(), first.opened)));
    const queue = new CoalescingQueue(job, 0, timer.now, Math.random, timer.sleep);
    const running = queue.request();
    await started.opened;
    expect(runs).toHaveLength(1);
    const during = [1, 2, 3].map((v) => {
      state.value = v;
      return queue.request();
    });
    first.open();
    await Promise.all([running, ...during]);
    expect(runs.map((r) => r.saw)).toEqual([0, 3]);
  });

  it('starts runs at least the spacing apart; the first of a quiet spell runs at once', async () => {
    const state = { value: 0 };
    const timer = new ManualTimer();
    const { runs, job } = recorder(state, timer.now);
    // The random extra wait at its bottom: the runs are exactly the spacing apart, no more.
    const queue = new CoalescingQueue(job, 80, timer.now, () => 0, timer.sleep);
    await atOnce(queue.request(), timer);
    expect(runs[0]!.startedAt).toBe(0);
    state.value = 1;
    const second = queue.request();
    state.value = 2;
    const third = queue.request();
    await timer.asleep();
    expect(runs).toHaveLength(1);
    expect(timer.advanceToNext()).toBe(80);
    await Promise.all([second, third]);
    expect(runs.map((r) => r.saw)).toEqual([0, 2]);
    expect(runs[1]!.startedAt - runs[0]!.startedAt).toBe(80);
    expect(timer.sleeping).toBe(0);
  });

  it('a failed run is reported to its callers and does not stop the next one', async () => {
    let calls = 0;
    const timer = new ManualTimer();
    const queue = new CoalescingQueue(
      async () => {
        calls++;
        if (calls === 1) throw new Error('connector down');
      },
      0,
      timer.now,
      Math.random,
      timer.sleep,
    );
    const failed = queue.request();
    const sharing = queue.request();
    await expect(failed).rejects.toThrow('connector down');
    await expect(sharing).rejects.toThrow('connector down');
    await expect(queue.request()).resolves.toBeUndefined();
    expect(calls).toBe(2);
  });
});

describe('CoalescingQueue after a failure mid-run', () => {
  it('a request made while a run fails still gets its own run', async () => {
    const started = gate();
    const first = gate();
    const timer = new ManualTimer();
    let calls = 0;
    const queue = new CoalescingQueue(
      async () => {
        calls++;
        if (calls === 1) {
          started.open();
          await first.opened;
          throw new Error('connector down');
        }
      },
      0,
      timer.now,
      Math.random,
      timer.sleep,
    );
    const failing = queue.request();
    await started.opened;
    const during = queue.request();
    first.open();
    await expect(failing).rejects.toThrow('connector down');
    await expect(during).resolves.toBeUndefined();
    expect(calls).toBe(2);
  });
});

describe('CoalescingQueue spreads the later runs of a burst', () => {
  it('a later run waits up to half a spacing more, at random; the first of a quiet spell never waits', async () => {
    const timer = new ManualTimer();
    const starts: number[] = [];
    const queue = new CoalescingQueue(async () => void starts.push(timer.now()), 60, timer.now, () => 1, timer.sleep);
    await atOnce(queue.request(), timer);
    expect(starts).toEqual([0]);
    const later = queue.request();
    await timer.asleep();
    expect(starts).toHaveLength(1);
    // 60 ms spacing + 30 ms (half a spacing, the random draw at its top).
    expect(timer.advanceToNext()).toBe(90);
    await later;
    expect(starts).toEqual([0, 90]);
  });
});
