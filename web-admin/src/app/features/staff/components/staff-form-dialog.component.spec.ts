import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { MAT_DIALOG_DATA, MatDialogRef } from '@angular/material/dialog';
import { provideTranslateService, TranslateService } from '@ngx-translate/core';
import en from '../../../../../public/i18n/en.json';
import { Staff } from '../services/staff.models';
import { StaffFormDialogComponent, StaffFormDialogData } from './staff-form-dialog.component';

const LIEGE = { nisCode: '62063', nameFr: 'Liège', nameNl: 'Luik', nameDe: 'Lüttich' };
const EUPEN = { nisCode: '63023', nameFr: 'Eupen', nameNl: 'Eupen', nameDe: 'Eupen' };

function aStaff(overrides: Partial<Staff> = {}): Staff {
  return {
    id: 's1',
    email: 'marc.dubois@liege.be',
    displayName: 'Marc Dubois',
    roles: ['clerk'],
    municipality: LIEGE,
    language: 'fr',
    disabled: false,
    totpEnrolled: true,
    lastLoginAt: null,
    createdAt: '2026-01-01T00:00:00.000Z',
    ...overrides,
  };
}

describe(StaffFormDialogComponent.name, () => {
  let fixture: ComponentFixture<StaffFormDialogComponent>;
  let http: HttpTestingController;
  let close: ReturnType<typeof vi.fn>;
  let element: HTMLElement;

  async function open(data: StaffFormDialogData): Promise<void> {
    close = vi.fn();
    TestBed.configureTestingModule({
      imports: [StaffFormDialogComponent],
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideTranslateService(),
        { provide: MAT_DIALOG_DATA, useValue: data },
        { provide: MatDialogRef, useValue: { close } },
      ],
    });
    const translate = TestBed.inject(TranslateService);
    translate.setTranslation('en', en);
    translate.use('en');
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(StaffFormDialogComponent);
    element = fixture.nativeElement as HTMLElement;
    await fixture.whenStable();
    http.expectOne('/api/municipalities').flush([LIEGE, EUPEN]);
    await fixture.whenStable();
  }

  afterEach(() => http.verify());

  function labels(): string[] {
    return Array.from(element.querySelectorAll('mat-label')).map((label) => label.textContent?.trim() ?? '');
  }

  function form(): StaffFormDialogComponent['form'] {
    // The form is protected for the template; tests drive it directly instead of opening mat-select overlays.
    return (fixture.componentInstance as unknown as { form: StaffFormDialogComponent['form'] }).form;
  }

  async function submit(): Promise<void> {
    (element.querySelector('button[type="submit"]') as HTMLButtonElement).click();
    await fixture.whenStable();
  }

  it('asks for a municipality only when the clerk role is chosen, and then requires it', async () => {
    await open({ mode: 'create' });
    expect(labels()).not.toContain('Municipality');

    form().patchValue({ email: 'new.clerk@eupen.be', displayName: 'Nina Keller', language: 'de', roles: ['clerk'] });
    await fixture.whenStable();
    expect(labels()).toContain('Municipality');

    await submit();
    http.expectNone('/api/staff');
    expect(form().controls.municipalityNisCode.hasError('required')).toBe(true);

    form().controls.municipalityNisCode.setValue('63023');
    await submit();
    const request = http.expectOne('/api/staff');
    expect(request.request.method).toBe('POST');
    expect(request.request.body).toEqual({
      email: 'new.clerk@eupen.be',
      displayName: 'Nina Keller',
      language: 'de',
      roles: ['clerk'],
      municipalityNisCode: '63023',
    });
    const created = { staff: aStaff({ email: 'new.clerk@eupen.be' }), initialPassword: 'Xk4-pq9-ZZ2-mm7' };
    request.flush(created, { status: 201, statusText: 'Created' });
    expect(close).toHaveBeenCalledWith(created);
  });

  it('sends no municipality for other roles', async () => {
    await open({ mode: 'create' });
    form().patchValue({ email: 'sup@example.be', displayName: 'Sam Peeters', language: 'nl', roles: ['supervisor'] });
    await submit();

    expect(http.expectOne('/api/staff').request.body).toEqual({
      email: 'sup@example.be',
      displayName: 'Sam Peeters',
      language: 'nl',
      roles: ['supervisor'],
    });
  });

  it('clears the municipality when an edited account stops being a clerk', async () => {
    await open({ mode: 'edit', staff: aStaff() });
    expect(form().controls.email.disabled).toBe(true);

    form().controls.roles.setValue(['video_agent']);
    await submit();
    const request = http.expectOne('/api/staff/s1');
    expect(request.request.method).toBe('PATCH');
    expect(request.request.body).toEqual({
      displayName: 'Marc Dubois',
      language: 'fr',
      roles: ['video_agent'],
      municipalityNisCode: null,
    });
  });

  it('shows the API field errors under the fields and keeps the dialog open', async () => {
    await open({ mode: 'create' });
    form().patchValue({ email: 'taken@example.be', displayName: 'Taken', language: 'fr', roles: ['admin'] });
    await submit();
    http.expectOne('/api/staff').flush(
      {
        statusCode: 409,
        code: 'staff.email_taken',
        message: 'This address is already used.',
        errors: [{ field: 'email', code: 'staff.email_taken', message: 'This address is already used.' }],
      },
      { status: 409, statusText: 'Conflict' },
    );
    await fixture.whenStable();

    const errors = Array.from(element.querySelectorAll('mat-error')).map((error) => error.textContent?.trim());
    expect(errors).toEqual(['This address is already used.']);
    expect(close).not.toHaveBeenCalled();
  });
});
