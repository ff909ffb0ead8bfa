import { HttpTestingController } from '@angular/common/http/testing';
import { RouterTestingHarness } from '@angular/router/testing';
import { typeInto } from '../../../../testing/page-testing';
import { DocumentStatus, TicketDetail } from '../services/requester.models';
import { RequesterOverviewPageComponent } from './requester-overview-page.component';
import { buttonsNamed, configureRequesterTest, settle } from './requester-testing';
import { RequesterWizardPageComponent } from './requester-wizard-page.component';

const ME = { memberId: 'm-1', displayName: 'An Peeters', role: 'requester', organisationId: 'o-1', organisationName: 'CPAS de Namur', enterpriseNumber: '0212.345.678' };
const MRZ = ['P<MARELAMRANI<<YOUSSEF<<<<<<<<<<<<<<<<<<<<<', 'EM12345670MAR8507307M3105148<<<<<<<<<<<<<<02'];

const PROCESSED: DocumentStatus = {
  id: 'd-1',
  status: 'processed',
  pageCount: 1,
  failureCode: null,
  analysis: {
    mrz: { found: true, lines: MRZ },
    fields: {
      documentType: { value: 'passport', confidence: 99, source: 'mrz' },
      documentNumber: { value: 'em1234567', confidence: 97.6, source: 'mrz' },
      issuingCountry: { value: 'MAR', confidence: 99, source: 'mrz' },
      validUntil: { value: '2031-05-14', confidence: 95, source: 'mrz' },
      surname: { value: 'EL AMRANI', confidence: 90, source: 'mrz' },
      givenNames: { value: 'YOUSSEF', confidence: 90, source: 'mrz' },
      birthDate: { value: '1985-07-30', confidence: 96, source: 'mrz' },
      sex: { value: 'X', confidence: 80, source: 'mrz' },
      nationality: { value: 'MAR', confidence: 99, source: 'mrz' },
      eyeColour: { value: 'brown', confidence: 50, source: 'text' },
    },
  },
};

