import { HttpTestingController } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { configurePageTest } from '../../../../testing/page-testing';
import { VirtualCardPickerComponent, VirtualCardState } from './virtual-card-picker.component';

const STATE: VirtualCardState = {
  card: { label: 'Françoise Dubois-Lefèvre, 1.8 ECDSA', inserted: true },
  choice: { identity: 'francoise', generation: '1.8', defect: null },
  identities: [
    { key: 'francoise', name: 'Françoise Émilie Dubois-Lefèvre', documentType: '1' },
    { key: 'jan', name: 'Jan Pieter Peeters', documentType: '1' },
  ],
  generations: ['1.7', '1.8'],
  defects: ['expired', 'bad-signature'],
};

describe(VirtualCardPickerComponent.name, () => {
  let fixture: ComponentFixture<VirtualCardPickerComponent>;
  let http: HttpTestingController;
  let element: HTMLElement;

  beforeEach(() => {
    http = configurePageTest(VirtualCardPickerComponent);
    fixture = TestBed.createComponent(VirtualCardPickerComponent);
    element = fixture.nativeElement as HTMLElement;
    fixture.detectChanges();
  });
  afterEach(() => http.verify());

  it('stays hidden when the api has no card emulator (404 outside development)', async () => {
    http.expectOne('/api/dev/virtual-card').flush({ code: 'error.not_found' }, { status: 404, statusText: 'Not Found' });
    await fixture.whenStable();
    expect(element.querySelector('[data-testid="virtual-card-picker"]')).toBeNull();
  });

  it('shows the card in the reader and puts the chosen card with its defect in', async () => {
    http.expectOne('/api/dev/virtual-card').flush(STATE);
    await fixture.whenStable();
    expect(element.querySelector('[data-testid="virtual-card-status"]')?.textContent).toContain('In the demo reader: Françoise Dubois-Lefèvre');

    const component = fixture.componentInstance as unknown as { form: { setValue(value: unknown): void } };
    component.form.setValue({ identity: 'jan', generation: '1.7', defect: 'expired' });
    element.querySelector<HTMLButtonElement>('[data-testid="virtual-card-insert"]')?.click();
    const put = http.expectOne({ method: 'PUT', url: '/api/dev/virtual-card' });
    expect(put.request.body).toEqual({ identity: 'jan', generation: '1.7', defect: 'expired' });
    put.flush({ ...STATE, card: { label: 'Jan Peeters, 1.7 RSA, expired', inserted: true }, choice: { identity: 'jan', generation: '1.7', defect: 'expired' } });
    await fixture.whenStable();
    expect(element.querySelector('[data-testid="virtual-card-status"]')?.textContent).toContain('Jan Peeters, 1.7 RSA, expired');
  });

  it('empties the reader, and says so when the emulator is gone', async () => {
    http.expectOne('/api/dev/virtual-card').flush(STATE);
    await fixture.whenStable();
    element.querySelector<HTMLButtonElement>('[data-testid="virtual-card-remove"]')?.click();
    http.expectOne({ method: 'DELETE', url: '/api/dev/virtual-card' }).flush({ ...STATE, card: null, choice: null });
    await fixture.whenStable();
    expect(element.querySelector('[data-testid="virtual-card-status"]')?.textContent).toContain('The demo reader is empty.');

    element.querySelector<HTMLButtonElement>('[data-testid="virtual-card-insert"]')?.click();
    http.expectOne({ method: 'PUT', url: '/api/dev/virtual-card' }).flush({}, { status: 503, statusText: 'Unavailable' });
    await fixture.whenStable();
    expect(element.querySelector('[role="alert"]')?.textContent).toContain('could not be changed');
  });
});
