/** Image checks shared by the api (upload intake) and the worker (OCR): header first, no decoding. */
export * from './image-header';
