import type { Logger } from '../log.js';

/** A job the features registered: run by the ticker every round, in the order given. */
export interface TickJob {
  name: string;
  run(): Promise<unknown>;
}

/**
 * Runs the jobs now and then every `seconds`, one round at a time (a round never overlaps the next),
 * each job in turn; a job that fails is logged and the others still run. Returns a stop function and
 * when the last full round ended (for /healthz).
 */
export function startTicker(jobs: readonly TickJob[], seconds: number, log: Logger): { stop: () => void; lastRun: () => Date | undefined; firstRun: Promise<void> } {
  let running = false;
  let lastRun: Date | undefined;
  const tick = async () => {
    if (running) return;
    running = true;
    let failed = false;
    try {
      for (const job of jobs) {
        try {
          await job.run();
        } catch (err) {
          failed = true;
          log.error({ job: job.name, err: (err as Error).message }, 'scheduled job failed; will try again');
        }
      }
      if (!failed) lastRun = new Date();
    } finally {
      running = false;
    }
  };
  // Never rejects: a failed job is logged above.
  const firstRun = tick();
  const timer = setInterval(() => void tick(), seconds * 1000);
  timer.unref();
  return { stop: () => clearInterval(timer), lastRun: () => lastRun, firstRun };
}
