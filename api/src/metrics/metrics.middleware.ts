import { Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { MetricsService } from './metrics.service';

/** Times every request; the label is the route template (never the raw path, which may hold ids). */
@Injectable()
export class MetricsMiddleware implements NestMiddleware {
  constructor(private readonly metrics: MetricsService) {}

  use(request: Request, response: Response, next: NextFunction): void {
    const end = this.metrics.httpDuration.startTimer();
    response.on('finish', () => {
      const route = request.route?.path ? `${request.baseUrl}${request.route.path}` : 'unmatched';
      const status = String(response.statusCode);
      end({ method: request.method, route, status });
      if (response.statusCode >= 500) this.metrics.httpErrors.inc({ route, status });
    });
    next();
  }
}
