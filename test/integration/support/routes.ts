import type { INestApplication } from '@nestjs/common';

/**
 * Every route the HTTP server actually serves (`METHOD /path/:param`), read from Express's router:
 * the permission matrix (route-permissions) and the DTO fuzzing both start from it.
 */
export function discoverRoutes(app: INestApplication): string[] {
  const express = app.getHttpAdapter().getInstance() as { router: { stack: { route?: { path: string; methods: Record<string, boolean> } }[] } };
  const routes = new Set<string>();
  for (const layer of express.router.stack) {
    // Skip Nest's catch-all (404) layers, registered for every HTTP verb.
    if (!layer.route || Object.keys(layer.route.methods).length > 5) continue;
    for (const method of Object.keys(layer.route.methods)) {
      if (method === '_all') continue;
      routes.add(`${method.toUpperCase()} ${layer.route.path.replace(/(.)\/$/, '$1')}`);
    }
  }
  return [...routes].filter((route) => !route.startsWith('GET /api/docs')).sort();
}
