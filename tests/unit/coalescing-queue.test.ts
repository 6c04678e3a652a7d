import { describe, expect, it } from 'vitest';
import { CoalescingQueue } from '../../src/features/kit/views.js';

/** A job that records what it saw and when, and can be held open until released. */
function recorder(state: { value: number }, hold?: () => Promise<void>) {
  const runs: { saw: number; startedAt: number }[] = [];
  const job = async () => {
    runs.push({ saw: state.value, startedAt: performance.now() });
    if (hold) await hold();
  };
  return { runs, job };
}

function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

describe('CoalescingQueue (card refreshes)', () => {
  it('requests made before a run starts share that run', async () => {
    const state = { value: 0 };
    const { runs, job } = recorder(state);
    const queue = new CoalescingQueue(job, 0);
    const requests = [1, 2, 3, 4, 5].map((v) => {
      state.value = v;
      return queue.request();
    });
    await Promise.all(requests);
    expect(runs.map((r) => r.saw)).toEqual([5]);
  });

  it('requests during a run get exactly one more run, which sees the newest state', async () => {
    const state = { value: 0 };
    const first = gate();
    let held = false;
    const { runs, job } = recorder(state, () => (held ? Promise.resolve() : ((held = true), first.opened)));
    const queue = new CoalescingQueue(job, 0);
    const running = queue.request();
    await new Promise((r) => setTimeout(r, 5));
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
    const { runs, job } = recorder(state);
    const queue = new CoalescingQueue(job, 80);
    const t0 = performance.now();
    await queue.request();
    expect(runs[0]!.startedAt - t0).toBeLessThan(40);
    state.value = 1;
    const second = queue.request();
    state.value = 2;
    const third = queue.request();
    await Promise.all([second, third]);
    expect(runs.map((r) => r.saw)).toEqual([0, 2]);
    // Timers may fire a millisecond early against performance.now().
    expect(runs[1]!.startedAt - runs[0]!.startedAt).toBeGreaterThanOrEqual(78);
  });

  it('a failed run is reported to its callers and does not stop the next one', async () => {
    let calls = 0;
    const queue = new CoalescingQueue(async () => {
      calls++;
      if (calls === 1) throw new Error('connector down');
    }, 0);
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
    const first = gate();
    let calls = 0;
    const queue = new CoalescingQueue(async () => {
      calls++;
      if (calls === 1) {
        await first.opened;
        throw new Error('connector down');
      }
    }, 0);
    const failing = queue.request();
    await new Promise((r) => setTimeout(r, 5));
    const during = queue.request();
    first.open();
    await expect(failing).rejects.toThrow('connector down');
    await expect(during).resolves.toBeUndefined();
    expect(calls).toBe(2);
  });
});

describe('CoalescingQueue spreads the later runs of a burst', () => {
  it('a later run waits up to half a spacing more, at random; the first of a quiet spell never waits', async () => {
    const starts: number[] = [];
    const queue = new CoalescingQueue(async () => void starts.push(performance.now()), 60, undefined, () => 1);
    const t0 = performance.now();
    await queue.request();
    expect(starts[0]! - t0).toBeLessThan(40);
    await queue.request();
    // 60 ms spacing + 30 ms (half a spacing, the random draw at its top).
    expect(starts[1]! - starts[0]!).toBeGreaterThanOrEqual(88);
  });
});
