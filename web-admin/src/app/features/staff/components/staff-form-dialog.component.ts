import { ChangeDetectionStrategy, Component, computed, inject, OnInit, signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSelectModule } from '@angular/material/select';
import { TranslatePipe } from '@ngx-translate/core';
import { finalize, Observable } from 'rxjs';
import { Role, ROLES } from '../../../core/auth/auth.models';
import { ControlErrorPipe } from '../../../core/errors/control-error.pipe';
import { ErrorNotifier } from '../../../core/errors/error-notifier.service';
import { toApiError } from '../../../core/http/api-error';
import { LanguageService } from '../../../core/i18n/language.service';
import { Language, LANGUAGES } from '../../../core/i18n/languages';
import { MunicipalityNamePipe } from '../../../core/municipalities/municipality-name.pipe';
import { MunicipalityService } from '../../../core/municipalities/municipality.service';
import { StaffApiService } from '../services/staff-api.service';
import { CreateStaffResponse, Staff } from '../services/staff.models';

export type StaffFormDialogData = { mode: 'create' } | { mode: 'edit'; staff: Staff };

/**
 * Creates an account (closes with `{ staff, initialPassword }`) or edits one (closes with the
 * updated `Staff`). A clerk belongs to exactly one municipality, so the municipality is asked
 * for (and required) only when the clerk role is chosen.
 */
@Component({
  selector: 'app-staff-form-dialog',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    ReactiveFormsModule,
    MatDialogModule,
    MatFormFieldModule,
    MatInputModule,
    MatSelectModule,
    MatButtonModule,
    MatIconModule,
    MatProgressBarModule,
    TranslatePipe,
    ControlErrorPipe,
    MunicipalityNamePipe,
  ],
  templateUrl: './staff-form-dialog.component.html',
})
export class StaffFormDialogComponent implements OnInit {
  protected readonly data = inject<StaffFormDialogData>(MAT_DIALOG_DATA);
  private readonly dialogRef = inject<MatDialogRef<StaffFormDialogComponent, CreateStaffResponse | Staff>>(MatDialogRef);
  private readonly api = inject(StaffApiService);
  private readonly notifier = inject(ErrorNotifier);
  private readonly municipalityService = inject(MunicipalityService);

  protected readonly roles = ROLES;
  protected readonly languages = LANGUAGES;
  protected readonly municipalities = this.municipalityService.sorted;
  protected readonly busy = signal(false);
  protected readonly error = signal<string | null>(null);

  private readonly editing = this.data.mode === 'edit' ? this.data.staff : null;

  protected readonly form = inject(NonNullableFormBuilder).group({
    email: [this.editing?.email ?? '', [Validators.required, Validators.email, Validators.maxLength(254)]],
    displayName: [this.editing?.displayName ?? '', [Validators.required, Validators.minLength(2), Validators.maxLength(120)]],
    language: [this.editing?.language ?? inject(LanguageService).current(), [Validators.required]],
    roles: [this.editing?.roles ?? ([] as Role[]), [Validators.required]],
    municipalityNisCode: [this.editing?.municipality?.nisCode ?? ''],
  });

  private readonly selectedRoles = toSignal(this.form.controls.roles.valueChanges, {
    initialValue: this.form.controls.roles.value,
  });
  protected readonly needsMunicipality = computed(() => this.selectedRoles().includes('clerk'));

  constructor() {
    if (this.editing) {
      this.form.controls.email.disable();
    }
    this.form.controls.roles.valueChanges.subscribe((roles) => this.updateMunicipalityValidator(roles));
    this.updateMunicipalityValidator(this.form.controls.roles.value);
  }

  ngOnInit(): void {
    this.municipalityService.load().subscribe({ error: (error: unknown) => this.notifier.show(error) });
  }

  protected submit(): void {
    if (this.busy()) {
      return;
    }
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    const value = this.form.getRawValue();
    const municipalityNisCode = value.roles.includes('clerk') ? value.municipalityNisCode : null;
    const call: Observable<CreateStaffResponse | Staff> = this.editing
      ? this.api.update(this.editing.id, {
          displayName: value.displayName.trim(),
          language: value.language,
          roles: value.roles,
          municipalityNisCode,
        })
      : this.api.create({
          email: value.email.trim(),
          displayName: value.displayName.trim(),
          language: value.language as Language,
          roles: value.roles,
          ...(municipalityNisCode ? { municipalityNisCode } : {}),
        });
    this.busy.set(true);
    this.error.set(null);
    call.pipe(finalize(() => this.busy.set(false))).subscribe({
      next: (result) => this.dialogRef.close(result),
      error: (error: unknown) => this.error.set(this.notifier.formMessage(this.form, toApiError(error))),
    });
  }

  private updateMunicipalityValidator(roles: readonly Role[]): void {
    const control = this.form.controls.municipalityNisCode;
    control.setValidators(roles.includes('clerk') ? [Validators.required] : []);
    control.updateValueAndValidity({ emitEvent: false });
  }
}
