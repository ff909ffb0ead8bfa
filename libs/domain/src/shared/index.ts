export { brusselsDate } from './calendar';
export { NATIONAL_NUMBER_IN_TEXT, redactPersonalData } from './personal-data';
