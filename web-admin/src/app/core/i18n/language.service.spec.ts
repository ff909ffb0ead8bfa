import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideTranslateLoader, provideTranslateService, TranslateService } from '@ngx-translate/core';
import { firstValueFrom } from 'rxjs';
import { aMe } from '../../../testing/fixtures';
import { SessionStore } from '../auth/session.store';
import { HttpTranslateLoader } from './http-translate.loader';
import { LANGUAGE_STORAGE_KEY, LanguageService } from './language.service';

describe(LanguageService.name, () => {
  let service: LanguageService;
  let http: HttpTestingController;
  let session: SessionStore;

  beforeEach(() => {
    localStorage.clear();
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideTranslateService({ loader: provideTranslateLoader(HttpTranslateLoader) }),
      ],
    });
    service = TestBed.inject(LanguageService);
    http = TestBed.inject(HttpTestingController);
    session = TestBed.inject(SessionStore);
  });

  afterEach(() => {
    http.verify();
    vi.restoreAllMocks();
  });

  describe('detectInitial', () => {
    it('prefers the language remembered in this browser', () => {
      localStorage.setItem(LANGUAGE_STORAGE_KEY, 'de');
      vi.spyOn(navigator, 'languages', 'get').mockReturnValue(['nl-BE']);
      expect(service.detectInitial()).toBe('de');
    });

    it('ignores a remembered value that is not one of the four languages', () => {
      localStorage.setItem(LANGUAGE_STORAGE_KEY, 'es');
      vi.spyOn(navigator, 'languages', 'get').mockReturnValue(['nl-BE', 'fr']);
      expect(service.detectInitial()).toBe('nl');
    });

    it("takes the browser's first supported language", () => {
      vi.spyOn(navigator, 'languages', 'get').mockReturnValue(['es-ES', 'de-DE', 'en']);
      expect(service.detectInitial()).toBe('de');
    });

    it('falls back to French', () => {
      vi.spyOn(navigator, 'languages', 'get').mockReturnValue(['es-ES', 'it']);
      expect(service.detectInitial()).toBe('fr');
    });
  });

  it('loads the translations, sets <html lang> and remembers the language', async () => {
    const switched = firstValueFrom(service.use('nl'));
    expect(service.current()).toBe('nl');
    expect(service.locale()).toBe('nl-BE');
    http.expectOne('i18n/nl.json').flush({ shell: { logout: 'Afmelden' } });
    await switched;

    expect(service.instant('shell.logout')).toBe('Afmelden');
    expect(TestBed.inject(TranslateService).getCurrentLang()).toBe('nl');
    expect(document.documentElement.lang).toBe('nl');
    expect(localStorage.getItem(LANGUAGE_STORAGE_KEY)).toBe('nl');
  });

  it('does not save the choice on the server when nobody is signed in', async () => {
    const chosen = firstValueFrom(service.choose('en'));
    http.expectOne('i18n/en.json').flush({});
    await chosen;
    http.expectNone('/api/auth/me/language');
    expect(service.current()).toBe('en');
  });

  it("saves the choice on the signed-in member's account", async () => {
    session.set(aMe({ language: 'fr' }));
    const chosen = firstValueFrom(service.choose('de'));
    http.expectOne('i18n/de.json').flush({});

    const save = http.expectOne('/api/auth/me/language');
    expect(save.request.method).toBe('PUT');
    expect(save.request.body).toEqual({ language: 'de' });
    save.flush(aMe({ language: 'de' }));
    await chosen;

    expect(session.me()?.language).toBe('de');
    expect(localStorage.getItem(LANGUAGE_STORAGE_KEY)).toBe('de');
  });
});
