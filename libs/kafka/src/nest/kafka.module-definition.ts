import { ConfigurableModuleBuilder } from '@nestjs/common';
import type { KafkaModuleOptions } from '../options/kafka-module.options';

export const { ConfigurableModuleClass: ConfigurableKafkaModule, MODULE_OPTIONS_TOKEN: KAFKA_MODULE_OPTIONS } = new ConfigurableModuleBuilder<KafkaModuleOptions>()
  .setClassMethodName('forRoot')
  // Always global: one Kafka client per service, used by every feature module.
  .setExtras({}, (definition) => ({ ...definition, global: true }))
  .build();
