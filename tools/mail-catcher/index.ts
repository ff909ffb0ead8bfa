export { MAX_MESSAGE_BYTES, startMailCatcher, type MailCatcher, type MailCatcherOptions } from './mail-catcher';
export type { CaughtMail, MailPredicate } from './mail-store';
