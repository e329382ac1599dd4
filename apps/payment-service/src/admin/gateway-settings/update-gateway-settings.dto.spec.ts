import { createValidationPipe, RequestValidationException } from '@app/service-kit';
import { UpdateGatewaySettingsDto } from './update-gateway-settings.dto';

async function faultyPaths(body: unknown): Promise<string[]> {
  try {
    await createValidationPipe().transform(body, { type: 'body', metatype: UpdateGatewaySettingsDto });
  } catch (error) {
    if (!(error instanceof RequestValidationException)) throw error;
    return error.fields.map((f) => f.path).sort();
  }
  return [];
}

describe('UpdateGatewaySettingsDto', () => {
  it('accepts any subset of the settings', async () => {
    expect(await faultyPaths({})).toEqual([]);
    expect(await faultyPaths({ bugMode: true })).toEqual([]);
    expect(await faultyPaths({ declineRate: 0.5, latencyMs: 0, latencyJitterMs: 10 })).toEqual([]);
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['a null rate', { declineRate: null }, 'declineRate'],
    ['a null bug switch', { bugMode: null }, 'bugMode'],
    ['a null latency', { latencyMs: null }, 'latencyMs'],
    ['a rate above 1', { transientFailureRate: 1.5 }, 'transientFailureRate'],
    ['a rate as text', { bugRate: '0.1' }, 'bugRate'],
    ['a fractional latency', { latencyJitterMs: 1.5 }, 'latencyJitterMs'],
  ])('rejects %s, naming the field', async (_what, body, path) => {
    expect(await faultyPaths(body)).toEqual([path]);
  });
});
