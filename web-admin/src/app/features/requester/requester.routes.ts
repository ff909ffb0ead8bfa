import { Routes } from '@angular/router';
import { RequesterOverviewPageComponent } from './components/requester-overview-page.component';
import { RequesterTicketPageComponent } from './components/requester-ticket-page.component';
import { RequesterWizardPageComponent } from './components/requester-wizard-page.component';

/** `/requester/…`: NISS requests of an organisation member signed in with a digital key (public layout). */
export const REQUESTER_ROUTES: Routes = [
  { path: '', pathMatch: 'full', component: RequesterOverviewPageComponent, title: 'requester.titles.overview' },
  { path: 'new', component: RequesterWizardPageComponent, title: 'requester.titles.new' },
  { path: 'tickets/:id', component: RequesterTicketPageComponent, title: 'requester.titles.detail' },
  { path: 'tickets/:id/reupload', component: RequesterWizardPageComponent, title: 'requester.titles.reupload' },
];
