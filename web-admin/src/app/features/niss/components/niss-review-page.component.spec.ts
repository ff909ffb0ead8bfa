import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting, TestRequest } from '@angular/common/http/testing';
import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { MATERIAL_ANIMATIONS } from '@angular/material/core';
import { provideRouter, Router, withComponentInputBinding } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { provideTranslateService, TranslateService } from '@ngx-translate/core';
import en from '../../../../../public/i18n/en.json';
import { Role } from '../../../core/auth/auth.models';
import { SessionStore } from '../../../core/auth/session.store';
import { LanguageService } from '../../../core/i18n/language.service';
import { Candidate, Review } from '../services/niss.models';
import { NissReviewPageComponent, TOUCH_INTERVAL_MS } from './niss-review-page.component';

@Component({ template: 'queue' })
class QueueStubComponent {}

const TICKET_ID = '11111111-2222-4333-8444-555555555555';
const DOCUMENT_ID = '66666666-7777-4888-9999-000000000000';
const BASE = `/api/niss/tickets/${TICKET_ID}`;

function aCandidate(overrides: Partial<Candidate> = {}): Candidate {
  return {
    personId: 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee',
    nationalNumber: '90040212345',
    surname: 'EL AMRANI',
    givenNames: 'Amina',
    birthDate: '1990-04-02',
    birthDateText: null,
    sex: 'F',
    nationality: 'MAR',
    birthPlace: 'Casablanca',
    score: 92,
    parts: { surname: 40, givenNames: 25, birthDate: 20, nationality: 10, sex: 5 },
    birthDateAgreement: 'exact',
    nationalNumberMatch: false,
    namesSwapped: false,
    strong: true,
    ...overrides,
  };
}

function aReview(overrides: Partial<Review> = {}, status = 'pending'): Review {
  return {
    ticket: {
      id: TICKET_ID,
      number: 'NISS-2026-0000123',
      status,
      display: 'pending',
      niss: null,
      autoIdentified: false,
      submittedAt: '2026-11-23T09:00:00.000Z',
      decidedAt: null,
      failureReason: null,
      actionReason: null,
      actionText: null,
      requestedBy: 'member-1',
      surname: 'EL AMRANI',
      givenNames: 'Amina',
      birthDate: '1990-04-02',
      deletable: true,
      data: {
        document: { type: 'passport', number: 'EM1234567', issuingCountry: 'MAR', validUntil: '2031-05-14', nationalNumber: null, mrz: [] },
        person: { surname: 'EL AMRANI', givenNames: 'Amina', birthDate: '1990-04-02', sex: 'F', nationality: 'MAR' },
      },
      documentId: DOCUMENT_ID,
      history: [{ at: '2026-11-23T09:00:00.000Z', action: 'submit', fromStatus: null, toStatus: 'submitted', actorKind: 'requester', details: {} }],
    },
    organisationName: 'CPAS de Liège',
    claimedBy: null,
    claimedByName: null,
    document: {
      id: DOCUMENT_ID,
      status: 'processed',
      pageCount: 1,
      failureCode: null,
      analysis: {
        mrz: { found: true, valid: false, checks: { documentNumber: true, birthDate: false, expiryDate: true, composite: false } },
        fields: {
          surname: { value: 'EL AMRANI', confidence: 97, source: 'mrz' },
          givenNames: { value: 'AMINE', confidence: 64, source: 'mrz' },
        },
      },
    },
    changes: [{ field: 'givenNames', proposed: 'AMINE', entered: 'Amina' }],
    candidates: [aCandidate(), aCandidate({ personId: 'bbbbbbbb-bbbb-4ccc-8ddd-eeeeeeeeeeee', surname: 'EL AMRANI', givenNames: 'Fatima', birthDate: '1991-04-02', score: 61, strong: false })],
    bisProposedBy: null,
    bisProposedByName: null,
    bisFourEyes: false,
    ...overrides,
  };
}

