import { HttpTestingController } from '@angular/common/http/testing';
import { RouterTestingHarness } from '@angular/router/testing';
import { Ticket, TicketList } from '../services/requester.models';
import { RequesterOverviewPageComponent } from './requester-overview-page.component';
import { configureRequesterTest, settle } from './requester-testing';

const ME = {
  memberId: 'm-1',
  displayName: 'An Peeters',
  role: 'requester',
  organisationId: 'o-1',
  organisationName: 'CPAS de Namur',
  enterpriseNumber: '0212.345.678',
};

function ticket(overrides: Partial<Ticket>): Ticket {
  return {
    id: 't-0',
    number: 'NISS-2026-0000100',
    status: 'pending',
    display: 'pending',
    niss: null,
    autoIdentified: false,
    submittedAt: '2026-11-20T10:00:00.000Z',
    decidedAt: null,
    failureReason: null,
    actionReason: null,
    actionText: null,
    requestedBy: 'm-1',
    surname: 'EL AMRANI',
    givenNames: 'Youssef',
    birthDate: '1985-07-30',
    deletable: true,
    ...overrides,
  };
}

const LIST: TicketList = {
  notifications: [
    ticket({ id: 't-1', number: 'NISS-2026-0000101', status: 'action_required', display: 'action_required', actionReason: 'document_expired', actionText: 'Passport expired in 2024.' }),
    ticket({ id: 't-2', number: 'NISS-2026-0000102', status: 'identified', display: 'identified', niss: '85073003328', deletable: false }),
  ],
  items: [
    ticket({ id: 't-2', number: 'NISS-2026-0000102', status: 'identified', display: 'identified', niss: '85073003328', deletable: false }),
    ticket({ id: 't-3', number: 'NISS-2026-0000103', status: 'failed', display: 'failed', failureReason: 'Unknown person', deletable: false }),
    ticket({ id: 't-4', number: 'NISS-2026-0000104', status: 'in_review', display: 'pending' }),
  ],
  total: 45,
  page: 1,
  pageSize: 20,
};

describe(RequesterOverviewPageComponent.name, () => {
  let http: HttpTestingController;
  let harness: RouterTestingHarness;
  const element = () => harness.routeNativeElement as HTMLElement;

  beforeEach(async () => {
    http = configureRequesterTest([
      { path: 'requester', component: RequesterOverviewPageComponent },
      { path: 'citizen/login', component: RequesterOverviewPageComponent },
    ]);
    harness = await RouterTestingHarness.create('/requester');
    await settle();
  });

  afterEach(() => http.verify());

  it('shows the organisation, the notifications with their count, then the requests with their status', async () => {
    http.expectOne('/api/requester/me').flush(ME);
    await settle();
    const list = http.expectOne((request) => request.url === '/api/requester/tickets');
    expect(list.request.params.get('scope')).toBe('organisation');
    expect(list.request.params.get('page')).toBe('1');
    expect(list.request.params.get('pageSize')).toBe('20');
    list.flush(LIST);
    await settle();

    expect(element().querySelector('h1')?.textContent?.trim()).toBe('CPAS de Namur');
    const newRequest = Array.from(element().querySelectorAll('a')).find((a) => a.textContent?.includes('Request a Belgian identification number'));
    expect(newRequest?.getAttribute('href')).toBe('/requester/new');

    expect(element().querySelector('#notifications-title')?.textContent?.trim()).toBe('New notifications (2)');
    const notifications = element().querySelectorAll('[data-testid="notification"]');
    expect(notifications).toHaveLength(2);
    expect(notifications[0].textContent).toContain('Action awaited');
    expect(notifications[0].textContent).toContain('The document has expired: please upload a valid document.');
    expect(notifications[0].textContent).toContain('Passport expired in 2024.');
    const upload = Array.from(notifications[0].querySelectorAll('a')).find((a) => a.textContent?.includes('Upload a new document'));
    expect(upload?.getAttribute('href')).toBe('/requester/tickets/t-1/reupload');
    expect(notifications[1].textContent).toContain('New answer');
    expect(notifications[1].textContent).toContain('85.07.30-033.28');

    const rows = Array.from(element().querySelectorAll('[data-testid="ticket-row"]'));
    expect(rows.map((row) => row.getAttribute('href'))).toEqual(['/requester/tickets/t-2', '/requester/tickets/t-3', '/requester/tickets/t-4']);
    expect(rows.map((row) => row.querySelector('mat-icon')?.getAttribute('aria-label'))).toEqual(['Identified', 'Not identified', 'Pending']);
    expect(rows[0].textContent).toContain('85.07.30-033.28');
    expect(element().querySelector('mat-paginator')).not.toBeNull();

    const mine = Array.from(element().querySelectorAll('mat-button-toggle button')).find((b) => b.textContent?.trim() === 'My requests') as HTMLButtonElement;
    mine.click();
    await settle();
    const filtered = http.expectOne((request) => request.url === '/api/requester/tickets');
    expect(filtered.request.params.get('scope')).toBe('mine');
    filtered.flush({ ...LIST, notifications: [], items: [], total: 0 });
    await settle();
    expect(element().textContent).toContain('No requests yet.');
    expect(element().querySelector('#notifications-title')?.textContent?.trim()).toBe('New notifications (0)');
  });

  it("shows the API's message to a digital key without organisation membership", async () => {
    http.expectOne('/api/requester/me').flush(
      { statusCode: 403, code: 'niss.membership_required', message: 'Your digital key is not linked to an organisation.' },
      { status: 403, statusText: 'Forbidden' },
    );
    await settle();
    expect(element().querySelector('[role="alert"]')?.textContent?.trim()).toBe('Your digital key is not linked to an organisation.');
    http.expectNone((request) => request.url === '/api/requester/tickets');
  });

  it('offers the digital key login when not signed in', async () => {
    http.expectOne('/api/requester/me').flush({ statusCode: 401, code: 'citizen.session_required', message: 'Log in.' }, { status: 401, statusText: 'Unauthorized' });
    await settle();
    expect(element().querySelector('h1')?.textContent?.trim()).toBe('You are not logged in');
    const login = Array.from(element().querySelectorAll('a')).find((a) => a.textContent?.includes('Log in with my digital key'));
    expect(login?.getAttribute('href')).toBe('/citizen/login');
  });
});
