import { Logger, Module } from '@nestjs/common';
import { APP_CONFIG, AppConfig, isProduction } from '@sesame/config';
import { DevOutboxSmsProvider } from './dev-outbox.provider';
import { SmsHandlers } from './sms.handlers';
import { SMS_PROVIDER, SmsProvider } from './sms.provider';

/** The provider SMS_PROVIDER names. Only `dev-outbox` exists so far. */
function createSmsProvider(config: AppConfig): SmsProvider {
  switch (config.SMS_PROVIDER) {
    case 'dev-outbox':
      if (isProduction(config)) {
        new Logger('SmsModule').warn('SMS_PROVIDER=dev-outbox delivers no SMS: citizens with SMS keys receive no codes');
      }
      return new DevOutboxSmsProvider();
  }
}

@Module({
  providers: [SmsHandlers, { provide: SMS_PROVIDER, inject: [APP_CONFIG], useFactory: createSmsProvider }],
})
export class SmsModule {}
