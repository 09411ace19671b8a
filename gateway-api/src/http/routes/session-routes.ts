import { z } from 'zod';
import { NoQuery, UserView } from '../../api/schemas';
import { currentUser } from '../../usecases/session';
import { NoBody, NoParams, authenticatedRoute, type Route } from '../route';

/** The logged-in user; an org administrator acts for no participant. */
const MeView = UserView.extend({ participantId: z.string().nullable() }).openapi('Me');

/** `GET /me` */
export const sessionRoutes: readonly Route[] = [
  authenticatedRoute(
    {
      method: 'get',
      path: '/me',
      summary: 'The logged-in user: org, participant and role',
      tag: 'auth',
      params: NoParams,
      query: NoQuery,
      body: NoBody,
      response: { status: 200, description: 'the user', schema: MeView },
    },
    (_input, context) => Promise.resolve(currentUser(context)),
  ),
];