describe(RequesterWizardPageComponent.name, () => {
  let http: HttpTestingController;
  let harness: RouterTestingHarness;
  const element = () => harness.routeNativeElement as HTMLElement;
  const formField = (label: string) =>
    Array.from(element().querySelectorAll('mat-form-field')).find((f) => f.querySelector('mat-label')?.textContent?.trim() === label) as HTMLElement;
  const input = (label: string) => formField(label).querySelector('input, textarea') as HTMLInputElement;
  const buttons = (name: string) => buttonsNamed(element(), name);

  async function open(url: string): Promise<void> {
    http = configureRequesterTest([
      { path: 'requester', component: RequesterOverviewPageComponent },
      { path: 'requester/new', component: RequesterWizardPageComponent },
      { path: 'requester/tickets/:id/reupload', component: RequesterWizardPageComponent },
    ]);
    harness = await RouterTestingHarness.create(url);
    await settle();
    http.expectOne('/api/requester/me').flush(ME);
    await settle();
  }

  async function uploadDocument(csrf = true): Promise<void> {
    const file = element().querySelector('input[type="file"]') as HTMLInputElement;
    Object.defineProperty(file, 'files', { value: [new File(['jpeg'], 'passport.jpg', { type: 'image/jpeg' })], configurable: true });
    file.dispatchEvent(new Event('change'));
    await settle();
    if (csrf) {
      http.expectOne('/api/citizen/csrf').flush(null, { status: 204, statusText: 'No Content' });
      await settle();
    }
    const upload = http.expectOne('/api/requester/documents');
    expect(upload.request.method).toBe('POST');
    const body = upload.request.body as FormData;
    expect(body.getAll('files')).toHaveLength(1);
    upload.flush({ id: 'd-1', status: 'received', pageCount: 1, failureCode: null, analysis: null });
    await settle();
    expect(element().textContent).toContain('Reading the document…');
    // The worker has not finished at the first look, then has.
    http.expectOne('/api/requester/documents/d-1').flush({ id: 'd-1', status: 'received', pageCount: 1, failureCode: null, analysis: null });
    await settle();
    http.expectOne('/api/requester/documents/d-1').flush(PROCESSED);
    await settle();
  }

  async function next(stepIndex: number): Promise<void> {
    buttons('Next')[stepIndex].click();
    await settle();
  }

  afterEach(() => http.verify());

  it('reads the document, pre-fills only the empty fields with their confidence, and sends the request', async () => {
    await open('/requester/new');
    expect(element().textContent).toContain('Required: the document (1 or 2 files), document type, document number and issuing country.');
    typeInto(input('Given names'), 'Youssef Ali');
    await uploadDocument();

    expect(input('Document number').value).toBe('EM1234567');
    expect(formField('Document number').textContent).toContain('Read from the document (confidence 98%)');
    expect(input('Issuing country').value).toBe('MAR');
    expect(input('Surname').value).toBe('EL AMRANI');
    expect(input('Given names').value).toBe('Youssef Ali');
    expect(formField('Given names').textContent).not.toContain('Read from the document');
    expect(formField('Sex').textContent).not.toContain('Read from the document');
    expect(input('Machine-readable zone (MRZ)').value).toBe(MRZ.join('\n'));
    expect(element().textContent).toContain('If present, the national number must always be chosen!');
    const help = Array.from(element().querySelectorAll('a')).find((a) => a.textContent?.includes('Where to find the number on this document (MAR)'));
    expect(help?.getAttribute('href')).toBe('https://www.consilium.europa.eu/prado/en/search-by-document-country.html');

    await next(0);
    await next(1);
    await next(2);
    typeInto(input('E-mail address for notifications'), ' An@CPAS-Namur.be ');
    typeInto(input('Comment'), 'Urgent: social aid file 2026/118');
    await settle();
    expect(element().textContent).toContain('Summary of your request');
    expect(buttons('Edit — Proof of identity')).toHaveLength(1);

    buttons('Send')[0].click();
    await settle();
    const submit = http.expectOne('/api/requester/tickets');
    expect(submit.request.method).toBe('POST');
    expect(submit.request.body).toEqual({
      documentId: 'd-1',
      data: {
        document: { type: 'passport', number: 'EM1234567', issuingCountry: 'MAR', validUntil: '2031-05-14', nationalNumber: null, mrz: MRZ },
        person: { surname: 'EL AMRANI', givenNames: 'Youssef Ali', birthDate: '1985-07-30', sex: null, nationality: 'MAR', birthPlace: null, birthCountry: null },
        residence: null,
        contactAddress: null,
        comment: 'Urgent: social aid file 2026/118',
        notificationEmail: 'an@cpas-namur.be',
      },
    });
    submit.flush({
      ticket: {
        id: 't-9',
        number: 'NISS-2026-0000123',
        status: 'identified',
        display: 'identified',
        niss: '85073003328',
        autoIdentified: true,
        submittedAt: '2026-11-24T10:00:00.000Z',
        decidedAt: '2026-11-24T10:00:00.000Z',
        failureReason: null,
        actionReason: null,
        actionText: null,
        requestedBy: 'm-1',
        surname: 'EL AMRANI',
        givenNames: 'Youssef Ali',
        birthDate: '1985-07-30',
        deletable: false,
      },
    });
    await settle();
    expect(element().textContent).toContain('Your request has been sent');
    expect(element().textContent).toContain('NISS-2026-0000123');
    expect(element().querySelector('[data-testid="answer-niss"]')?.textContent?.trim()).toBe('85.07.30-033.28');
  });

  it('shows the refusal of the API under the field it names', async () => {
    await open('/requester/new');
    await uploadDocument();
    await next(0);
    await next(1);
    await next(2);
    typeInto(input('E-mail address for notifications'), 'an@cpas-namur.be');
    await settle();
    buttons('Send')[0].click();
    await settle();
    http.expectOne('/api/requester/tickets').flush(
      { statusCode: 422, code: 'niss.document_expired', message: 'The document has expired.', field: 'data.document.validUntil' },
      { status: 422, statusText: 'Unprocessable Entity' },
    );
    await settle();
    expect(formField('Valid until').querySelector('mat-error')?.textContent?.trim()).toBe('The document has expired.');
  });

  it('re-upload: loads the ticket data, asks for a new document and posts to the ticket', async () => {
    const detail = {
      id: 't-1',
      number: 'NISS-2026-0000101',
      status: 'action_required',
      display: 'action_required',
      actionReason: 'document_expired',
      actionText: null,
      documentId: 'd-0',
      data: {
        document: { type: 'passport', number: 'EM0000001', issuingCountry: 'MAR', validUntil: '2024-01-01', nationalNumber: null, mrz: [] },
        person: { surname: 'EL AMRANI', givenNames: 'Youssef', birthDate: '1985-07-30', sex: 'M', nationality: 'MAR', birthPlace: 'Rabat', birthCountry: 'MA' },
        residence: { street: 'Avenue Hassan II', houseNumber: '12', box: null, postalCode: '10000', municipality: 'Rabat', country: 'MA' },
        contactAddress: null,
        comment: null,
        notificationEmail: 'an@cpas-namur.be',
      },
      history: [],
    } as unknown as TicketDetail;
    await open('/requester/tickets/t-1/reupload');
    http.expectOne('/api/requester/tickets/t-1').flush(detail);
    await settle();
    expect(element().querySelector('h1')?.textContent?.trim()).toBe('Upload a new document for request NISS-2026-0000101');
    expect(input('Document number').value).toBe('EM0000001');
    await next(0);
    expect(element().querySelector('.field-error')?.textContent?.trim()).toBe('Upload the identity document.');

    await uploadDocument();
    // The fields the requester already had are kept; the empty ones are filled.
    expect(input('Document number').value).toBe('EM0000001');
    expect(input('Machine-readable zone (MRZ)').value).toBe(MRZ.join('\n'));
    typeInto(input('Document number'), 'EM1234567');
    typeInto(input('Valid until'), '2031-05-14');
    await next(0);
    await next(1);
    await next(2);
    buttons('Send')[0].click();
    await settle();
    const reupload = http.expectOne('/api/requester/tickets/t-1/reupload');
    expect(reupload.request.body.documentId).toBe('d-1');
    expect(reupload.request.body.data.document.number).toBe('EM1234567');
    expect(reupload.request.body.data.residence).toEqual({ street: 'Avenue Hassan II', houseNumber: '12', box: null, postalCode: '10000', municipality: 'Rabat', country: 'MA' });
    reupload.flush({ ...detail, status: 'pending', display: 'pending' });
    await settle();
    expect(element().textContent).toContain('An operator will handle your request; you will get an e-mail when the answer is ready.');
  });
});
