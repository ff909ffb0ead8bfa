import { provideHttpClient } from '@angular/common/http';
import { provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { provideTranslateService } from '@ngx-translate/core';
import { aMe } from '../../../testing/fixtures';
import { routes } from '../../app.routes';
import { Role } from '../../core/auth/auth.models';
import { SessionStore } from '../../core/auth/session.store';

/** Citizens book at `/video` and open their appointment at `/video/appointment`; staff work interviews at `/interviews`. */
describe('video routes', () => {
  async function navigate(url: string, roles: Role[] | null): Promise<{ element: HTMLElement; url: string }> {
    TestBed.configureTestingModule({ providers: [provideRouter(routes), provideHttpClient(), provideHttpClientTesting(), provideTranslateService()] });
    if (roles) TestBed.inject(SessionStore).set(aMe({ roles }));
    const harness = await RouterTestingHarness.create(url);
    return { element: harness.fixture.nativeElement as HTMLElement, url: TestBed.inject(Router).url };
  }

  it('shows the booking page at /video to anyone, signed in or not', async () => {
    expect((await navigate('/video', null)).element.querySelector('app-video-booking-page')).not.toBeNull();
    TestBed.resetTestingModule();
    expect((await navigate('/video', ['video_agent'])).element.querySelector('app-video-booking-page')).not.toBeNull();
  });

  it('shows a video agent the agenda at /interviews, and keeps a clerk out of it', async () => {
    expect((await navigate('/interviews', ['video_agent'])).element.querySelector('app-video-agenda-page')).not.toBeNull();
    TestBed.resetTestingModule();
    expect((await navigate('/interviews', ['clerk'])).element.querySelector('app-video-agenda-page')).toBeNull();
  });

  it('keeps the e-mailed link and the call public, and sends a signed-out visitor of a console page to sign in', async () => {
    expect((await navigate('/video/appointment?t=abc', null)).element.querySelector('app-video-appointment-page')).not.toBeNull();
    TestBed.resetTestingModule();
    expect((await navigate('/video/appointment/call', null)).element.querySelector('app-video-call-page')).not.toBeNull();
    TestBed.resetTestingModule();
    expect((await navigate('/interviews/availability', null)).url).toBe('/login?returnUrl=%2Finterviews%2Favailability');
  });
});
