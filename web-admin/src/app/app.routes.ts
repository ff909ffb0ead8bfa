import { Routes } from '@angular/router';
import { authGuard, guestGuard, roleGuard } from './core/auth/role.guards';
import { PublicLayoutComponent } from './core/shell/public-layout.component';
import { ShellComponent } from './core/shell/shell.component';
import { devMailboxGuard } from './features/dev-mailbox/dev-mailbox.guard';

export const routes: Routes = [
  {
    path: 'login',
    component: PublicLayoutComponent,
    canMatch: [guestGuard],
    loadChildren: () => import('./features/sign-in/sign-in.routes').then((m) => m.SIGN_IN_ROUTES),
  },
  // Citizen pages (activation link, login with a digital key): public, no staff session.
  {
    path: 'activate',
    component: PublicLayoutComponent,
    loadChildren: () => import('./features/citizen/citizen.routes').then((m) => m.ACTIVATION_ROUTES),
  },
  {
    path: 'citizen',
    component: PublicLayoutComponent,
    loadChildren: () => import('./features/citizen/citizen.routes').then((m) => m.CITIZEN_ROUTES),
  },
  // NISS requests of an organisation member (citizen session with a digital key).
  {
    path: 'requester',
    component: PublicLayoutComponent,
    loadChildren: () => import('./features/requester/requester.routes').then((m) => m.REQUESTER_ROUTES),
  },
  // Video interviews, citizen side (public): the booking page, and the e-mailed link and the call,
  // opened with the security code. The staff side is the console's `/interviews`.
  {
    path: 'video/appointment',
    component: PublicLayoutComponent,
    loadChildren: () => import('./features/video-citizen/video-citizen.routes').then((m) => m.VIDEO_APPOINTMENT_ROUTES),
  },
  {
    path: 'video',
    component: PublicLayoutComponent,
    loadChildren: () => import('./features/video-citizen/video-citizen.routes').then((m) => m.VIDEO_BOOKING_ROUTES),
  },
  {
    path: '',
    component: ShellComponent,
    canMatch: [authGuard],
    children: [
      {
        path: '',
        pathMatch: 'full',
        loadChildren: () => import('./features/home/home.routes').then((m) => m.HOME_ROUTES),
      },
      {
        path: 'desk',
        canMatch: [roleGuard('clerk')],
        loadChildren: () => import('./features/desk/desk.routes').then((m) => m.DESK_ROUTES),
      },
      {
        path: 'interviews',
        canMatch: [roleGuard('video_agent', 'supervisor', 'admin')],
        loadChildren: () => import('./features/video/video.routes').then((m) => m.VIDEO_ROUTES),
      },
      {
        path: 'staff',
        canMatch: [roleGuard('admin')],
        loadChildren: () => import('./features/staff/staff.routes').then((m) => m.STAFF_ROUTES),
      },
      {
        path: 'audit',
        canMatch: [roleGuard('supervisor', 'admin')],
        loadChildren: () => import('./features/audit/audit.routes').then((m) => m.AUDIT_ROUTES),
      },
      {
        path: 'niss/organisations',
        canMatch: [roleGuard('admin')],
        loadChildren: () => import('./features/niss/niss.routes').then((m) => m.NISS_ORGANISATION_ROUTES),
      },
      {
        path: 'niss',
        canMatch: [roleGuard('niss_operator', 'supervisor')],
        loadChildren: () => import('./features/niss/niss.routes').then((m) => m.NISS_ROUTES),
      },
      {
        path: 'jobs',
        canMatch: [roleGuard('admin')],
        loadChildren: () => import('./features/jobs/jobs.routes').then((m) => m.JOBS_ROUTES),
      },
      {
        path: 'dev/mailbox',
        canMatch: [roleGuard('admin'), devMailboxGuard],
        loadChildren: () => import('./features/dev-mailbox/dev-mailbox.routes').then((m) => m.DEV_MAILBOX_ROUTES),
      },
      {
        path: 'account',
        loadChildren: () => import('./features/account/account.routes').then((m) => m.ACCOUNT_ROUTES),
      },
    ],
  },
  { path: '**', redirectTo: '' },
];
