import { ChangeDetectionStrategy, Component, inject, OnInit } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatPaginatorModule, PageEvent } from '@angular/material/paginator';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatTableModule } from '@angular/material/table';
import { TranslatePipe } from '@ngx-translate/core';
import { ROLES } from '../../../core/auth/auth.models';
import { LocalDateTimePipe } from '../../../core/i18n/local-date-time.pipe';
import { MunicipalityNamePipe } from '../../../core/municipalities/municipality-name.pipe';
import { MunicipalityService } from '../../../core/municipalities/municipality.service';
import { AuditSearchStore } from '../services/audit-search.store';
import { AuditEntry, EMPTY_AUDIT_FILTERS } from '../services/audit.models';

/** Audit trail search: who did what, where, when, on which subject and why. */
@Component({
  selector: 'app-audit-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    ReactiveFormsModule,
    MatFormFieldModule,
    MatInputModule,
    MatButtonModule,
    MatIconModule,
    MatTableModule,
    MatPaginatorModule,
    MatProgressBarModule,
    TranslatePipe,
    LocalDateTimePipe,
    MunicipalityNamePipe,
  ],
  providers: [AuditSearchStore],
  templateUrl: './audit-page.component.html',
  styleUrl: './audit-page.component.scss',
})
export class AuditPageComponent implements OnInit {
  protected readonly store = inject(AuditSearchStore);
  private readonly municipalityService = inject(MunicipalityService);
  protected readonly municipalities = this.municipalityService.byNisCode;

  protected readonly columns = [
    'occurredAt',
    'actorEmail',
    'actorRole',
    'municipality',
    'action',
    'subject',
    'purpose',
    'requestId',
  ];
  protected readonly pageSizes = [20, 50, 100];
  protected readonly form = inject(NonNullableFormBuilder).group({ ...EMPTY_AUDIT_FILTERS });

  ngOnInit(): void {
    this.municipalityService.ensureLoaded();
    this.store.load();
  }

  protected search(): void {
    this.store.search(this.form.getRawValue());
  }

  protected reset(): void {
    this.form.reset();
    this.store.search(this.form.getRawValue());
  }

  protected page(event: PageEvent): void {
    this.store.goToPage(event.pageIndex + 1, event.pageSize);
  }

  /** Known roles are shown translated; anything else (system actors) as is. */
  protected roleKey(role: string | null): string | null {
    return role && (ROLES as readonly string[]).includes(role) ? `roles.${role}` : null;
  }

  protected subjectLabel(entry: AuditEntry): string {
    return [entry.subjectType, entry.subjectId].filter((part) => !!part).join(' ');
  }
}
