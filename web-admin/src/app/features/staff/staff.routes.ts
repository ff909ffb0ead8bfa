import { Routes } from '@angular/router';
import { StaffListPageComponent } from './components/staff-list-page.component';

export const STAFF_ROUTES: Routes = [{ path: '', component: StaffListPageComponent, title: 'titles.staff' }];
