import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting, TestRequest } from '@angular/common/http/testing';
import { computed, signal } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { MATERIAL_ANIMATIONS } from '@angular/material/core';
import { provideTranslateService, TranslateService } from '@ngx-translate/core';
import { CardReadResult, ReaderStatus } from '@sesame/desk-protocol';
import en from '../../../../../public/i18n/en.json';
import { LanguageService } from '../../../core/i18n/language.service';
import { AgentConnectionState, bestCardState, DeskAgentError, DeskAgentService } from '../services/desk-agent.service';
import { ActivationCode, VerifiedIdentity } from '../services/desk.models';
import { DeskPageComponent } from './desk-page.component';

/** The desk agent as the page sees it: signals the test sets, a card read the test scripts. */
class FakeDeskAgent {
  readonly state = signal<AgentConnectionState>('paired');
  readonly agentVersion = signal<string | null>('0.1.0');
  readonly expectedProtocol = signal<number | null>(null);
  readonly pcscd = signal<'ok' | 'unavailable' | null>('ok');
  readonly readers = signal<readonly ReaderStatus[]>([{ name: 'ACS ACR38U 00 00', card: 'beid' }]);
  readonly cardState = computed(() => bestCardState(this.readers()));
  readonly lastError = signal(null);
  readonly protocolVersion = 1;
  readonly connect = vi.fn();
  readonly disconnect = vi.fn();
  readonly retryNow = vi.fn();
  readonly refreshStatus = vi.fn();
  readonly startPairing = vi.fn();
  readonly confirmPairing = vi.fn();
  readonly readCard = vi.fn<() => Promise<CardReadResult>>();
}

const FILES = {
  identity: 'AQID',
  identitySignature: 'BAUG',
  address: 'BwgJ',
  addressSignature: 'CgsM',
  photo: '/9j/4AAQSkZJRg==',
  rrnCertificate: 'DQ4P',
};

function aCardRead(): CardReadResult {
  return {
    type: 'card.read.result',
    requestId: 'read-1-abc',
    reader: 'ACS ACR38U 00 00',
    atr: '3B9813400AA503010101AD1311',
    generation: '1.8',
    cardData: { chipSerial: '00', appletVersion: '1.8' },
    files: FILES,
    // What the agent parsed is never shown: the page must use the API's answer.
    parsed: { identity: { surname: 'UNVERIFIED' }, address: {} },
    stats: { apdus: 40, ms: 1900 },
  };
}

function aVerifiedIdentity(): VerifiedIdentity {
  return {
    evidence: {
      id: '0e4cf4c3-5f6f-4d4a-9b3e-0b1d7b0c0001',
      kind: 'beid_card',
      documentNumber: '591191706458',
      documentType: '1',
      issuingState: 'BEL',
      validUntil: '2031-03-14',
      algorithm: 'ECDSA-SHA384',
      evidenceHash: 'ab'.repeat(32),
      checkedAt: '2026-11-24T09:00:00.000Z',
    },
    person: {
      id: 'p-1',
      nationalNumber: '85073003328',
      surname: 'Peeters',
      givenNames: 'Jan Maria',
      birthDate: '1985-07-30',
      birthDateText: '30 JUL 1985',
      sex: 'M',
      nationality: 'Belg',
      birthPlace: 'Gent',
      nobleCondition: null,
      address: { street: 'Veldstraat 12', postalCode: '9000', municipality: 'Gent', country: 'BE' },
      language: 'fr',
    },
    card: {
      cardNumber: '591191706458',
      validityBegin: '2021-03-14',
      validityEnd: '2031-03-14',
      deliveryMunicipality: 'Gent',
    },
    eidasNotified: false,
    hasLiveCode: false,
  };
}

