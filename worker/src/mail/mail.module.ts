import { Module } from '@nestjs/common';
import { MailHandlers } from './mail.handlers';
import { MailTransport } from './mail.transport';

@Module({ providers: [MailHandlers, MailTransport] })
export class MailModule {}
