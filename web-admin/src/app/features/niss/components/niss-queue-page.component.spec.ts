import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting, TestRequest } from '@angular/common/http/testing';
import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { MATERIAL_ANIMATIONS } from '@angular/material/core';
import { provideRouter, Router } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { provideTranslateService, TranslateService } from '@ngx-translate/core';
import en from '../../../../../public/i18n/en.json';
import { SessionStore } from '../../../core/auth/session.store';
import { LanguageService } from '../../../core/i18n/language.service';
import { QueueItem } from '../services/niss.models';
import { NissQueuePageComponent } from './niss-queue-page.component';

@Component({ template: '' })
class TicketStubComponent {}

const ORG_ID = '3f1b2c3d-0000-4000-8000-000000000001';

function anItem(n: number, overrides: Partial<QueueItem> = {}): QueueItem {
  return {
    id: `00000000-0000-4000-8000-00000000000${n}`,
    number: `NISS-2026-000000${n}`,
    status: 'pending',
    submittedAt: '2026-11-20T09:00:00.000Z',
    ageMinutes: 180,
    sla: 'ok',
    organisationId: ORG_ID,
    organisationName: 'CPAS de Liège',
    nationality: 'MAR',
    documentType: 'passport',
    surname: `Surname${n}`,
    givenNames: 'Amina',
    birthDate: '1990-04-02',
    claimedBy: null,
    claimedByName: null,
    actionReason: null,
    ...overrides,
  };
}

