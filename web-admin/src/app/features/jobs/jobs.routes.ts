import { Routes } from '@angular/router';
import { JobsPageComponent } from './components/jobs-page.component';

export const JOBS_ROUTES: Routes = [{ path: '', component: JobsPageComponent, title: 'titles.jobs' }];
