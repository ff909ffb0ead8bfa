import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckResult, HealthCheckService, HealthIndicatorService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { QueueRegistry } from '@sesame/jobs';
import { Public } from '../auth/auth.decorators';

/** Liveness and readiness for load balancers: PostgreSQL and Redis must both answer. */
@ApiTags('operations')
@Controller('health')
@Public()
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly indicators: HealthIndicatorService,
    private readonly queues: QueueRegistry,
  ) {}

  @Get()
  @HealthCheck()
  check(): Promise<HealthCheckResult> {
    return this.health.check([
      () => this.database.pingCheck('database').withTimeout(2000),
      () =>
        this.indicators
          .check('redis')
          .attempt(async () => {
            const pong = await this.queues.redis().ping();
            if (pong !== 'PONG') throw new Error('unexpected PING answer');
          })
          .withTimeout(2000),
    ]);
  }
}