describe(NissQueuePageComponent.name, () => {
  let harness: RouterTestingHarness;
  let http: HttpTestingController;
  let router: Router;
  let element: HTMLElement;

  beforeEach(async () => {
    TestBed.configureTestingModule({
      imports: [NissQueuePageComponent],
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideTranslateService(),
        provideRouter([
          { path: 'niss', component: NissQueuePageComponent },
          { path: 'niss/tickets/:id', component: TicketStubComponent },
        ]),
        { provide: MATERIAL_ANIMATIONS, useValue: { animationsDisabled: true } },
      ],
    });
    const translate = TestBed.inject(TranslateService);
    translate.setTranslation('en', en);
    translate.use('en');
    TestBed.inject(LanguageService).preset('en');
    TestBed.inject(SessionStore).set({
      id: 'staff-1',
      email: 'op@example.be',
      displayName: 'Olivia Operator',
      roles: ['niss_operator'],
      municipality: null,
      language: 'en',
    });
    http = TestBed.inject(HttpTestingController);
    router = TestBed.inject(Router);
    harness = await RouterTestingHarness.create('/niss?nationality=MAR&awaitingReupload=true');
    element = harness.routeNativeElement!;
    await harness.fixture.whenStable();
    http.expectOne('/api/organisations').flush([{ id: ORG_ID, name: 'CPAS de Liège', enterpriseNumber: '0123.456.749', language: 'fr', memberCount: 2 }]);
  });

  afterEach(() => {
    http.verify();
  });

  function queueRequest(): TestRequest {
    return http.expectOne((request) => request.url === '/api/niss/queue');
  }

  async function settle(): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, 0));
    await harness.fixture.whenStable();
  }

  function rows(): HTMLElement[] {
    return Array.from(element.querySelectorAll<HTMLElement>('[data-testid="queue-row"]'));
  }

  function text(node: Element | null | undefined): string {
    return node?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
  }

  it('loads the queue with the filters of the URL and shows each ticket with its age, SLA and status', async () => {
    const request = queueRequest();
    expect(request.request.params.get('nationality')).toBe('MAR');
    expect(request.request.params.get('awaitingReupload')).toBe('true');
    expect(request.request.params.has('mine')).toBe(false);
    request.flush({
      items: [
        anItem(1, { ageMinutes: 3 * 60 + 10, sla: 'ok' }),
        anItem(2, { ageMinutes: 2 * 24 * 60 + 5, sla: 'late', status: 'in_review', claimedBy: 'staff-9', claimedByName: 'Bram Peeters' }),
      ],
      next: null,
    });
    await settle();

    const [first, second] = rows();
    expect(text(first)).toContain('NISS-2026-0000001');
    expect(text(first)).toContain('Surname1, Amina');
    expect(text(first)).toContain('1990-04-02');
    expect(text(first)).toContain('CPAS de Liège');
    expect(text(first)).toContain('Passport');
    expect(text(first)).toContain('3 h');
    expect(text(first.querySelector('[data-testid="sla"]'))).toBe('On time');
    expect(text(first.querySelector('[data-testid="status"]'))).toBe('Pending');
    expect(text(second)).toContain('2 d');
    expect(text(second.querySelector('[data-testid="sla"]'))).toBe('Late');
    expect(text(second.querySelector('[data-testid="status"]'))).toBe('In review by Bram Peeters');
    expect(element.querySelector('[data-testid="load-more"]')).toBeNull();
  });

  it('puts a changed filter in the URL and reloads with it, and pages on with the cursor', async () => {
    queueRequest().flush({ items: [anItem(1)], next: '2026-11-20T09:00:00.000Z_00000000-0000-4000-8000-000000000001' });
    await settle();

    element.querySelector<HTMLButtonElement>('[data-testid="load-more"]')!.click();
    const more = queueRequest();
    expect(more.request.params.get('after')).toBe('2026-11-20T09:00:00.000Z_00000000-0000-4000-8000-000000000001');
    more.flush({ items: [anItem(2)], next: null });
    await settle();
    expect(rows()).toHaveLength(2);

    const mine = element.querySelector<HTMLInputElement>('[data-testid="filter-mine"] button, [data-testid="filter-mine"] input');
    mine!.click();
    await vi.waitFor(() => expect(router.url).toContain('mine=true'));
    expect(router.url).toContain('nationality=MAR');
    expect(router.url).toContain('awaitingReupload=true');
    const reloaded = queueRequest();
    expect(reloaded.request.params.get('mine')).toBe('true');
    expect(reloaded.request.params.has('after')).toBe(false);
    reloaded.flush({ items: [], next: null });
    await settle();
    expect(text(element.querySelector('tbody'))).toContain('No request waits for an operator.');
  });

  it('moves the selection with j/k and the arrow keys, and Enter claims a pending ticket then opens it', async () => {
    queueRequest().flush({ items: [anItem(1), anItem(2), anItem(3, { status: 'in_review', claimedBy: 'staff-1', claimedByName: 'Olivia Operator' })], next: null });
    await settle();
    const body = element.querySelector('tbody')!;
    const press = async (key: string) => {
      (document.activeElement && body.contains(document.activeElement) ? document.activeElement : rows()[0]).dispatchEvent(
        new KeyboardEvent('keydown', { key, bubbles: true }),
      );
      await settle();
    };
    const selected = () => rows().findIndex((row) => row.classList.contains('selected'));

    expect(selected()).toBe(0);
    expect(rows()[0].getAttribute('tabindex')).toBe('0');
    await press('j');
    expect(selected()).toBe(1);
    expect(document.activeElement).toBe(rows()[1]);
    await press('ArrowDown');
    expect(selected()).toBe(2);
    await press('ArrowDown');
    expect(selected()).toBe(2);
    await press('k');
    await press('ArrowUp');
    expect(selected()).toBe(0);

    await press('Enter');
    const claim = http.expectOne('/api/niss/tickets/00000000-0000-4000-8000-000000000001/claim');
    expect(claim.request.method).toBe('POST');
    claim.flush({ id: anItem(1).id, number: anItem(1).number, status: 'in_review' });
    await vi.waitFor(() => expect(router.url).toBe('/niss/tickets/00000000-0000-4000-8000-000000000001'));
  });

  it('claims a pending ticket clicked in the list before it opens it', async () => {
    queueRequest().flush({ items: [anItem(1)], next: null });
    await settle();
    const link = rows()[0].querySelector<HTMLAnchorElement>('a')!;
    expect(link.getAttribute('href')).toBe('/niss/tickets/00000000-0000-4000-8000-000000000001');
    link.click();
    await settle();
    // Not open yet: the review page must find the ticket already claimed.
    expect(router.url).toBe('/niss?nationality=MAR&awaitingReupload=true');
    http.expectOne('/api/niss/tickets/00000000-0000-4000-8000-000000000001/claim').flush({ id: anItem(1).id, number: anItem(1).number, status: 'in_review' });
    await vi.waitFor(() => expect(router.url).toBe('/niss/tickets/00000000-0000-4000-8000-000000000001'));
  });

  it('opens a ticket already in review without claiming it', async () => {
    queueRequest().flush({ items: [anItem(3, { status: 'in_review', claimedBy: 'staff-1', claimedByName: 'Olivia Operator' })], next: null });
    await settle();
    rows()[0].dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    await vi.waitFor(() => expect(router.url).toBe('/niss/tickets/00000000-0000-4000-8000-000000000003'));
    http.expectNone((request) => request.url.endsWith('/claim'));
  });

  it('asks the checked tickets for a new upload and shows the result per ticket', async () => {
    queueRequest().flush({ items: [anItem(1), anItem(2)], next: null });
    await settle();
    for (const row of rows()) {
      row.querySelector<HTMLInputElement>('input[type="checkbox"]')!.click();
    }
    await settle();
    element.querySelector<HTMLButtonElement>('[data-testid="bulk-send"]')!.click();
    await settle();
    const bulk = http.expectOne('/api/niss/reupload-requests');
    expect(bulk.request.body).toEqual({ ticketIds: [anItem(1).id, anItem(2).id], reason: 'quality_insufficient', text: null });
    bulk.flush([
      { ticketId: anItem(1).id, ok: true },
      { ticketId: anItem(2).id, ok: false, code: 'niss.claimed_by_other' },
    ]);
    await settle();
    queueRequest().flush({ items: [], next: null });
    await settle();
    const results = Array.from(element.querySelectorAll('[data-testid="bulk-result"]')).map((node) => text(node));
    expect(results).toHaveLength(2);
    expect(results[0]).toBe('NISS-2026-0000001: Asked');
    expect(results[1]).toMatch(/^NISS-2026-0000002: Refused\s*niss\.claimed_by_other$/);
  });
});
