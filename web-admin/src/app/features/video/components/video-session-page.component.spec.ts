import { HttpTestingController } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { VIDEO_PING_MS, VIDEO_SOCKET_FACTORY, VIDEO_USER_MEDIA, VideoCallService } from '../shared/video-call.service';
import { anAgentAppointment, configureVideoTest } from '../shared/video-testing';
import { AgentAppointmentView } from '../shared/video.models';
import { VideoSessionPageComponent } from './video-session-page.component';

const ID = 'a1b2c3d4-0000-4000-8000-000000000042';

const READ: AgentAppointmentView['copy'] = {
  status: 'accepted',
  problems: [],
  documentId: 'doc-1',
  pageCount: 1,
  pages: [{ pageNumber: 1, width: 1600, height: 1000, isColour: true, sharpness: 180, problems: [] }],
  mrz: {
    found: true,
    valid: false,
    format: 'TD1',
    lines: ['IDBEL590330101<<<<<<<<<<<<<<<', '8503017F3101018BEL<<<<<<<<<<<6', 'EL<IDRISSI<<AMINA<<<<<<<<<<<<<'],
    checks: [
      { field: 'documentNumber', valid: true },
      { field: 'birthDate', valid: false },
    ],
  },
  fields: {
    surname: { value: 'EL IDRISSI', confidence: 91, source: 'mrz' },
    givenNames: { value: 'AMINA', confidence: 90, source: 'mrz' },
    birthDate: { value: '1985-03-01', confidence: 88, source: 'mrz' },
    sex: { value: 'F', confidence: 95, source: 'mrz' },
    nationality: { value: 'BEL', confidence: 95, source: 'mrz' },
    documentType: { value: 'identity_card', confidence: 80, source: 'mrz' },
    documentNumber: { value: '590330101', confidence: 93, source: 'mrz' },
    issuingCountry: { value: 'BEL', confidence: 95, source: 'mrz' },
    validUntil: { value: '2031-01-01', confidence: 90, source: 'mrz' },
  },
};

