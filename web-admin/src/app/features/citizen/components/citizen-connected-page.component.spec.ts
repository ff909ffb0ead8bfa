import { HttpTestingController } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { Router } from '@angular/router';
import fr from '../../../../../public/i18n/fr.json';
import { configurePageTest } from '../../../../testing/page-testing';
import { CitizenConnectedPageComponent } from './citizen-connected-page.component';

describe(CitizenConnectedPageComponent.name, () => {
  let fixture: ComponentFixture<CitizenConnectedPageComponent>;
  let http: HttpTestingController;
  let router: Router;
  let element: HTMLElement;

  beforeEach(() => {
    http = configurePageTest(CitizenConnectedPageComponent, 'fr', fr);
    router = TestBed.inject(Router);
    vi.spyOn(router, 'navigate').mockResolvedValue(true);
    fixture = TestBed.createComponent(CitizenConnectedPageComponent);
    element = fixture.nativeElement as HTMLElement;
    fixture.detectChanges();
  });

  afterEach(() => http.verify());

  it('says who is connected, with which key, and logs out', async () => {
    http.expectOne('/api/citizen/me').flush({ name: 'Marie Claire Dubois', keyKind: 'totp', username: 'marie.dubois' });
    await fixture.whenStable();
    expect(element.querySelector('.identity')?.textContent?.trim()).toBe('Connecté en tant que Marie Claire Dubois');
    expect(element.textContent).toContain("Nom d'utilisateur : marie.dubois");
    expect(element.textContent).toContain('Clé numérique : code de sécurité via une application mobile');

    Array.from(element.querySelectorAll('button')).find((b) => b.textContent?.includes('Se déconnecter'))!.click();
    http.expectOne('/api/citizen/csrf').flush(null, { status: 204, statusText: 'No Content' });
    const logout = http.expectOne('/api/citizen/logout');
    expect(logout.request.method).toBe('POST');
    logout.flush(null, { status: 204, statusText: 'No Content' });
    await fixture.whenStable();
    expect(router.navigate).toHaveBeenCalledWith(['/citizen/login']);
  });

  it('offers to log in when no citizen is connected, without sending anyone to the staff sign-in', async () => {
    http.expectOne('/api/citizen/me').flush(
      { statusCode: 401, code: 'citizen.session_required', message: 'Votre session a pris fin.' },
      { status: 401, statusText: 'Unauthorized' },
    );
    await fixture.whenStable();
    expect(element.querySelector('h1')?.textContent?.trim()).toBe("Vous n'êtes pas connecté");
    expect(element.querySelector('a[href="/citizen/login"]')?.textContent?.trim()).toBe('Se connecter');
    expect(router.navigate).not.toHaveBeenCalled();
  });
});
