import { BadGatewayException, GatewayTimeoutException, HttpException, Inject, Provider } from '@nestjs/common';
import { DownstreamError, JsonAnswer, JsonHttpClient } from './json-http-client';

/** Injection token of the {@link JsonHttpClient} to the next process of the chain. */
export const NEXT_HOP = Symbol('NEXT_HOP');

export const InjectNextHop = (): ParameterDecorator => Inject(NEXT_HOP);

export function nextHopProvider(baseUrl: string | undefined, timeoutMs: number): Provider {
  if (baseUrl === undefined) throw new Error('this role calls a next hop but no URL was configured');
  return { provide: NEXT_HOP, useFactory: () => new JsonHttpClient(baseUrl, timeoutMs) };
}

/**
 * Posts to the next hop and returns its body when it answered `expected`. Anything else becomes the answer a
 * synchronous caller gets when a service behind it fails: 504 when it gave no answer in time, 502 otherwise
 * (with its code, so the client sees which hop failed).
 */
export async function callNextHop(client: JsonHttpClient, path: string, body: unknown, correlationId: string, expected = 201): Promise<unknown> {
  let answer: JsonAnswer;
  try {
    answer = await client.post(path, body, correlationId);
  } catch (error) {
    if (error instanceof DownstreamError && error.kind === 'timeout') {
      throw new GatewayTimeoutException({ message: error.message, code: 'SYNC.DOWNSTREAM_TIMEOUT' });
    }
    throw new BadGatewayException({ message: error instanceof Error ? error.message : String(error), code: 'SYNC.DOWNSTREAM_UNREACHABLE' });
  }
  if (answer.status === expected) return answer.body;
  const code = (answer.body as { code?: unknown } | undefined)?.code;
  const status = answer.status === 503 || answer.status === 504 ? answer.status : 502;
  throw new HttpException({ message: `${path} answered ${answer.status}`, code: typeof code === 'string' ? code : 'SYNC.DOWNSTREAM_FAILED' }, status);
}
