import { FormControl, FormGroup } from '@angular/forms';
import { HttpErrorResponse } from '@angular/common/http';
import { applyRefusal, documentHelpLink, formatNiss, formPathOf, IBZ_HELP_URL, PRADO_HELP_URL, prefillsOf } from './requester-format';
import { DocumentStatus } from './requester.models';

describe('requester formatting', () => {
  it('formats a NISS as printed on documents', () => {
    expect(formatNiss('85073003328')).toBe('85.07.30-033.28');
    expect(formatNiss('85.07.30-033.28')).toBe('85.07.30-033.28');
    expect(formatNiss(null)).toBe('');
  });

  it('links the Belgian registry for Belgian documents and PRADO for the others, once type and country are known', () => {
    expect(documentHelpLink('identity_card', 'bel')).toEqual({ url: IBZ_HELP_URL, country: 'BEL' });
    expect(documentHelpLink('passport', 'MAR')).toEqual({ url: PRADO_HELP_URL, country: 'MAR' });
    expect(documentHelpLink('', 'MAR')).toBeNull();
    expect(documentHelpLink('passport', 'MA')).toBeNull();
  });

  it('keeps only known, well-formed fields from the analysis', () => {
    const document = {
      id: 'd',
      status: 'processed',
      pageCount: 1,
      failureCode: null,
      analysis: {
        fields: {
          documentType: { value: 'visa', confidence: 99, source: 'mrz' },
          nationalNumber: { value: '85073003328', confidence: 100.4, source: 'text' },
          sex: { value: 'F', confidence: 88, source: 'mrz' },
          surname: { value: '', confidence: 90, source: 'mrz' },
          shoeSize: { value: '42', confidence: 90, source: 'text' },
          nationality: null,
        },
      },
    } as unknown as DocumentStatus;
    expect(prefillsOf(document)).toEqual([
      { path: 'document.nationalNumber', value: '85073003328', confidence: 100 },
      { path: 'person.sex', value: 'F', confidence: 88 },
    ]);
    expect(prefillsOf({ ...document, analysis: null })).toEqual([]);
  });

  it('puts the API refusal under the named field', () => {
    expect(formPathOf('data.residence.street')).toBe('addresses.residence.street');
    expect(formPathOf('data.document.mrz[1]')).toBe('document.mrz');
    expect(formPathOf('notificationEmail')).toBe('final.notificationEmail');
    const form = new FormGroup({ final: new FormGroup({ notificationEmail: new FormControl('') }) });
    const refusal = applyRefusal(
      form,
      new HttpErrorResponse({ status: 400, error: { statusCode: 400, code: 'x', message: 'Not an e-mail address.', field: 'data.notificationEmail' } }),
    );
    expect(refusal).toEqual({ paths: ['final.notificationEmail'], message: null });
    expect(form.get('final.notificationEmail')?.errors).toEqual({ server: 'Not an e-mail address.' });
    expect(applyRefusal(form, new HttpErrorResponse({ status: 409, error: { statusCode: 409, code: 'y', message: 'Already sent.' } }))).toEqual({
      paths: [],
      message: 'Already sent.',
    });
  });
});
