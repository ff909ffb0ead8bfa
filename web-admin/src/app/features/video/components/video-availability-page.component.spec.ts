import { HttpTestingController } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { aMe } from '../../../../testing/fixtures';
import { Role } from '../../../core/auth/auth.models';
import { SessionStore } from '../../../core/auth/session.store';
import { VIDEO_CLOCK } from '../shared/slot-picker.component';
import { configureVideoTest } from '../shared/video-testing';
import { Availability } from '../shared/video.models';
import { VideoAvailabilityPageComponent } from './video-availability-page.component';

const mine = (agentId: string): Availability => ({
  agentId,
  patterns: [{ id: `p-${agentId}`, weekday: 2, startTime: '09:00', endTime: '12:00', slotMinutes: 30, validFrom: '2026-12-01', validUntil: null }],
  exceptions: [],
});

describe(VideoAvailabilityPageComponent.name, () => {
  let fixture: ComponentFixture<VideoAvailabilityPageComponent>;
  let http: HttpTestingController;
  let element: HTMLElement;

  async function open(roles: Role[]): Promise<void> {
    http = configureVideoTest(VideoAvailabilityPageComponent, [{ provide: VIDEO_CLOCK, useValue: () => Date.parse('2026-12-01T07:00:00Z') }]);
    TestBed.inject(SessionStore).set(aMe({ roles }));
    fixture = TestBed.createComponent(VideoAvailabilityPageComponent);
    element = fixture.nativeElement as HTMLElement;
    await fixture.whenStable();
  }

  afterEach(() => {
    fixture.destroy();
    http.verify();
  });

  it("shows an agent their own patterns, without the agent filter, the agents list or the capacity", async () => {
    await open(['video_agent']);
    const availability = http.expectOne((r) => r.url === '/api/video/availability');
    expect(availability.request.params.has('agentId')).toBe(false);
    availability.flush(mine('agent-1'));
    await fixture.whenStable();
    expect(element.querySelectorAll('[data-testid="pattern-row"]')).toHaveLength(1);
    expect(element.querySelector('[data-testid="availability-agent"]')).toBeNull();
    http.expectNone('/api/video/agents');
    http.expectNone((r) => r.url === '/api/video/capacity');
  });

  it('offers a supervisor every video agent from GET /api/video/agents and loads the chosen agent\'s availability', async () => {
    await open(['supervisor']);
    http.expectOne((r) => r.url === '/api/video/availability' && !r.params.has('agentId')).flush(mine('supervisor-1'));
    http.expectOne('/api/video/agents').flush({ agents: [{ id: 'agent-3', displayName: 'Anna Idle' }, { id: 'agent-1', displayName: 'Vera Agent' }] });
    http.expectOne((r) => r.url === '/api/video/capacity').flush({ days: [] });
    // The filter no longer guesses agents from the agenda.
    http.expectNone((r) => r.url === '/api/video/agenda');
    await fixture.whenStable();

    (element.querySelector('[data-testid="availability-agent"] .mat-mdc-select-trigger') as HTMLElement).click();
    await fixture.whenStable();
    const options = Array.from(document.querySelectorAll<HTMLElement>('mat-option'));
    expect(options.map((option) => option.textContent?.trim())).toEqual(['Myself', 'Anna Idle', 'Vera Agent']);
    options[1].click();
    await fixture.whenStable();
    const chosen = http.expectOne((r) => r.url === '/api/video/availability');
    expect(chosen.request.params.get('agentId')).toBe('agent-3');
    chosen.flush({ ...mine('agent-3'), patterns: [] });
    await fixture.whenStable();
    expect(element.querySelectorAll('[data-testid="pattern-row"]')).toHaveLength(0);
  });
});
