import { PUBLIC_ROUTE } from '@dental/contracts';
import { SERVICE_METRICS, ServiceMetrics } from '@dental/messaging';
import { Controller, Get, Header, Inject, SetMetadata } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { NextFunction, Request, Response } from 'express';

/** Prometheus scrape endpoint of every service. */
@ApiExcludeController()
@SetMetadata(PUBLIC_ROUTE, true)
@Controller()
export class MetricsController {
  constructor(@Inject(SERVICE_METRICS) private readonly metrics: ServiceMetrics) {}

  @Get('metrics')
  @Header('content-type', 'text/plain; version=0.0.4; charset=utf-8')
  scrape(): Promise<string> {
    return this.metrics.registry.metrics();
  }
}

/** Counts and times every HTTP request by its route pattern (not the raw URL: ids would explode the labels). */
export function httpMetricsMiddleware(metrics: ServiceMetrics) {
  return (req: Request, res: Response, next: NextFunction) => {
    const end = metrics.httpDuration.startTimer();
    res.on('finish', () => {
      const route = req.route?.path ? `${req.baseUrl}${req.route.path}` : 'unmatched';
      if (route === '/metrics') return;
      end({ method: req.method, route });
      metrics.httpRequests.inc({ method: req.method, route, status: String(res.statusCode) });
    });
    next();
  };
}
