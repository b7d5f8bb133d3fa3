import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A real HTTP server on 127.0.0.1 for a test, recording every request URL. */
export interface Loopback {
  baseUrl: string;
  /** Path and query of each request received, in order. */
  requests: string[];
  /** Request headers, in order. */
  headers: IncomingMessage['headers'][];
  close(): Promise<void>;
}

/** Starts a loopback server answering with `handle`. */
export async function startLoopback(
  handle: (url: URL, response: ServerResponse, request: IncomingMessage) => void,
): Promise<Loopback> {
  const requests: string[] = [];
  const headers: IncomingMessage['headers'][] = [];
  const server = createServer((request, response) => {
    requests.push(request.url ?? '');
    headers.push(request.headers);
    handle(new URL(request.url ?? '/', 'http://127.0.0.1'), response, request);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    headers,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Sends `body` as JSON with `status` and extra headers. */
export function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  response.writeHead(status, { 'content-type': 'application/json', ...headers });
  response.end(typeof body === 'string' ? body : JSON.stringify(body));
}
