import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { SecretsService } from '../common/secrets.service';
import { MunicipalitiesModule } from '../municipalities/municipalities.module';
import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { AuthRepository } from './auth.repository';
import { AuthService } from './auth.service';
import { PasswordService } from './password.service';
import { SessionService } from './session.service';
import { StaffSessionEvents } from './staff-session-events';
import { TotpService } from './totp.service';

@Global()
@Module({
  imports: [MunicipalitiesModule],
  controllers: [AuthController],
  providers: [
    AuthService,
    AuthRepository,
    PasswordService,
    SessionService,
    StaffSessionEvents,
    TotpService,
    SecretsService,
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
  exports: [PasswordService, SecretsService, AuthRepository, SessionService, StaffSessionEvents, TotpService],
})
export class AuthModule {}
