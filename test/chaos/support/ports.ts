import { createServer } from 'node:net';

/**
 * Throws unless `port` is free on 127.0.0.1. A scenario checks before it starts a process there: otherwise a
 * process of someone else's run on the same port (the suite run twice at once) answers the readiness probe,
 * and the scenario tests the wrong system.
 */
export async function assertPortFree(port: number, role: string): Promise<void> {
  const server = createServer();
  await new Promise<void>((resolveListen, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(new Error(`port ${port} for the ${role} is in use (${error.code}): is another test:chaos run going? (CHAOS_PORT_BASE moves this one)`)),
    );
    server.listen(port, '127.0.0.1', () => resolveListen());
  });
  await new Promise<void>((resolveClose) => server.close(() => resolveClose()));
}
