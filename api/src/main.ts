import 'reflect-metadata';
import { APP_CONFIG, AppConfig } from '@sesame/config';
import { createApiApp } from './app.factory';

async function bootstrap(): Promise<void> {
  const app = await createApiApp();
  const config = app.get<AppConfig>(APP_CONFIG);
  await app.listen(config.HTTP_PORT, config.HTTP_HOST);
}

bootstrap().catch((error: unknown) => {
  // Configuration errors name every bad variable; print them plainly and stop.
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
