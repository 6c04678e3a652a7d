import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * The Bot Connector stand-in for the benchmark: a plain node:http server on loopback that accepts
 * every post and update the bot makes (POST/PUT /v3/conversations/…/activities) and only counts them.
 * Plain ServerResponse calls only: this process does not load restify, but keep it independent anyway.
 */
export class BenchConnector {
  posts = 0;
  puts = 0;
  other = 0;
  private server?: Server;
  private counter = 0;

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      drain(req).then(
        () => this.answer(req, res),
        () => reply(res, 400, ''),
      );
    });
    this.server.keepAliveTimeout = 30_000;
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}/`;
  }

  private answer(req: IncomingMessage, res: ServerResponse): void {
    const match = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/]+))?\/?$/.exec(req.url ?? '');
    if (match && req.method === 'POST') {
      this.posts++;
      reply(res, 200, JSON.stringify({ id: `bench-stub-${++this.counter}` }));
    } else if (match && req.method === 'PUT') {
      this.puts++;
      reply(res, 200, JSON.stringify({ id: decodeURIComponent(match[2] ?? '') }));
    } else {
      this.other++;
      reply(res, 200, '{}');
    }
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

function reply(res: ServerResponse, status: number, body: string): void {
  res.statusCode = status;
  if (body) res.setHeader('content-type', 'application/json');
  res.end(body);
}

function drain(req: IncomingMessage): Promise<void> {
  return new Promise((resolve, reject) => {
    req.on('data', () => undefined);
    req.on('end', () => resolve());
    req.on('error', reject);
  });
}
