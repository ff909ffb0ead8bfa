import type { Document, DocumentAnalysis } from '@sesame/database';
import { judgeCopy } from './copy-problems';

const page = (pageNumber: number, problems: string[]): DocumentAnalysis['pages'][number] => ({ pageNumber, width: 1600, height: 1000, isColour: true, sharpness: 2000, problems });
const processed = (pages: DocumentAnalysis['pages'], mrzFound = true): Pick<Document, 'status' | 'analysis' | 'failureCode'> => ({
  status: 'processed',
  failureCode: null,
  analysis: { pages, mrz: { found: mrzFound, lines: [], format: null, valid: mrzFound, confidence: 90 }, fields: {}, durationMs: 1 },
});

describe('judgeCopy', () => {
  it('accepts a good copy, with or without an MRZ', () => {
    expect(judgeCopy(processed([page(1, []), page(2, [])]))).toEqual({ accepted: true, problems: [], mrzFound: true });
    expect(judgeCopy(processed([page(1, [])], false))).toEqual({ accepted: true, problems: [], mrzFound: false });
  });

  it('maps every page problem to its message key, each once, in a stable order', () => {
    expect(judgeCopy(processed([page(1, ['blurred', 'greyscale']), page(2, ['greyscale', 'too_small'])]))).toEqual({
      accepted: false,
      problems: ['video.copy.too_small', 'video.copy.greyscale', 'video.copy.blurred'],
      mrzFound: true,
    });
  });

  it('refuses an unknown problem as poor quality, and a failed document as unreadable', () => {
    expect(judgeCopy(processed([page(1, ['too_dark'])])).problems).toEqual(['video.copy.poor_quality']);
    expect(judgeCopy({ status: 'failed', analysis: null, failureCode: 'document.unreadable_image' })).toEqual({ accepted: false, problems: ['video.copy.unreadable'], mrzFound: false });
    expect(judgeCopy(processed([])).problems).toEqual(['video.copy.unreadable']);
  });
});
