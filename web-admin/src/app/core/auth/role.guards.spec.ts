import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { aMe } from '../../../testing/fixtures';
import { ErrorNotifier } from '../errors/error-notifier.service';
import { authGuard, guestGuard, roleGuard } from './role.guards';
import { SessionStore } from './session.store';

@Component({ template: 'page' })
class PageStub {}

describe('role guards', () => {
  let session: SessionStore;
  let notAllowed: ReturnType<typeof vi.fn>;

  beforeEach(() => {
    notAllowed = vi.fn();
    TestBed.configureTestingModule({
      providers: [
        provideRouter([
          { path: 'login', canMatch: [guestGuard], component: PageStub },
          {
            path: '',
            canMatch: [authGuard],
            children: [
              { path: '', pathMatch: 'full', component: PageStub },
              { path: 'staff', canMatch: [roleGuard('admin')], component: PageStub },
              { path: 'audit', canMatch: [roleGuard('supervisor', 'admin')], component: PageStub },
              { path: 'account', component: PageStub },
            ],
          },
        ]),
        { provide: ErrorNotifier, useValue: { notAllowed } },
      ],
    });
    session = TestBed.inject(SessionStore);
  });

  async function navigate(url: string): Promise<string> {
    const harness = await RouterTestingHarness.create();
    await harness.navigateByUrl(url);
    return TestBed.inject(Router).url;
  }

  it('sends a signed-out visitor to the sign-in page, remembering where they were going', async () => {
    expect(await navigate('/audit?actor=bob')).toBe('/login?returnUrl=%2Faudit%3Factor%3Dbob');
    expect(notAllowed).not.toHaveBeenCalled();
  });

  it('does not add a return URL for the home page', async () => {
    expect(await navigate('/')).toBe('/login');
  });

  it('lets a member with one of the roles through', async () => {
    session.set(aMe({ roles: ['clerk', 'supervisor'] }));
    expect(await navigate('/audit')).toBe('/audit');
  });

  it('sends a member without the role home and tells them they are not allowed', async () => {
    session.set(aMe({ roles: ['supervisor'] }));
    expect(await navigate('/staff')).toBe('/');
    expect(notAllowed).toHaveBeenCalledTimes(1);
  });

  it('opens role-free pages to every signed-in member', async () => {
    session.set(aMe({ roles: ['video_agent'] }));
    expect(await navigate('/account')).toBe('/account');
  });

  it('keeps signed-in members away from the sign-in page', async () => {
    session.set(aMe());
    expect(await navigate('/login')).toBe('/');
  });
});