describe(VideoSessionPageComponent.name, () => {
  let fixture: ComponentFixture<VideoSessionPageComponent>;
  let http: HttpTestingController;
  let element: HTMLElement;

  async function open(appointment: AgentAppointmentView): Promise<void> {
    http = configureVideoTest(VideoSessionPageComponent, [
      // No signalling server and no camera here: the page must work without them.
      { provide: VIDEO_SOCKET_FACTORY, useValue: () => ({ readyState: 0, send: vi.fn(), close: vi.fn() }) },
      { provide: VIDEO_USER_MEDIA, useValue: () => Promise.reject(new DOMException('none', 'NotFoundError')) },
      { provide: VIDEO_PING_MS, useValue: 60_000 },
    ]);
    vi.spyOn(URL, 'createObjectURL').mockImplementation(() => 'blob:page');
    fixture = TestBed.createComponent(VideoSessionPageComponent);
    fixture.componentRef.setInput('id', ID);
    element = fixture.nativeElement as HTMLElement;
    await fixture.whenStable();
    http.expectOne(`/api/video/appointments/${ID}`).flush(appointment);
    await fixture.whenStable();
  }

  afterEach(() => {
    http.verify();
    vi.restoreAllMocks();
  });

  const byTestId = <T extends HTMLElement = HTMLElement>(id: string) => element.querySelector<T>(`[data-testid="${id}"]`);
  const approveButton = () => byTestId<HTMLButtonElement>('approve') as HTMLButtonElement;

  async function tick(item: string): Promise<void> {
    byTestId(`check-${item}`)?.querySelector('input')?.click();
    await fixture.whenStable();
  }

  it('shows the ID copy, what the OCR read and the MRZ checks; approve waits for all four checks and posts the edited person', async () => {
    await open(anAgentAppointment({ copy: READ }));
    http.expectOne(`/api/video/appointments/${ID}/id-copy/pages/1`).flush(new Blob(['img'], { type: 'image/png' }));
    await fixture.whenStable();
    expect(element.querySelector('app-niss-document-pages img')?.getAttribute('src')).toBe('blob:page');
    expect(Array.from(element.querySelectorAll('[data-testid="mrz-check"]')).map((li) => li.textContent?.replace(/\s+/g, ' ').trim())).toEqual([
      'check_circle documentNumber: correct',
      'cancel birthDate: wrong',
    ]);
    expect(byTestId<HTMLInputElement>('person-surname')?.value).toBe('EL IDRISSI');
    expect(byTestId<HTMLInputElement>('person-issuing-state')?.value).toBe('BEL');

    expect(approveButton().disabled).toBe(true);
    await tick('faceMatches');
    await tick('documentGenuine');
    await tick('dataConfirmed');
    expect(approveButton().disabled).toBe(true);
    await tick('livenessChecked');
    expect(approveButton().disabled).toBe(false);

    const surname = byTestId<HTMLInputElement>('person-surname') as HTMLInputElement;
    surname.value = 'El Idrissi';
    surname.dispatchEvent(new Event('input'));
    const number = byTestId<HTMLInputElement>('person-national-number') as HTMLInputElement;
    number.value = '85.03.01-123.45';
    number.dispatchEvent(new Event('input'));
    approveButton().click();
    await fixture.whenStable();

    const approve = http.expectOne(`/api/video/appointments/${ID}/approve`);
    expect(approve.request.body).toEqual({
      checklist: { faceMatches: true, documentGenuine: true, dataConfirmed: true, livenessChecked: true },
      person: {
        surname: 'El Idrissi',
        givenNames: 'AMINA',
        birthDate: '1985-03-01',
        sex: 'F',
        nationalNumber: '85030112345',
        nationality: 'BEL',
        documentType: 'identity_card',
        documentNumber: '590330101',
        issuingState: 'BEL',
        validUntil: '2031-01-01',
      },
    });
    approve.flush({ appointment: anAgentAppointment({ state: 'approved', copy: READ, activationCodeIssued: true }), activationCode: 'AB12C-DE34F-GH56J-KL78M' });
    await fixture.whenStable();
    expect(byTestId('activation-code')?.textContent?.trim()).toBe('AB12C-DE34F-GH56J-KL78M');
    expect(byTestId('approve')).toBeNull();
  });

  it('with digital keys on the e-mail: shows the warning and approves only once the agent ticks the confirmation, which is posted', async () => {
    await open(anAgentAppointment({ copy: { ...READ, pageCount: 0, pages: [] }, activeKeysOnEmail: 2 }));
    expect(byTestId('keys-warning')?.textContent?.replace(/\s+/g, ' ')).toContain(
      '2 digital keys are linked to this e-mail; they will be deactivated when the new key is activated.',
    );
    const confirmation = () => byTestId('confirm-replace-keys')?.querySelector('input') as HTMLInputElement;
    expect(confirmation().checked).toBe(false);
    expect(confirmation().required).toBe(true);
    for (const item of ['faceMatches', 'documentGenuine', 'dataConfirmed', 'livenessChecked']) await tick(item);
    expect(approveButton().disabled).toBe(true);
    expect(byTestId('approve-needs-keys')?.textContent?.trim()).toBe('Confirm first that the existing keys will be deactivated.');
    approveButton().click();
    await fixture.whenStable();
    http.expectNone(`/api/video/appointments/${ID}/approve`);

    confirmation().click();
    await fixture.whenStable();
    expect(approveButton().disabled).toBe(false);
    approveButton().click();
    await fixture.whenStable();
    const approve = http.expectOne(`/api/video/appointments/${ID}/approve`);
    expect(approve.request.body).toMatchObject({ confirmReplaceKeys: true });
    approve.flush({ appointment: anAgentAppointment({ state: 'approved', activeKeysOnEmail: 2, activationCodeIssued: true }), activationCode: 'AB12C-DE34F-GH56J-KL78M' });
    await fixture.whenStable();
    expect(byTestId('activation-code')?.textContent?.trim()).toBe('AB12C-DE34F-GH56J-KL78M');
  });

  it('without keys: no warning, and the approval does not carry the confirmation; keys that appeared since (409) bring the warning back', async () => {
    await open(anAgentAppointment({ copy: { ...READ, pageCount: 0, pages: [] } }));
    expect(byTestId('keys-warning')).toBeNull();
    for (const item of ['faceMatches', 'documentGenuine', 'dataConfirmed', 'livenessChecked']) await tick(item);
    approveButton().click();
    await fixture.whenStable();
    const approve = http.expectOne(`/api/video/appointments/${ID}/approve`);
    expect(approve.request.body.confirmReplaceKeys).toBeUndefined();
    approve.flush(
      { statusCode: 409, code: 'video.keys_confirmation_required', message: 'Digital keys are already linked (1).', activeKeys: 1 },
      { status: 409, statusText: 'Conflict' },
    );
    await fixture.whenStable();
    expect(byTestId('session-error')?.textContent?.trim()).toBe('Digital keys are already linked (1).');
    expect(byTestId('keys-warning')?.textContent).toContain('1 digital key is linked to this e-mail; it will be deactivated when the new key is activated.');
    expect(approveButton().disabled).toBe(true);
    (byTestId('confirm-replace-keys')?.querySelector('input') as HTMLInputElement).click();
    await fixture.whenStable();
    approveButton().click();
    await fixture.whenStable();
    const again = http.expectOne(`/api/video/appointments/${ID}/approve`);
    expect(again.request.body.confirmReplaceKeys).toBe(true);
    again.flush({ appointment: anAgentAppointment({ state: 'approved', activeKeysOnEmail: 1 }), activationCode: 'AB12C-DE34F-GH56J-KL78M' });
    await fixture.whenStable();
  });

  it('does not post an approval with the checks ticked but the person incomplete', async () => {
    await open(anAgentAppointment());
    for (const item of ['faceMatches', 'documentGenuine', 'dataConfirmed', 'livenessChecked']) await tick(item);
    approveButton().click();
    await fixture.whenStable();
    http.expectNone(`/api/video/appointments/${ID}/approve`);
    expect(byTestId('session-error')?.textContent).toContain("Complete the person's data first.");
  });

  it('starts the interview: the API admits the citizen and the call may offer', async () => {
    await open(anAgentAppointment({ state: 'confirmed' }));
    const call = fixture.debugElement.injector.get(VideoCallService);
    expect(call.admitted()).toBe(false);
    expect(byTestId('approve')).toBeNull();

    byTestId('start-interview')?.click();
    http.expectOne(`/api/video/appointments/${ID}/start`).flush(anAgentAppointment({ state: 'in_progress' }));
    await fixture.whenStable();

    expect(call.admitted()).toBe(true);
    expect(byTestId('start-interview')).toBeNull();
    expect(byTestId('session-state')?.textContent?.trim()).toBe('In progress');
    expect(byTestId('approve')).not.toBeNull();
  });

  it("shows the API's refusal of a no-show marked too early", async () => {
    await open(anAgentAppointment({ state: 'confirmed' }));
    byTestId('no-show')?.click();
    http
      .expectOne(`/api/video/appointments/${ID}/no-show`)
      .flush({ statusCode: 409, code: 'video.no_show_too_early', message: 'Too early to mark a no-show.' }, { status: 409, statusText: 'Conflict' });
    await fixture.whenStable();
    expect(byTestId('session-error')?.textContent?.trim()).toBe('Too early to mark a no-show.');
  });
});