describe(NissReviewPageComponent.name, () => {
  let harness: RouterTestingHarness;
  let http: HttpTestingController;
  let router: Router;

  async function open(roles: Role[], review: Review): Promise<void> {
    TestBed.inject(SessionStore).set({ id: 'staff-1', email: 'me@example.be', displayName: 'Me', roles, municipality: null, language: 'en' });
    harness = await RouterTestingHarness.create(`/niss/tickets/${TICKET_ID}`);
    await settle();
    http.expectOne(BASE).flush(review);
    await settle();
    http.expectOne(`/api/niss/documents/${DOCUMENT_ID}/pages/1`).flush(new Blob(['img'], { type: 'image/png' }));
    await settle();
  }

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideTranslateService(),
        provideRouter(
          [
            { path: 'niss', component: QueueStubComponent },
            { path: 'niss/tickets/:id', component: NissReviewPageComponent },
          ],
          withComponentInputBinding(),
        ),
        { provide: MATERIAL_ANIMATIONS, useValue: { animationsDisabled: true } },
      ],
    });
    const translate = TestBed.inject(TranslateService);
    translate.setTranslation('en', en);
    translate.use('en');
    TestBed.inject(LanguageService).preset('en');
    http = TestBed.inject(HttpTestingController);
    router = TestBed.inject(Router);
    vi.spyOn(URL, 'createObjectURL').mockImplementation(() => 'blob:page');
    vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => undefined);
  });

  afterEach(() => {
    http.verify();
    vi.restoreAllMocks();
    vi.useRealTimers();
  });

  async function settle(): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, 0));
    await harness?.fixture.whenStable();
  }

  function element(): HTMLElement {
    return harness.routeNativeElement!;
  }

  function byTestId<T extends HTMLElement = HTMLElement>(id: string): T | null {
    return element().querySelector<T>(`[data-testid="${id}"]`);
  }

  function all(id: string): HTMLElement[] {
    return Array.from(element().querySelectorAll<HTMLElement>(`[data-testid="${id}"]`));
  }

  function text(node: Element | null | undefined): string {
    return node?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
  }

  async function click(id: string, index = 0): Promise<void> {
    const target = all(id)[index];
    if (!target) throw new Error(`No element with data-testid="${id}"`);
    target.click();
    await settle();
  }

  function claimRequest(): TestRequest {
    const request = http.expectOne(`${BASE}/claim`);
    expect(request.request.method).toBe('POST');
    return request;
  }

  it('claims a pending ticket on open, shows OCR beside the data and the candidates, and identifies', async () => {
    await open(['niss_operator'], aReview());
    const claim = claimRequest();
    expect(claim.request.body).toEqual({});
    claim.flush({ id: TICKET_ID, number: 'NISS-2026-0000123', status: 'in_review' });
    await settle();
    expect(byTestId('release')).not.toBeNull();

    const givenNames = all('field-row').find((row) => text(row).startsWith('Given names'));
    expect(text(givenNames)).toContain('AMINE');
    expect(text(givenNames)).toContain('confidence 64 %');
    expect(text(givenNames)).toContain('differs');
    expect(all('mrz-check').map(text)).toEqual([
      'Document number: correct',
      'Birth date: wrong',
      'Expiry date: correct',
      'Composite: wrong',
    ]);
    expect(text(byTestId('change'))).toBe('Given names: proposed AMINE → entered Amina');
    // The second candidate's given names and birth date differ from the request, said in text.
    const givenCells = all('cell-givenNames');
    expect(text(givenCells[0])).toBe('Amina');
    expect(text(givenCells[1])).toBe('Fatima differs');
    expect(givenCells[1].classList).toContain('differs');
    expect(text(all('cell-birthDate')[1])).toBe('1991-04-02 differs');
    expect(text(all('score')[0])).toContain('92 / 100');

    await click('identify', 0);
    const identify = http.expectOne(`${BASE}/identify`);
    expect(identify.request.body).toEqual({ personId: 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee' });
    identify.flush({ id: TICKET_ID, number: 'NISS-2026-0000123', status: 'identified' });
    await vi.waitFor(() => expect(router.url).toBe('/niss'));
  });

  it('tells who holds a ticket another operator claimed and lets a supervisor take it over', async () => {
    await open(['supervisor'], aReview({ claimedBy: 'staff-9', claimedByName: 'Bram Peeters' }, 'in_review'));
    claimRequest().flush(
      { statusCode: 409, code: 'niss.claimed_by_other', message: 'Another operator is working on this request.' },
      { status: 409, statusText: 'Conflict' },
    );
    await settle();
    expect(text(byTestId('held-by-other'))).toContain('Another operator is working on this request.');
    expect(text(byTestId('held-by-other'))).toContain('Held by Bram Peeters.');
    expect(byTestId('release')).toBeNull();
    expect(byTestId<HTMLButtonElement>('identify')!.disabled).toBe(true);

    await click('takeover');
    const takeover = claimRequest();
    expect(takeover.request.body).toEqual({ takeover: true });
    takeover.flush({ id: TICKET_ID, number: 'NISS-2026-0000123', status: 'in_review' });
    await settle();
    expect(byTestId('held-by-other')).toBeNull();
    expect(byTestId('release')).not.toBeNull();
  });

  it('offers no take-over to an operator', async () => {
    await open(['niss_operator'], aReview({ claimedBy: 'staff-9', claimedByName: 'Bram Peeters' }, 'in_review'));
    claimRequest().flush(
      { statusCode: 409, code: 'niss.claimed_by_other', message: 'Another operator is working on this request.' },
      { status: 409, statusText: 'Conflict' },
    );
    await settle();
    expect(byTestId('held-by-other')).not.toBeNull();
    expect(byTestId('takeover')).toBeNull();
  });

  it('does not claim again a ticket it already holds, and keeps the claim alive every minute', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    await open(['niss_operator'], aReview({ claimedBy: 'staff-1', claimedByName: 'Me' }, 'in_review'));
    http.expectNone(`${BASE}/claim`);
    expect(byTestId('release')).not.toBeNull();
    vi.advanceTimersByTime(TOUCH_INTERVAL_MS);
    const touch = http.expectOne(`${BASE}/claim/touch`);
    expect(touch.request.method).toBe('POST');
    touch.flush(null, { status: 204, statusText: 'No Content' });

    await click('release');
    const release = http.expectOne(`${BASE}/claim`);
    expect(release.request.method).toBe('DELETE');
    release.flush({ id: TICKET_ID, number: 'NISS-2026-0000123', status: 'pending' });
    await vi.waitFor(() => expect(router.url).toBe('/niss'));
    vi.advanceTimersByTime(TOUCH_INTERVAL_MS * 2);
    http.expectNone(`${BASE}/claim/touch`);
  });

  it('requires a text before asking for a new upload for the reason "other"', async () => {
    await open(['niss_operator'], aReview());
    claimRequest().flush({ id: TICKET_ID, number: 'NISS-2026-0000123', status: 'in_review' });
    await settle();

    byTestId('reason-other')!.querySelector<HTMLInputElement>('input')!.click();
    await settle();
    await click('reupload');
    http.expectNone(`${BASE}/reupload-request`);
    expect(text(byTestId('reupload-text-missing'))).toContain('a message is required');

    const textarea = byTestId<HTMLTextAreaElement>('reupload-text')!;
    textarea.value = 'The photo page is cut off.';
    textarea.dispatchEvent(new Event('input'));
    await settle();
    await click('reupload');
    const request = http.expectOne(`${BASE}/reupload-request`);
    expect(request.request.body).toEqual({ reason: 'other', text: 'The photo page is cut off.' });
    request.flush({ id: TICKET_ID, number: 'NISS-2026-0000123', status: 'action_required' });
    await vi.waitFor(() => expect(router.url).toBe('/niss'));
  });

  it('shows a proposed BIS as waiting to an operator and lets a supervisor confirm it', async () => {
    await open(['supervisor'], aReview({ bisFourEyes: true, bisProposedBy: 'staff-9', bisProposedByName: 'Bram Peeters' }));
    claimRequest().flush({ id: TICKET_ID, number: 'NISS-2026-0000123', status: 'in_review' });
    await settle();
    expect(text(byTestId('confirm-bis'))).toBe('Confirm the new BIS (proposed by Bram Peeters)');
    await click('confirm-bis');
    http.expectOne(`${BASE}/bis`).flush({ ticket: { id: TICKET_ID, number: 'NISS-2026-0000123', niss: '90440212345' }, proposed: false });
    await vi.waitFor(() => expect(router.url).toBe('/niss'));
  });
});
