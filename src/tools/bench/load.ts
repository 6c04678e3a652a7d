import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';

/** Latency figures of one measured run, in milliseconds; throughput in requests per second. */
export interface RunStats {
  senders: number;
  requests: number;
  ok: number;
  /** Answers that did not say "Registrerat" (not recorded) or were not HTTP 200. */
  notRecorded: number;
  p50: number;
  p99: number;
  mean: number;
  max: number;
  rps: number;
  seconds: number;
}

/** One request a sender makes: the activity to post. */
export type NextActivity = (sender: number, seq: number) => Record<string, unknown>;

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length) - 1;
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank))]!;
}

const r1 = (x: number) => Math.round(x * 10) / 10;

export class Client {
  private readonly agent: Agent;

  constructor(
    readonly port: number,
    maxSockets = 128,
  ) {
    this.agent = new Agent({ keepAlive: true, maxSockets });
  }

  post(body: string): Promise<{ status: number; text: string }> {
    return new Promise((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port: this.port,
          path: '/api/messages',
          method: 'POST',
          agent: this.agent,
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
        },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (c: string) => (text += c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
          res.on('error', reject);
        },
      );
      req.setTimeout(600_000, () => req.destroy(new Error('request timed out')));
      req.on('error', reject);
      req.end(body);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

/**
 * A closed loop: `senders` concurrent senders, each posting its next activity as soon as the last
 * one is answered, until `requests` have been sent in all.
 */
export async function runLoad(client: Client, senders: number, requests: number, next: NextActivity): Promise<RunStats> {
  const latencies: number[] = [];
  let issued = 0;
  let ok = 0;
  let notRecorded = 0;
  const t0 = performance.now();
  const sender = async (s: number) => {
    let seq = 0;
    while (issued < requests) {
      issued++;
      const body = JSON.stringify(next(s, seq++));
      const t = performance.now();
      try {
        const res = await client.post(body);
        latencies.push(performance.now() - t);
        if (res.status === 200) ok++;
        if (res.status !== 200 || !res.text.includes('Registrerat')) notRecorded++;
      } catch {
        latencies.push(performance.now() - t);
        notRecorded++;
      }
    }
  };
  await Promise.all(Array.from({ length: senders }, (_, s) => sender(s)));
  const seconds = (performance.now() - t0) / 1000;
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    senders,
    requests: latencies.length,
    ok,
    notRecorded,
    p50: r1(percentile(sorted, 50)),
    p99: r1(percentile(sorted, 99)),
    mean: r1(sorted.reduce((a, b) => a + b, 0) / (sorted.length || 1)),
    max: r1(sorted.at(-1) ?? NaN),
    rps: r1(latencies.length / seconds),
    seconds: r1(seconds),
  };
}
