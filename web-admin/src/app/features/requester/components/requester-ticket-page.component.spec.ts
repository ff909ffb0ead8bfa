import { HttpTestingController } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { Router } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { TicketDetail } from '../services/requester.models';
import { RequesterOverviewPageComponent } from './requester-overview-page.component';
import { RequesterTicketPageComponent } from './requester-ticket-page.component';
import { buttonsNamed, configureRequesterTest, settle } from './requester-testing';

const DETAIL: TicketDetail = {
  id: 't-1',
  number: 'NISS-2026-0000101',
  status: 'action_required',
  display: 'action_required',
  niss: null,
  autoIdentified: false,
  submittedAt: '2026-11-20T10:00:00.000Z',
  decidedAt: null,
  failureReason: null,
  actionReason: 'quality_insufficient',
  actionText: null,
  requestedBy: 'm-1',
  surname: 'EL AMRANI',
  givenNames: 'Youssef',
  birthDate: '1985-07-30',
  deletable: true,
  documentId: 'd-1',
  data: {
    document: { type: 'passport', number: 'EM1234567', issuingCountry: 'MAR', validUntil: '2031-05-14', nationalNumber: null, mrz: [] },
    person: { surname: 'EL AMRANI', givenNames: 'Youssef', birthDate: '1985-07-30', sex: 'M', nationality: 'MAR', birthPlace: 'Rabat', birthCountry: 'MA' },
    residence: null,
    contactAddress: { street: 'Rue de Fer', houseNumber: '42', box: null, postalCode: '5000', municipality: 'Namur', country: 'BE' },
    comment: null,
    notificationEmail: 'an@cpas-namur.be',
  },
  history: [
    { at: '2026-11-20T10:00:00.000Z', action: 'submit', fromStatus: null, toStatus: 'submitted', actorKind: 'requester', details: {} },
    { at: '2026-11-20T10:00:01.000Z', action: 'queue', fromStatus: 'submitted', toStatus: 'pending', actorKind: 'system', details: {} },
    { at: '2026-11-21T09:00:00.000Z', action: 'request_reupload', fromStatus: 'in_review', toStatus: 'action_required', actorKind: 'staff', details: {} },
    { at: '2026-11-21T09:30:00.000Z', action: 'archive_note', fromStatus: 'action_required', toStatus: 'action_required', actorKind: 'system', details: {} },
  ],
};

describe(RequesterTicketPageComponent.name, () => {
  let http: HttpTestingController;
  let harness: RouterTestingHarness;
  let router: Router;
  const element = () => harness.routeNativeElement as HTMLElement;
  const buttonIn = (root: ParentNode, name: string) => buttonsNamed(root, name)[0];

  beforeEach(async () => {
    http = configureRequesterTest([
      { path: 'requester', component: RequesterOverviewPageComponent },
      { path: 'requester/tickets/:id', component: RequesterTicketPageComponent },
    ]);
    router = TestBed.inject(Router);
    harness = await RouterTestingHarness.create('/requester/tickets/t-1');
    await settle();
    http.expectOne('/api/requester/tickets/t-1').flush(DETAIL);
    await settle();
  });

  afterEach(() => http.verify());

  it('shows the ticket, the awaited action, the data and the history in order', () => {
    expect(element().querySelector('h1')?.textContent?.trim()).toBe('Request NISS-2026-0000101');
    expect(element().textContent).toContain('Action required');
    expect(element().textContent).toContain('The quality of the document is not sufficient: please upload a new document.');
    const upload = Array.from(element().querySelectorAll('a')).find((a) => a.textContent?.includes('Upload a new document'));
    expect(upload?.getAttribute('href')).toBe('/requester/tickets/t-1/reupload');
    expect(element().textContent).toContain('EM1234567');
    expect(element().textContent).toContain('Rue de Fer 42, 5000 Namur, BE');
    const history = Array.from(element().querySelectorAll('.history li')).map((li) => li.textContent?.replace(/\s+/g, ' ').trim());
    expect(history).toHaveLength(4);
    expect(history[0]).toContain('Request sent (requester)');
    expect(history[2]).toContain('New document asked for (operator)');
    expect(history[3]).toContain('archive_note (system)');
  });

  it('deletes nothing when the confirmation is cancelled', async () => {
    buttonIn(element(), 'Delete the request').click();
    await settle();
    const dialog = document.querySelector('mat-dialog-container') as HTMLElement;
    expect(dialog.textContent).toContain('Delete request NISS-2026-0000101?');
    buttonIn(dialog, 'Cancel').click();
    await settle();
    http.expectNone((request) => request.method === 'DELETE');
  });

  it('deletes the request once confirmed and goes back to the overview', async () => {
    const navigate = vi.spyOn(router, 'navigate').mockResolvedValue(true);
    buttonIn(element(), 'Delete the request').click();
    await settle();
    buttonIn(document.querySelector('mat-dialog-container') as HTMLElement, 'Delete').click();
    await settle();
    http.expectOne('/api/citizen/csrf').flush(null, { status: 204, statusText: 'No Content' });
    await settle();
    const deletion = http.expectOne('/api/requester/tickets/t-1');
    expect(deletion.request.method).toBe('DELETE');
    deletion.flush({ ...DETAIL, status: 'deleted', display: 'deleted', deletable: false });
    await settle();
    expect(navigate).toHaveBeenCalledWith(['/requester']);
  });

  it('offers no delete once the request has a final answer', async () => {
    void harness.navigateByUrl('/requester/tickets/t-2');
    await settle();
    http.expectOne('/api/requester/tickets/t-2').flush({ ...DETAIL, id: 't-2', status: 'identified', display: 'identified', niss: '85073003328', deletable: false, actionReason: null });
    await settle();
    expect(element().textContent).toContain('85.07.30-033.28');
    expect(buttonIn(element(), 'Delete the request')).toBeUndefined();
  });
});
