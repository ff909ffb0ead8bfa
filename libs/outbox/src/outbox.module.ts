import { Global, Module } from '@nestjs/common';
import { OutboxWriter } from './outbox.writer';

/** The outbox writer, available to every feature that changes state. The relay runs in the worker. */
@Global()
@Module({ providers: [OutboxWriter], exports: [OutboxWriter] })
export class OutboxModule {}
