import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ApplicationInitStatus } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Router } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import de from '../../public/i18n/de.json';
import nl from '../../public/i18n/nl.json';
import { aMe } from '../testing/fixtures';
import { appConfig } from './app.config';

/** The real application configuration, booted against a fake API. */
describe('App', () => {
  let http: HttpTestingController;

  beforeEach(() => {
    localStorage.clear();
    TestBed.configureTestingModule({ providers: [...appConfig.providers, provideHttpClientTesting()] });
  });

  afterEach(() => {
    http.verify();
    vi.restoreAllMocks();
  });

  async function boot(me: ReturnType<typeof aMe> | null, translations: object, lang: string): Promise<void> {
    http = TestBed.inject(HttpTestingController);
    const me$ = http.expectOne('/api/auth/me');
    if (me) {
      me$.flush(me);
    } else {
      me$.flush({ statusCode: 401, code: 'auth.unauthenticated', message: '' }, { status: 401, statusText: '' });
    }
    await Promise.resolve();
    http.expectOne(`i18n/${lang}.json`).flush(translations);
    await TestBed.inject(ApplicationInitStatus).donePromise;
  }

  function text(element: Element | null): string {
    return element?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
  }

  it("starts signed out in the browser's language and sends a deep link to sign-in", async () => {
    vi.spyOn(navigator, 'languages', 'get').mockReturnValue(['nl-BE', 'fr-BE']);
    await boot(null, nl, 'nl');

    const harness = await RouterTestingHarness.create('/audit');

    expect(TestBed.inject(Router).url).toBe('/login?returnUrl=%2Faudit');
    expect(text(harness.routeNativeElement?.querySelector('h1') ?? null)).toBe('Aanmelden bij Sésame');
    expect(document.documentElement.lang).toBe('nl');
    expect(document.title).toBe('Aanmelden · Sésame');
    expect(harness.routeNativeElement?.querySelector('.skip-link')).not.toBeNull();
  });

  it("shows a signed-in member only the pages of their roles, in the member's language", async () => {
    vi.spyOn(navigator, 'languages', 'get').mockReturnValue(['fr-BE']);
    await boot(aMe({ displayName: 'Erik Schmitz', roles: ['supervisor'], language: 'de' }), de, 'de');

    const harness = await RouterTestingHarness.create('/');
    const element = harness.routeNativeElement as HTMLElement;
    const menu = Array.from(element.querySelectorAll('nav a [matListItemTitle]')).map((title) => text(title));

    expect(menu).toEqual(['Startseite', 'Videogespräche', 'Video-Verfügbarkeit', 'NISS-Anträge', 'Prüfprotokoll', 'Mein Konto']);
    expect(text(element.querySelector('main h1'))).toBe('Guten Tag, Erik Schmitz');
    expect(text(element.querySelector('[data-user-summary]'))).toBe('Erik Schmitz Supervisor');
    expect(document.documentElement.lang).toBe('de');
    http.expectNone('/api/dev/mailbox');
  });

  it('offers the development mailbox to admins only when the API has it', async () => {
    await boot(aMe({ roles: ['admin'], language: 'de' }), de, 'de');

    const harness = await RouterTestingHarness.create('/');
    http.expectOne('/api/dev/mailbox').flush([]);
    harness.detectChanges();
    await harness.fixture.whenStable();

    const menu = Array.from((harness.routeNativeElement as HTMLElement).querySelectorAll('nav a')).map((link) =>
      link.getAttribute('href'),
    );
    expect(menu).toEqual(['/', '/interviews', '/interviews/availability', '/niss/organisations', '/staff', '/audit', '/jobs', '/dev/mailbox', '/account']);
  });

  it('hides the development mailbox when the API answers 404', async () => {
    await boot(aMe({ roles: ['admin'], language: 'de' }), de, 'de');

    const harness = await RouterTestingHarness.create('/');
    http.expectOne('/api/dev/mailbox').flush({ statusCode: 404, code: 'not_found', message: '' }, { status: 404, statusText: '' });
    await harness.fixture.whenStable();

    const menu = Array.from((harness.routeNativeElement as HTMLElement).querySelectorAll('nav a')).map((link) =>
      link.getAttribute('href'),
    );
    expect(menu).not.toContain('/dev/mailbox');
    expect(menu).toContain('/jobs');
  });
});
