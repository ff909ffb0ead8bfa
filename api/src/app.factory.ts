import { INestApplication, RequestMethod } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { WsAdapter } from '@nestjs/platform-ws';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { APP_CONFIG, AppConfig, isProduction } from '@sesame/config';
import cookieParser from 'cookie-parser';
import express from 'express';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { existsSync, readFileSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';
import { AppModule } from './app.module';
import { jsonBodyParser } from './common/body-parsing';
import { createValidationPipe } from './common/validation';

const NOT_SPA = /^\/(api|health|metrics)(\/|$)/;

/** Builds the api exactly as it runs in production; tests use the same function. */
export async function createApiApp(options: { logs?: boolean } = {}): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule, {
    bodyParser: false,
    bufferLogs: options.logs !== false,
    ...(options.logs === false ? { logger: false as const } : {}),
    abortOnError: false,
  });
  const config = app.get<AppConfig>(APP_CONFIG);
  if (options.logs !== false) app.useLogger(app.get(Logger));
  if (config.TRUST_PROXY) app.set('trust proxy', 1);
  app.disable('x-powered-by');

  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: true,
        directives: {
          'default-src': ["'self'"],
          // blob: the document pages and video stills, fetched with the session's credentials and shown from memory.
          'img-src': ["'self'", 'data:', 'blob:'],
          'style-src': ["'self'", "'unsafe-inline'"],
          'script-src': ["'self'"],
          // The desk page talks to the desk agent on the clerk's own PC (127.0.0.1).
          'connect-src': ["'self'", config.DESK_AGENT_URL],
          'frame-ancestors': ["'none'"],
          'form-action': ["'self'"],
          'upgrade-insecure-requests': isProduction(config) ? [] : null,
        },
      },
      hsts: isProduction(config) ? { maxAge: 31_536_000, includeSubDomains: true } : false,
      referrerPolicy: { policy: 'no-referrer' },
      // The same as frame-ancestors 'none', for browsers that only know the older header.
      frameguard: { action: 'deny' },
    }),
  );
  app.use(cookieParser());
  app.use(...jsonBodyParser(config.HTTP_BODY_LIMIT));
  app.setGlobalPrefix('api', {
    exclude: [
      { path: 'health', method: RequestMethod.GET },
      { path: 'metrics', method: RequestMethod.GET },
    ],
  });
  app.useGlobalPipes(createValidationPipe());
  // WebSocket gateways (video signalling, /api/video/signal) share the HTTP server; `ws`, not socket.io.
  app.useWebSocketAdapter(new WsAdapter(app));
  app.enableShutdownHooks();

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Sésame API')
      .setDescription('Back office for Belgian digital-identity onboarding. Cookie session + X-XSRF-TOKEN header.')
      .setVersion('0.1.0')
      .addCookieAuth('sesame_session')
      .build(),
  );
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs/openapi.json' });

  serveConsole(app, config);
  return app;
}

/** Serves the built Angular console from the same origin, with the SPA fallback to index.html. */
function serveConsole(app: NestExpressApplication, config: AppConfig): void {
  const dir = resolve(config.WEB_ADMIN_DIST ?? join(process.cwd(), 'dist', 'web-admin', 'browser'));
  if (!existsSync(join(dir, 'index.html'))) return;
  const index = withRuntimeSettings(readFileSync(join(dir, 'index.html'), 'utf8'), config);
  app.use((request: express.Request, response: express.Response, next: express.NextFunction) => {
    if ((request.method !== 'GET' && request.method !== 'HEAD') || NOT_SPA.test(request.path)) return next();
    if (request.path !== '/' && request.path !== '/index.html' && extname(request.path) !== '') return next();
    response.setHeader('Cache-Control', 'no-cache');
    response.type('html').send(index);
  });
  app.use(express.static(dir, { index: false, maxAge: '1h', setHeaders: noCacheForIndex }));
}

/** The settings the console reads at run time (not at build time), as meta tags in index.html. */
function withRuntimeSettings(html: string, config: AppConfig): string {
  const attribute = (value: string): string => value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  return html.replace('</head>', `  <meta name="sesame-desk-agent-url" content="${attribute(config.DESK_AGENT_URL)}" />\n  </head>`);
}

function noCacheForIndex(response: express.Response, path: string): void {
  if (path.endsWith('index.html') || path.endsWith('.json')) response.setHeader('Cache-Control', 'no-cache');
}
