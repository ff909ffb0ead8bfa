export { brusselsDate } from './calendar';
