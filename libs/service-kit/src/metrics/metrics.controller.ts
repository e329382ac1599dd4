import { Controller, Get, Header, Optional } from '@nestjs/common';
import { KafkaMetrics } from '@app/kafka';
import type { Registry } from 'prom-client';
import { metricsText, offerMetricsToPrimary } from './cluster-metrics';
import { ServiceMetrics } from './service-metrics';

/**
 * `GET /metrics` in Prometheus text format: the app's registry plus the Kafka lib's when it keeps its own; in a
 * worker pool (WORKERS > 1), those of every worker, merged.
 */
@Controller('metrics')
export class MetricsController {
  constructor(
    private readonly metrics: ServiceMetrics,
    @Optional() private readonly kafkaMetrics?: KafkaMetrics,
  ) {
    offerMetricsToPrimary(this.registries());
  }

  @Get()
  @Header('content-type', 'text/plain; version=0.0.4; charset=utf-8')
  async scrape(): Promise<string> {
    return metricsText(this.registries());
  }

  private registries(): Registry[] {
    const kafka = this.kafkaMetrics?.registry;
    return kafka === undefined || kafka === this.metrics.registry ? [this.metrics.registry] : [this.metrics.registry, kafka];
  }
}
