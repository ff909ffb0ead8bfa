import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { JOB_NAMES, JobName, JobPayloads } from '@sesame/jobs';
import type { Job } from 'bullmq';
import { JOB_HANDLER_KEY } from './job-handler.decorator';

export type Handler<N extends JobName = JobName> = (payload: JobPayloads[N], job: Job) => Promise<void>;

/** The job names this worker must handle: the whole contract, unless a test narrows or widens it. */
export const HANDLED_JOB_NAMES = Symbol('HANDLED_JOB_NAMES');

export class HandlerRegistryError extends Error {
  constructor(problems: string[]) {
    super(`The worker cannot start:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'HandlerRegistryError';
  }
}

/**
 * Finds every @JobHandler method and checks the contract: each declared job name has exactly one
 * handler and no handler serves an undeclared name. Otherwise the worker refuses to start.
 */
@Injectable()
export class HandlerRegistry implements OnModuleInit {
  private readonly handlers = new Map<JobName, Handler>();

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
    @Inject(HANDLED_JOB_NAMES) private readonly expected: readonly string[],
  ) {}

  onModuleInit(): void {
    const found = new Map<string, string[]>();
    const bound = new Map<string, Handler>();
    for (const wrapper of this.discovery.getProviders()) {
      const instance = wrapper.instance as Record<string, unknown> | undefined;
      if (!instance || typeof instance !== 'object') continue;
      const prototype = Object.getPrototypeOf(instance) as object;
      for (const method of this.scanner.getAllMethodNames(prototype)) {
        const fn = instance[method];
        if (typeof fn !== 'function') continue;
        const name = this.reflector.get<string | undefined>(JOB_HANDLER_KEY, fn as (...args: unknown[]) => unknown);
        if (!name) continue;
        found.set(name, [...(found.get(name) ?? []), `${prototype.constructor.name}.${method}`]);
        bound.set(name, (fn as Handler).bind(instance));
      }
    }
    const problems: string[] = [];
    for (const name of this.expected) {
      const where = found.get(name) ?? [];
      if (where.length === 0) problems.push(`job "${name}" has no handler`);
      if (where.length > 1) problems.push(`job "${name}" has ${where.length} handlers: ${where.join(', ')}`);
    }
    for (const [name, where] of found) {
      if (!this.expected.includes(name)) problems.push(`${where.join(', ')} handles "${name}", which no contract declares`);
    }
    if (problems.length) throw new HandlerRegistryError(problems);
    for (const [name, handler] of bound) this.handlers.set(name as JobName, handler);
  }

  names(): JobName[] {
    return [...this.handlers.keys()];
  }

  async dispatch(job: Job): Promise<void> {
    const handler = this.handlers.get(job.name as JobName);
    if (!handler) throw new Error(`No handler for job "${job.name}"`);
    await handler(job.data as never, job);
  }
}

export const handledJobNamesProvider = { provide: HANDLED_JOB_NAMES, useValue: JOB_NAMES };
