import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { provideTranslateService, TranslateService } from '@ngx-translate/core';
import en from '../../../../../public/i18n/en.json';
import { LanguageService } from '../../../core/i18n/language.service';
import { NissFiguresPageComponent } from './niss-figures-page.component';

describe(NissFiguresPageComponent.name, () => {
  let fixture: ComponentFixture<NissFiguresPageComponent>;
  let http: HttpTestingController;
  let element: HTMLElement;

  beforeEach(async () => {
    TestBed.configureTestingModule({
      imports: [NissFiguresPageComponent],
      providers: [provideHttpClient(), provideHttpClientTesting(), provideTranslateService(), provideRouter([])],
    });
    const translate = TestBed.inject(TranslateService);
    translate.setTranslation('en', en);
    translate.use('en');
    TestBed.inject(LanguageService).preset('en');
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(NissFiguresPageComponent);
    element = fixture.nativeElement as HTMLElement;
    await fixture.whenStable();
  });

  afterEach(() => {
    http.verify();
    vi.useRealTimers();
  });

  function text(node: Element | null | undefined): string {
    return node?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
  }

  it('shows the queue cards, the chart and the per-day table of the last 14 days', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-11-24T12:00:00.000Z'));
    const request = http.expectOne((r) => r.url === '/api/niss/figures');
    expect(request.request.params.get('days')).toBe('14');
    request.flush({
      pending: 7,
      inReview: 2,
      awaitingReupload: 3,
      oldestPendingSubmittedAt: '2026-11-21T12:00:00.000Z',
      days: [
        { day: '2026-11-23', submitted: 10, autoIdentified: 6, autoIdentifiedPercent: 60, decided: 9, medianMinutesToDecision: 150 },
        { day: '2026-11-24', submitted: 4, autoIdentified: 1, autoIdentifiedPercent: 25, decided: 2, medianMinutesToDecision: null },
      ],
    });
    await fixture.whenStable();

    expect(text(element.querySelector('[data-testid="card-pending"] .value'))).toBe('7');
    expect(text(element.querySelector('[data-testid="card-pending"] .label'))).toBe('Pending');
    expect(text(element.querySelector('[data-testid="card-in-review"] .value'))).toBe('2');
    expect(text(element.querySelector('[data-testid="card-in-review"] .label'))).toBe('In review');
    expect(text(element.querySelector('[data-testid="card-awaiting"] .value'))).toBe('3');
    expect(text(element.querySelector('[data-testid="card-awaiting"] .label'))).toBe('Awaiting a new upload');
    expect(text(element.querySelector('[data-testid="card-oldest"] .value'))).toBe('3 d');

    const bars = Array.from(element.querySelectorAll('[data-testid="chart-row"]'));
    expect(bars).toHaveLength(2);
    expect(text(bars[0])).toContain('10 submitted, 6 automatically identified');
    expect((bars[0].querySelector('.bar.submitted') as HTMLElement).style.width).toBe('100%');
    expect((bars[1].querySelector('.bar.submitted') as HTMLElement).style.width).toBe('40%');

    const rows = Array.from(element.querySelectorAll('[data-testid="day-row"]')).map((row) =>
      Array.from(row.querySelectorAll('td')).map((cell) => text(cell)),
    );
    expect(rows).toEqual([
      ['10', '6 (60 %)', '9', '2 h'],
      ['4', '1 (25 %)', '2', '—'],
    ]);
  });
});
