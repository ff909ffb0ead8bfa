import { ChangeDetectionStrategy, Component, inject, OnInit } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { FormControl, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatPaginatorModule, PageEvent } from '@angular/material/paginator';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatTableModule } from '@angular/material/table';
import { MatTooltipModule } from '@angular/material/tooltip';
import { TranslatePipe } from '@ngx-translate/core';
import { debounceTime, filter, Observable, switchMap } from 'rxjs';
import { ErrorNotifier } from '../../../core/errors/error-notifier.service';
import { LocalDateTimePipe } from '../../../core/i18n/local-date-time.pipe';
import { MunicipalityNamePipe } from '../../../core/municipalities/municipality-name.pipe';
import { ConfirmDialogComponent, ConfirmDialogData } from '../../../core/ui/confirm-dialog.component';
import { StaffApiService } from '../services/staff-api.service';
import { StaffListStore } from '../services/staff-list.store';
import { CreateStaffResponse, Staff } from '../services/staff.models';
import { InitialPasswordDialogComponent } from './initial-password-dialog.component';
import { StaffFormDialogComponent, StaffFormDialogData } from './staff-form-dialog.component';

/** Staff accounts: search, page, create, edit, disable/enable, reset the second factor. */
@Component({
  selector: 'app-staff-list-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    ReactiveFormsModule,
    MatTableModule,
    MatPaginatorModule,
    MatFormFieldModule,
    MatInputModule,
    MatButtonModule,
    MatIconModule,
    MatTooltipModule,
    MatProgressBarModule,
    TranslatePipe,
    LocalDateTimePipe,
    MunicipalityNamePipe,
  ],
  providers: [StaffListStore],
  templateUrl: './staff-list-page.component.html',
  styleUrl: './staff-list-page.component.scss',
})
export class StaffListPageComponent implements OnInit {
  protected readonly store = inject(StaffListStore);
  private readonly api = inject(StaffApiService);
  private readonly dialog = inject(MatDialog);
  private readonly notifier = inject(ErrorNotifier);

  protected readonly columns = [
    'displayName',
    'email',
    'roles',
    'municipality',
    'language',
    'status',
    'secondFactor',
    'lastLoginAt',
    'actions',
  ];
  protected readonly pageSizes = [10, 20, 50, 100];
  protected readonly searchControl = new FormControl('', { nonNullable: true });

  constructor() {
    this.searchControl.valueChanges
      .pipe(debounceTime(300), takeUntilDestroyed())
      .subscribe((text) => this.store.search(text));
  }

  ngOnInit(): void {
    this.store.load();
  }

  protected searchNow(): void {
    this.store.search(this.searchControl.value);
  }

  protected page(event: PageEvent): void {
    this.store.goToPage(event.pageIndex + 1, event.pageSize);
  }

  protected create(): void {
    this.dialog
      .open<StaffFormDialogComponent, StaffFormDialogData, CreateStaffResponse | Staff>(StaffFormDialogComponent, {
        data: { mode: 'create' },
        width: '560px',
        maxWidth: '95vw',
      })
      .afterClosed()
      .pipe(filter((result): result is CreateStaffResponse => !!result && 'initialPassword' in result))
      .subscribe((created) => {
        this.store.load();
        this.dialog.open(InitialPasswordDialogComponent, {
          data: created,
          width: '520px',
          maxWidth: '95vw',
          disableClose: true,
        });
      });
  }

  protected edit(staff: Staff): void {
    this.dialog
      .open<StaffFormDialogComponent, StaffFormDialogData, CreateStaffResponse | Staff>(StaffFormDialogComponent, {
        data: { mode: 'edit', staff },
        width: '560px',
        maxWidth: '95vw',
      })
      .afterClosed()
      .pipe(filter((result): result is Staff => !!result && 'id' in result))
      .subscribe((updated) => {
        this.store.replace(updated);
        this.notifier.info('staff.saved', { name: updated.displayName });
      });
  }

  protected toggleDisabled(staff: Staff): void {
    const call = staff.disabled ? this.api.enable(staff.id) : this.api.disable(staff.id);
    this.apply(call, staff.disabled ? 'staff.enabled_done' : 'staff.disabled_done');
  }

  protected resetSecondFactor(staff: Staff): void {
    this.dialog
      .open<ConfirmDialogComponent, ConfirmDialogData, boolean>(ConfirmDialogComponent, {
        data: {
          titleKey: 'staff.reset_title',
          messageKey: 'staff.reset_message',
          confirmKey: 'staff.reset_confirm',
          params: { name: staff.displayName, email: staff.email },
        },
      })
      .afterClosed()
      .pipe(
        filter((confirmed) => confirmed === true),
        switchMap(() => this.api.resetSecondFactor(staff.id)),
      )
      .subscribe({
        next: (updated) => {
          this.store.replace(updated);
          this.notifier.info('staff.reset_done', { name: updated.displayName });
        },
        error: (error: unknown) => this.notifier.show(error),
      });
  }

  private apply(call: Observable<Staff>, doneKey: string): void {
    call.subscribe({
      next: (updated) => {
        this.store.replace(updated);
        this.notifier.info(doneKey, { name: updated.displayName });
      },
      error: (error: unknown) => this.notifier.show(error),
    });
  }
}
