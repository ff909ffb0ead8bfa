import { Routes } from '@angular/router';
import { DeskPageComponent } from './components/desk-page.component';

export const DESK_ROUTES: Routes = [{ path: '', component: DeskPageComponent, title: 'desk.title' }];
