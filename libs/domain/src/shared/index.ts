export { brusselsDate } from './calendar';
export { redactPersonalData } from './personal-data';
