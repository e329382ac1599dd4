import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Admin, ConfigEntries, ConfigResourceTypes, ConfigSource } from 'kafkajs';
import { RunningBroker, startBroker } from '../src';
import { kafkaFor, uniqueName, useBroker } from './helpers';

async function rejectionType(promise: Promise<unknown>): Promise<string | undefined> {
  const err = (await promise.then(
    () => null,
    (e: unknown) => e,
  )) as { type?: string; cause?: { type?: string } } | null;
  return err?.type ?? err?.cause?.type;
}

async function topicConfigs(admin: Admin, topic: string, configNames?: string[], includeSynonyms = false): Promise<Map<string, ConfigEntries>> {
  const { resources } = await admin.describeConfigs({ includeSynonyms, resources: [{ type: ConfigResourceTypes.TOPIC, name: topic, configNames }] });
  return new Map(resources[0].configEntries.map((e) => [e.configName, e]));
}

describe('topic configs through kafkajs admin', () => {
  const broker = useBroker({ nodes: 2, defaultPartitions: 5 });
  let admin: Admin;

  beforeAll(async () => {
    admin = kafkaFor(broker()).admin();
    await admin.connect();
  });

  afterAll(() => admin.disconnect());

  it('describes every topic config, telling values set on the topic from defaults', async () => {
    const topic = uniqueName('cfg-describe');
    await admin.createTopics({ topics: [{ topic, configEntries: [{ name: 'retention.ms', value: '3600000' }] }] });
    const configs = await topicConfigs(admin, topic);
    expect([...configs.keys()].sort()).toEqual([
      'cleanup.policy',
      'compression.type',
      'max.message.bytes',
      'message.timestamp.type',
      'min.insync.replicas',
      'retention.bytes',
      'retention.ms',
      'segment.bytes',
    ]);
    expect(configs.get('retention.ms')).toMatchObject({
      configValue: '3600000',
      isDefault: false,
      configSource: ConfigSource.TOPIC_CONFIG,
      readOnly: false,
      isSensitive: false,
    });
    expect(configs.get('cleanup.policy')).toMatchObject({ configValue: 'delete', isDefault: true, configSource: ConfigSource.DEFAULT_CONFIG });
    expect(configs.get('retention.ms')!.configSynonyms).toEqual([]);
  });

  it('filters by config name and lists synonyms when asked', async () => {
    const topic = uniqueName('cfg-filter');
    await admin.createTopics({ topics: [{ topic, configEntries: [{ name: 'retention.ms', value: '60000' }] }] });
    const configs = await topicConfigs(admin, topic, ['retention.ms', 'segment.bytes', 'no.such.config'], true);
    expect([...configs.keys()].sort()).toEqual(['retention.ms', 'segment.bytes']);
    expect(configs.get('retention.ms')!.configSynonyms).toEqual([
      { configName: 'retention.ms', configValue: '60000', configSource: ConfigSource.TOPIC_CONFIG },
      { configName: 'log.retention.ms', configValue: '604800000', configSource: ConfigSource.DEFAULT_CONFIG },
    ]);
    expect(configs.get('segment.bytes')!.configSynonyms).toEqual([{ configName: 'log.segment.bytes', configValue: '1073741824', configSource: ConfigSource.DEFAULT_CONFIG }]);
  });

  it('replaces the whole config set with alterConfigs; validateOnly changes nothing', async () => {
    const topic = uniqueName('cfg-alter');
    await admin.createTopics({ topics: [{ topic, configEntries: [{ name: 'retention.ms', value: '1000' }] }] });
    const alter = (configEntries: { name: string; value: string }[], validateOnly = false) =>
      admin.alterConfigs({ validateOnly, resources: [{ type: ConfigResourceTypes.TOPIC, name: topic, configEntries }] });

    await alter([{ name: 'cleanup.policy', value: 'compact' }], true);
    expect((await topicConfigs(admin, topic)).get('cleanup.policy')!.configValue).toBe('delete');

    await alter([
      { name: 'cleanup.policy', value: 'compact' },
      { name: 'segment.bytes', value: '1048576' },
    ]);
    const configs = await topicConfigs(admin, topic);
    expect(configs.get('cleanup.policy')).toMatchObject({ configValue: 'compact', configSource: ConfigSource.TOPIC_CONFIG });
    expect(configs.get('segment.bytes')).toMatchObject({ configValue: '1048576', configSource: ConfigSource.TOPIC_CONFIG });
    // not incremental: retention.ms was left out, so it is back to the default
    expect(configs.get('retention.ms')).toMatchObject({ configValue: '604800000', isDefault: true });
  });

  it('refuses unknown configs, bad values and unknown topics', async () => {
    const topic = uniqueName('cfg-bad');
    await admin.createTopics({ topics: [{ topic }] });
    const alter = (name: string, configEntries: { name: string; value: string }[]) =>
      admin.alterConfigs({ validateOnly: false, resources: [{ type: ConfigResourceTypes.TOPIC, name, configEntries }] });
    expect(await rejectionType(alter(topic, [{ name: 'retention.minutes', value: '5' }]))).toBe('INVALID_CONFIG');
    expect(await rejectionType(alter(topic, [{ name: 'retention.ms', value: 'soon' }]))).toBe('INVALID_CONFIG');
    expect((await topicConfigs(admin, topic)).get('retention.ms')!.configValue).toBe('604800000');

    const impatient = kafkaFor(broker(), { retry: { retries: 0 } }).admin();
    await impatient.connect();
    try {
      const missing = uniqueName('cfg-missing');
      expect(await rejectionType(topicConfigs(impatient, missing))).toBe('UNKNOWN_TOPIC_OR_PARTITION');
      expect(await rejectionType(alter(missing, [{ name: 'retention.ms', value: '1' }]))).toBe('UNKNOWN_TOPIC_OR_PARTITION');
    } finally {
      await impatient.disconnect();
    }
  });

  it('describes each broker read-only, with the options it was started with', async () => {
    for (const node of broker().nodes) {
      const { resources } = await admin.describeConfigs({
        includeSynonyms: false,
        resources: [{ type: ConfigResourceTypes.BROKER, name: String(node.nodeId) }],
      });
      const configs = new Map(resources[0].configEntries.map((e) => [e.configName, e]));
      expect(configs.get('broker.id')!.configValue).toBe(String(node.nodeId));
      expect(configs.get('num.partitions')).toMatchObject({ configValue: '5', readOnly: true, configSource: ConfigSource.STATIC_BROKER_CONFIG });
      expect(configs.get('auto.create.topics.enable')).toMatchObject({ configValue: 'true', configSource: ConfigSource.DEFAULT_CONFIG });
      expect(configs.get('log.retention.ms')!.configValue).toBe('604800000');
      expect(configs.get('group.initial.rebalance.delay.ms')!.configValue).toBe('0');
      expect(configs.get('advertised.listeners')!.configValue).toBe(`PLAINTEXT://${node.host}:${node.port}`);
      expect([...configs.values()].every((e) => e.readOnly)).toBe(true);
    }
    const change = admin.alterConfigs({
      validateOnly: false,
      resources: [{ type: ConfigResourceTypes.BROKER, name: '0', configEntries: [{ name: 'num.partitions', value: '9' }] }],
    });
    expect(await rejectionType(change)).toBe('INVALID_REQUEST');
  });
});

