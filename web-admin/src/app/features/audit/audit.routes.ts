import { Routes } from '@angular/router';
import { AuditPageComponent } from './components/audit-page.component';

export const AUDIT_ROUTES: Routes = [{ path: '', component: AuditPageComponent, title: 'titles.audit' }];
