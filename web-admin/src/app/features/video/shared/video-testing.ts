import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { Provider, Type } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { MATERIAL_ANIMATIONS } from '@angular/material/core';
import { provideRouter } from '@angular/router';
import { provideTranslateService, TranslateService } from '@ngx-translate/core';
import en from '../../../../../public/i18n/en.json';
import { authErrorInterceptor } from '../../../core/http/auth-error.interceptor';
import { LanguageService } from '../../../core/i18n/language.service';
import { AgentAppointmentView, CitizenAppointmentView } from './video.models';

/**
 * Like `configurePageTest` (and no Material animations), with extra providers (fakes for the clock, the socket, the camera) and
 * the page's dates and times in English (en-GB). Returns the HTTP testing backend.
 */
export function configureVideoTest(page: Type<unknown>, providers: Provider[] = []): HttpTestingController {
  TestBed.configureTestingModule({
    imports: [page],
    providers: [
      provideHttpClient(withInterceptors([authErrorInterceptor])),
      provideHttpClientTesting(),
      provideRouter([]),
      provideTranslateService(),
      { provide: MATERIAL_ANIMATIONS, useValue: { animationsDisabled: true } },
      ...providers,
    ],
  });
  const translate = TestBed.inject(TranslateService);
  translate.setTranslation('en', en);
  translate.use('en');
  TestBed.inject(LanguageService).preset('en');
  return TestBed.inject(HttpTestingController);
}

/** Lets timers and promises run (polling, async negotiation). */
export function settle(ms = 5): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export function aCitizenAppointment(overrides: Partial<CitizenAppointmentView> = {}): CitizenAppointmentView {
  return {
    reference: 'V-2026-000042',
    state: 'requested',
    startsAt: '2026-12-01T09:00:00Z',
    endsAt: '2026-12-01T09:30:00Z',
    givenNames: 'Amina',
    surname: 'El Idrissi',
    emailMasked: 'a•••@example.be',
    language: 'en',
    confirmBy: '2026-11-30T09:00:00Z',
    copy: { status: 'missing', problems: [], pageCount: 0 },
    changeableUntil: '2026-11-30T09:00:00Z',
    canCancel: true,
    canRebook: true,
    rebooksLeft: 2,
    joinOpensAt: '2026-12-01T08:50:00Z',
    canJoin: false,
    activationCode: null,
    outcomeReason: null,
    ...overrides,
  };
}

export function anAgentAppointment(overrides: Partial<AgentAppointmentView> = {}): AgentAppointmentView {
  return {
    id: 'a1b2c3d4-0000-4000-8000-000000000042',
    reference: 'V-2026-000042',
    state: 'in_progress',
    startsAt: '2026-12-01T09:00:00Z',
    endsAt: '2026-12-01T09:30:00Z',
    agent: { id: 'agent-1', displayName: 'Vera Agent' },
    citizen: { givenNames: 'Amina', surname: 'El Idrissi', email: 'amina@example.be', language: 'en' },
    citizenWaiting: true,
    activeKeysOnEmail: 0,
    copy: {
      status: 'accepted',
      problems: [],
      documentId: null,
      pageCount: 0,
      pages: [],
      mrz: null,
      fields: {},
    },
    checklist: null,
    outcomeReason: null,
    stills: [],
    activationCodeIssued: false,
    ...overrides,
  };
}
