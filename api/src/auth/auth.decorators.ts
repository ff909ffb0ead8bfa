import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Role } from '@sesame/database';
import type { SesameRequest } from '../common/request-context';
import type { Principal } from './principal';

export const PUBLIC_KEY = 'sesame:public';
export const PARTIAL_SESSION_KEY = 'sesame:partial-session';
export const ROLES_KEY = 'sesame:roles';
export const MUNICIPALITY_PARAM_KEY = 'sesame:municipality-param';

/** No session needed (sign-in, health). */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(PUBLIC_KEY, true);

/** Reachable with a half-authenticated session (password verified, second factor pending). */
export const PartialSession = (): MethodDecorator => SetMetadata(PARTIAL_SESSION_KEY, true);

/**
 * The roles allowed on a route. Every non-public route must carry one (or 'any-staff');
 * the guard refuses routes that declare nothing.
 */
export const Roles = (...roles: [Role | 'any-staff', ...(Role | 'any-staff')[]]): MethodDecorator & ClassDecorator =>
  SetMetadata(ROLES_KEY, roles);

/**
 * The route parameter naming the municipality whose data the route touches: staff bound to a
 * municipality (clerks) may only reach their own.
 */
export const MunicipalityScoped = (param: string): MethodDecorator => SetMetadata(MUNICIPALITY_PARAM_KEY, param);

export const CurrentPrincipal = createParamDecorator((_data: unknown, context: ExecutionContext): Principal => {
  const principal = context.switchToHttp().getRequest<SesameRequest>().principal;
  if (!principal) throw new Error('CurrentPrincipal used on a route without a principal');
  return principal;
});
