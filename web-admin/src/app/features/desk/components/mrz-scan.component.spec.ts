import { HttpTestingController } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { configurePageTest } from '../../../../testing/page-testing';
import { MrzScan, MrzScanComponent } from './mrz-scan.component';

const TD3 = ['P<BELDUPONT<<MARIE<<<<<<<<<<<<<<<<<<<<<<<<<<', 'EM1234567<BEL9001019F3001012<<<<<<<<<<<<<<02'];

describe(MrzScanComponent.name, () => {
  let fixture: ComponentFixture<MrzScanComponent>;
  let http: HttpTestingController;
  let element: HTMLElement;
  let emitted: string[];

  beforeEach(() => {
    http = configurePageTest(MrzScanComponent);
    fixture = TestBed.createComponent(MrzScanComponent);
    element = fixture.nativeElement as HTMLElement;
    emitted = [];
    fixture.componentInstance.read.subscribe((lines) => emitted.push(lines));
    fixture.detectChanges();
  });
  afterEach(() => http.verify());

  const scan = (state: MrzScan['state'], extra: Partial<MrzScan> = {}): MrzScan => ({
    id: 'a0000000-0000-4000-8000-000000000001',
    state,
    lines: [],
    format: null,
    valid: null,
    problems: [],
    failureCode: null,
    ...extra,
  });
  const status = () => element.querySelector('[data-testid="mrz-scan-status"]');

  it('uploads the photo as multipart, waits for the worker and hands the lines to the page', async () => {
    const done = fixture.componentInstance.scan(new Blob(['jpeg'], { type: 'image/jpeg' }));
    const upload = http.expectOne({ method: 'POST', url: '/api/desk/mrz-scans' });
    expect(upload.request.body).toBeInstanceOf(FormData);
    expect((upload.request.body as FormData).get('image')).toBeInstanceOf(Blob);
    upload.flush(scan('analysing'));
    await vi.waitFor(() => http.expectOne('/api/desk/mrz-scans/a0000000-0000-4000-8000-000000000001').flush(scan('read', { lines: TD3, format: 'TD3', valid: true })), {
      timeout: 3000,
    });
    await done;
    fixture.detectChanges();
    expect(emitted).toEqual([TD3.join('\n')]);
    expect(status()?.getAttribute('data-state')).toBe('read');
    expect(status()?.textContent).toContain('check digits correct');
  });

  it('says no MRZ was found and why the photo was poor', async () => {
    const done = fixture.componentInstance.scan(new Blob(['jpeg']));
    http.expectOne('/api/desk/mrz-scans').flush(scan('not_found', { problems: ['blurred', 'greyscale'] }));
    await done;
    fixture.detectChanges();
    expect(emitted).toEqual([]);
    expect(status()?.textContent).toContain('No MRZ could be read');
    expect(status()?.textContent).toContain('The photo is blurred');
    expect(status()?.textContent).toContain('The photo has no colour');
  });

  it('shows the api’s own message when the upload is refused', async () => {
    const done = fixture.componentInstance.scan(new Blob(['GIF89a']));
    http
      .expectOne('/api/desk/mrz-scans')
      .flush({ statusCode: 415, code: 'document.unsupported_type', message: 'This file is not a JPEG or PNG image.' }, { status: 415, statusText: 'Unsupported' });
    await done;
    fixture.detectChanges();
    expect(element.querySelector('[role="alert"]')?.textContent).toContain('This file is not a JPEG or PNG image.');
  });
});
