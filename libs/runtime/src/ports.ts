import * as net from 'node:net';

/** A port the product needs is already taken by another program. */
export class PortInUseError extends Error {
  constructor(
    public readonly port: number,
    public readonly purpose: string,
    public readonly variable: string,
  ) {
    super(
      `Port ${port} (${purpose}) is already in use by another program. Stop that program, or choose another port with ${variable}=<port>.`,
    );
    this.name = 'PortInUseError';
  }
}

/** True when nothing listens on host:port and we may bind it. */
export function isPortFree(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

export async function assertPortFree(
  port: number,
  purpose: string,
  variable: string,
  host = '127.0.0.1',
): Promise<void> {
  if (!(await isPortFree(port, host))) throw new PortInUseError(port, purpose, variable);
}

/** A port the operating system reports free right now. */
export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    server.listen({ port: 0, host }, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Resolves when host:port accepts a TCP connection, or rejects after timeoutMs. */
export async function waitForPort(port: number, host = '127.0.0.1', timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect({ port, host });
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    if (Date.now() > deadline) throw new Error(`Nothing listens on ${host}:${port} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