describe('topic configs with a data directory', () => {
  it('keeps altered configs across a restart', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kafka-broker-configs-'));
    const topic = uniqueName('cfg-restart');
    const describeAfter = async (b: RunningBroker): Promise<Map<string, ConfigEntries>> => {
      const admin = kafkaFor(b).admin();
      await admin.connect();
      try {
        return await topicConfigs(admin, topic);
      } finally {
        await admin.disconnect();
      }
    };
    try {
      const first = await startBroker({ dataDir });
      const admin = kafkaFor(first).admin();
      await admin.connect();
      await admin.createTopics({ topics: [{ topic, configEntries: [{ name: 'retention.bytes', value: '1000' }] }] });
      await admin.alterConfigs({
        validateOnly: false,
        resources: [{ type: ConfigResourceTypes.TOPIC, name: topic, configEntries: [{ name: 'max.message.bytes', value: '2000' }] }],
      });
      await admin.disconnect();
      await first.close();

      const second = await startBroker({ dataDir });
      try {
        const configs = await describeAfter(second);
        expect(configs.get('max.message.bytes')).toMatchObject({ configValue: '2000', configSource: ConfigSource.TOPIC_CONFIG });
        expect(configs.get('retention.bytes')).toMatchObject({ configValue: '-1', isDefault: true });
      } finally {
        await second.close();
      }
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
