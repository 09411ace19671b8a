import { AccessTokenView, LoginBody, NoQuery } from '../../api/schemas';
import { login } from '../../usecases/authentication';
import { NoParams, publicRoute, type Route } from '../route';

/** `POST /auth/token` */
export const authRoutes: readonly Route[] = [
  publicRoute(
    {
      method: 'post',
      path: '/auth/token',
      summary: 'Log in with a user name and password; returns a bearer token',
      tag: 'auth',
      params: NoParams,
      query: NoQuery,
      body: LoginBody,
      response: { status: 200, description: 'an access token', schema: AccessTokenView },
    },
    ({ body }, request, deps) => login(deps.auth, { ...body, clientAddress: request.clientAddress }),
  ),
];
