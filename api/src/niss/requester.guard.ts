import { CanActivate, createParamDecorator, ExecutionContext, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DigitalKey, OrganisationMember } from '@sesame/database';
import { DataSource } from 'typeorm';
import { ActivationException } from '../activation/activation.exception';
import type { CitizenRequest } from '../activation/citizen.decorators';
import { NissException } from './niss.exception';

/** A requester as the requester routes see them: the live membership of the signed-in digital key. */
export interface RequesterRequest extends CitizenRequest {
  member?: OrganisationMember & { organisation: { id: string; name: string; enterpriseNumber: string } };
}

/**
 * Runs after the CitizenGuard (which resolved the citizen session and checked CSRF): the route is
 * open only to an authenticated digital key whose e-mail holds a live organisation membership
 * (ADR 0005). Checked on every request, so a revoked membership ends access at once.
 */
@Injectable()
export class RequesterGuard implements CanActivate {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<RequesterRequest>();
    const session = request.citizenSession;
    if (!session || session.stage !== 'authenticated') throw new ActivationException('citizen.session_required');
    const key = await this.dataSource.getRepository(DigitalKey).findOne({ where: { id: session.digitalKeyId, status: 'active' }, select: { id: true, email: true } });
    if (!key) throw new ActivationException('citizen.session_required');
    const member = await this.dataSource
      .getRepository(OrganisationMember)
      .createQueryBuilder('member')
      .innerJoinAndSelect('member.organisation', 'organisation')
      .where('member.email = :email AND member.revokedAt IS NULL', { email: key.email })
      .getOne();
    if (!member) throw new NissException('niss.membership_required');
    request.member = member as RequesterRequest['member'];
    return true;
  }
}

export const CurrentMember = createParamDecorator((_data: unknown, context: ExecutionContext): NonNullable<RequesterRequest['member']> => {
  const member = context.switchToHttp().getRequest<RequesterRequest>().member;
  if (!member) throw new NissException('niss.membership_required');
  return member;
});
