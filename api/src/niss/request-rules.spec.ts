import type { NissRequestData } from '@sesame/database';
import { checkRequest } from './request-rules';
import { changedAfterPrefill, prefillOf } from './request-prefill';

const NOW = new Date('2026-11-24T10:00:00Z');

const request = (patch: { document?: Partial<NissRequestData['document']>; person?: Partial<NissRequestData['person']>; contactCountry?: string } = {}): NissRequestData => ({
  document: { type: 'passport', number: 'L898902C3', issuingCountry: 'UTO', validUntil: '2030-01-01', nationalNumber: null, mrz: [], ...patch.document },
  person: { surname: 'Eriksson', givenNames: 'Anna Maria', birthDate: '1974-08-12', sex: 'F', nationality: 'UTO', birthPlace: null, birthCountry: null, ...patch.person },
  residence: null,
  contactAddress: patch.contactCountry ? { street: 'Rue de la Loi', houseNumber: '16', box: null, postalCode: '1000', municipality: 'Bruxelles', country: patch.contactCountry } : null,
  comment: null,
  notificationEmail: 'hr@example.test',
});

const codes = (data: NissRequestData) => checkRequest(data, NOW).map((v) => v.code);

describe('checkRequest (NISS request rules)', () => {
  it('accepts a valid request, partial birth dates and a document valid until today', () => {
    expect(codes(request())).toEqual([]);
    expect(codes(request({ person: { birthDate: '1974-08' } }))).toEqual([]);
    expect(codes(request({ person: { birthDate: '1974' } }))).toEqual([]);
    expect(codes(request({ document: { validUntil: '2026-11-24' } }))).toEqual([]);
    expect(codes(request({ document: { validUntil: null } }))).toEqual([]);
  });

  it('refuses an expired document, and a validity that is no date', () => {
    expect(checkRequest(request({ document: { validUntil: '2026-11-23' } }), NOW)).toEqual([
      { code: 'niss.document_expired', params: { date: '2026-11-23' }, field: 'document.validUntil' },
    ]);
    expect(codes(request({ document: { validUntil: '2027-02-30' } }))).toEqual(['niss.document_validity_invalid']);
  });

  it('refuses a birth date in the future (also a partial one) and impossible dates', () => {
    expect(codes(request({ person: { birthDate: '2026-11-25' } }))).toEqual(['niss.birth_date_in_future']);
    expect(codes(request({ person: { birthDate: '2027' } }))).toEqual(['niss.birth_date_in_future']);
    expect(codes(request({ person: { birthDate: '2026-12' } }))).toEqual(['niss.birth_date_in_future']);
    expect(codes(request({ person: { birthDate: '2026-11' } }))).toEqual([]);
    expect(codes(request({ person: { birthDate: '1999-02-29' } }))).toEqual(['niss.birth_date_invalid']);
    expect(codes(request({ person: { birthDate: '1850-01-01' } }))).toEqual(['niss.birth_date_invalid']);
    expect(codes(request({ person: { birthDate: '12/08/1974' } }))).toEqual(['niss.birth_date_invalid']);
  });

  it('checks the national number and the MRZ check digits', () => {
    expect(codes(request({ document: { nationalNumber: '85.07.30-033.28' } }))).toEqual([]);
    expect(codes(request({ document: { nationalNumber: '85.07.30-033.29' } }))).toEqual(['niss.national_number_invalid']);
    const good = ['P<BELERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<', 'L898902C36BEL7408122F1204159ZE184226B<<<<<10'];
    expect(codes(request({ document: { mrz: good, validUntil: null } }))).toEqual([]);
    const wrong = [good[0]!, good[1]!.replace('7408122', '7408123')];
    const [violation] = checkRequest(request({ document: { mrz: wrong, validUntil: null } }), NOW);
    expect(violation).toMatchObject({ code: 'niss.mrz_invalid', field: 'document.mrz' });
    expect(violation!.params!.fields).toContain('birthDate');
  });

  it('wants a Belgian contact address, and reports every violation in wizard order', () => {
    expect(codes(request({ contactCountry: 'FR' }))).toEqual(['niss.contact_address_not_belgian']);
    expect(codes(request({ contactCountry: 'BE' }))).toEqual([]);
    expect(codes(request({ document: { validUntil: '2020-01-01' }, person: { birthDate: '2030-01-01' }, contactCountry: 'NL' }))).toEqual([
      'niss.document_expired',
      'niss.birth_date_in_future',
      'niss.contact_address_not_belgian',
    ]);
  });
});

describe('what the requester changed after OCR', () => {
  it('keeps what OCR proposed and reports the fields entered differently, ignoring case and spaces', () => {
    const prefill = prefillOf({ pages: [], mrz: null, durationMs: 0, fields: { surname: { value: 'ERIKSSON', confidence: 91, source: 'mrz' }, givenNames: { value: 'ANNA  MARIA', confidence: 88, source: 'mrz' }, birthDate: { value: '1974-08-12', confidence: 95, source: 'mrz' }, documentNumber: { value: 'L898902C3', confidence: 90, source: 'mrz' }, sex: { value: '', confidence: 0, source: 'mrz' } } } as never);
    expect(prefill).toEqual({ surname: 'ERIKSSON', givenNames: 'ANNA  MARIA', birthDate: '1974-08-12', documentNumber: 'L898902C3' });
    const changes = changedAfterPrefill(prefill, request({ person: { surname: 'Eriksson-Berg', birthDate: '1974-08-21' } }));
    expect(changes).toEqual([
      { field: 'surname', proposed: 'ERIKSSON', entered: 'Eriksson-Berg' },
      { field: 'birthDate', proposed: '1974-08-12', entered: '1974-08-21' },
    ]);
    expect(prefillOf(null)).toEqual({});
  });
});
