import { Controller, Get, Header, Optional } from '@nestjs/common';
import { KafkaMetrics } from '@app/kafka';
import { ServiceMetrics } from './service-metrics';

/** `GET /metrics` in Prometheus text format: the app's registry plus the Kafka lib's when it keeps its own. */
@Controller('metrics')
export class MetricsController {
  constructor(
    private readonly metrics: ServiceMetrics,
    @Optional() private readonly kafkaMetrics?: KafkaMetrics,
  ) {}

  @Get()
  @Header('content-type', 'text/plain; version=0.0.4; charset=utf-8')
  async scrape(): Promise<string> {
    const own = await this.metrics.registry.metrics();
    const kafka = this.kafkaMetrics?.registry;
    if (kafka === undefined || kafka === this.metrics.registry) return own;
    return `${own}\n${await kafka.metrics()}`;
  }
}
