import { Routes } from '@angular/router';
import { roleGuard } from '../../core/auth/role.guards';
import { NissFiguresPageComponent } from './components/niss-figures-page.component';
import { NissOrganisationsPageComponent } from './components/niss-organisations-page.component';
import { NissQueuePageComponent } from './components/niss-queue-page.component';
import { NissReviewPageComponent } from './components/niss-review-page.component';

/** Mounted at `/niss` (NISS operators, supervisors). */
export const NISS_ROUTES: Routes = [
  { path: '', component: NissQueuePageComponent, title: 'niss.queue.title' },
  { path: 'tickets/:id', component: NissReviewPageComponent, title: 'niss.review.page_title' },
  { path: 'figures', canMatch: [roleGuard('supervisor')], component: NissFiguresPageComponent, title: 'niss.figures.title' },
];

/** Mounted at `/niss/organisations` (admins). */
export const NISS_ORGANISATION_ROUTES: Routes = [
  { path: '', component: NissOrganisationsPageComponent, title: 'niss.organisations.title' },
];
