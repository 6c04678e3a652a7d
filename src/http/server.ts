import restify from 'restify';
import type { Application, TeamsAdapter, TurnState } from '@microsoft/teams-ai';
import type { Logger } from '../log.js';

export interface Health {
  ok: boolean;
  [key: string]: unknown;
}

/** The HTTP face: Bot Framework activities in, a health check for the operator. */
export function createServer(deps: {
  adapter: TeamsAdapter;
  app: Application<TurnState>;
  log: Logger;
  health: () => Health;
  routes?: (server: restify.Server) => void;
}): restify.Server {
  const server = restify.createServer({ name: 'samverkan', handleUncaughtExceptions: false });
  server.use(restify.plugins.bodyParser({ maxBodySize: 256 * 1024, mapParams: false }));

  server.post('/api/messages', async (req, res) => {
    try {
      await deps.adapter.process(req, res, async (context) => {
        await deps.app.run(context);
      });
    } catch (err) {
      deps.log.error({ err: (err as Error).message }, 'activity processing failed');
      if (!res.headersSent) res.send(500);
    }
  });

  server.get('/healthz', (_req, res, next) => {
    const health = deps.health();
    res.send(health.ok ? 200 : 503, health);
    return next();
  });

  deps.routes?.(server);
  return server;
}
