import { Module } from '@nestjs/common';
import { ActivationCodeIssuer } from './activation-code-issuer';
import { ActivationController } from './activation.controller';
import { ActivationRepository } from './activation.repository';
import { ActivationService } from './activation.service';
import { CitizenGuard } from './citizen.guard';
import { CitizenCodesService } from './citizen-codes.service';
import { CitizenLoginController } from './citizen-login.controller';
import { CitizenLoginService } from './citizen-login.service';
import { CitizenSessionService } from './citizen-session.service';

/**
 * Citizen activation and login (`/api/citizen/…`): public routes with a citizen session of their
 * own.  TotpService and SessionService come from the (global) auth module.
 */
@Module({
  controllers: [ActivationController, CitizenLoginController],
  providers: [
    ActivationService,
    CitizenLoginService,
    CitizenCodesService,
    CitizenSessionService,
    CitizenGuard,
    ActivationRepository,
    ActivationCodeIssuer,
  ],
  // The requester pages (NISS) sign in with a digital key: they reuse the citizen session and its guard.
  // The desk and the video interview issue activation codes through the one issuer.
  exports: [CitizenGuard, CitizenSessionService, ActivationCodeIssuer],
})
export class ActivationModule {}
