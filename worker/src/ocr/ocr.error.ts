/** Machine-readable reasons the OCR library refused an image or could not run. */
export type OcrErrorCode =
  /** The bytes are not an image sharp can decode (or the image is truncated or corrupt). */
  | 'ocr.image.unreadable'
  /** The image declares more pixels than allowed: a decompression-bomb guard. */
  | 'ocr.image.too_large'
  /** The offline language data is missing or unusable (see `prepareTessdata`). */
  | 'ocr.tessdata.missing'
  /** A tesseract worker could not start (bad language data, wasm failure, init timeout). */
  | 'ocr.engine.init_failed'
  /** A tesseract worker failed or died during a job; it has been replaced. */
  | 'ocr.engine.worker_failed'
  /** A job ran longer than `jobTimeoutMs`; its worker was killed and replaced. */
  | 'ocr.engine.timeout'
  /** The engine was closed before or during the job. */
  | 'ocr.engine.closed';

const PERMANENT: ReadonlySet<OcrErrorCode> = new Set(['ocr.image.unreadable', 'ocr.image.too_large']);

/**
 * Thrown by the OCR library. `code` is stable and meant for programs; `retryable` tells a job
 * handler whether another attempt can succeed (a bad image never will: fail the job for good).
 */
export class OcrError extends Error {
  override readonly name = 'OcrError';

  constructor(
    readonly code: OcrErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  /** False for refusals of the image itself; true for engine trouble that a new attempt may avoid. */
  get retryable(): boolean {
    return !PERMANENT.has(this.code);
  }
}