function anActivationCode(overrides: Partial<ActivationCode> = {}): ActivationCode {
  return {
    id: '7b1f0c2e-1111-4222-8333-444455556666',
    state: 'issued',
    personName: 'Jan Maria Peeters',
    email: 'jan.peeters@example.be',
    language: 'en',
    expiresAt: '2026-12-24T09:00:00.000Z',
    createdAt: '2026-11-24T09:01:00.000Z',
    printCount: 0,
    lastPrintedAt: null,
    letterReady: false,
    locked: false,
    ...overrides,
  };
}

describe(DeskPageComponent.name, () => {
  let fixture: ComponentFixture<DeskPageComponent>;
  let http: HttpTestingController;
  let agent: FakeDeskAgent;
  let element: HTMLElement;

  beforeEach(async () => {
    agent = new FakeDeskAgent();
    TestBed.configureTestingModule({
      imports: [DeskPageComponent],
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideTranslateService(),
        { provide: DeskAgentService, useValue: agent },
        { provide: MATERIAL_ANIMATIONS, useValue: { animationsDisabled: true } },
      ],
    });
    const translate = TestBed.inject(TranslateService);
    translate.setTranslation('en', en);
    translate.use('en');
    TestBed.inject(LanguageService).preset('en');
    http = TestBed.inject(HttpTestingController);

    fixture = TestBed.createComponent(DeskPageComponent);
    element = fixture.nativeElement as HTMLElement;
    await fixture.whenStable();
    (await request('GET', '/api/desk/activation-codes')).flush([]);
    // No card emulator outside development: the virtual card picker stays hidden.
    (await request('GET', '/api/dev/virtual-card')).flush({ code: 'error.not_found' }, { status: 404, statusText: 'Not Found' });
    await fixture.whenStable();
  });

  afterEach(() => {
    http.verify();
    vi.restoreAllMocks();
  });

  /** The request once the page made it (some follow an awaited agent call). */
  async function request(method: string, url: string): Promise<TestRequest> {
    return vi.waitFor(() => {
      const [found] = http.match((candidate) => candidate.method === method && candidate.url === url);
      if (!found) {
        throw new Error(`no ${method} ${url} yet`);
      }
      return found;
    });
  }

  /** Lets answered requests and awaited agent calls run, then renders. */
  async function settle(): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, 0));
    await fixture.whenStable();
  }

  function byTestId<T extends HTMLElement = HTMLElement>(id: string): T | null {
    return element.querySelector<T>(`[data-testid="${id}"]`);
  }

  function text(node: Element | null): string {
    return node?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
  }

  function texts(id: string): string[] {
    return Array.from(element.querySelectorAll(`[data-testid="${id}"]`)).map((node) => text(node));
  }

  async function click(id: string): Promise<void> {
    const target = byTestId(id);
    if (!target) {
      throw new Error(`No element with data-testid="${id}"`);
    }
    target.click();
    await settle();
  }

  async function type(id: string, value: string): Promise<void> {
    const input = byTestId<HTMLInputElement>(id);
    if (!input) {
      throw new Error(`No input with data-testid="${id}"`);
    }
    input.value = value;
    input.dispatchEvent(new Event('input'));
    input.dispatchEvent(new Event('blur'));
    await settle();
  }

  async function readVerifiedCard(): Promise<TestRequest> {
    agent.readCard.mockResolvedValueOnce(aCardRead());
    await click('read-card-button');
    const verify = await request('POST', '/api/desk/card-reads');
    verify.flush(aVerifiedIdentity());
    await settle();
    return verify;
  }

  function issueButton(): HTMLButtonElement {
    return byTestId<HTMLButtonElement>('issue-button') as HTMLButtonElement;
  }

  it('sends the raw card files to the API and shows only what it verified', async () => {
    const verify = await readVerifiedCard();

    expect(verify.request.body).toEqual({ files: FILES });
    expect(text(byTestId('verified-badge'))).toBe('Verified by the National Register signature');
    expect(text(byTestId('identity-surname'))).toBe('Peeters');
    expect(text(byTestId('identity-national-number'))).toBe('85.07.30-033.28');
    expect(text(byTestId('identity-card-number'))).toBe('591-1917064-58');
    expect(text(byTestId('identity-address'))).toBe('Veldstraat 12 9000 Gent');
    expect(byTestId<HTMLImageElement>('identity-photo')?.getAttribute('src')).toBe(`data:image/jpeg;base64,${FILES.photo}`);
    expect(element.textContent).not.toContain('UNVERIFIED');
  });

  it('lists every refusal reason in plain language and shows nothing of a refused card', async () => {
    agent.readCard.mockResolvedValueOnce(aCardRead());
    await click('read-card-button');
    (await request('POST', '/api/desk/card-reads')).flush(
      {
        statusCode: 422,
        code: 'desk.card_refused',
        message: 'This card cannot be accepted.',
        reasons: ['identity_signature', 'card_expired'],
      },
      { status: 422, statusText: 'Unprocessable Entity' },
    );
    await settle();

    expect(texts('refusal-reason')).toEqual([
      'The identity data does not match the National Register signature.',
      'The card has expired.',
    ]);
    expect(text(byTestId('refusal'))).toContain('Card refused');
    expect(byTestId('verified-badge')).toBeNull();
    expect(byTestId('identity-photo')).toBeNull();
    expect(byTestId('email-input')).toBeNull();
  });

  it('explains the MRZ check digits that failed on a passport', async () => {
    const tabs = Array.from(element.querySelectorAll<HTMLElement>('[role="tab"]'));
    tabs[1].click();
    await settle();
    await type('mrz-input', 'P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<11');
    await click('check-document-button');

    const check = await request('POST', '/api/desk/document-checks');
    expect(check.request.body).toEqual({
      mrz: 'P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<11',
    });
    check.flush(
      { statusCode: 422, code: 'desk.document_refused', message: 'The MRZ is not valid.', reasons: ['birthDateCheckDigit', 'compositeCheckDigit'] },
      { status: 422, statusText: 'Unprocessable Entity' },
    );
    await settle();

    expect(texts('refusal-reason')).toEqual([
      'The birth date or its check digit is wrong.',
      'The final check digit is wrong: one of the lines has a typo.',
    ]);
  });

  it('keeps "Issue" disabled until the e-mail is checked, and asks to confirm replacing existing keys', async () => {
    const createObjectURL = vi.fn(() => 'blob:letter-1');
    const revokeObjectURL = vi.fn();
    Object.assign(URL, { createObjectURL, revokeObjectURL });
    await readVerifiedCard();
    expect(issueButton().disabled).toBe(true);

    await type('email-input', 'Jan.Peeters@example.be');
    expect(issueButton().disabled).toBe(true);
    const check = await request('GET', '/api/desk/email-check');
    expect(check.request.params.get('email')).toBe('jan.peeters@example.be');
    check.flush({ activeKeys: 2 });
    await settle();

    expect(text(byTestId('email-guard-warning'))).toContain(
      '2 digital key(s) already linked to this address will be deactivated when the new key is activated.',
    );
    expect(issueButton().disabled).toBe(true);

    await click('confirm-replace-checkbox');
    expect(issueButton().disabled).toBe(false);

    await click('issue-button');
    const issue = await request('POST', '/api/desk/activation-codes');
    expect(issue.request.body).toEqual({
      evidenceId: '0e4cf4c3-5f6f-4d4a-9b3e-0b1d7b0c0001',
      email: 'jan.peeters@example.be',
      language: 'en',
      confirmReplaceKeys: true,
    });
    issue.flush(anActivationCode());
    await settle();

    // The letter is rendered by a worker: the page polls until it is ready, then previews it.
    (await request('GET', '/api/desk/activation-codes')).flush([anActivationCode()]);
    (await request('GET', '/api/desk/activation-codes/7b1f0c2e-1111-4222-8333-444455556666')).flush(
      anActivationCode({ letterReady: true }),
    );
    (await request('GET', '/api/desk/activation-codes/7b1f0c2e-1111-4222-8333-444455556666/letter')).flush(
      new Blob(['%PDF-1.7'], { type: 'application/pdf' }),
    );
    await settle();
    expect(byTestId<HTMLIFrameElement>('letter-frame')?.getAttribute('src')).toBe('blob:letter-1');
    expect(byTestId<HTMLAnchorElement>('download-link')?.getAttribute('href')).toBe('blob:letter-1');

    // The letter holds the code: it leaves memory with the person.
    await click('next-person-button');
    expect(revokeObjectURL).toHaveBeenCalledWith('blob:letter-1');
    expect(byTestId('letter-frame')).toBeNull();
  });

  it('needs no confirmation when no key is linked to the address, and a new address needs a new check', async () => {
    await readVerifiedCard();
    await type('email-input', 'jan.peeters@example.be');
    (await request('GET', '/api/desk/email-check')).flush({ activeKeys: 0 });
    await settle();

    expect(byTestId('email-guard-clear')).not.toBeNull();
    expect(byTestId('confirm-replace-checkbox')).toBeNull();
    expect(issueButton().disabled).toBe(false);

    await type('email-input', 'someone.else@example.be');
    expect(issueButton().disabled).toBe(true);
    (await request('GET', '/api/desk/email-check')).flush({ activeKeys: 0 });
  });

  it('"Next person" clears the photo, the data and the e-mail from the screen', async () => {
    await readVerifiedCard();
    await type('email-input', 'jan.peeters@example.be');
    (await request('GET', '/api/desk/email-check')).flush({ activeKeys: 0 });
    await settle();

    await click('next-person-button');

    expect(byTestId('verified-identity')).toBeNull();
    expect(byTestId('identity-photo')).toBeNull();
    expect(element.textContent).not.toContain('Peeters');
    expect(element.textContent).not.toContain('85.07.30-033.28');
    expect(byTestId('next-person-button')).toBeNull();
    expect(byTestId<HTMLButtonElement>('read-card-button')?.disabled).toBe(false);

    // The next card starts from an empty form.
    await readVerifiedCard();
    expect(byTestId<HTMLInputElement>('email-input')?.value).toBe('');
    expect(issueButton().disabled).toBe(true);
  });

  it('tells the clerk what to do when the agent cannot read the card', async () => {
    agent.readCard.mockRejectedValueOnce(new DeskAgentError('agent.card_removed'));
    await click('read-card-button');
    await vi.waitFor(() => expect(byTestId('agent-error')).not.toBeNull());

    expect(text(byTestId('agent-error'))).toBe(
      'The card was removed during reading: leave it in until the photo appears, then read again.',
    );
    http.expectNone('/api/desk/card-reads');
  });

  it('reads the card on F2', async () => {
    agent.readCard.mockResolvedValueOnce(aCardRead());
    document.dispatchEvent(new KeyboardEvent('keydown', { key: 'F2', bubbles: true }));

    expect(agent.readCard).toHaveBeenCalledTimes(1);
    (await request('POST', '/api/desk/card-reads')).flush(aVerifiedIdentity());
    await settle();
    expect(byTestId('verified-badge')).not.toBeNull();
  });

  it('shows what is wrong with the equipment and how to fix it', async () => {
    agent.state.set('not_running');
    await settle();
    expect(text(byTestId('agent-status'))).toContain('Start the Sésame desk agent on this PC.');
    expect(byTestId<HTMLButtonElement>('read-card-button')?.disabled).toBe(true);

    agent.state.set('unpaired');
    await settle();
    expect(byTestId('pair-button')).not.toBeNull();

    agent.state.set('paired');
    agent.readers.set([{ name: 'ACS ACR38U 00 00', card: 'unknown_card' }]);
    await settle();
    expect(text(byTestId('card-status'))).toContain('This card is not a Belgian eID: use the passport path.');

    agent.readers.set([]);
    await settle();
    expect(text(byTestId('reader-status'))).toContain('Plug in the card reader.');
  });
});
