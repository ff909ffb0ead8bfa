import type { MessageKey } from '@sesame/i18n';
import { defineErrors, DomainException } from '../common/domain.exception';

const DOCUMENT_ERRORS = defineErrors({
  'document.missing_file': 400,
  /** The same, for purposes that accept PDFs too (the message says so). */
  'document.missing_file_pdf': 400,
  'document.too_many_files': 400,
  /** All files together have more pages than the purpose allows (a PDF counts its pages). */
  'document.too_many_pages': 400,
  'document.unsupported_type': 415,
  'document.unsupported_type_pdf': 415,
  'document.unreadable_image': 422,
  'document.image_too_large': 422,
  'document.pdf_unreadable': 422,
  'document.pdf_encrypted': 422,
  'document.pdf_page_size': 422,
  'document.pdf_too_complex': 422,
  'document.not_found': 404,
});

export type DocumentErrorCode = keyof typeof DOCUMENT_ERRORS;

export class DocumentException extends DomainException {
  constructor(code: DocumentErrorCode, params: Record<string, string | number> = {}) {
    super(code as MessageKey, DOCUMENT_ERRORS[code], params);
  }
}
