import { Role } from '../auth/auth.models';

export interface NavItem {
  path: string;
  labelKey: string;
  descriptionKey: string;
  icon: string;
  /** Roles that may use the page; empty = every signed-in member. */
  roles: readonly Role[];
  /** Only shown when the development mail catcher is enabled on the API. */
  needsDevMailbox?: boolean;
}

/** Every page of the console, in menu order. */
export const NAV_ITEMS: readonly NavItem[] = [
  { path: '/', labelKey: 'nav.home', descriptionKey: 'home.items.home', icon: 'home', roles: [] },
  { path: '/desk', labelKey: 'desk.nav', descriptionKey: 'desk.nav_description', icon: 'badge', roles: ['clerk'] },
  {
    path: '/interviews',
    labelKey: 'video.nav',
    descriptionKey: 'video.nav_description',
    icon: 'video_camera_front',
    roles: ['video_agent', 'supervisor', 'admin'],
  },
  {
    path: '/interviews/availability',
    labelKey: 'video.nav_availability',
    descriptionKey: 'video.nav_availability_description',
    icon: 'event_available',
    roles: ['video_agent', 'supervisor', 'admin'],
  },
  {
    path: '/niss',
    labelKey: 'niss.nav',
    descriptionKey: 'niss.nav_description',
    icon: 'assignment_ind',
    roles: ['niss_operator', 'supervisor'],
  },
  {
    path: '/niss/organisations',
    labelKey: 'nav.organisations',
    descriptionKey: 'home.items.organisations',
    icon: 'corporate_fare',
    roles: ['admin'],
  },
  { path: '/staff', labelKey: 'nav.staff', descriptionKey: 'home.items.staff', icon: 'group', roles: ['admin'] },
  {
    path: '/audit',
    labelKey: 'nav.audit',
    descriptionKey: 'home.items.audit',
    icon: 'policy',
    roles: ['supervisor', 'admin'],
  },
  { path: '/jobs', labelKey: 'nav.jobs', descriptionKey: 'home.items.jobs', icon: 'pending_actions', roles: ['admin'] },
  {
    path: '/dev/mailbox',
    labelKey: 'nav.dev_mailbox',
    descriptionKey: 'home.items.dev_mailbox',
    icon: 'mail',
    roles: ['admin'],
    needsDevMailbox: true,
  },
  {
    path: '/account',
    labelKey: 'nav.account',
    descriptionKey: 'home.items.account',
    icon: 'manage_accounts',
    roles: [],
  },
];
