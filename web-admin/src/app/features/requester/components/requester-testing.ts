import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ApplicationRef, Type } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { MATERIAL_ANIMATIONS } from '@angular/material/core';
import { provideRouter } from '@angular/router';
import { provideTranslateService, TranslateService } from '@ngx-translate/core';
import en from '../../../../../public/i18n/en.json';
import { authErrorInterceptor } from '../../../core/http/auth-error.interceptor';
import { LanguageService } from '../../../core/i18n/language.service';
import { DOCUMENT_POLL_MS } from './requester-wizard-page.component';

/** TestBed for the requester pages: the app's interceptor, the given routes, English, no animations, no poll delay. */
export function configureRequesterTest(routes: { path: string; component: Type<unknown> }[]): HttpTestingController {
  TestBed.configureTestingModule({
    providers: [
      provideHttpClient(withInterceptors([authErrorInterceptor])),
      provideHttpClientTesting(),
      provideTranslateService(),
      provideRouter(routes),
      { provide: MATERIAL_ANIMATIONS, useValue: { animationsDisabled: true } },
      { provide: DOCUMENT_POLL_MS, useValue: 0 },
    ],
  });
  const translate = TestBed.inject(TranslateService);
  translate.setTranslation('en', en);
  translate.use('en');
  TestBed.inject(LanguageService).preset('en');
  return TestBed.inject(HttpTestingController);
}

/** Lets timers, HTTP callbacks and change detection run. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 3; i++) {
    await new Promise((resolve) => setTimeout(resolve, 0));
    await TestBed.inject(ApplicationRef).whenStable();
  }
}

/** The buttons of `root` named `name` (their icon's ligature left out), as a screen reader names them. */
export function buttonsNamed(root: ParentNode, name: string): HTMLButtonElement[] {
  return Array.from(root.querySelectorAll('button')).filter((button) => {
    const copy = button.cloneNode(true) as HTMLElement;
    copy.querySelectorAll('mat-icon').forEach((icon) => icon.remove());
    return copy.textContent?.replace(/\s+/g, ' ').trim() === name;
  });
}
