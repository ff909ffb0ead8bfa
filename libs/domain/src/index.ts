/**
 * Sésame pure domain library: BEID card files and verification, national/BIS numbers, MRZ, and
 * secret codes. No NestJS, no I/O.
 */
export * from './beid';
export * from './niss';
export * from './names';
export * from './mrz';
export * from './codes';
export * from './shared';
export * from './states';
export * from './organisations';
