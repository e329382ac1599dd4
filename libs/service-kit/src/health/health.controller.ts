import { Controller, Get, HttpCode, Inject, OnApplicationShutdown, Optional, Res } from '@nestjs/common';
import { HealthCheckService, HealthIndicatorFunction, HealthIndicatorService } from '@nestjs/terminus';
import type { HealthCheckResult } from '@nestjs/terminus';
import { DATABASE, Database } from '@app/database';
import { KAFKA_OPTIONS, KafkaConsumers, ResolvedKafkaOptions } from '@app/kafka';
import { ResolvedServiceKitOptions, SERVICE_KIT_OPTIONS } from '../nest/service-kit.options';
import { KafkaProbe } from './kafka-probe';
import { withTimeout } from './with-timeout';

/**
 * `GET /health/live`: the process answers (restart it when not). `GET /health`: ready for traffic, i.e. the
 * database answers a ping, Kafka its metadata request, and every consumer group of the app is running and not
 * stalled (`consumers`, one entry per group); 503 with the failing part and its reason otherwise.
 */
@Controller('health')
export class HealthController implements OnApplicationShutdown {
  private readonly kafkaProbe: KafkaProbe | undefined;

  constructor(
    private readonly health: HealthCheckService,
    private readonly indicator: HealthIndicatorService,
    @Inject(SERVICE_KIT_OPTIONS) private readonly options: ResolvedServiceKitOptions,
    @Optional() @Inject(DATABASE) private readonly db?: Database,
    @Optional() @Inject(KAFKA_OPTIONS) kafkaOptions?: ResolvedKafkaOptions,
    @Optional() private readonly consumers?: KafkaConsumers,
  ) {
    this.kafkaProbe = kafkaOptions === undefined ? undefined : new KafkaProbe(kafkaOptions, options.healthTimeoutMs);
  }

  @Get('live')
  @HttpCode(200)
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get()
  async ready(@Res({ passthrough: true }) response: { status(code: number): unknown }): Promise<HealthCheckResult> {
    try {
      return await this.health.check(this.indicators());
    } catch (error) {
      // Terminus throws a 503 whose body is the full result; it is an answer, not a failure of ours.
      const result = (error as { getResponse?: () => unknown }).getResponse?.();
      if (result === undefined) throw error;
      response.status(503);
      return result as HealthCheckResult;
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.kafkaProbe?.close();
  }

  private indicators(): HealthIndicatorFunction[] {
    const checks: HealthIndicatorFunction[] = [];
    const timeoutMs = this.options.healthTimeoutMs;
    const db = this.db;
    if (db !== undefined) {
      checks.push(async () => {
        const session = this.indicator.check('database');
        try {
          await withTimeout(db.ping(), timeoutMs, 'database ping');
          return session.up({ engine: db.kind });
        } catch (error) {
          return session.down({ message: errorMessage(error) });
        }
      });
    }
    const probe = this.kafkaProbe;
    if (probe !== undefined) {
      checks.push(async () => {
        const session = this.indicator.check('kafka');
        try {
          return session.up(await probe.check());
        } catch (error) {
          return session.down({ message: errorMessage(error) });
        }
      });
    }
    const consumers = this.consumers;
    if (consumers !== undefined) {
      checks.push(() => {
        const groups = consumers.health();
        if (groups.length === 0) return this.indicator.check('consumers').up();
        const session = this.indicator.check('consumers');
        const details = { groups: groups.map(({ group, up, reason, lag }) => (reason === undefined ? { group, up, lag } : { group, up, reason, lag })) };
        const down = groups.filter((g) => !g.up);
        if (down.length === 0) return session.up(details);
        return session.down({ ...details, message: down.map((g) => `${g.group}: ${g.reason}`).join('; ') });
      });
    }
    return checks;
  }
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
