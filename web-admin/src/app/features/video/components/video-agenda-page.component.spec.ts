import { HttpTestingController } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { aMe } from '../../../../testing/fixtures';
import { Role } from '../../../core/auth/auth.models';
import { SessionStore } from '../../../core/auth/session.store';
import { VIDEO_CLOCK } from '../shared/slot-picker.component';
import { anAgentAppointment, configureVideoTest, settle } from '../shared/video-testing';
import { AGENDA_REFRESH_MS, VideoAgendaPageComponent } from './video-agenda-page.component';

describe(VideoAgendaPageComponent.name, () => {
  let fixture: ComponentFixture<VideoAgendaPageComponent>;
  let http: HttpTestingController;
  let element: HTMLElement;

  async function open(roles: Role[], refreshMs = 60_000): Promise<void> {
    http = configureVideoTest(VideoAgendaPageComponent, [
      { provide: VIDEO_CLOCK, useValue: () => Date.parse('2026-12-01T07:00:00Z') },
      { provide: AGENDA_REFRESH_MS, useValue: refreshMs },
    ]);
    TestBed.inject(SessionStore).set(aMe({ roles }));
    fixture = TestBed.createComponent(VideoAgendaPageComponent);
    element = fixture.nativeElement as HTMLElement;
    await fixture.whenStable();
  }

  afterEach(() => {
    fixture.destroy();
    http.verify();
  });

  const agenda = [
    anAgentAppointment({ id: 'one', reference: 'V-2026-000001', state: 'confirmed', citizenWaiting: true }),
    anAgentAppointment({
      id: 'two',
      reference: 'V-2026-000002',
      state: 'requested',
      citizenWaiting: false,
      startsAt: '2026-12-02T13:00:00Z',
      endsAt: '2026-12-02T13:30:00Z',
      agent: { id: 'agent-2', displayName: 'Bram Agent' },
      copy: { ...anAgentAppointment().copy, status: 'refused', problems: ['video.copy.too_dark'] },
    }),
  ];

  it("lists the agent's interviews per day with their state and ID copy check, as links to the session", async () => {
    await open(['video_agent']);
    const request = http.expectOne((r) => r.url === '/api/video/agenda');
    expect(request.request.params.get('from')).toBe('2026-12-01');
    expect(request.request.params.has('agentId')).toBe(false);
    request.flush({ appointments: agenda });
    await fixture.whenStable();

    const rows = Array.from(element.querySelectorAll<HTMLAnchorElement>('[data-testid="agenda-row"]'));
    expect(rows.map((row) => row.getAttribute('href'))).toEqual(['/interviews/one', '/interviews/two']);
    expect(rows.map((row) => row.querySelector('[data-testid="agenda-state"]')?.textContent?.trim())).toEqual(['Waiting', 'To be confirmed']);
    expect(rows[1].querySelector('[data-testid="agenda-copy"]')?.textContent?.replace(/\s+/g, ' ')).toContain(
      'ID copy refused (The image is too dark: use more light.)',
    );
    expect(Array.from(element.querySelectorAll('h2')).map((h) => h.textContent?.trim())).toEqual(['Tuesday, 1 December 2026', 'Wednesday, 2 December 2026']);
    expect(element.querySelector('[data-testid="agent-filter"]')).toBeNull();
    // An agent has no filter: the agents list is not asked for.
    http.expectNone('/api/video/agents');
  });

  it("offers a supervisor every video agent from GET /api/video/agents (not only those in the agenda), and reads the chosen one's agenda", async () => {
    await open(['supervisor']);
    http.expectOne((r) => r.url === '/api/video/agenda').flush({ appointments: agenda });
    http.expectOne('/api/video/agents').flush({ agents: [{ id: 'agent-3', displayName: 'Anna Idle' }, { id: 'agent-2', displayName: 'Bram Agent' }, { id: 'agent-1', displayName: 'Vera Agent' }] });
    await fixture.whenStable();

    (element.querySelector('[data-testid="agent-filter"] .mat-mdc-select-trigger') as HTMLElement).click();
    await fixture.whenStable();
    const options = Array.from(document.querySelectorAll<HTMLElement>('mat-option'));
    expect(options.map((option) => option.textContent?.trim())).toEqual(['All agents', 'Anna Idle', 'Bram Agent', 'Vera Agent']);
    options[1].click();
    await fixture.whenStable();
    await settle(); // the agenda is read on a timer
    const chosen = http.expectOne((r) => r.url === '/api/video/agenda');
    expect(chosen.request.params.get('agentId')).toBe('agent-3');
    chosen.flush({ appointments: [] });
    await fixture.whenStable();
    expect(element.querySelector('.empty-state')).not.toBeNull();
  });

  it('reads the agenda again on its own, and lets a supervisor choose the agent', async () => {
    await open(['supervisor'], 40);
    http.expectOne((r) => r.url === '/api/video/agenda').flush({ appointments: agenda });
    http.expectOne('/api/video/agents').flush({ agents: [] });
    await fixture.whenStable();
    expect(element.querySelector('[data-testid="agent-filter"]')).not.toBeNull();

    await settle(100);
    const again = http.match((r) => r.url === '/api/video/agenda');
    expect(again.length).toBeGreaterThan(0);
    again.filter((request) => !request.cancelled).forEach((request) => request.flush({ appointments: agenda }));
  });
});
